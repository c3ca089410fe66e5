"""iCalendar (RFC 5545): the subscription feeds and the import of a service's own .ics files.

Feeds carry a VTIMEZONE for Europe/Oslo and times with TZID, so 09.00 stays 09.00 across the
daylight-saving changes; every event has a stable UID and a SEQUENCE that grows with each change, and a
cancelled appointment stays in the feed with STATUS:CANCELLED so subscribed calendars remove it. A feed
leaves Los for the subscriber's calendar provider, so its titles name the service, the kind of
appointment or (for the family's own entries) the family's own words, never what staff wrote about the
child; meetings are «Møte i teamet». Which appointments a feed carries is the record policy's, the same
list the web pages and the API show (`selectors.calendar_appointments`).

Import is UID-based: a second import of the same file updates the appointments instead of adding new
ones. Lines that are not valid content lines, events in an unknown time zone, all-day events and events
without a UID are skipped and reported; floating times (no time zone) are read as Norwegian time and
reported.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import icalendar
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from los.core import audit, dates
from los.core.access import Grant

from .models import Appointment, AppointmentKind, AppointmentStatus, Place
from .policy import bookable_services

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


def feed(name: str, appointment_list, meeting_list=(), url_for=None) -> bytes:
    """A calendar with the given appointments and (read-only) meetings."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Oslo")
    cal.add_component(oslo_timezone())
    for a in appointment_list:
        summary = feed_title(a)
        if a.status in (AppointmentStatus.REQUESTED, AppointmentStatus.PLANNED):
            summary = f"{summary} ({_('ikke bekreftet')})"
        event = _event(
            a.uid,
            a.sequence,
            a.starts_at,
            a.ends_at,
            summary,
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


# --------------------------------------------------------------------------- import

_CONTENT_LINE = re.compile(r"^[A-Za-z0-9-]+(;[^:]*)?:")


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _clean_lines(data: bytes, report: ImportReport) -> bytes:
    """Unfold the lines and drop the ones that are not content lines, reporting each."""
    text = data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    lines: list[tuple[int, str]] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        if raw.startswith((" ", "\t")) and lines:
            lines[-1] = (lines[-1][0], lines[-1][1] + raw[1:])
        elif raw.strip():
            lines.append((number, raw))
    kept = []
    for number, line in lines:
        if _CONTENT_LINE.match(line):
            kept.append(line)
        else:
            report.skipped.append(
                _("Linje %(n)s kunne ikke leses: «%(line)s».") % {"n": number, "line": line[:60]}
            )
    return ("\r\n".join(kept) + "\r\n").encode()


def _moment(prop, what: str, summary: str, report: ImportReport):
    """An aware datetime, or None with the reason added to the report."""
    if prop is None:
        report.skipped.append(_("«%(s)s»: mangler %(what)s.") % {"s": summary, "what": what})
        return None
    value = prop.dt
    if not isinstance(value, dt.datetime):
        report.skipped.append(
            _("«%(s)s»: heldagshendelser uten klokkeslett importeres ikke.") % {"s": summary}
        )
        return None
    if value.tzinfo is None:
        if prop.params.get("TZID"):
            report.skipped.append(
                _("«%(s)s»: ukjent tidssone «%(tz)s».") % {"s": summary, "tz": prop.params.get("TZID")}
            )
            return None
        report.notes.append(
            _("«%(s)s»: tiden hadde ingen tidssone og er lest som norsk tid.") % {"s": summary}
        )
        return value.replace(tzinfo=dates.OSLO)
    return value


@transaction.atomic
def import_ics(grant: Grant, service, data: bytes) -> ImportReport:
    """Import a service's .ics file into the family's calendar (UID-based; see the module docstring).
    Only for a service this relation may book for the family (the consent covers it)."""
    report = ImportReport()
    if not bookable_services(grant).filter(pk=service.pk).exists():
        report.skipped.append(_("Du kan ikke legge inn timer for denne tjenesten hos familien."))
        return report
    user = grant.user
    try:
        calendar = icalendar.Calendar.from_ical(_clean_lines(data, report))
    except (ValueError, IndexError, KeyError) as error:
        report.skipped.append(_("Filen er ikke en iCalendar-fil (%(e)s).") % {"e": str(error)[:80]})
        return report
    family = grant.family
    places = {p.name.lower(): p for p in Place.objects.filter(municipality_id=family.municipality_id)}
    default_place = getattr(getattr(service, "calendar", None), "place", None)
    child = family.children.first()
    events = list(calendar.walk("VEVENT"))
    existing = {
        a.uid: a
        for a in Appointment.objects.filter(uid__in=[str(e.get("uid", "")) for e in events if e.get("uid")])
    }
    for event in events:
        summary = str(event.get("summary", "") or _("uten tittel"))[:120]
        uid = str(event.get("uid", "") or "").strip()
        if not uid:
            report.skipped.append(
                _("«%(s)s»: mangler UID, så den kan ikke holdes oppdatert.") % {"s": summary}
            )
            continue
        start = _moment(event.get("dtstart"), "DTSTART", summary, report)
        if start is None:
            continue
        if event.get("dtend") is not None:
            end = _moment(event.get("dtend"), "DTEND", summary, report)
            if end is None:
                continue
        elif event.get("duration") is not None:
            end = start + event.get("duration").dt
        else:
            end = start + dt.timedelta(hours=1)
        if end <= start:
            report.skipped.append(_("«%(s)s»: slutter før den starter.") % {"s": summary})
            continue
        location = str(event.get("location", "") or "").strip()
        place = places.get(location.lower(), default_place)
        cancelled = str(event.get("status", "")).upper() == "CANCELLED"
        sequence = int(event.get("sequence", 0) or 0)
        values = {
            "starts_at": start,
            "ends_at": end,
            "place": place,
            "status": AppointmentStatus.CANCELLED if cancelled else AppointmentStatus.CONFIRMED,
        }
        current = existing.get(uid)
        if current is None:
            Appointment.objects.create(
                family=family,
                child=child,
                service=service,
                title=service.name,
                kind=AppointmentKind.TREATMENT,
                uid=uid,
                sequence=sequence,
                source="import",
                created_by=user,
                notes="",
                **values,
            )
            report.created += 1
            continue
        if current.family_id != family.pk or current.service_id != service.pk:
            report.skipped.append(_("«%(s)s»: UID-en tilhører en annen avtale.") % {"s": summary})
            continue
        changed = [k for k, v in values.items() if getattr(current, k) != v]
        if not changed:
            report.unchanged += 1
            continue
        for k in changed:
            setattr(current, k, values[k])
        current.sequence = max(current.sequence + 1, sequence)
        current.updated_at = timezone.now()
        current.save()
        report.updated += 1
    if report.created or report.updated:
        audit.changed(family.pk, "calendar_import")
    return report
