"""The leader's figures over time as files: CSV and XLSX, each a table with one row per figure (and per
municipality, side by side) and one column per month (or year), hidden values written as «skjult». The
same `Comparison` as the page shows."""

from __future__ import annotations

import csv
import io

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from .charts import unit_label
from .history import Comparison


def _table(comparison: Comparison) -> list[list[object]]:
    several = comparison.side_by_side
    header = [_("Område"), _("Tall"), *([_("Kommune")] if several else []), _("Enhet")]
    rows = [[*header, *comparison.column_labels()]]
    for i, series in enumerate(comparison.reports[0].series):
        series = comparison.shared(series, i)
        for municipality, one in comparison.series_by_municipality(i):
            cells = one.cells(comparison.view).values()
            values = [_("skjult") if c.suppressed else ("" if c.value is None else c.value) for c in cells]
            named = [municipality.name] if several else []
            rows.append([series.group_label, series.label, *named, unit_label(series.unit), *values])
    return rows


def _note(comparison: Comparison) -> str:
    return _(
        "%(municipality)s, %(period)s. Tall fra 1 til 4, og tall de kan regnes ut fra, er skjult slik at "
        "ingen familie kan kjennes igjen. Telt %(counted)s."
    ) % {
        "municipality": comparison.names,
        "period": str(comparison.period),
        "counted": timezone.localtime(comparison.counted_at).strftime("%d.%m.%Y %H:%M"),
    }


def as_csv(report: Comparison) -> bytes:
    """Semicolon-separated, UTF-8 with a byte order mark, as Norwegian spreadsheets open it."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerows(_table(report))
    writer.writerow([])
    writer.writerow([_note(report)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(report: Comparison) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(_("Tall")[:31])
    bold = book.add_format({"bold": True})
    hidden = book.add_format({"italic": True, "font_color": "#555555"})
    table = _table(report)
    for r, row in enumerate(table):
        for c, value in enumerate(row):
            if r == 0:
                sheet.write(r, c, value, bold)
            elif value == _("skjult"):
                sheet.write_string(r, c, value, hidden)
            else:
                sheet.write(r, c, value)
    sheet.write(len(table) + 1, 0, _note(report))
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 60)
    fixed = 4 if report.side_by_side else 3
    if report.side_by_side:
        sheet.set_column(2, 2, 18)
    sheet.set_column(fixed - 1, len(table[0]), 11)
    sheet.freeze_panes(1, fixed)
    book.close()
    return out.getvalue()
