"""The family's calendar: week, month and agenda views and the printable day sheet. Staff and the family
use the same pages; what each sees is the record policy's (`selectors.calendar_appointments`, the same list
the API and the feeds use) and what each may do is the calendar's policy (`los.calendar.policy`). Every
line names the child it is for (or «hele familien»), and a family with several children can show one
child's calendar (`?barn=ID`)."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from dataclasses import dataclass

from django.shortcuts import render
from django.urls import reverse
from django.utils import formats
from django.utils.http import urlencode
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from los.core import dates
from los.core.access import Capability, Grant, family_view

from .. import policy, selectors


def parse_date(value, default: dt.date | None = None) -> dt.date:
    """The date in the address (YYYY-MM-DD), or `default` (today in Norway) when it is missing or wrong."""
    try:
        if value:
            return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        pass
    return default or dates.today()


def back_url(grant: Grant) -> str:
    """The family's own page for the family, the staff family page for staff."""
    if policy.is_family(grant):
        return reverse("portal:family", args=[grant.family.pk])
    return reverse("people:family", args=[grant.family.pk])


def week_url(grant: Grant, moment: dt.datetime) -> str:
    """The week of the family's calendar that holds `moment`."""
    return reverse("calendar:week", args=[grant.family.pk]) + f"?fra={dates.local_day(moment).isoformat()}"


def child_heading(child) -> str:
    """A child as headings name them: «Ola Moen (f. 2016)», or with the due date for an unborn child."""
    if child.birth_date:
        return _("%(name)s (f. %(year)s)") % {"name": child.full_name, "year": child.birth_date.year}
    if child.expected_due_date:
        return _("%(name)s (termin %(date)s)") % {
            "name": child.full_name,
            "date": formats.date_format(child.expected_due_date, "j. F Y"),
        }
    return child.full_name


class ChildChoice:
    """The children of the family and the one the address chose (`?barn=ID`). An id that is not a child
    of this family is ignored, and the page says so (never an error page)."""

    def __init__(self, request, grant: Grant):
        self.children = selectors.family_children(grant.family)
        raw = request.GET.get("barn", "")
        self.child = next((c for c in self.children if str(c.pk) == raw), None)
        self.unknown = bool(raw) and self.child is None

    @property
    def query(self) -> str:
        """The choice as a query string fragment for links that keep it («&barn=ID» or nothing)."""
        return "&" + urlencode({"barn": self.child.pk}) if self.child else ""

    def context(self, family) -> dict:
        names = [c.first_name for c in self.children]
        return {
            "children": self.children,
            "child": self.child,
            "child_query": self.query,
            "unknown_child": self.unknown,
            "calendar_name": child_heading(self.child) if self.child else family.name,
            "children_names": get_text_list(names, _("og")) if names else "",
            "several_children": len(self.children) > 1,
        }


def calendar_context(grant: Grant, view_name, choice: ChildChoice | None = None, **extra) -> dict:
    """What every calendar page shows around its content: the family and its children, the way back, and
    the links the relation may use."""
    return {
        "family": grant.family,
        "grant": grant,
        "portal": policy.is_family(grant),
        "back_url": back_url(grant),
        "view_name": view_name,
        "may_add": policy.may_add(grant),
        "may_plan": policy.may_plan(grant),
        **(choice.context(grant.family) if choice is not None else {}),
        **extra,
    }


def _items(grant: Grant, start: dt.date, end: dt.date, child=None):
    """Items between two dates (end exclusive) for the chosen child (or all), with their conflicts.
    Conflicts are found among all the family's items (a sibling's appointment may clash with a guardian's
    time), and those touching a shown item are listed."""
    found = selectors.calendar_items(grant, dates.at(start, dt.time(0)), dates.at(end, dt.time(0)))
    conflicts = selectors.annotate_conflicts(grant, found)
    shown = selectors.for_child(found, child)
    if child is not None:
        touching = {id(c) for i in shown for c in i.conflicts}
        conflicts = [c for c in conflicts if id(c) in touching]
    return shown, conflicts


def _days(found, start: dt.date, count: int):
    by_day = {start + dt.timedelta(days=i): [] for i in range(count)}
    for item in found:
        if item.date in by_day:
            by_day[item.date].append(item)
    return list(by_day.items())


#: The hours the week grid always shows; it grows to hold earlier or later items.
GRID_FIRST_HOUR, GRID_LAST_HOUR = 7, 18
#: The grid's step in minutes: an item starts on and lasts whole steps (rounded outwards).
STEP = 15
#: Items side by side in one day at most; more overlapping items share the last lane.
MAX_LANES = 4


@dataclass
class Placed:
    """An item in the week grid: its row (`at`, «0930») and length in minutes (`length`, whole steps
    from `at`), and its lane among overlapping items of the day. The template turns these into the CSS
    classes `los-at-0930 los-len-45 los-lane-1` (the CSP forbids inline styles)."""

    item: selectors.Item
    at: str
    length: int
    lane: int = 1


@dataclass
class GridDay:
    day: dt.date
    items: list
    placed: list
    lanes: int


def _grid_span(item: selectors.Item) -> tuple[int, int]:
    """The item's start and end in minutes after midnight of its day, on the grid's steps (an item that
    runs past midnight ends at midnight)."""
    start = item.start.hour * 60 + item.start.minute
    end = start + item.minutes if item.end.date() == item.start.date() else 24 * 60
    first = start - start % STEP
    last = max(end, first + STEP)
    last = min(24 * 60, last + (-last) % STEP)
    return first, last


def week_grid(days) -> tuple[list[GridDay], int, int]:
    """The week as a time grid: for each day its items placed by start and length in lanes (overlapping
    items side by side), and the hours shown (07–18, or wider to hold every item)."""
    first_hour, last_hour = GRID_FIRST_HOUR, GRID_LAST_HOUR
    out = []
    for day, day_items in days:
        placed, lane_ends = [], []
        for item in day_items:
            begin, end = _grid_span(item)
            first_hour = min(first_hour, begin // 60)
            last_hour = max(last_hour, -(-end // 60))
            lane = next((n for n, busy_to in enumerate(lane_ends) if busy_to <= begin), None)
            if lane is None and len(lane_ends) < MAX_LANES:
                lane = len(lane_ends)
                lane_ends.append(end)
            elif lane is None:
                lane = MAX_LANES - 1
                lane_ends[lane] = max(lane_ends[lane], end)
            else:
                lane_ends[lane] = end
            placed.append(Placed(item, f"{begin // 60:02d}{begin % 60:02d}", end - begin, lane + 1))
        out.append(GridDay(day, day_items, placed, max(1, len(lane_ends))))
    return out, first_hour, min(24, last_hour)


@family_view(Capability.VIEW, record_type="calendar")
def week(request, grant):
    choice = ChildChoice(request, grant)
    day = parse_date(request.GET.get("fra"))
    monday = day - dt.timedelta(days=day.weekday())
    found, conflicts = _items(grant, monday, monday + dt.timedelta(days=7), choice.child)
    days = _days(found, monday, 7)
    grid, first_hour, last_hour = week_grid(days)
    return render(
        request,
        "calendar/week.html",
        calendar_context(
            grant,
            "week",
            choice,
            days=days,
            grid=grid,
            grid_from=f"{first_hour:02d}",
            grid_hours=last_hour - first_hour,
            period_query=f"fra={monday.isoformat()}",
            hours=[f"{h:02d}" for h in range(first_hour, last_hour)],
            conflicts=conflicts,
            monday=monday,
            week_number=monday.isocalendar()[1],
            previous=monday - dt.timedelta(days=7),
            next=monday + dt.timedelta(days=7),
        ),
    )


@family_view(Capability.VIEW, record_type="calendar")
def month(request, grant):
    choice = ChildChoice(request, grant)
    first = parse_date(request.GET.get("fra")).replace(day=1)
    length = pycalendar.monthrange(first.year, first.month)[1]
    following = first + dt.timedelta(days=length)
    found, conflicts = _items(grant, first, following, choice.child)
    by_day = dict(_days(found, first, length))
    weeks = []
    for week_days in pycalendar.Calendar().monthdatescalendar(first.year, first.month):
        weeks.append([(d, by_day.get(d) if d.month == first.month else None) for d in week_days])
    return render(
        request,
        "calendar/month.html",
        calendar_context(
            grant,
            "month",
            choice,
            weeks=weeks,
            busy_days=[(d, items) for d, items in sorted(by_day.items()) if items],
            period_query=f"fra={first.isoformat()}",
            conflicts=conflicts,
            first=first,
            previous=(first - dt.timedelta(days=1)).replace(day=1),
            next=following,
        ),
    )


@family_view(Capability.VIEW, record_type="calendar")
def agenda(request, grant):
    choice = ChildChoice(request, grant)
    start = parse_date(request.GET.get("fra"))
    found, conflicts = _items(grant, start, start + dt.timedelta(weeks=12), choice.child)
    days = [(d, items) for d, items in _days(found, start, 84) if items]
    return render(
        request,
        "calendar/agenda.html",
        calendar_context(
            grant,
            "agenda",
            choice,
            days=days,
            conflicts=conflicts,
            start=start,
            period_query=f"fra={start.isoformat()}",
        ),
    )


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def day_sentence(day: dt.date, found, with_child: bool = False) -> str:
    """The day in one plain sentence: «Tirsdag 9. mars: fysioterapi 09.00 på Helsehuset, ...»."""
    heading = formats.date_format(day, "l j. F")
    heading = heading[:1].upper() + heading[1:]
    parts = []
    for item in found:
        if item.is_cancelled:
            continue
        part = f"{_lower_first(item.title)} {item.start:%H.%M}"
        if with_child:
            part += f" ({item.child_label})"
        if item.place:
            part += " " + _("på %(place)s") % {"place": item.place}
        parts.append(part)
    if not parts:
        return f"{heading}: " + _("ingen avtaler.")
    return f"{heading}: " + ", ".join(parts)


@family_view(Capability.VIEW, record_type="calendar")
def day_sheet(request, grant):
    choice = ChildChoice(request, grant)
    day = parse_date(request.GET.get("dato"))
    found, conflicts = _items(grant, day, day + dt.timedelta(days=1), choice.child)
    live = [i for i in found if not i.is_cancelled]
    return render(
        request,
        "calendar/day_sheet.html",
        calendar_context(
            grant,
            "day",
            choice,
            day=day,
            items=live,
            period_query=f"dato={day.isoformat()}",
            sentence=day_sentence(day, live, with_child=len(choice.children) > 1),
            conflicts=conflicts,
            previous=day - dt.timedelta(days=1),
            next=day + dt.timedelta(days=1),
        ),
    )
