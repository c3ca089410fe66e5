"""Casework in the API: the eligibility engine (exact contract) and a family's applications."""

from __future__ import annotations

import datetime
from typing import Literal

from django.http import Http404
from ninja import Router
from pydantic import BaseModel, ConfigDict

from los.api.types import READ, answers
from los.casework import eligibility as engine
from los.casework import selectors
from los.casework.eligibility_request import (
    MAX_SERVICE_NAME_LENGTH,
    MAX_SERVICES,
    EligibilityRequest,
    assessment_to_dict,
    facts_from_request,
)
from los.casework.models import Application
from los.core import access, dates
from los.core.access import Capability
from los.core.bounds import Id
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


def _declare_service_lists(schema: dict) -> None:
    # The request's validators bound the service lists; the schema says so too.
    for name in ("health_and_care_services", "other_welfare_services"):
        for option in schema["properties"][name].get("anyOf", []):
            if option.get("type") == "array":
                option["maxItems"] = MAX_SERVICES
                option["items"] = {"type": "string", "minLength": 1, "maxLength": MAX_SERVICE_NAME_LENGTH}


class EligibilityIn(EligibilityRequest):
    """The request of the eligibility engine, with the bounds of its service lists in the schema."""

    model_config = ConfigDict(json_schema_extra=_declare_service_lists)


@router.post(
    "/eligibility",
    response=answers({200: EligibilityOut}, 400, 401, 403, 422),
    summary="Vurder rett til individuell plan, koordinator og barnekoordinator",
)
def eligibility(request, payload: EligibilityIn):
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
    response=answers({200: list[ApplicationOut]}, *READ),
    summary="Familiens søknader med status og frister",
)
def list_applications(request, family_id: Id):
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
