"""Consents in the API: guardians give, sign and withdraw; staff register a consent given on paper."""

import datetime

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from los.api.types import CONFLICT, READ, WRITE, Body, DateIn, answers
from los.core import access
from los.core.access import Capability
from los.core.bounds import VALIDITY, Id, IdList, NonEmptyIdList
from los.core.errors import DomainError
from los.people.models import Family

from . import services
from .models import Consent, ConsentSignature

router = Router(tags=["consents"])


class ConsentIn(Body):
    services: NonEmptyIdList = Field(description="Service ids the consent covers (at least one).")
    starts_on: DateIn(VALIDITY, "From; today when absent.") | None = None
    ends_on: DateIn(VALIDITY, "Until; open-ended when absent.") | None = None
    purpose: str = Field(default="", max_length=300)
    covers_individual_plan: bool = False
    guardian_ids: IdList = Field(
        default_factory=list, description="Staff only: the guardians who gave the consent on paper."
    )


class WithdrawIn(Body):
    reason: str = Field(default="", max_length=300)


class SignIn(Body):
    version: str | None = Field(
        default=None,
        max_length=64,
        description="The consent's `version` as the guardian saw it: if it changed since, nothing is saved.",
    )


class SignatureOut(Schema):
    guardian_id: int
    guardian: str
    given_at: datetime.datetime
    on_paper: bool = Field(default=False, description="Given on a paper form that staff registered.")
    signed_on: datetime.date | None = Field(default=None, description="The date on the paper form.")


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
    version: str = Field(description="What the consent says, as a fingerprint: send it back when signing.")


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
            SignatureOut(
                guardian_id=s.guardian_id,
                guardian=s.guardian.full_name,
                given_at=s.given_at,
                on_paper=s.on_paper,
                signed_on=s.signed_on,
            )
            for s in c.signatures.all()
        ],
        version=services.version_of(c, [s.pk for s in svc]),
    )


def _consents(grant):
    return (
        access.visible(grant, Consent)
        .prefetch_related(
            "services", Prefetch("signatures", queryset=ConsentSignature.objects.select_related("guardian"))
        )
        .order_by("-created_at", "-id")
    )


@router.get("/families/{family_id}/consents", response=answers({200: list[ConsentOut]}, *READ))
def list_consents(request, family_id: Id):
    grant, _family = access.get(request, Family, family_id, Capability.VIEW, record_type="consents")
    return [consent_out(c) for c in _consents(grant)]


@router.post("/families/{family_id}/consents", response=answers({201: ConsentOut}, *WRITE))
def create_consent(request, family_id: Id, payload: ConsentIn):
    """A guardian gives a consent; staff register one given on paper, naming the guardians who signed."""
    grant, family = access.get(request, Family, family_id, Capability.VIEW, record_type="consent")
    as_guardian = grant.can(Capability.MANAGE_CONSENT)
    if not as_guardian and not grant.can(Capability.RECORD_CONSENT):
        raise Http404(access.NOT_FOUND)
    consent = services.record_consent(
        family=family,
        by_user=request.user,
        as_guardian=as_guardian,
        service_ids=payload.services,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        purpose=payload.purpose,
        covers_individual_plan=payload.covers_individual_plan,
        guardian_ids=payload.guardian_ids,
    )
    return Status(201, consent_out(_consents(grant).get(pk=consent.pk)))


@router.post("/consents/{consent_id}/withdraw", response=answers({200: ConsentOut}, *WRITE, CONFLICT))
def withdraw_consent(request, consent_id: Id, payload: WithdrawIn | None = None):
    grant, consent = access.get(request, Consent, consent_id, Capability.MANAGE_CONSENT)
    services.withdraw_consent(consent, request.user, payload.reason if payload else "")
    return consent_out(_consents(grant).get(pk=consent_id))


@router.post("/consents/{consent_id}/sign", response=answers({200: ConsentOut}, *WRITE, CONFLICT))
def sign_consent(request, consent_id: Id, payload: SignIn | None = None):
    grant, consent = access.get(request, Consent, consent_id, Capability.MANAGE_CONSENT)
    guardian = services.guardian_for(request.user, grant.family)
    if guardian is None:
        raise DomainError(_("Bare foresatte med foreldreansvar kan samtykke for barnet."))
    services.sign_consent(consent, guardian, request.user, seen_version=payload.version if payload else None)
    return consent_out(_consents(grant).get(pk=consent_id))
