"""Referrals in the API: list a family's referrals; the coordinator records a new one."""

import datetime

from ninja import Router, Schema, Status
from pydantic import Field

from los.api.types import READ, WRITE, Body, DateIn, answers
from los.core import access
from los.core.access import Capability
from los.core.bounds import RECORDED, Id
from los.people.models import Family

from . import selectors, services
from .models import Referral

router = Router(tags=["referrals"])


class ReferralOut(Schema):
    id: int
    family_id: int
    service_id: int | None
    organisation_id: int | None
    to: str
    reason: str
    sent_on: datetime.date
    status: str
    answered_on: datetime.date | None
    answer_note: str
    expected_start_on: datetime.date | None


class ReferralIn(Body):
    service_id: Id | None = Field(default=None, description="A service in the municipality, or")
    organisation_id: Id | None = Field(
        default=None, description="a patient and user organisation in the directory."
    )
    reason: str = Field(min_length=1, max_length=4000)
    sent_on: DateIn(RECORDED, "When it was sent (not in the future); today when absent.") | None = None


def _out(r: Referral) -> ReferralOut:
    return ReferralOut(
        id=r.pk,
        family_id=r.family_id,
        service_id=r.service_id,
        organisation_id=r.organisation_id,
        to=r.target_name,
        reason=r.reason,
        sent_on=r.sent_on,
        status=r.status,
        answered_on=r.answered_on,
        answer_note=r.answer_note,
        expected_start_on=r.expected_start_on,
    )


@router.get("/families/{family_id}/referrals", response=answers({200: list[ReferralOut]}, *READ))
def list_referrals(request, family_id: Id):
    """The family's referrals the caller may see (a professional: only to services the consent names)."""
    grant, _family = access.get(request, Family, family_id, Capability.VIEW, record_type="referrals")
    return [_out(r) for r in selectors.referrals(grant)]


@router.post("/families/{family_id}/referrals", response=answers({201: ReferralOut}, *WRITE))
def create_referral(request, family_id: Id, payload: ReferralIn):
    """The coordinator refers the family to a service or an organisation."""
    grant, family = access.get(
        request, Family, family_id, (Capability.STAFF_VIEW, Capability.COORDINATE), record_type="referrals"
    )
    referral = services.refer(
        family,
        request.user,
        reason=payload.reason,
        sent_on=payload.sent_on,
        service_id=payload.service_id,
        organisation_id=payload.organisation_id,
    )
    return Status(
        201,
        _out(access.visible(grant, Referral).get(pk=referral.pk)),
    )
