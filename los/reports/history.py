"""Reads what a municipality's figures over time are computed from (`statistics.Facts`): dates, durations
and flags, no names. A fixed number of queries however many families the municipality has."""

from __future__ import annotations

import dataclasses
import datetime
import functools

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    BooleanField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import TruncDate
from django.utils.translation import gettext

from los.calendar.models import BundlingProposal
from los.casework.models import (
    Application,
    ApplicationStatus,
    Complaint,
    ComplaintState,
    Decision,
    DecisionRight,
    Outcome,
    Right,
)
from los.coordinators.models import CoordinatorAssignment, CoordinatorProfile, TrainingCompletion
from los.core import dates
from los.core.models import Municipality
from los.notifications.models import Kind, Notification
from los.plans.models import Evaluation, IndividualPlan, Measure, PlanVersion
from los.surveys.models import SurveyAnswer
from los.surveys.questions import KEYS
from los.team.models import ActionItem, Meeting, MeetingStatus

from . import published, statistics
from .statistics import (
    ActionItemRow,
    ApplicationRow,
    AppointmentRow,
    ComplaintRow,
    CoordinatorRow,
    EvaluationRow,
    Facts,
    MeetingRow,
    Period,
    PlanRow,
    ProposalRow,
    RightRow,
    SurveyAnswerRow,
)

# Rows older than this before the period cannot change its figures (an application answered within
# the period was received at most this long before it; older ones are read only for the waiting list).
LOOKBACK = datetime.timedelta(days=3 * 366)
COORDINATOR_RIGHTS = (Right.COORDINATOR, Right.CHILD_COORDINATOR)
GRANTED = (Outcome.GRANTED, Outcome.PARTLY)


def _local_day(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(dates.OSLO).date()


def earliest_month(municipality_id: int) -> statistics.Month | None:
    """The first month the municipality has figures for (its first application), or None. Kept as long
    as the figures are (LOS_FIGURES_CACHE_SECONDS)."""
    seconds = settings.LOS_FIGURES_CACHE_SECONDS
    key = f"los:statistics:{municipality_id}:earliest:{dates.today().isoformat()}"
    found = cache.get(key) if seconds else None
    if found is None:
        first = Application.objects.filter(family__municipality_id=municipality_id).aggregate(
            first=Min("received_on")
        )["first"]
        found = (statistics.month_of(first) if first else None,)
        if seconds:
            cache.set(key, found, seconds)
    return found[0]


def facts(municipality: Municipality, period: Period, today: datetime.date) -> Facts:
    """The rows for `municipality`'s figures in `period`."""
    m = municipality.pk
    since = period.start - LOOKBACK
    until = period.end
    result = Facts(today=today, decision_target_days=municipality.decision_target_days)

    applications = (
        Application.objects.filter(family__municipality_id=m, received_on__gte=since, received_on__lte=until)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .annotate(interim=Min("interim_replies__sent_on"), decided=Min("decisions__decided_on"))
        .order_by()
        .values_list("received_on", "interim", "decided")
    )
    result.applications = [ApplicationRow(*row) for row in applications]

    grants_coordinator = DecisionRight.objects.filter(
        decision=OuterRef("pk"), right__in=COORDINATOR_RIGHTS, outcome__in=GRANTED
    )
    first_assignment = CoordinatorAssignment.objects.filter(
        family=OuterRef("application__family"), starts_on__gte=OuterRef("decided_on")
    ).order_by("starts_on")
    granted = (
        Decision.objects.filter(
            application__family__municipality_id=m,
            replaces__isnull=True,
            decided_on__gte=since,
            decided_on__lte=until,
        )
        .filter(Exists(grants_coordinator))
        .annotate(appointed=Subquery(first_assignment.values("starts_on")[:1]))
        .order_by()
        .values_list("decided_on", "appointed")
    )
    result.appointments = [AppointmentRow(*row) for row in granted]

    # Every family of the municipality with a coordinator right granted, and when it had a coordinator.
    right_from = _granted_from(m, until, COORDINATOR_RIGHTS)
    spells: dict[int, list] = {family_id: [] for family_id in right_from}
    for family_id, starts, ends in (
        CoordinatorAssignment.objects.filter(family__municipality_id=m, starts_on__lte=until)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=since))
        .order_by("starts_on")
        .values_list("family_id", "starts_on", "ends_on")
    ):
        if family_id in spells:
            spells[family_id].append((starts, ends))
    result.rights = [RightRow(right_from[f], tuple(spells[f])) for f in right_from]

    complaints = (
        Complaint.objects.filter(decision__application__family__municipality_id=m)
        .filter(
            Q(received_on__gte=period.start)
            | Q(reconsideration_started_on__gte=period.start)
            | Q(resolved_on__gte=period.start)
            | Q(forwarded_on__gte=period.start)
        )
        .order_by()
        .values_list("received_on", "reconsideration_started_on", "resolved_on", "state", "forwarded_on")
    )
    result.complaints = [
        ComplaintRow(received, reconsidered, resolved if state == ComplaintState.UPHELD else None, forwarded)
        for received, reconsidered, resolved, state, forwarded in complaints
    ]

    start_at = dates.at(period.start, datetime.time.min)
    end_at = dates.at(until + datetime.timedelta(days=1), datetime.time.min)

    def per_day(queryset, moment: str, *more: str):
        """(local day, *more, how many) for the rows of `queryset` in the period, counted in the database."""
        return (
            queryset.filter(**{f"{moment}__gte": start_at, f"{moment}__lt": end_at})
            .annotate(day=TruncDate(moment, tzinfo=dates.OSLO))
            .order_by()
            .values_list("day", *more)
            .annotate(n=Count("pk"))
        )

    meetings = Meeting.objects.filter(family__municipality_id=m, status=MeetingStatus.HELD)
    interpreted = ExpressionWrapper(~Q(interpreter_language=""), output_field=BooleanField())
    result.meetings = [
        row
        for day, interpreter, n in per_day(
            meetings.annotate(interpreted=interpreted), "starts_at", "interpreted"
        )
        for row in [MeetingRow(day, interpreter)] * n
    ]
    items = ActionItem.objects.filter(family__municipality_id=m, completed_at__isnull=False)
    result.action_items = [
        row
        for day, due, n in per_day(items, "completed_at", "due_on")
        for row in [ActionItemRow(day, due)] * n
    ]
    chases = Notification.objects.filter(family__municipality_id=m, kind=Kind.CHASE)
    result.chases = [day for day, n in per_day(chases, "created_at") for day in [day] * n]
    revisions = PlanVersion.objects.filter(plan__family__municipality_id=m, number__gt=1)
    result.plan_revisions = [day for day, n in per_day(revisions, "created_at") for day in [day] * n]
    proposals = (
        BundlingProposal.objects.filter(
            family__municipality_id=m,
            sent_at__gte=start_at,
            sent_at__lt=end_at,
            baseline_days__isnull=False,
            attendance_days__isnull=False,
        )
        .order_by()
        .values_list("sent_at", "baseline_days", "attendance_days")
    )
    result.proposals = [ProposalRow(_local_day(at), max(0, base - days)) for at, base, days in proposals]
    result.coordinators = _coordinators(m, since, until)
    right_from = _granted_from(m, until)
    planned = {
        family_id: _local_day(at)
        for family_id, at in IndividualPlan.objects.filter(family_id__in=list(right_from)).values_list(
            "family_id", "created_at"
        )
    }
    result.plans = [PlanRow(first, planned.get(family_id)) for family_id, first in right_from.items()]
    # Evaluations done in the period (late or not), and measures of the plans in force whose evaluation
    # date has passed without one: each overdue from its date until it was done.
    done = Evaluation.objects.filter(
        Q(due_on__lte=until) | Q(evaluated_on__lte=until),
        measure__goal__version__plan__family__municipality_id=m,
        due_on__isnull=False,
        evaluated_on__gte=period.start,
    )
    waiting = Measure.objects.filter(
        goal__version__plan__family__municipality_id=m,
        goal__version__frozen_at__isnull=True,
        evaluate_on__lt=min(today, until + datetime.timedelta(days=1)),
    )
    not_yet = Value(None, output_field=DateField())
    result.evaluations = [
        EvaluationRow(*row)
        for row in done.order_by()
        .values_list("due_on", "evaluated_on")
        .union(waiting.order_by().values_list("evaluate_on", not_yet), all=True)
    ]
    result.survey_answers = [
        SurveyAnswerRow(row[0], tuple(row[1:]))
        for row in SurveyAnswer.objects.filter(municipality_id=m, month__gte=period.start, month__lte=until)
        .order_by()
        .values_list("month", *KEYS)
    ]
    return result


def _granted_from(municipality_id: int, until: datetime.date, rights=None) -> dict[int, datetime.date]:
    """Family id -> the first day a granted right (of `rights`, default any) applied, up to `until`."""
    granted = DecisionRight.objects.filter(
        decision__application__family__municipality_id=municipality_id,
        outcome__in=GRANTED,
        decision__valid_from__lte=until,
    )
    if rights is not None:
        granted = granted.filter(right__in=rights)
    return dict(
        granted.values("decision__application__family_id")
        .annotate(first=Min("decision__valid_from"))
        .order_by()
        .values_list("decision__application__family_id", "first")
    )


def _coordinators(municipality_id: int, since: datetime.date, until: datetime.date) -> list:
    """The municipality's coordinators with families in the period: capacity, training and cases."""
    cases: dict[int, list] = {}
    for coordinator_id, starts, ends, need in (
        CoordinatorAssignment.objects.filter(family__municipality_id=municipality_id, starts_on__lte=until)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=since))
        .order_by()
        .values_list("coordinator_id", "starts_on", "ends_on", "need_level")
    ):
        cases.setdefault(coordinator_id, []).append((starts, ends, need))
    capacity = {
        p.user_id: p.capacity_points for p in CoordinatorProfile.objects.filter(user_id__in=list(cases))
    }
    trained = dict(
        TrainingCompletion.objects.filter(
            coordinator_id__in=list(cases), course__counts_as_coordinator_training=True
        )
        .values("coordinator_id")
        .annotate(first=Min("completed_on"))
        .order_by()
        .values_list("coordinator_id", "first")
    )
    return [CoordinatorRow(capacity.get(c, 0), trained.get(c), tuple(rows)) for c, rows in cases.items()]


def cache_key(municipality: Municipality, period: Period, today: datetime.date) -> str:
    months = f"{statistics.month_key(period.first)}:{statistics.month_key(period.last)}"
    return (
        f"los:statistics:{municipality.pk}:{months}:{today.isoformat()}:{municipality.decision_target_days}"
    )


def published_series(
    municipality: Municipality, period: Period, today: datetime.date | None = None
) -> tuple[list[published.PublishedSeries], datetime.datetime]:
    """The municipality's figures for `period` as a leader may see them, and when they were counted:
    counted again when older than LOS_FIGURES_CACHE_SECONDS (figures only, never names)."""
    from django.utils import timezone

    today = today or dates.today()
    seconds = settings.LOS_FIGURES_CACHE_SECONDS
    key = cache_key(municipality, period, today)
    found = cache.get(key) if seconds else None
    if found is None:
        series = statistics.compute(facts(municipality, period, today), period)
        found = (published.publish(series), timezone.now())
        if seconds:
            cache.set(key, found, seconds)
    return found


class Report:
    """The figures over time one leader asked for: the period, the view (months or years), the series as
    they may be shown, and when they were counted. The page, the charts, the exports and the API all
    show a Report, so they show the same figures with the same cells hidden."""

    MONTHS, YEARS = "month", "year"

    def __init__(
        self,
        municipality: Municipality,
        first: str | None,
        last: str | None,
        view: str | None = None,
        *,
        earliest: statistics.Month | None | str = "own",
    ):
        from los.core.errors import DomainError

        today = dates.today()
        self.municipality = municipality
        self.view = self.YEARS if view == self.YEARS else self.MONTHS
        if earliest == "own":
            earliest = earliest_month(municipality.pk)
        try:
            self.period = statistics.period(first, last, today=today, earliest=earliest)
        except statistics.PeriodError as refused:
            raise DomainError(str(refused), field="period") from refused
        self.today = today
        self.cache_key = cache_key(municipality, self.period, today)

    @functools.cached_property
    def _published(self):
        # Read only when used: a page whose drawn charts are cached needs the key, not the figures.
        return published_series(self.municipality, self.period, self.today)

    @property
    def series(self) -> list[published.PublishedSeries]:
        return self._published[0]

    @property
    def counted_at(self) -> datetime.datetime:
        return self._published[1]

    @property
    def columns(self) -> list[str]:
        """The keys of the cells shown: 'YYYY-MM' per month, or 'YYYY' per year."""
        if self.view == self.YEARS:
            return [str(y) for y in self.period.years]
        return [statistics.month_key(m) for m in self.period.months]

    def column_labels(self) -> list[str]:
        """The columns as a reader sees them: "jan. 2025", or "2025" (and "2025 (jan.–mai)" for a year only
        partly in the period)."""
        from django.utils.dateformat import format as date_format

        if self.view == self.YEARS:
            labels = []
            for year in self.period.years:
                months = self.period.months_of(year)
                if len(months) == 12:
                    labels.append(str(year))
                else:
                    first, last = (date_format(statistics.first_day(m), "b") for m in (months[0], months[-1]))
                    labels.append(f"{year} ({first}–{last})" if first != last else f"{year} ({first})")
            return labels
        return [date_format(statistics.first_day(m), "b Y") for m in self.period.months]

    def rows(self):
        """(series, [Shown per column]) in the order of the figures."""
        return [(s, list(s.cells(self.view).values())) for s in self.series]


class Comparison:
    """The same figures for one or more municipalities, side by side over one period (the leader of an
    inter-municipal cooperation compares its members). One `Report` per municipality, each with the
    cells its own leader sees hidden: nothing is added up across municipalities, so no total ties one
    municipality's hidden cells to another's shown ones."""

    def __init__(self, municipalities, first: str | None, last: str | None, view: str | None = None):
        if len(municipalities) == 1:
            self.reports = [Report(municipalities[0], first, last, view)]
        else:
            # The period may reach back to the first month any of them has figures for.
            starts = [e for m in municipalities if (e := earliest_month(m.pk)) is not None]
            shared = min(starts, default=None)
            self.reports = [Report(m, first, last, view, earliest=shared) for m in municipalities]
        first_report = self.reports[0]
        self.municipalities = list(municipalities)
        self.period = first_report.period
        self.view = first_report.view
        self.columns = first_report.columns
        self.cache_key = "|".join(r.cache_key for r in self.reports)

    @property
    def counted_at(self) -> datetime.datetime:
        return min(r.counted_at for r in self.reports)

    @property
    def side_by_side(self) -> bool:
        return len(self.reports) > 1

    @property
    def names(self) -> str:
        """The municipalities' names, for a heading or a note."""
        return ", ".join(m.name for m in self.municipalities)

    def column_labels(self) -> list[str]:
        return self.reports[0].column_labels()

    def rows(self):
        """(series, [[Shown per municipality] per column]) in the order of the figures."""
        per_report = [r.rows() for r in self.reports]
        result = []
        for i, (series, _cells) in enumerate(per_report[0]):
            columns = zip(*(rows[i][1] for rows in per_report), strict=True)
            result.append((self.shared(series, i), [list(cells) for cells in columns]))
        return result

    def shared(self, series, index: int):
        """`series` labelled for every municipality: a label that names one municipality's own target for
        days to a decision says "its own target" when the targets differ."""
        if any(r.series[index].label != series.label for r in self.reports):
            return dataclasses.replace(series, label=gettext("Vedtak innen kommunens eget mål"))
        return series

    def series_by_municipality(self, index: int):
        """[(municipality, PublishedSeries)] for the figure at `index`."""
        return [(r.municipality, r.series[index]) for r in self.reports]
