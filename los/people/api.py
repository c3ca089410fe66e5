"""Families in the API. Every endpoint starts from the access policy and writes the access log."""

import datetime

from django.core.paginator import Paginator
from django.http import HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from los.api.types import MAX_PAGE, READ, answers
from los.core import access
from los.core.access import Capability
from los.core.bounds import Id

from . import selectors
from .models import Family

router = Router(tags=["families"])


class FamilySummary(Schema):
    id: int
    name: str
    municipality: str
    access_reason: str


class ChildOut(Schema):
    id: int
    first_name: str
    last_name: str
    birth_date: datetime.date | None
    expected_due_date: datetime.date | None
    unborn: bool


class GuardianOut(Schema):
    id: int
    first_name: str
    last_name: str
    email: str
    phone: str
    parental_responsibility: str
    preferred_language: str
    interpreter_needed: bool


class ServiceOut(Schema):
    service_id: int
    service: str
    organisation: str
    sector: str
    service_type_code: str
    professional: str
    role: str
    phone: str
    email: str


class CoordinatorOut(Schema):
    name: str
    kind: str
    since: datetime.date


class FamilyOut(Schema):
    id: int
    name: str
    municipality: str
    access_reason: str
    children: list[ChildOut]
    guardians: list[GuardianOut]
    services: list[ServiceOut]
    coordinator: CoordinatorOut | None


class AccessLogOut(Schema):
    at: datetime.datetime
    who: str = Field(description="The person's name as it was when the row was written.")
    role: str = Field(description="Their role code as it was when the row was written.")
    role_label: str
    action: str
    record_type: str
    record_id: str
    reason: str
    reason_text: str = Field(description="Why they had access, in plain words (with a stated need to know).")
    purpose: str = Field(description="The stated need to know (tjenstlig behov), if any.")
    channel: str
    ip_address: str | None


class AccessLogPage(Schema):
    count: int
    page: int
    pages: int
    results: list[AccessLogOut]


@router.get("/families", response=answers({200: list[FamilySummary]}, 401, 422))
def list_families(
    request,
    response: HttpResponse,
    page: int = Query(1, ge=1, le=MAX_PAGE),
    page_size: int = Query(50, ge=1, le=100),
):
    """The families the caller may see, by name, a page at a time (X-Total-Count has the total)."""
    visible = access.visible_families(request.user).select_related("municipality").order_by("name", "id")
    paginator = Paginator(visible, page_size)
    families = list(paginator.get_page(page).object_list) if page <= paginator.num_pages else []
    response["X-Total-Count"] = str(paginator.count)
    access.log_family_list(request, families)
    return [
        FamilySummary(id=f.pk, name=f.name, municipality=f.municipality.name, access_reason=f.access_reason)
        for f in families
    ]


def family_out(family, reason: str) -> FamilyOut:
    assignment = family.current_assignments[0] if family.current_assignments else None
    return FamilyOut(
        id=family.pk,
        name=family.name,
        municipality=family.municipality.name,
        access_reason=reason,
        children=[
            ChildOut(
                id=c.pk,
                first_name=c.first_name,
                last_name=c.last_name,
                birth_date=c.birth_date,
                expected_due_date=c.expected_due_date,
                unborn=c.is_unborn,
            )
            for c in family.children.all()
        ],
        guardians=[GuardianOut.model_validate(g, from_attributes=True) for g in family.guardians.all()],
        services=[
            ServiceOut(
                service_id=m.service_id,
                service=m.service.name,
                organisation=m.service.organisation.name,
                sector=m.service.sector,
                service_type_code=m.service.service_type_code,
                professional=m.professional.user.get_full_name(),
                role=m.role,
                phone=m.professional.user.phone or m.service.phone,
                email=m.professional.user.email or m.service.email,
            )
            for m in family.current_team
        ],
        coordinator=CoordinatorOut(
            name=assignment.coordinator.get_full_name(), kind=assignment.kind, since=assignment.starts_on
        )
        if assignment
        else None,
    )


@router.get("/families/{family_id}", response=answers({200: FamilyOut}, *READ))
def get_family(request, family_id: Id):
    grant, _family = access.get(request, Family, family_id, Capability.VIEW, record_type="family")
    return family_out(selectors.family_detail(grant), grant.reason)


@router.get("/families/{family_id}/access-log", response=answers({200: AccessLogPage}, *READ))
def family_access_log(request, family_id: Id, page: int = Query(1, ge=1, le=MAX_PAGE)):
    """Who read or changed the family's data, newest first: name, role and reason as stored in each row."""
    grant, _family = access.get(
        request, Family, family_id, Capability.READ_ACCESS_LOG, record_type="access_log"
    )
    current = selectors.access_log_page(grant.family.pk, page, 50)
    return AccessLogPage(
        count=current.paginator.count,
        page=current.number,
        pages=current.paginator.num_pages,
        results=[
            AccessLogOut(
                at=e.at,
                who=e.who,
                role=e.actor_role,
                role_label=e.role_label,
                action=e.action,
                record_type=e.record_type,
                record_id=e.record_id,
                reason=e.reason,
                reason_text=e.reason_text,
                purpose=e.purpose,
                channel=e.channel,
                ip_address=e.ip_address,
            )
            for e in current.object_list
        ],
    )
