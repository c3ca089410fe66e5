"""Conflicts in a family's calendar, as pure functions on plain data (no database).

A conflict is flagged, never enforced: the coordinator and the services see it when saving and on the
calendar, and decide. The checks:

* ``double_booked``: the child or a guardian is booked at two places at once;
* ``over_daily_limit``: more appointments on one date than the family has said it can manage;
* ``too_little_travel``: two appointments on one date at different places with less time between them
  than the municipality's travel-time table says the trip takes;
* ``closed``: an appointment on a public holiday or a date its service is closed;
* ``outside_hours``: an appointment not wholly inside one of its service's weekly opening windows;
* ``family_unavailable``: on a weekday or date the family cannot come, or outside the family's hours.

Times are local wall-clock times in Europe/Oslo (naive or aware; compared within one family).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

DOUBLE_BOOKED = "double_booked"
OVER_DAILY_LIMIT = "over_daily_limit"
TOO_LITTLE_TRAVEL = "too_little_travel"
CLOSED = "closed"
OUTSIDE_HOURS = "outside_hours"
FAMILY_UNAVAILABLE = "family_unavailable"


@dataclass(frozen=True)
class Entry:
    """One appointment as the checks see it. ``attendees`` are keys like ``"child:3"``, ``"guardian:7"``."""

    id: object
    start: dt.datetime
    end: dt.datetime
    label: str = ""
    place: object | None = None
    service: object | None = None
    attendees: frozenset = frozenset()

    @property
    def date(self) -> dt.date:
        """The day the entry starts on (Norwegian wall-clock time)."""
        return self.start.date()


@dataclass(frozen=True)
class Limits:
    max_per_day: int = 2
    unavailable_weekdays: frozenset[int] = frozenset()
    unavailable_dates: frozenset[dt.date] = frozenset()
    earliest: dt.time = dt.time(0, 0)
    latest: dt.time = dt.time(23, 59)


@dataclass(frozen=True)
class Hours:
    """A service's weekly windows (weekday, opens, closes) and its own closed dates."""

    windows: tuple[tuple[int, dt.time, dt.time], ...] = ()
    closed_dates: frozenset[dt.date] = frozenset()


@dataclass(frozen=True)
class Conflict:
    kind: str
    entries: tuple
    message: str
    date: dt.date | None = None


@dataclass
class Context:
    limits: Limits = field(default_factory=Limits)
    hours: dict = field(default_factory=dict)  # service -> Hours; services not listed are not checked
    travel: Callable[[object, object], int | None] = lambda a, b: None
    is_public_holiday: Callable[[dt.date], bool] = lambda d: False
    place_name: Callable[[object], str] = str


def _t(value: dt.datetime) -> str:
    return value.strftime("%H.%M")


def _d(value: dt.date) -> str:
    return value.strftime("%d.%m.%Y")


def double_booked(entries: Iterable[Entry]) -> list[Conflict]:
    """Pairs of appointments that overlap in time and share someone who must attend both."""
    found = []
    ordered = sorted(entries, key=lambda e: (e.start, e.end))
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.start >= a.end:
                break
            if a.attendees & b.attendees:
                found.append(
                    Conflict(
                        DOUBLE_BOOKED,
                        (a.id, b.id),
                        f"{a.label} ({_t(a.start)}–{_t(a.end)}) og {b.label} ({_t(b.start)}–{_t(b.end)}) "
                        "er samtidig, og samme person skal være med på begge.",
                        a.date,
                    )
                )
    return found


def over_daily_limit(entries: Iterable[Entry], max_per_day: int) -> list[Conflict]:
    """Dates with more appointments than the family can manage."""
    per_day: dict[dt.date, list[Entry]] = defaultdict(list)
    for e in entries:
        per_day[e.date].append(e)
    return [
        Conflict(
            OVER_DAILY_LIMIT,
            tuple(e.id for e in sorted(day, key=lambda e: e.start)),
            f"{len(day)} avtaler {_d(date)}, men familien klarer høyst {max_per_day} på én dag.",
            date,
        )
        for date, day in sorted(per_day.items())
        if len(day) > max_per_day
    ]


def too_little_travel(
    entries: Iterable[Entry], travel: Callable[[object, object], int | None], place_name: Callable = str
) -> list[Conflict]:
    """Consecutive appointments of one date at different places with less time between them than the trip."""
    found = []
    per_day: dict[dt.date, list[Entry]] = defaultdict(list)
    for e in entries:
        per_day[e.date].append(e)
    for date, day in sorted(per_day.items()):
        for a, b in itertools.pairwise(sorted(day, key=lambda e: (e.start, e.end))):
            if a.place is None or b.place is None or a.place == b.place or b.start < a.end:
                continue  # overlaps are double bookings, not travel problems
            minutes = travel(a.place, b.place)
            gap = (b.start - a.end).total_seconds() / 60
            if minutes is not None and gap < minutes:
                found.append(
                    Conflict(
                        TOO_LITTLE_TRAVEL,
                        (a.id, b.id),
                        f"Fra {place_name(a.place)} til {place_name(b.place)} tar det {minutes} minutter, "
                        f"men det er bare {int(gap)} minutter mellom {a.label} og {b.label}.",
                        date,
                    )
                )
    return found


def against_service_hours(
    entry: Entry, hours: Hours | None, is_public_holiday: Callable[[dt.date], bool]
) -> list[Conflict]:
    """An appointment on a closed date, or not wholly inside one of its service's opening windows."""
    if is_public_holiday(entry.date):
        return [
            Conflict(
                CLOSED, (entry.id,), f"{entry.label} er {_d(entry.date)}, som er en helligdag.", entry.date
            )
        ]
    if hours is None:
        return []
    if entry.date in hours.closed_dates:
        return [
            Conflict(CLOSED, (entry.id,), f"{entry.label}: tjenesten er stengt {_d(entry.date)}.", entry.date)
        ]
    if entry.end.date() != entry.date:
        inside = False
    else:
        weekday, begin, end = entry.date.weekday(), entry.start.time(), entry.end.time()
        inside = any(w == weekday and opens <= begin and end <= closes for w, opens, closes in hours.windows)
    if not inside:
        return [
            Conflict(
                OUTSIDE_HOURS,
                (entry.id,),
                f"{entry.label} {_d(entry.date)} kl. {_t(entry.start)} er utenfor tjenestens åpningstid.",
                entry.date,
            )
        ]
    return []


def against_family_limits(entry: Entry, limits: Limits) -> list[Conflict]:
    """An appointment on a day the family cannot come, or outside the hours they can manage."""
    if entry.date.weekday() in limits.unavailable_weekdays or entry.date in limits.unavailable_dates:
        message = f"{entry.label} {_d(entry.date)}: familien har sagt at de ikke kan denne dagen."
    elif entry.start.time() < limits.earliest or (
        entry.end.date() == entry.date and entry.end.time() > limits.latest
    ):
        message = (
            f"{entry.label} kl. {_t(entry.start)}–{_t(entry.end)} er utenfor tiden familien kan "
            f"({limits.earliest:%H.%M}–{limits.latest:%H.%M})."
        )
    else:
        return []
    return [Conflict(FAMILY_UNAVAILABLE, (entry.id,), message, entry.date)]


def find_conflicts(entries: Iterable[Entry], context: Context) -> list[Conflict]:
    """Every conflict in a family's (not cancelled) appointments, ordered by date."""
    entries = list(entries)
    found = double_booked(entries)
    found += over_daily_limit(entries, context.limits.max_per_day)
    found += too_little_travel(entries, context.travel, context.place_name)
    for e in entries:
        if e.service is not None:  # the family's own entries are theirs to place
            found += against_service_hours(e, context.hours.get(e.service), context.is_public_holiday)
            found += against_family_limits(e, context.limits)
    return sorted(found, key=lambda c: (c.date or dt.date.min, c.kind))


def conflicts_for(entry_id, conflicts: Iterable[Conflict]) -> list[Conflict]:
    """The conflicts one appointment takes part in."""
    return [c for c in conflicts if entry_id in c.entries]
