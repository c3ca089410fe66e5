"""The leader's figures over time as JSON: the same figures as the page, with the same cells hidden."""

import datetime

from django.http import Http404
from ninja import Field, Query, Router, Schema

from los.api.types import answers
from los.core.errors import DomainError

from . import policy
from .history import Report
from .statistics import month_key

router = Router(tags=["statistics"])


class CellOut(Schema):
    period: str = Field(
        description="'YYYY-MM' for a month, 'YYYY' for a year (the months of it in the period)."
    )
    value: float | None = Field(description="The figure; null when hidden or when there is nothing to count.")
    suppressed: bool = Field(description="True when hidden because it could point at a family.")


class SeriesOut(Schema):
    key: str
    label: str
    group: str
    unit: str = Field(description="count, sum (days), days (a mean) or percent.")
    months: list[CellOut]
    years: list[CellOut]


class StatisticsOut(Schema):
    municipality: str = Field(description="The municipality number.")
    municipality_name: str
    from_month: str = Field(alias="from")
    to_month: str = Field(alias="to")
    counted_at: datetime.datetime
    series: list[SeriesOut]


class StatisticsFilter(Schema):
    municipality: str | None = Field(
        default=None,
        max_length=4,
        description="The municipality number: the leader's own by default, or a member of a cooperation "
        "the leader leads.",
    )
    from_month: str | None = Field(default=None, alias="from", max_length=7, description="YYYY-MM")
    to_month: str | None = Field(default=None, alias="to", max_length=7, description="YYYY-MM")


def _cells(cells: dict) -> list[CellOut]:
    return [CellOut(period=k, value=c.value, suppressed=c.suppressed) for k, c in cells.items()]


@router.get("/statistics", response=answers({200: StatisticsOut}, 401, 404, 422), by_alias=True)
def statistics(request, filters: Query[StatisticsFilter]):
    """The figures over time for the leader's municipality (or, for the leader of an inter-municipal
    cooperation, any member municipality by its number), month by month and per year (by default the
    last 24 months). Counts from 1 to 4, and counts they could be worked out from, are null with
    `suppressed: true`; means and shares only where they rest on at least five cases. Leaders only;
    a municipality the leader does not lead answers 404."""
    user = request.user
    if not policy.may_see_figures(user):
        raise Http404
    try:
        (municipality,) = policy.chosen_municipalities(user, filters.municipality, side_by_side=False)
    except DomainError:
        raise Http404 from None
    report = Report(municipality, filters.from_month, filters.to_month)
    return {
        "municipality": municipality.number,
        "municipality_name": municipality.name,
        "from": month_key(report.period.first),
        "to": month_key(report.period.last),
        "counted_at": report.counted_at,
        "series": [
            SeriesOut(
                key=s.key,
                label=s.label,
                group=s.group,
                unit=s.unit,
                months=_cells(s.months),
                years=_cells(s.years),
            )
            for s in report.series
        ],
    }
