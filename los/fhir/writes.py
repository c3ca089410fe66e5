"""Writes through FHIR: a hospital's or other health system's appointment, sent with the personal token of
a professional on the family's team (`POST /Appointment`, `PUT /Appointment/<id>`).

Who may write is the calendar's policy (`los.calendar.policy`), through the guard (`los.core.access`):
only a professional on the team while an active consent covers their service (`grant.is_provider`), and
only for their own service. The coordinator, the family and the coordinating unit use Los itself; here
they are refused like anyone else (404). The change itself is made, checked and written to the family's
access log by the calendar's service (`los.calendar.services.appointments`); an appointment from another
system is a request the coordinator confirms (status requested), and the coordinator is told.

A body is a FHIR R4 Appointment (checked with `fhir.resources.R4B`); anything else, or a rule of the
calendar that refuses it, answers 400 with an OperationOutcome in bokmål and stores nothing."""

from __future__ import annotations

import datetime
import json

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from pydantic import ValidationError

from los.calendar import policy as calendar_policy
from los.calendar.models import Appointment
from los.calendar.services import appointments
from los.core import access, bounds, dates
from los.core.access import Capability, Grant
from los.core.errors import DomainError
from los.people.models import Child, Guardian

from . import mapping
from .http import FhirError, bad_request, not_found, read_id, resource_id
from .resources import Context, _appointment_rows
from .validation import InvalidResource, validate

SOURCE = "fhir"  # `Appointment.source` of an appointment sent through this API
MAX_BODY = 64 * 1024
TITLE_LENGTH = 120
NOTES_LENGTH = 1000
NOTIFICATION_KIND = "booking_request"


def _writer(grant: Grant) -> bool:
    """The relation that writes here: a professional on the team who may add appointments (for their own
    service, while the consent covers it)."""
    return grant.is_provider and calendar_policy.may_add(grant)


def _body(request) -> dict:
    if len(request.body) > MAX_BODY:
        raise FhirError(413, "too-costly", _("Ressursen er for stor."))
    try:
        body = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise bad_request(_("Innholdet er ikke gyldig JSON.")) from None
    if not isinstance(body, dict) or body.get("resourceType") != "Appointment":
        raise bad_request(_("Innholdet må være en FHIR-ressurs av typen Appointment."))
    try:
        validate(body)
    except (InvalidResource, ValidationError) as error:
        raise bad_request(
            _("Appointment-ressursen er ikke gyldig FHIR R4: %(reason)s") % {"reason": _reason(error)}
        ) from None
    return body


def _reason(error) -> str:
    """The first problem pydantic or the code check found: where, in FHIR's words (no values echoed)."""
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ()) if part != "__root__")
        return f"{where or 'Appointment'} ({first.get('type', 'invalid')})"[:200]
    return str(error).split(":")[0][:200]


def _instant(body: dict, name: str, label: str) -> datetime.datetime:
    value = body.get(name)
    if not value:
        raise bad_request(_("Avtalen mangler %(what)s (%(name)s).") % {"what": label, "name": name})
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise bad_request(_("%(name)s må være et tidspunkt med tidssone.") % {"name": name})
    try:
        bounds.APPOINTMENT.check(dates.local_day(moment))
    except ValueError as error:
        raise bad_request(str(error)) from None
    return moment


def _times(body: dict) -> tuple[datetime.datetime, datetime.datetime]:
    starts_at = _instant(body, "start", _("starttidspunkt"))
    ends_at = _instant(body, "end", _("sluttidspunkt"))
    if ends_at <= starts_at:
        raise bad_request(_("Sluttidspunktet må være etter starttidspunktet."))
    return starts_at, ends_at


def _text(body: dict, name: str, limit: int) -> str:
    value = (body.get(name) or "").strip()
    if len(value) > limit:
        raise bad_request(_("%(name)s kan ha høyst %(n)s tegn.") % {"name": name, "n": limit})
    return value


def _actors(body: dict, resource_type: str) -> list[int | None]:
    """The ids of the participants of `resource_type` (None for one that is not ours)."""
    found = []
    for participant in body.get("participant") or []:
        reference = ((participant.get("actor") or {}).get("reference")) or ""
        if reference.startswith(f"{resource_type}/"):
            found.append(resource_id(reference, resource_type))
    return found


def _patient_grant(request, body: dict) -> tuple[Grant, Child]:
    """The child the appointment is for (its one Patient participant), and the caller's grant to write
    in the child's family; 404 when the child is missing, not visible, or the caller may not write."""
    patients = _actors(body, "Patient")
    if len(patients) != 1:
        raise bad_request(_("Avtalen må ha nøyaktig én deltaker som er barnet (Patient/<id>)."))
    child_pk = patients[0]
    family_id = Child.objects.filter(pk=child_pk).values_list("family_id", flat=True).first()
    if child_pk is None or family_id is None:
        raise not_found()
    try:
        grant = access.family_for(request, family_id, _writer, record_type="appointment")
    except Http404:
        raise not_found() from None
    child = access.visible(grant, Child).filter(pk=child_pk).first()
    if child is None:
        raise not_found()
    return grant, child


def _guardians(grant: Grant, body: dict) -> list[Guardian]:
    wanted = _actors(body, "RelatedPerson")
    found = list(access.visible(grant, Guardian).filter(pk__in=[pk for pk in wanted if pk]))
    if len(found) != len(set(wanted)):
        raise bad_request(_("Ukjent foresatt (RelatedPerson) blant deltakerne."))
    return found


def _resource(grant: Grant, appointment_id: int) -> dict:
    row = _appointment_rows(access.visible(grant, Appointment)).get(pk=appointment_id)
    return mapping.appointment(row, Context(day=grant.day))


def _domain(error: DomainError) -> FhirError:
    return FhirError(409 if error.__class__.__name__ == "StaleEdit" else 400, "business-rule", error.message)


def create(request) -> tuple[dict, int]:
    """A new appointment from another system: a request to the family's coordinator, for the caller's own
    service. Returns the resource and its id."""
    body = _body(request)
    if body.get("status") in ("cancelled", "entered-in-error", "noshow", "fulfilled"):
        raise bad_request(_("En ny avtale kan ikke ha status «%(status)s».") % {"status": body["status"]})
    starts_at, ends_at = _times(body)
    grant, child = _patient_grant(request, body)
    data = {
        "child": child,
        "title": _text(body, "description", TITLE_LENGTH),
        "notes": _text(body, "comment", NOTES_LENGTH),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "guardians": _guardians(grant, body),
        "source": SOURCE,
    }
    try:
        appointment = appointments.create_appointment(grant, data)
    except DomainError as error:
        raise _domain(error) from None
    _tell_coordinators(appointment)
    return _resource(grant, appointment.pk), appointment.pk


def update(request, raw_id: str) -> dict:
    """Move (start, end) or cancel (status cancelled) an appointment of the caller's own service."""
    pk = read_id(raw_id, "Appointment")
    if pk is None:
        raise not_found()
    try:
        grant, appointment = access.get(
            request, Appointment, pk, Capability.VIEW, change=True, log=False, record_type="appointment"
        )
    except Http404:
        raise not_found() from None
    if not _writer(grant):
        raise not_found()
    body = _body(request)
    if body.get("id") != str(pk):
        raise bad_request(_("Ressursens id må være den samme som i adressen (%(id)s).") % {"id": pk})
    starts_at, ends_at = _times(body)
    current = mapping.appointment_status(appointment)
    status = body.get("status")
    if status not in (current, "cancelled"):
        raise bad_request(
            _("Bare start, slutt og status «cancelled» kan endres her; avtalen har status «%(status)s».")
            % {"status": current}
        )
    moved = (starts_at, ends_at) != (appointment.starts_at, appointment.ends_at)
    try:
        with transaction.atomic():  # both or neither
            if moved:
                appointment = appointments.update_appointment(
                    grant, appointment, {"starts_at": starts_at, "ends_at": ends_at}
                )
            if status == "cancelled" and not appointment.is_cancelled:
                appointments.cancel_appointment(grant, appointment)
    except DomainError as error:
        raise _domain(error) from None
    return _resource(grant, pk)


def _tell_coordinators(appointment: Appointment) -> None:
    """Tell the family's coordinators that a service asks for a time (in Los, and by e-mail as each chose),
    as a booking request tells the service: only those who may see the appointment now."""
    from los.notifications.services import notify
    from los.team.services.group import current_coordinators, reaching

    recipients = reaching(current_coordinators(appointment.family), appointment)
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        text = _(
            "%(service)s ber om en time %(when)s. Den står som forespurt i familiens kalender; flytt eller "
            "avlys den der om den ikke passer."
        ) % {
            "service": appointment.service.name if appointment.service_id else _("En tjeneste"),
            "when": f"{dates.local(appointment.starts_at):%d.%m. kl. %H.%M}",
        }
    notify(
        recipients,
        NOTIFICATION_KIND,
        text,
        url=reverse("calendar:agenda", args=[appointment.family_id]),
        family=appointment.family,
        child=appointment.child,
    )
