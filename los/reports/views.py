"""The leader's pages: the overview of today's counts, and the figures over time with charts and exports.
Aggregated figures for the leader's own municipality only, never names."""

import functools

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from los.core.errors import DomainError

from . import annual, charts, exports, figures, policy
from .history import Report
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


def _report(request, municipality) -> Report:
    return Report(
        municipality,
        request.GET.get("fra") or None,
        request.GET.get("til") or None,
        request.GET.get("visning"),
    )


class _Groups:
    """The charts and tables by area, made only when the page's cached fragment has to be drawn again."""

    def __init__(self, report: Report):
        self.report = report

    def items(self):
        return self._items

    @functools.cached_property
    def _items(self):
        report = self.report
        labels = report.column_labels()
        svgs = charts.for_report(report)
        groups: dict[str, list] = {}
        for series, cells in report.rows():
            groups.setdefault(series.group_label, []).append(
                {
                    "series": series,
                    "cells": list(zip(labels, cells, strict=True)),
                    "svg": svgs[series.key],
                    "id": f"chart-{series.key}",
                    "unit": charts.unit_label(series.unit),
                }
            )
        return list(groups.items())


@login_required
def statistics(request):
    """The figures over time: a chart and a table per figure, month by month or per year."""
    municipality = _leader(request)
    form = {key: request.GET.get(key, "") for key in ("fra", "til", "visning")}
    try:
        report = _report(request, municipality)
    except DomainError as refused:
        return render(
            request,
            "reports/statistics.html",
            {"municipality": municipality, "error": refused.message, "form": form},
            status=400,
        )
    query = request.GET.urlencode()
    return render(
        request,
        "reports/statistics.html",
        {
            "municipality": municipality,
            "report": report,
            "groups": _Groups(report),
            "form": {
                "fra": form["fra"] or month_key(report.period.first),
                "til": form["til"] or month_key(report.period.last),
                "visning": report.view,
            },
            "query": query,
            "cache_seconds": settings.LOS_FIGURES_CACHE_SECONDS,
        },
    )


@login_required
def statistics_export(request, fmt: str):
    """The same figures as a CSV or XLSX file."""
    municipality = _leader(request)
    try:
        report = _report(request, municipality)
    except DomainError as refused:
        return HttpResponse(str(refused.message), status=400, content_type="text/plain; charset=utf-8")
    name = f"los-statistikk-{municipality.number}-{report.columns[0]}-{report.columns[-1]}"
    if fmt == "xlsx":
        body = exports.as_xlsx(report)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = exports.as_csv(report)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def annual_report(request, year: int):
    """The year's report for the municipal council, as a PDF in bokmål."""
    municipality = _leader(request)
    try:
        body = annual.annual_report_pdf(municipality, year)
    except DomainError as refused:
        return HttpResponse(str(refused.message), status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="los-arsrapport-{municipality.number}-{year}.pdf"'
    )
    return response
