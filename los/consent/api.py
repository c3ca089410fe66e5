"""Consents in the API: guardians give, sign and withdraw; staff register a consent given on paper."""

import datetime

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import Field

from los.api.types import Body, IsoDate, Message, ValidationMessage
from los.core import access
from los.core.access import Capability
from los.core.errors import DomainError

from . import services
from .models import Consent, ConsentSignature

router = Router(tags=["consents"])


class ConsentIn(Body):
    services: list[int] = Field(description="Service ids the consent covers (at least one).")
    starts_on: IsoDate | None = None
    ends_on: IsoDate | None = None
    purpose: str = Field(default="", max_length=300)
    covers_individual_plan: bool = False
    guardian_ids: list[int] = Field(
        default_factory=list, description="Staff only: the guardians who gave the consent on paper."
    )


class WithdrawIn(Body):
    reason: str = Field(default="", max_length=300)


class SignatureOut(Schema):
    guardian_id: int
    guardian: str
    given_at: datetime.datetime


class ConsentOut(Schema):
    id: int
    family_id: int
    status: str
    services: list[int]
    service_names: list[str]
    purpose: str
    covers_individual_plan: bool
    starts_on: datetime.date
    ends_on: datetime.date | None
    created_at: datetime.datetime
    effective_at: datetime.datetime | None
    withdrawn_at: datetime.datetime | None
    signatures: list[SignatureOut]


def consent_out(c: Consent) -> ConsentOut:
    svc = list(c.services.all())
    return ConsentOut(
        id=c.pk,
        family_id=c.family_id,
        status=c.status,
        services=[s.pk for s in svc],
        service_names=[s.name for s in svc],
        purpose=c.purpose,
        covers_individual_plan=c.covers_individual_plan,
        starts_on=c.starts_on,
        ends_on=c.ends_on,
        created_at=c.created_at,
        effective_at=c.effective_at,
        withdrawn_at=c.withdrawn_at,
        signatures=[
            SignatureOut(guardian_id=s.guardian_id, guardian=s.guardian.full_name, given_at=s.given_at)
            for s in c.signatures.all()
        ],
    )


def _consents(family_id):
    return (
        Consent.objects.filter(family_id=family_id)
        .prefetch_related(
            "services", Prefetch("signatures", queryset=ConsentSignature.objects.select_related("guardian"))
        )
        .order_by("-created_at", "-id")
    )


@router.get("/families/{family_id}/consents", response={200: list[ConsentOut], 401: Message, 404: Message})
def list_consents(request, family_id: int):
    access.require_family(request, family_id, record_type="consents")
    return [consent_out(c) for c in _consents(family_id)]


@router.post(
    "/families/{family_id}/consents",
    response={201: ConsentOut, 401: Message, 404: Message, 422: ValidationMessage},
)
def create_consent(request, family_id: int, payload: ConsentIn):
    found = access.access_for(request.user, family_id)
    if found is None:
        access.require_family(request, family_id)  # raises 404
    as_guardian = found.can(Capability.MANAGE_CONSENT)
    capability = Capability.MANAGE_CONSENT if as_guardian else Capability.RECORD_CONSENT
    granted = access.require_family(request, family_id, capability, record_type="consent")
    consent = services.record_consent(
        family=granted.family,
        by_user=request.user,
        as_guardian=as_guardian,
        service_ids=payload.services,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        purpose=payload.purpose,
        covers_individual_plan=payload.covers_individual_plan,
        guardian_ids=payload.guardian_ids,
    )
    return Status(201, consent_out(_consents(family_id).get(pk=consent.pk)))


def _consent_for(request, consent_id: int, capability: Capability) -> Consent:
    family_id = Consent.objects.filter(pk=consent_id).values_list("family_id", flat=True).first()
    if family_id is None:
        access.require_family(request, -1)  # answers exactly as a family the caller may not see
    access.require_family(request, family_id, capability, record_type="consent", record_id=consent_id)
    return get_object_or_404(Consent.objects.select_related("family__municipality"), pk=consent_id)


@router.post(
    "/consents/{consent_id}/withdraw",
    response={200: ConsentOut, 401: Message, 404: Message, 422: ValidationMessage},
)
def withdraw_consent(request, consent_id: int, payload: WithdrawIn | None = None):
    consent = _consent_for(request, consent_id, Capability.MANAGE_CONSENT)
    services.withdraw_consent(consent, request.user, payload.reason if payload else "")
    return consent_out(_consents(consent.family_id).get(pk=consent_id))


@router.post(
    "/consents/{consent_id}/sign",
    response={200: ConsentOut, 401: Message, 404: Message, 422: ValidationMessage},
)
def sign_consent(request, consent_id: int):
    consent = _consent_for(request, consent_id, Capability.MANAGE_CONSENT)
    guardian = services.guardian_for(request.user, consent.family)
    if guardian is None:
        raise DomainError("Bare foresatte med foreldreansvar kan samtykke for barnet.")
    services.sign_consent(consent, guardian, request.user)
    return consent_out(_consents(consent.family_id).get(pk=consent_id))
