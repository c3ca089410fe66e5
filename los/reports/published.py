"""The figures over time as a leader may see them: everything that could point at a family hidden.

The rule is the one for the leader's counts (`los.reports.disclosure`): a count from 1 to 4 is hidden,
and so is any count it could be worked out from. Over time the reader can add up: a year shown beside
all its months is their sum, so a hidden month could be the year minus the shown months. Each count is
therefore suppressed together with the relations "year = its months" (complementary suppression), the
same way in the page, the charts, the exports and the API, which all show what `publish` returns.

A mean or a share rests on the events it is computed from: it is shown only when they are at least five,
and a share only when neither the events it counts nor the rest are 1 to 4 (a share of 3 out of 40 is
the count 3). A state at the month's end (families waiting) is not a sum over the year, so its months
are suppressed one by one. A sum (days saved) is hidden where the count of what it adds up is.
"""

from __future__ import annotations

from dataclasses import dataclass

from .disclosure import SMALL_NUMBER, Relation, is_sensitive, suppress
from .statistics import COUNT, SUM, Cell, Series


@dataclass(frozen=True)
class Shown:
    """A value as it may be shown: None when hidden (`suppressed`) or when there is nothing to show."""

    value: float | int | None
    suppressed: bool = False


@dataclass(frozen=True)
class PublishedSeries:
    key: str
    label: str
    group: str
    group_label: str
    unit: str
    months: dict[str, Shown]
    years: dict[str, Shown]

    def cells(self, view: str) -> dict[str, Shown]:
        return self.years if view == "year" else self.months


def _counts(series: Series) -> dict[str, Shown]:
    values = {f"m{k}": int(c.value or 0) for k, c in series.months.items()}
    values |= {f"y{k}": int(c.value or 0) for k, c in series.years.items()}
    relations = []
    if series.additive:
        for year in series.years:
            # (A year with one month in the period is that month: the same figure twice.)
            parts = tuple(f"m{k}" for k in series.months if k.startswith(f"{year}-"))
            if parts:
                relations.append(Relation(f"y{year}", parts))
    hidden = suppress(values, relations)
    return {key: Shown(None, True) if key in hidden else Shown(value) for key, value in values.items()}


def _sums(series: Series) -> dict[str, Shown]:
    """A sum over events (days saved by proposals) is hidden where the count of events it adds up
    would be: the same cells, so the sums hang together as the counts do."""
    counted = _counts(_with_values(series, lambda c: c.base))
    values = {f"m{k}": c.value for k, c in series.months.items()} | {
        f"y{k}": c.value for k, c in series.years.items()
    }
    return {key: Shown(None, True) if counted[key].suppressed else Shown(values[key]) for key in values}


def _with_values(series: Series, value) -> Series:
    return Series(
        series.key,
        series.label,
        series.group,
        series.unit,
        {k: Cell(value(c), c.base) for k, c in series.months.items()},
        {k: Cell(value(c), c.base) for k, c in series.years.items()},
        series.additive,
    )


def _rests_on_enough(cell: Cell) -> bool:
    if cell.value is None:
        return True  # nothing to hide
    if cell.base < SMALL_NUMBER:
        return False
    if cell.part is not None and (is_sensitive(cell.part) or is_sensitive(cell.base - cell.part)):
        return False
    return True


def _derived(cell: Cell) -> Shown:
    if not _rests_on_enough(cell):
        return Shown(None, True)
    return Shown(cell.value)


def publish(series: list[Series]) -> list[PublishedSeries]:
    """The series as they may be shown to a leader, in the same order."""
    shown = []
    for s in series:
        if s.unit in (COUNT, SUM):
            counts = _counts(s) if s.unit == COUNT else _sums(s)
            months = {k: counts[f"m{k}"] for k in s.months}
            years = {k: counts[f"y{k}"] for k in s.years}
        else:
            months = {k: _derived(c) for k, c in s.months.items()}
            years = {k: _derived(c) for k, c in s.years.items()}
        shown.append(PublishedSeries(s.key, s.label, s.group, s.group_label, s.unit, months, years))
    return shown
