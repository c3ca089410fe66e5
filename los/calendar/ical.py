"""iCalendar (RFC 5545): the subscription feeds and the import of a service's own .ics files.

Feeds carry a VTIMEZONE for Europe/Oslo and times with TZID, so 09.00 stays 09.00 across the
daylight-saving changes; every event has a stable UID and a SEQUENCE that grows with each change, and a
cancelled appointment stays in the feed with STATUS:CANCELLED so subscribed calendars remove it. A feed
leaves Los for the subscriber's calendar provider, so its titles name the service, the kind of
appointment or (for the family's own entries) the family's own words, never what staff wrote about the
child; meetings are «Møte i teamet». In the family's own feed a title also names the child it is for by
first name («Fysioterapi – Ola»), so a family with several children can tell their appointments apart; a
professional's feed names no child (it may sit in a work calendar outside the municipality).
Which appointments a feed carries is the record policy's, the same
list the web pages and the API show (`selectors.calendar_appointments`).

Import of a service's own .ics file is read by `ical_reader` and saved by `services.ical_import`.
"""

from __future__ import annotations

import datetime as dt

import icalendar
from django.utils.translation import gettext as _

from los.core import dates

from .models import Appointment, AppointmentStatus

PRODID = "-//Los//Barnets kalender//NB"
_STATUS = {
    AppointmentStatus.CONFIRMED: "CONFIRMED",
    AppointmentStatus.REQUESTED: "TENTATIVE",
    AppointmentStatus.PLANNED: "TENTATIVE",
    AppointmentStatus.CANCELLED: "CANCELLED",
}


def oslo_timezone() -> icalendar.Timezone:
    """Europe/Oslo as a compact VTIMEZONE: the EU rule (last Sunday of March and October)."""
    tz = icalendar.Timezone()
    tz.add("tzid", "Europe/Oslo")
    for kind, start, before, after, name, month in [
        (icalendar.TimezoneDaylight, dt.datetime(1970, 3, 29, 2, 0), "+0100", "+0200", "CEST", 3),
        (icalendar.TimezoneStandard, dt.datetime(1970, 10, 25, 3, 0), "+0200", "+0100", "CET", 10),
    ]:
        part = kind()
        part.add("dtstart", start)
        part.add("tzoffsetfrom", dt.timedelta(hours=int(before[:3])))
        part.add("tzoffsetto", dt.timedelta(hours=int(after[:3])))
        part.add("tzname", name)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        tz.add_component(part)
    return tz


def _event(uid, sequence, start, end, summary, location, status, stamp) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", stamp.astimezone(dt.UTC))
    event.add("last-modified", stamp.astimezone(dt.UTC))
    event.add("dtstart", dates.local(start))
    event.add("dtend", dates.local(end))
    event.add("summary", summary)
    if location:
        event.add("location", location)
    event.add("status", status)
    event.add("transp", "OPAQUE" if status != "CANCELLED" else "TRANSPARENT")
    return event


def feed_title(appointment: Appointment) -> str:
    """The title an appointment carries out of Los: the service's name, the family's own words for its own
    entries, else the kind of appointment. Never a title staff wrote, which may name the child."""
    if appointment.service_id:
        return appointment.service.name
    if appointment.source == "family" and appointment.title:
        return appointment.title
    return str(appointment.get_kind_display())


def summary(appointment: Appointment, with_child: bool = False) -> str:
    """An event's summary: the feed title, with the child's first name in the family's own feed, and a
    note when the time is not confirmed yet."""
    text = feed_title(appointment)
    if with_child and appointment.child_id:
        text = f"{text} – {appointment.child.first_name}"
    if appointment.status in (AppointmentStatus.REQUESTED, AppointmentStatus.PLANNED):
        text = f"{text} ({_('ikke bekreftet')})"
    return text


def feed(name: str, appointment_list, meeting_list=(), url_for=None, with_child: bool = False) -> bytes:
    """A calendar with the given appointments and (read-only) meetings; `with_child` names each
    appointment's child in its summary (the family's own feed)."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Oslo")
    cal.add_component(oslo_timezone())
    for a in appointment_list:
        event = _event(
            a.uid,
            a.sequence,
            a.starts_at,
            a.ends_at,
            summary(a, with_child),
            a.place.name if a.place_id else "",
            _STATUS[a.status],
            a.updated_at,
        )
        if url_for is not None:
            event.add("url", url_for(a))
        cal.add_component(event)
    for m in meeting_list:
        status = "CANCELLED" if getattr(m, "status", "") == "cancelled" else "CONFIRMED"
        cal.add_component(
            _event(
                getattr(m, "uid", "") or f"meeting-{m.pk}@los",
                getattr(m, "sequence", 0) or 0,
                m.starts_at,
                m.ends_at,
                _("Møte i teamet"),
                getattr(m, "location", "") or "",
                status,
                getattr(m, "updated_at", None) or getattr(m, "created_at", None) or m.starts_at,
            )
        )
    return cal.to_ical()
