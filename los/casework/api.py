"""Casework in the API: the eligibility engine (exact contract) and a family's applications."""

from __future__ import annotations

import datetime
from typing import Literal

from django.http import Http404
from ninja import Router
from pydantic import BaseModel

from los.api.types import Message, ValidationMessage
from los.casework import eligibility as engine
from los.casework import selectors
from los.casework.eligibility_request import EligibilityRequest, assessment_to_dict, facts_from_request
from los.casework.models import Application
from los.core import access, dates
from los.core.access import Capability
from los.people.models import Family

router = Router(tags=["casework"])

StatusValue = Literal["yes", "no", "unknown"]


class CriterionOut(BaseModel):
    code: str
    text: str
    status: StatusValue
    law: str


class RightOut(BaseModel):
    status: StatusValue
    law: list[str]
    criteria: list[CriterionOut]


class ChildCoordinatorOut(RightOut):
    appoint: bool | None


class RightsOut(BaseModel):
    individual_plan: RightOut
    coordinator: RightOut
    child_coordinator: ChildCoordinatorOut


class NoteOut(BaseModel):
    code: str
    text: str


class EligibilityOut(BaseModel):
    assessed_on: datetime.date
    rights: RightsOut
    notes: list[NoteOut]


@router.post(
    "/eligibility",
    response={200: EligibilityOut, 401: Message, 422: ValidationMessage},
    summary="Vurder rett til individuell plan, koordinator og barnekoordinator",
)
def eligibility(request, payload: EligibilityRequest):
    """The eligibility engine (pasient- og brukerrettighetsloven §§ 2-5, 2-5 b, 2-5 c). Every field is
    optional; a boolean that is null or absent is unknown. Stores nothing and reads no family data."""
    return assessment_to_dict(engine.assess(facts_from_request(payload)))


class ApplicationOut(BaseModel):
    id: int
    received_on: datetime.date
    channel: str
    status: str
    stage: str
    wants: list[str]
    child_id: int | None
    interim_reply_due: datetime.date
    interim_reply_sent_on: datetime.date | None
    days_left: int | None
    decision_id: int | None
    complaint_state: str | None


@router.get(
    "/families/{family_id}/applications",
    response={200: list[ApplicationOut], 401: Message, 404: Message},
    summary="Familiens søknader med status og frister",
)
def list_applications(request, family_id: int):
    """The case is the coordinating unit's and the family's: the coordinator and the professionals on
    the team get 404 (the record policy keeps them out of the case area)."""
    grant, _family = access.get(
        request, Family, family_id, Capability.VIEW, record_type="application", log=False
    )
    if not (grant.can(Capability.MANAGE_CASE) or grant.can(Capability.ACT_AS_FAMILY)):
        raise Http404
    access.log_read(request, grant, "application")
    today = dates.today()
    applications = selectors.with_case_relations(access.visible(grant, Application)).order_by(
        "-received_on", "-id"
    )
    out = []
    for application in applications:
        row = selectors.case_row(application, today)
        out.append(
            ApplicationOut(
                id=application.pk,
                received_on=application.received_on,
                channel=application.channel,
                status=application.status,
                stage=row.stage,
                wants=list(application.wanted_rights),
                child_id=application.child_id,
                interim_reply_due=row.interim_due,
                interim_reply_sent_on=row.interim_reply_sent_on,
                days_left=row.days_left,
                decision_id=row.decision.pk if row.decision else None,
                complaint_state=row.complaint.state if row.complaint else None,
            )
        )
    return out
