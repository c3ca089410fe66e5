"""The child's calendar in the API: list, add and cancel appointments. Same rules and the same list as
the pages and the feeds: the record policy decides the family and which appointments each relation sees
(`selectors.calendar_appointments`)."""

import datetime

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from los.api.types import CONFLICT, MAX_PAGE, READ, Body, LocalTimeIn, answers
from los.core import access, dates, paging
from los.core.access import Capability
from los.core.bounds import APPOINTMENT, Id, IdList
from los.core.errors import DomainError
from los.people.models import Family, Guardian, Service

from . import policy, selectors
from .models import Appointment, AppointmentKind, Place
from .services import appointments

router = Router(tags=["calendar"])


class AppointmentIn(Body):
    service_id: Id | None = Field(default=None, description="The service; none for the family's own entries.")
    title: str = Field(default="", max_length=120)
    kind: AppointmentKind = Field(default=AppointmentKind.TREATMENT, strict=False)
    starts_at: LocalTimeIn(APPOINTMENT, "Start, within five years from today.")
    ends_at: LocalTimeIn(APPOINTMENT, "End, after the start.")
    place_id: Id | None = None
    child_attends: bool = True
    guardian_ids: IdList = Field(default_factory=list)
    notes: str = Field(default="", max_length=1000)


class AppointmentOut(Schema):
    id: int
    uid: str
    sequence: int
    family_id: int
    service_id: int | None
    title: str
    kind: str
    status: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str | None
    child_attends: bool
    guardian_ids: list[int]


def appointment_out(a) -> AppointmentOut:
    return AppointmentOut(
        id=a.pk,
        uid=a.uid,
        sequence=a.sequence,
        family_id=a.family_id,
        service_id=a.service_id,
        title=a.label,
        kind=a.kind,
        status=a.status,
        starts_at=dates.local(a.starts_at),
        ends_at=dates.local(a.ends_at),
        place=a.place.name if a.place_id else None,
        child_attends=a.child_attends,
        guardian_ids=[g.pk for g in a.guardians.all()],
    )


@router.get("/families/{family_id}/appointments", response=answers({200: list[AppointmentOut]}, *READ))
def list_appointments(
    request,
    family_id: Id,
    response: HttpResponse,
    page: int = Query(1, ge=1, le=MAX_PAGE),
    page_size: int = Query(paging.API_PAGE_SIZE, ge=1, le=paging.API_MAX_PAGE_SIZE),
):
    """The family's appointments this caller sees, oldest first, a page at a time (X-Total-Count has the
    total)."""
    grant, _family = access.get(request, Family, family_id, Capability.VIEW, record_type="calendar")
    found = paging.api_page(response, selectors.calendar_appointments(grant), page, page_size)
    return [appointment_out(a) for a in found]


@router.post(
    "/families/{family_id}/appointments", response=answers({201: AppointmentOut}, 400, 401, 403, 404, 422)
)
def create_appointment(request, family_id: Id, payload: AppointmentIn):
    grant = access.family_for(request, family_id, policy.may_add, record_type="appointment")
    family = grant.family
    data = {
        "service": None,
        "title": payload.title,
        "kind": payload.kind,
        "starts_at": payload.starts_at,
        "ends_at": payload.ends_at,
        "place": None,
        "child_attends": payload.child_attends,
        "guardians": list(Guardian.objects.filter(family=family, pk__in=payload.guardian_ids)),
        "notes": payload.notes,
    }
    if payload.service_id is not None:
        data["service"] = Service.objects.filter(pk=payload.service_id).first()
        if data["service"] is None:
            raise DomainError(_("Ukjent tjeneste."), "service_id")
    if payload.place_id is not None:
        data["place"] = Place.objects.filter(
            pk=payload.place_id, municipality_id=family.municipality_id
        ).first()
        if data["place"] is None:
            raise DomainError(_("Ukjent sted."), "place_id")
    if len(data["guardians"]) != len(set(payload.guardian_ids)):
        raise DomainError(_("Ukjent foresatt."), "guardian_ids")
    appointment = appointments.create_appointment(grant, data)
    return Status(201, appointment_out(selectors.calendar_appointments(grant).get(pk=appointment.pk)))


@router.post(
    "/families/{family_id}/appointments/{appointment_id}/cancel",
    response=answers({200: AppointmentOut}, 401, 403, 404, 422, CONFLICT),
)
def cancel_appointment(request, family_id: Id, appointment_id: Id):
    grant, appointment = access.get(
        request,
        Appointment,
        appointment_id,
        Capability.VIEW,
        queryset=Appointment.objects.filter(family_id=family_id),
    )
    appointments.cancel_appointment(grant, appointment)
    return appointment_out(selectors.calendar_appointments(grant).get(pk=appointment_id))
