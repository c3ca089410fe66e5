"""Import of a service's own .ics file into the family's calendar.

The file is read event by event (`ical_reader`): a file over the size or event cap is refused before
anything is imported, and each bad event is skipped and reported with its line and reason. The good events
are saved in one transaction, so a failure while saving leaves nothing half-written. Import is UID-based: a
second import of the same file updates the appointments instead of adding new ones, and a UID that belongs
to another family's or service's appointment is skipped, never taken over. Only for a service this relation
may book for the family (the consent covers it: helsepersonelloven §§ 21-22).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from los.core import audit, versions
from los.core.access import Grant
from los.core.errors import DomainError

from ..ical_reader import MAX_SEQUENCE, ImportedEvent, SkippedEvent, read_events
from ..models import Appointment, AppointmentKind, AppointmentStatus, Place
from ..policy import bookable_services

#: Rows per INSERT or UPDATE statement when saving a large file.
BATCH_SIZE = 500
#: What an import changes on an appointment it updates.
_UPDATED = ("starts_at", "ends_at", "place", "status", "sequence", "updated_at", versions.FIELD)


@dataclass
class ImportReport:
    """What an import did: appointments created, updated and unchanged; the events skipped (line and
    reason); and notes on what was read generously (floating times, recurring events, unreadable lines)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[SkippedEvent] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def import_ics(grant: Grant, service, data: bytes) -> ImportReport:
    """Import a service's .ics file into the family's calendar: the good events saved together, each bad
    one reported and skipped. Only for a service this relation may book for the family, since booking tells
    the service about the child (helsepersonelloven §§ 21-22)."""
    if not bookable_services(grant).filter(pk=service.pk).exists():
        raise DomainError(_("Du kan ikke legge inn timer for denne tjenesten hos familien."), field="service")
    reading = read_events(data)
    report = ImportReport(notes=reading.notes)
    try:
        with transaction.atomic():
            _save(grant, service, reading.events, report)
    except IntegrityError:
        # Another import of the same UIDs committed between our read and our insert.
        raise DomainError(
            _("Timene ble endret av en annen import samtidig. Ingenting er importert; prøv igjen."),
            field="file",
        ) from None
    report.skipped = sorted(reading.skipped + report.skipped, key=lambda s: (s.line or 0, s.number or 0))
    return report


def _save(grant: Grant, service, events: list[ImportedEvent], report: ImportReport) -> None:
    family = grant.family
    places = {p.name.lower(): p for p in Place.objects.filter(municipality_id=family.municipality_id)}
    default_place = getattr(getattr(service, "calendar", None), "place", None)
    child = family.children.first()
    existing = {
        a.uid: a
        for a in Appointment.objects.select_for_update().filter(uid__in=[event.uid for event in events])
    }
    now = timezone.now()
    new, changed = [], []
    for event in events:
        place = places.get(event.location.lower(), default_place)
        values = {
            "starts_at": event.starts_at,
            "ends_at": event.ends_at,
            "place_id": place.pk if place else None,
            "status": AppointmentStatus.CANCELLED if event.cancelled else AppointmentStatus.CONFIRMED,
        }
        current = existing.get(event.uid)
        if current is None:
            new.append(
                Appointment(
                    family=family,
                    child=child,
                    service=service,
                    title=service.name,
                    kind=AppointmentKind.TREATMENT,
                    uid=event.uid,
                    sequence=event.sequence,
                    source="import",
                    created_by=grant.user,
                    notes="",
                    created_at=now,
                    updated_at=now,
                    **values,
                )
            )
        elif current.family_id != family.pk or current.service_id != service.pk:
            report.skipped.append(
                SkippedEvent(event.line, event.number, event.title, _("UID-en tilhører en annen avtale."))
            )
        elif differs := [name for name, value in values.items() if getattr(current, name) != value]:
            for name in differs:
                setattr(current, name, values[name])
            current.sequence = min(max(current.sequence + 1, event.sequence), MAX_SEQUENCE)
            current.updated_at = now
            # A page opened on the appointment before the import is now stale (los.core.versions).
            setattr(current, versions.FIELD, versions.NEXT)
            changed.append(current)
        else:
            report.unchanged += 1
    Appointment.objects.bulk_create(new, batch_size=BATCH_SIZE)
    Appointment.objects.bulk_update(changed, _UPDATED, batch_size=BATCH_SIZE)
    report.created, report.updated = len(new), len(changed)
    if new or changed:
        audit.changed(family.pk, "calendar_import")
