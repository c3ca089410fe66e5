"""The annual report for the municipal council (kommunestyret): the year's main figures, a chart per
figure month by month, and the families' experience, as a PDF in bokmål. The same `Report` as the page,
so the same cells are hidden."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from los.core import dates

from . import charts, history
from .history import Report
from .statistics import month_key


def annual_report_html(municipality, year: int) -> str:
    today = dates.today()
    last = f"{year}-12" if year < today.year else today.strftime("%Y-%m")
    # From the first month with figures, when that is later in the year.
    earliest = history.earliest_month(municipality.pk)
    first = f"{year:04d}-01"
    if earliest is not None and earliest[0] == year:
        first = month_key(earliest)
    with translation.override("nb"):
        months = Report(municipality, first, last, Report.MONTHS)
        years = Report(municipality, first, last, Report.YEARS)
        svgs = charts.for_report(months)
        groups: dict[str, list] = {}
        year_cells = {s.key: s.years[str(year)] for s in years.series}
        for series in months.series:
            groups.setdefault(series.group_label, []).append(
                {
                    "series": series,
                    "year": year_cells[series.key],
                    "svg": svgs[series.key],
                    "unit": charts.unit_label(series.unit),
                }
            )
        return render_to_string(
            "reports/annual_report.html",
            {
                "municipality": municipality,
                "year": year,
                "partial": year == today.year,
                "period": months.period,
                "labels": months.column_labels(),
                "groups": groups,
                "counted_at": months.counted_at,
            },
        )


def annual_report_pdf(municipality, year: int) -> bytes:
    import weasyprint  # heavy import: only when a report is made

    stylesheet = finders.find("los/charts.css")
    return weasyprint.HTML(string=annual_report_html(municipality, year)).write_pdf(
        stylesheets=[weasyprint.CSS(filename=stylesheet)] if stylesheet else None
    )
