"""The family's calendar as a bundling instance (``los-bundling-instance/1``, see the bundling format):
what the optimiser is asked, built from the models through the record policy.

Mapping: services are ``s<id>`` at the place where they receive the family (``p<id>``); needs are
``need-<id>``; confirmed and requested appointments (and coordination meetings) are ``fixed``. Closed
dates are Norway's public holidays plus the closed dates of every service with a need in the horizon:
the instance has one list of closed dates for all services, so a service's own closed date keeps all
services off that date (never a proposal on a closed date, at the price of a possibly missed bundle).

Between two appointments of a date there is always the travel between their places plus the family's
pause (``FamilyLimits.buffer_minutes``), whether they are proposed or already in the calendar: a fixed
appointment without a place takes its service's place, a meeting the place its location names; an
unknown place counts as ``UNKNOWN_TRAVEL_MINUTES`` away. A day whose bookings already clash is left out
of the planning (`_close_days_with_clashing_bookings`). The rule itself lives in the optimiser's instance
model (``Instance.gap_minutes``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils.translation import gettext as _

from los.core import access, dates
from los.core.access import Grant

from .. import selectors
from ..models import (
    Appointment,
    AppointmentNeed,
    AppointmentStatus,
    ClosedDate,
    NeedStatus,
    OpeningHours,
    Place,
    ServiceCalendar,
    TravelTime,
)

#: Travel time assumed between two places the municipality's table does not list (minutes).
DEFAULT_TRAVEL_MINUTES = 60
#: Travel time assumed to and from an appointment or meeting whose place Los does not know (minutes).
UNKNOWN_TRAVEL_MINUTES = 30
UNKNOWN_PLACE = "ukjent-sted"
#: A meeting held on video only: no travel to or from it (the pause still counts).
DIGITAL = "digitalt"
SLOT_MINUTES = 15


def _hhmm(t: dt.time) -> str:
    return f"{t.hour:02d}:{t.minute:02d}"


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def instance_and_notes(grant: Grant, start: dt.date, days: int) -> tuple[dict, list[str]]:
    """The instance and plain-bokmål notes on what was assumed or left out. Needs and fixed appointments
    come through the record policy: a need of a service the consent no longer covers is not planned."""
    data, notes, _labels = instance_notes_and_labels(grant, start, days)
    return data, notes


def _meeting_place(location: str, places: dict[int, str]) -> int | None:
    """The place a meeting's free-text location names ("Rådhuset, møterom 2" is at Rådhuset): the
    longest place name the location starts with."""
    text = (location or "").strip().casefold()
    found = [(len(name), pk) for pk, name in places.items() if name and text.startswith(name.casefold())]
    return max(found)[1] if found else None


def instance_notes_and_labels(
    grant: Grant, start: dt.date, days: int
) -> tuple[dict, list[str], dict[str, str]]:
    """`instance_and_notes`, and the label of every fixed appointment by its id (for messages)."""
    family = grant.family
    end = start + dt.timedelta(days=days - 1)
    notes: list[str] = []
    needs = list(
        access.visible(grant, AppointmentNeed).filter(status=NeedStatus.OPEN).order_by("window_from", "id")
    )
    service_ids = {n.service_id for n in needs}
    calendars = {
        c.service_id: c
        for c in ServiceCalendar.objects.filter(service_id__in=service_ids).select_related("place")
    }
    windows = defaultdict(list)
    for h in OpeningHours.objects.filter(service_id__in=service_ids).order_by("weekday", "opens"):
        windows[h.service_id].append({"weekday": h.weekday, "start": _hhmm(h.opens), "end": _hhmm(h.closes)})
    closed = set()
    for day in range(days):
        date = start + dt.timedelta(days=day)
        try:
            if dates.is_public_holiday(date):
                closed.add(date)
        except ValueError:
            pass
    closed |= set(
        ClosedDate.objects.filter(service_id__in=service_ids, date__range=(start, end)).values_list(
            "date", flat=True
        )
    )

    services, need_rows = {}, []
    for need in needs:
        if need.window_to < start or need.window_from > end:
            notes.append(_("«%(need)s» er utenfor perioden og er ikke med.") % {"need": need.title})
            continue
        calendar = calendars.get(need.service_id)
        if calendar is None:
            notes.append(
                _("%(service)s har ikke registrert sted og åpningstider, så «%(need)s» er ikke med.")
                % {"service": need.service.name, "need": need.title}
            )
            continue
        sid = f"s{need.service_id}"
        services[sid] = {
            "id": sid,
            "location": f"p{calendar.place_id}",
            "availability": windows[need.service_id],
        }
        if calendar.min_days_between:
            services[sid]["min_days_between"] = min(calendar.min_days_between, days)
        if calendar.min_minutes_between:
            services[sid]["min_minutes_between"] = calendar.min_minutes_between
        row = {
            "id": f"need-{need.pk}",
            "service": sid,
            "duration_minutes": need.duration_minutes,
            "count": need.count,
            "window": {
                "from_day": max(0, (need.window_from - start).days),
                "to_day": min(days - 1, (need.window_to - start).days),
            },
        }
        if need.min_days_between:
            row["min_days_between"] = need.min_days_between
        if need.max_days_between:
            row["max_days_between"] = max(need.max_days_between, need.min_days_between, 1)
        need_rows.append(row)

    fixed, labels, unknown = _fixed_rows(grant, family, start, end)
    if unknown:
        notes.append(
            _("Los vet ikke hvor %(what)s er; regnet med %(m)s minutter reisetid til og fra.")
            % {"what": ", ".join(f"«{w}»" for w in sorted(set(unknown))), "m": UNKNOWN_TRAVEL_MINUTES}
        )

    locations = sorted({s["location"] for s in services.values()} | {f["location"] for f in fixed})
    place_ids = [int(loc[1:]) for loc in locations if loc.startswith("p")]
    known = {
        (f"p{t.place_a_id}", f"p{t.place_b_id}"): t.minutes
        for t in TravelTime.objects.filter(place_a_id__in=place_ids, place_b_id__in=place_ids)
    }
    names = dict(Place.objects.filter(pk__in=place_ids).values_list("id", "name"))
    travel = {}
    for i, a in enumerate(locations):
        for b in locations[i + 1 :]:
            if DIGITAL in (a, b):
                travel[f"{a}|{b}"] = 0
                continue
            if UNKNOWN_PLACE in (a, b):
                travel[f"{a}|{b}"] = UNKNOWN_TRAVEL_MINUTES
                continue
            minutes = known.get((a, b), known.get((b, a)))
            if minutes is None:
                minutes = DEFAULT_TRAVEL_MINUTES
                notes.append(
                    _("Reisetiden mellom %(a)s og %(b)s mangler; regnet med %(m)s minutter.")
                    % {"a": names.get(int(a[1:]), a), "b": names.get(int(b[1:]), b), "m": minutes}
                )
            travel[f"{a}|{b}"] = minutes

    limits = selectors.family_limits(grant)
    instance = {
        "format": "los-bundling-instance/1",
        "name": f"family-{family.pk}",
        "start": start.isoformat(),
        "days": days,
        "timezone": "Europe/Oslo",
        "slot_minutes": SLOT_MINUTES,
        "closed_dates": sorted(d.isoformat() for d in closed),
        "family": {
            "max_appointments_per_day": max(1, limits.max_appointments_per_day),
            "unavailable_weekdays": sorted(int(w) for w in limits.unavailable_weekdays),
            "unavailable_dates": sorted(
                d for d in limits.unavailable_dates if start.isoformat() <= d <= end.isoformat()
            ),
            "earliest": _hhmm(limits.earliest),
            "latest": _hhmm(limits.latest),
            "buffer_minutes": limits.buffer_minutes,
        },
        "travel_minutes": travel,
        "services": list(services.values()),
        "needs": need_rows,
        "fixed": fixed,
    }
    _close_days_with_clashing_bookings(instance, notes, labels)
    return instance, notes, labels


def _close_days_with_clashing_bookings(instance: dict, notes: list[str], labels: dict[str, str]) -> None:
    """A day whose booked appointments already clash (they overlap, or there are more than the family can
    have on one day) is left out of the planning: nothing new is proposed on it, and only the bookings
    that fit are passed on, so one clash in the calendar does not stop a proposal for the whole period.
    The clash itself is shown in the calendar (`conflicts.py`); the note names it."""
    from los.calendar.bundling_model import load_instance, schedule_day

    parsed = load_instance(instance)
    limit = parsed.family.max_per_day
    clashing = sorted(
        {
            f.day
            for f in parsed.fixed
            if len(parsed.fixed_on(f.day)) > limit or schedule_day(parsed, f.day, ()) is None
        }
    )
    if not clashing:
        return
    unavailable = set(instance["family"]["unavailable_dates"])
    for day in clashing:
        date = parsed.date(day).isoformat()
        rows = sorted((f for f in instance["fixed"] if f["date"] == date), key=lambda f: f["start"])
        kept, left_out, last_end = [], [], -1
        for row in rows:
            hour, minute = map(int, row["start"].split(":"))
            begin = hour * 60 + minute
            if begin >= last_end and len(kept) < limit:
                kept.append(row)
                last_end = begin + row["duration_minutes"]
            else:
                left_out.append(row)
        instance["fixed"] = [f for f in instance["fixed"] if f["date"] != date] + kept
        unavailable.add(date)
        notes.append(
            _(
                "Avtalene som står i kalenderen %(day)s, kolliderer (%(what)s). Los foreslår ingen nye timer "
                "den dagen; se på den dagen i kalenderen."
            )
            % {
                "day": short_day(parsed.date(day)),
                "what": ", ".join(labels.get(row["id"], row["id"]) for row in rows),
            }
        )
    instance["family"]["unavailable_dates"] = sorted(unavailable)


def _fixed_rows(grant: Grant, family, start: dt.date, end: dt.date):
    """The confirmed and requested appointments and the meetings of the period as the instance's
    ``fixed`` (each at its place, with its service), their labels, and those whose place is unknown."""
    begin = dates.at(start, dt.time(0))
    finish = dates.at(end + dt.timedelta(days=1), dt.time(0))
    fixed, labels, unknown = [], {}, []
    booked = list(
        access.visible(grant, Appointment)
        .filter(
            status__in=[AppointmentStatus.CONFIRMED, AppointmentStatus.REQUESTED],
            starts_at__gte=begin,
            starts_at__lt=finish,
        )
        .select_related("service")
        .order_by("starts_at")
    )
    home_of = dict(
        ServiceCalendar.objects.filter(
            service_id__in={a.service_id for a in booked if a.service_id}
        ).values_list("service_id", "place_id")
    )
    for a in booked:
        place_id = a.place_id or home_of.get(a.service_id)
        row = _fixed(f"a{a.pk}", a.starts_at, a.ends_at, f"p{place_id}" if place_id else UNKNOWN_PLACE)
        if row is None:
            continue
        if place_id is None:
            unknown.append(a.label)
        if a.service_id:
            row["service"] = f"s{a.service_id}"
        fixed.append(row)
        labels[row["id"]] = a.label
    places = dict(Place.objects.filter(municipality_id=family.municipality_id).values_list("id", "name"))
    for m in selectors.calendar_meetings(grant, begin, finish):
        if getattr(m, "status", "") == "cancelled":
            continue
        location_text = getattr(m, "location", "") or ""
        place_id = _meeting_place(location_text, places)
        if place_id is not None:
            location = f"p{place_id}"
        elif not location_text.strip() and getattr(m, "video_url", ""):
            location = DIGITAL
        else:
            location = UNKNOWN_PLACE
        row = _fixed(f"m{m.pk}", m.starts_at, m.ends_at, location)
        if row is None or row["date"] < start.isoformat():
            continue
        if location == UNKNOWN_PLACE:
            unknown.append(m.title)
        fixed.append(row)
        labels[row["id"]] = m.title
    return fixed, labels, unknown


def _fixed(fid: str, starts_at: dt.datetime, ends_at: dt.datetime, location: str) -> dict | None:
    begin, finish = dates.local(starts_at), dates.local(ends_at)
    start_minutes = begin.hour * 60 + begin.minute
    if finish.date() != begin.date():
        duration = 24 * 60 - start_minutes
    else:
        duration = max(1, int((finish - begin).total_seconds() // 60))
    if duration < 1:
        return None
    return {
        "id": fid,
        "date": begin.date().isoformat(),
        "start": _hhmm(begin.time()),
        "duration_minutes": duration,
        "location": location,
    }


def build_instance(grant: Grant, start: dt.date, days: int) -> dict:
    """The family's bundling instance for ``days`` days from ``start`` (``los-bundling-instance/1``)."""
    return instance_and_notes(grant, start, days)[0]


def short_day(day: dt.date) -> str:
    """«ons. 2. des.»: the short Norwegian date of a proposal's messages."""
    from django.utils.formats import date_format

    return date_format(day, "D. j. b.")
