"""The leader's figures over time as files: CSV and XLSX, each a table with one row per figure and one
column per month (or year), hidden values written as «skjult». The same `Report` as the page shows."""

from __future__ import annotations

import csv
import io

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from .charts import unit_label
from .history import Report


def _table(report: Report) -> list[list[object]]:
    header = [_("Område"), _("Tall"), _("Enhet"), *report.column_labels()]
    rows = [header]
    for series, cells in report.rows():
        values = [_("skjult") if c.suppressed else ("" if c.value is None else c.value) for c in cells]
        rows.append([series.group_label, series.label, unit_label(series.unit), *values])
    return rows


def _note(report: Report) -> str:
    return _(
        "%(municipality)s, %(period)s. Tall fra 1 til 4, og tall de kan regnes ut fra, er skjult slik at "
        "ingen familie kan kjennes igjen. Telt %(counted)s."
    ) % {
        "municipality": report.municipality.name,
        "period": str(report.period),
        "counted": timezone.localtime(report.counted_at).strftime("%d.%m.%Y %H:%M"),
    }


def as_csv(report: Report) -> bytes:
    """Semicolon-separated, UTF-8 with a byte order mark, as Norwegian spreadsheets open it."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerows(_table(report))
    writer.writerow([])
    writer.writerow([_note(report)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(report: Report) -> bytes:
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
    sheet.set_column(2, len(table[0]), 11)
    sheet.freeze_panes(1, 3)
    book.close()
    return out.getvalue()
