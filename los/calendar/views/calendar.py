"""The child's calendar: week, month and agenda views and the printable day sheet. Staff and the family use
the same pages; what each sees is the record policy's (`selectors.calendar_appointments`, the same list
the API and the feeds use) and what each may do is the calendar's policy (`los.calendar.policy`)."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt

from django.shortcuts import render
from django.urls import reverse
from django.utils import formats
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


def calendar_context(grant: Grant, view_name, **extra) -> dict:
    """What every calendar page shows around its content: the family, the way back, and the links the
    relation may use."""
    return {
        "family": grant.family,
        "grant": grant,
        "portal": policy.is_family(grant),
        "back_url": back_url(grant),
        "view_name": view_name,
        "may_add": policy.may_add(grant),
        "may_plan": policy.may_plan(grant),
        **extra,
    }


def _items(grant: Grant, start: dt.date, end: dt.date):
    """Items between two dates (end exclusive), with their conflicts."""
    found = selectors.calendar_items(grant, dates.at(start, dt.time(0)), dates.at(end, dt.time(0)))
    conflicts = selectors.annotate_conflicts(grant, found)
    return found, conflicts


def _days(found, start: dt.date, count: int):
    by_day = {start + dt.timedelta(days=i): [] for i in range(count)}
    for item in found:
        if item.date in by_day:
            by_day[item.date].append(item)
    return list(by_day.items())


@family_view(Capability.VIEW, record_type="calendar")
def week(request, grant):
    day = parse_date(request.GET.get("fra"))
    monday = day - dt.timedelta(days=day.weekday())
    found, conflicts = _items(grant, monday, monday + dt.timedelta(days=7))
    return render(
        request,
        "calendar/week.html",
        calendar_context(
            grant,
            "week",
            days=_days(found, monday, 7),
            conflicts=conflicts,
            monday=monday,
            week_number=monday.isocalendar()[1],
            previous=monday - dt.timedelta(days=7),
            next=monday + dt.timedelta(days=7),
        ),
    )


@family_view(Capability.VIEW, record_type="calendar")
def month(request, grant):
    first = parse_date(request.GET.get("fra")).replace(day=1)
    length = pycalendar.monthrange(first.year, first.month)[1]
    following = first + dt.timedelta(days=length)
    found, conflicts = _items(grant, first, following)
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
            weeks=weeks,
            conflicts=conflicts,
            first=first,
            previous=(first - dt.timedelta(days=1)).replace(day=1),
            next=following,
        ),
    )


@family_view(Capability.VIEW, record_type="calendar")
def agenda(request, grant):
    start = parse_date(request.GET.get("fra"))
    found, conflicts = _items(grant, start, start + dt.timedelta(weeks=12))
    days = [(d, items) for d, items in _days(found, start, 84) if items]
    return render(
        request,
        "calendar/agenda.html",
        calendar_context(grant, "agenda", days=days, conflicts=conflicts, start=start),
    )


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def day_sentence(day: dt.date, found) -> str:
    """The day in one plain sentence: «Tirsdag 9. mars: fysioterapi 09.00 på Helsehuset, ...»."""
    heading = formats.date_format(day, "l j. F")
    heading = heading[:1].upper() + heading[1:]
    parts = []
    for item in found:
        if item.is_cancelled:
            continue
        part = f"{_lower_first(item.title)} {item.start:%H.%M}"
        if item.place:
            part += " " + _("på %(place)s") % {"place": item.place}
        parts.append(part)
    if not parts:
        return f"{heading}: " + _("ingen avtaler.")
    return f"{heading}: " + ", ".join(parts)


@family_view(Capability.VIEW, record_type="calendar")
def day_sheet(request, grant):
    day = parse_date(request.GET.get("dato"))
    found, conflicts = _items(grant, day, day + dt.timedelta(days=1))
    live = [i for i in found if not i.is_cancelled]
    return render(
        request,
        "calendar/day_sheet.html",
        calendar_context(
            grant,
            "day",
            day=day,
            items=live,
            sentence=day_sentence(day, live),
            conflicts=conflicts,
            previous=day - dt.timedelta(days=1),
            next=day + dt.timedelta(days=1),
        ),
    )
