"""The leader's figures as charts: SVG drawn on the server by pygal, shown in the page itself.

Counts are bars, days and shares are a line. A hidden (suppressed) value leaves a gap, never a zero.
The SVG is made readable for everyone: it has role="img", a <title> and a <desc> that say what it
shows (the table beside it gives every value), and no script. pygal's own inline style and its script
(the configuration for its tooltips) are taken out:
the page's Content-Security-Policy allows styles from Los' stylesheet only, and los.css styles the
charts (`.los-chart`) in Designsystemet's colours, with contrast that passes WCAG 2.1 AA.
"""

from __future__ import annotations

import re

import pygal
from django.utils.html import escape
from django.utils.translation import gettext as _

from .published import PublishedSeries
from .statistics import COUNT, PERCENT, SCORE, SUM

_STYLE_ELEMENT = re.compile(r"<(style|script)\b[^>]*>.*?</\1>", re.S)
_STYLE_ATTRIBUTE = re.compile(r'\sstyle="[^"]*"')
_COMMENT = re.compile(r"<!--.*?-->", re.S)
# pygal's tooltip data (values, positions) for its script: not shown, and noise to a screen reader.
_TOOLTIP_DATA = re.compile(r'<desc class="(?:value|x|y|x_label)[^"]*">.*?</desc>', re.S)
# pygal's own titles ("Pygal", and each guide's value as a tooltip) and its empty <defs>: ours replace them.
_PYGAL_TITLES = re.compile(r"<title>[^<]*</title>|<defs\s*/>|<defs></defs>")
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
# pygal's hooks for its tooltips and its wrapper per bar and per dot: no use without its script.
_HOOKS = re.compile(r' rx="0" ry="0"| reactive| tooltip-trigger')
_WRAPPER = re.compile(r'<g class="(?:bar|dots)">(<(?:rect|circle) [^>]*/>)</g>')
# pygal writes coordinates to 15 decimals; a tenth of a pixel is plenty (and the page a third the size).
_LONG_DECIMAL = re.compile(r"(\d\.\d)\d+")


def unit_label(unit: str) -> str:
    return {COUNT: _("antall"), SUM: _("dager"), PERCENT: _("prosent"), SCORE: _("snitt fra 1 til 5")}.get(
        unit, _("dager")
    )


def description(lines: list[tuple[str, PublishedSeries]], labels: list[str], view: str) -> str:
    """What the chart shows, in words, for a screen reader (the values are in the table beside it)."""
    series = lines[0][1]
    hidden = sum(1 for _name, s in lines for c in s.cells(view).values() if c.suppressed)
    text = _("%(kind)s for %(first)s til %(last)s, i %(unit)s.") % {
        "kind": _("Søylediagram") if series.unit in (COUNT, SUM) else _("Linjediagram"),
        "first": labels[0],
        "last": labels[-1],
        "unit": unit_label(series.unit),
    }
    if len(lines) > 1:
        names = [name for name, _s in lines]
        text += " " + _("Én %(mark)s per kommune: %(names)s.") % {
            "mark": _("søyle") if series.unit in (COUNT, SUM) else _("linje"),
            "names": ", ".join(names),
        }
    if hidden:
        text += " " + _("%(n)s verdier er skjult fordi de kunne peke ut en familie.") % {"n": hidden}
    return text + " " + _("Alle tallene står i tabellen som hører til.")


def _range(lines: list[tuple[str, PublishedSeries]], view: str):
    """Shares from 0 to 100 (a caseload over capacity goes higher), scores from 1 to 5."""
    unit = lines[0][1].unit
    if unit == SCORE:
        return (1, 5)
    if unit == PERCENT:
        values = [c.value for _n, s in lines for c in s.cells(view).values() if c.value is not None]
        return (0, max(100, *values) if values else 100)
    return None


def render(
    lines: list[tuple[str, PublishedSeries]], labels: list[str], view: str, chart_id: str, title: str = ""
) -> str:
    """One figure as an inline SVG element (safe to put in the page as it is): `lines` is one
    (municipality name, series) per municipality, side by side when more than one."""
    series = lines[0][1]
    several = len(lines) > 1
    kind = pygal.Bar if series.unit in (COUNT, SUM) else pygal.Line
    height = 260 + (24 * ((len(lines) + 3) // 4) + 8 if several else 0)
    chart = kind(
        width=720,
        height=height,
        explicit_size=False,
        show_legend=several,
        legend_at_bottom=True,
        legend_at_bottom_columns=min(len(lines), 4),
        legend_box_size=14,
        js=[],
        disable_xml_declaration=True,
        no_prefix=True,
        show_x_guides=False,
        show_minor_y_labels=False,
        y_labels_major_count=6,
        x_label_rotation=0 if len(labels) <= 12 else -45,
        show_minor_x_labels=len(labels) <= 12,
        x_labels_major_every=3 if len(labels) > 12 else None,
        truncate_label=-1,
        margin=8,
        range=_range(lines, view),
        include_x_axis=True,
        print_values=False,
        allow_interruptions=True,
        dots_size=3,
        stroke_style={"width": 3},
    )
    chart.x_labels = labels
    for name, one in lines:
        chart.add(name if several else one.label, [c.value for c in one.cells(view).values()])
    svg = chart.render(is_unicode=True)
    for pattern in (_STYLE_ELEMENT, _STYLE_ATTRIBUTE, _COMMENT, _TOOLTIP_DATA, _PYGAL_TITLES, _HOOKS):
        svg = pattern.sub("", svg)
    svg = _WRAPPER.sub(r"\1", svg)
    svg = _LONG_DECIMAL.sub(r"\1", svg)
    title = escape(title or series.label)
    desc = escape(description(lines, labels, view))
    opening = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 720 {height}" class="los-chart-svg" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{title}</title><desc id="{chart_id}-desc">{desc}</desc>'
    )
    return _SVG_OPEN.sub(lambda _m: opening, svg, count=1)


def for_report(report) -> dict[str, str]:
    """The charts of a `Report` or a `Comparison` (one line or bar per municipality), by series key:
    drawn once per figures, view and language, and kept as long as the figures are
    (`history.published_series`)."""
    from django.conf import settings
    from django.core.cache import cache
    from django.utils.translation import get_language

    key = f"{report.cache_key}:charts:{report.view}:{get_language()}"
    seconds = settings.LOS_FIGURES_CACHE_SECONDS
    found = cache.get(key) if seconds else None
    if found is None:
        reports = getattr(report, "reports", [report])
        labels = report.column_labels()
        found = {}
        for i, series in enumerate(reports[0].series):
            lines = [(r.municipality.name, r.series[i]) for r in reports]
            title = report.shared(series, i).label if len(reports) > 1 else series.label
            found[series.key] = render(lines, labels, report.view, f"chart-{series.key}", title)
        if seconds:
            cache.set(key, found, seconds)
    return found
