"""The leader's pages: the overview of today's counts, and the figures over time with charts and exports.
Aggregated figures for the leader's own municipality only, never names."""

import functools

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from los.core.errors import DomainError

from . import annual, charts, exports, figures, policy
from .history import Comparison
from .statistics import month_key


def _leader(request):
    if not policy.may_see_figures(request.user):
        raise Http404
    return request.user.municipality


@login_required
def dashboard(request):
    municipality = _leader(request)
    shown, counted_at = figures.municipality_figures(municipality.pk)
    return render(
        request,
        "reports/dashboard.html",
        {"figures": shown, "counted_at": counted_at, "municipality": municipality},
    )


def _comparison(request, *, side_by_side: bool = True) -> Comparison:
    """The figures the leader asked for: the municipality (`kommune`: their own by default, or every
    municipality they may see side by side), the period and the view. DomainError when refused."""
    municipalities = policy.chosen_municipalities(
        request.user, request.GET.get("kommune"), side_by_side=side_by_side
    )
    return Comparison(
        municipalities,
        request.GET.get("fra") or None,
        request.GET.get("til") or None,
        request.GET.get("visning"),
    )


class _Groups:
    """The charts and tables by area, made only when the page's cached fragment has to be drawn again."""

    def __init__(self, comparison: Comparison):
        self.comparison = comparison

    def items(self):
        return self._items

    @functools.cached_property
    def _items(self):
        comparison = self.comparison
        labels = comparison.column_labels()
        svgs = charts.for_report(comparison)
        groups: dict[str, list] = {}
        for series, columns in comparison.rows():
            groups.setdefault(series.group_label, []).append(
                {
                    "series": series,
                    "rows": list(zip(labels, columns, strict=True)),
                    "svg": svgs[series.key],
                    "id": f"chart-{series.key}",
                    "unit": charts.unit_label(series.unit),
                }
            )
        return list(groups.items())


@login_required
def statistics(request):
    """The figures over time: a chart and a table per figure, month by month or per year, for the
    leader's municipality or, for the leader of an inter-municipal cooperation, its members side by
    side."""
    municipality = _leader(request)
    allowed = policy.municipalities_for(request.user)
    form = {key: request.GET.get(key, "") for key in ("fra", "til", "visning", "kommune")}
    context = {"municipality": municipality, "allowed": allowed, "side_by_side_value": policy.SIDE_BY_SIDE}
    try:
        comparison = _comparison(request)
    except DomainError as refused:
        return render(
            request,
            "reports/statistics.html",
            {**context, "error": refused.message, "form": form},
            status=400,
        )
    return render(
        request,
        "reports/statistics.html",
        {
            **context,
            "report": comparison,
            "groups": _Groups(comparison),
            "form": {
                "fra": form["fra"] or month_key(comparison.period.first),
                "til": form["til"] or month_key(comparison.period.last),
                "visning": comparison.view,
                "kommune": form["kommune"] or municipality.number,
            },
            "query": request.GET.urlencode(),
            "cache_seconds": settings.LOS_FIGURES_CACHE_SECONDS,
        },
    )


@login_required
def statistics_export(request, fmt: str):
    """The same figures as a CSV or XLSX file."""
    _leader(request)
    try:
        comparison = _comparison(request)
    except DomainError as refused:
        return HttpResponse(str(refused.message), status=400, content_type="text/plain; charset=utf-8")
    numbers = "-".join(m.number for m in comparison.municipalities)
    name = f"los-statistikk-{numbers}-{comparison.columns[0]}-{comparison.columns[-1]}"
    if fmt == "xlsx":
        body = exports.as_xlsx(comparison)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = exports.as_csv(comparison)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def annual_report(request, year: int):
    """The year's report for the municipal council, as a PDF in bokmål (one municipality: the leader's
    own, or `kommune` of a cooperation they lead)."""
    _leader(request)
    try:
        (municipality,) = policy.chosen_municipalities(
            request.user, request.GET.get("kommune"), side_by_side=False
        )
        body = annual.annual_report_pdf(municipality, year)
    except DomainError as refused:
        return HttpResponse(str(refused.message), status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="los-arsrapport-{municipality.number}-{year}.pdf"'
    )
    return response
