"""Adding, changing and cancelling appointments in the child's calendar.

Who may add or change which appointment is the calendar's policy (`los.calendar.policy`: `may_add`,
`may_change`, `bookable_services`). Each change raises the appointment's ``sequence`` so subscribed
calendars update (RFC 5545 § 3.8.7.4), and is written to the family's access log by the function that
made it (pasientjournalloven § 22).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from los.core import audit, dates, versions
from los.core.access import Capability, Grant
from los.core.errors import DomainError

from .. import policy, selectors
from ..models import (
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    BookingRequest,
    RequestState,
    ServiceCalendar,
)

# Another system's booking (a hospital's, through the FHIR API, `data["source"]`): a professional's
# appointment from there is a request the coordinator confirms, not a confirmed time.
REQUEST_SOURCES = frozenset({"fhir"})


def _validate(grant: Grant, data: dict) -> None:
    if data["ends_at"] <= data["starts_at"]:
        raise DomainError(_("Sluttidspunktet må være etter starttidspunktet."), field="end_time")
    service = data.get("service")
    if service is not None and not policy.bookable_services(grant).filter(pk=service.pk).exists():
        raise DomainError(_("Du kan ikke sette opp timer for denne tjenesten hos familien."), field="service")
    if service is None and not (policy.is_family(grant) or grant.can(Capability.COORDINATE)):
        raise DomainError(_("Velg tjenesten timen gjelder."), field="service")
    place = data.get("place")
    if place is not None and place.municipality_id != grant.family.municipality_id:
        raise DomainError(_("Ukjent sted."), field="place")
    child = data.get("child")
    if child is not None and child.family_id != grant.family.pk:
        raise DomainError(_("Ukjent barn."), field="child")
    for g in data.get("guardians") or []:
        if g.family_id != grant.family.pk:
            raise DomainError(_("Ukjent foresatt."), field="guardians")


def _default_place(service):
    if service is None:
        return None
    calendar = ServiceCalendar.objects.filter(service=service).first()
    return calendar.place if calendar else None


@transaction.atomic
def create_appointment(grant: Grant, data: dict) -> Appointment:
    """Add an appointment. The family's own entries are confirmed at once; a service's own booking is
    confirmed, unless it comes from another system (`REQUEST_SOURCES`): then it is requested until the
    coordinator confirms it; the coordinator's is planned until the service confirms it. It is for the
    child `data` names, for the whole family when it names None, and for the family's first child when
    it names none (the API and older callers)."""
    if not policy.may_add(grant):
        raise DomainError(_("Du kan ikke legge inn avtaler for denne familien."))
    if grant.is_provider and data.get("service") is None:
        # A professional books for their own service; with only one, it need not be named.
        own = list(policy.bookable_services(grant)[:2])
        if len(own) == 1:
            data = {**data, "service": own[0]}
    _validate(grant, data)
    user = grant.user
    service = data.get("service")
    if policy.is_family(grant):
        status, source = AppointmentStatus.CONFIRMED, "family"
    elif grant.is_provider and data.get("source") in REQUEST_SOURCES:
        status, source = AppointmentStatus.REQUESTED, data["source"]
    elif grant.is_provider:
        status, source = AppointmentStatus.CONFIRMED, "los"
    else:
        status, source = data.get("status") or AppointmentStatus.PLANNED, "los"
    professional = getattr(user, "professional", None) if grant.is_provider else None
    appointment = Appointment.objects.create(
        family=grant.family,
        child=data["child"] if "child" in data else grant.family.children.first(),
        service=service,
        professional=professional,
        title=data.get("title") or "",
        kind=data.get("kind") or AppointmentKind.TREATMENT,
        status=status,
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        place=data.get("place") or _default_place(service),
        child_attends=data.get("child_attends", True),
        notes=data.get("notes") or "",
        source=source,
        created_by=user,
    )
    if data.get("guardians"):
        appointment.guardians.set(data["guardians"])
    audit.changed(grant.family.pk, "appointment", appointment.pk)
    return appointment


@transaction.atomic
def update_appointment(
    grant: Grant, appointment: Appointment, data: dict, lock_version: int | None = None
) -> Appointment:
    """Change an appointment this relation may change (`policy.may_change`); a cancelled one stays as it
    is. The family never changes the service (its own entries name none). Refused when someone changed
    the appointment after the page showed `lock_version`."""
    if not policy.may_change(grant, appointment):
        raise DomainError(_("Du kan ikke endre denne avtalen."))
    if appointment.is_cancelled:
        raise DomainError(_("Avtalen er avlyst og kan ikke endres."))
    if not policy.may_choose_service(grant):
        data = {key: value for key, value in data.items() if key != "service"}
    _validate(grant, {**data, "service": data.get("service", appointment.service)})
    _claim(grant, appointment, lock_version)
    for name in [
        "title",
        "kind",
        "starts_at",
        "ends_at",
        "place",
        "child_attends",
        "notes",
        "service",
        "child",
    ]:
        if name in data:
            setattr(appointment, name, data[name])
    appointment.sequence += 1
    appointment.updated_at = timezone.now()
    appointment.save()
    if "guardians" in data:
        appointment.guardians.set(data["guardians"] or [])
    audit.changed(grant.family.pk, "appointment", appointment.pk)
    return appointment


@transaction.atomic
def cancel_appointment(
    grant: Grant, appointment: Appointment, lock_version: int | None = None
) -> Appointment:
    """Cancel (never delete): subscribers get STATUS:CANCELLED with a higher SEQUENCE. Refused when
    someone changed the appointment after the page showed `lock_version` (it may have moved)."""
    if not policy.may_change(grant, appointment):
        raise DomainError(_("Du kan ikke avlyse denne avtalen."))
    if appointment.is_cancelled:
        return appointment
    _claim(grant, appointment, lock_version, button=True)
    appointment.status = AppointmentStatus.CANCELLED
    appointment.sequence += 1
    appointment.updated_at = timezone.now()
    appointment.save(update_fields=["status", "sequence", "updated_at", "lock_version"])
    BookingRequest.objects.filter(appointment=appointment, state=RequestState.PENDING).update(
        state=RequestState.WITHDRAWN
    )
    audit.changed(grant.family.pk, "appointment", appointment.pk)
    return appointment


def _claim(grant: Grant, appointment: Appointment, lock_version: int | None, button: bool = False) -> None:
    versions.claim(
        appointment,
        lock_version,
        what=_("avtalen"),
        family_id=grant.family.pk,
        record_type="appointment",
        changed_at="updated_at",
        button=button,
    )


def conflicts_on_save(grant: Grant, appointment: Appointment) -> list:
    """The conflicts the saved appointment takes part in, for the message after saving: among the
    appointments and meetings this relation sees, as on the calendar page (a message must not name an
    appointment the relation may not see)."""
    begin = dates.at(dates.local_day(appointment.starts_at), dt.time(0))
    items = [
        i for i in selectors.calendar_items(grant, begin, begin + dt.timedelta(days=1)) if not i.is_cancelled
    ]
    selectors.annotate_conflicts(grant, items)
    for item in items:
        if item.appointment is not None and item.appointment.pk == appointment.pk:
            return item.conflicts
    return []
