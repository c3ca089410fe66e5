"""The individual plan in the API (the relay log's endpoints are in `los.team.api`). Reads go through the
access policy and its log."""

import datetime

from ninja import Router, Schema, Status

from los.api.types import READ, Message, answers
from los.core import access
from los.core.access import Capability
from los.core.bounds import Id
from los.people.models import Family

from . import selectors
from .services import PLAN

router = Router(tags=["plans"])


class MeasureOut(Schema):
    id: int
    lineage: str
    description: str
    responsible_service_id: int | None
    responsible_service: str | None
    responsible_person: str | None
    scope: str
    how: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    evaluate_on: datetime.date | None


class GoalOut(Schema):
    id: int
    lineage: str
    text: str
    voice: str
    measures: list[MeasureOut]


class ParticipantOut(Schema):
    name: str
    role: str
    service_id: int | None


class VersionSummary(Schema):
    number: int
    created_at: datetime.datetime
    frozen_at: datetime.datetime | None
    revision_note: str


class PlanOut(Schema):
    family_id: int
    version: int
    created_at: datetime.datetime
    goals: list[GoalOut]
    resources: str
    needs: str
    participants: list[ParticipantOut]
    coordinator: str
    child_contribution: str
    relatives_contribution: str
    services_contribution: str
    others_contribution: str
    period_start: datetime.date
    period_end: datetime.date | None
    next_revision_on: datetime.date
    consent_id: int
    consent_service_ids: list[int]
    cooperation: str
    versions: list[VersionSummary]


def _measure(m) -> MeasureOut:
    return MeasureOut(
        id=m.pk,
        lineage=str(m.lineage),
        description=m.description,
        responsible_service_id=m.responsible_service_id,
        responsible_service=m.responsible_service.name if m.responsible_service else None,
        responsible_person=m.responsible_person.display_name if m.responsible_person else None,
        scope=m.scope,
        how=m.how,
        starts_on=m.starts_on,
        ends_on=m.ends_on,
        evaluate_on=m.evaluate_on,
    )


def _goals(goals) -> list[GoalOut]:
    return [
        GoalOut(
            id=g.pk,
            lineage=str(g.lineage),
            text=g.text,
            voice=g.voice,
            measures=[_measure(m) for m in g.measures.all()],
        )
        for g in goals
    ]


@router.get("/families/{family_id}/plan", response=answers({200: PlanOut}, *READ))
def get_family_plan(request, family_id: Id):
    """The current (working) version of the family's individual plan, with the list of all versions.

    Only for those the record policy lets read the plan (a professional needs a consent that covers the
    plan; the coordinating unit a stated need to know). The read is logged once the plan is shown."""
    grant, _family = access.get(request, Family, family_id, Capability.VIEW, record_type=PLAN, log=False)
    plan = selectors.plan_of(grant)
    v = selectors.version(plan) if plan else None
    if v is None:
        return Status(404, Message(message="Familien har ingen individuell plan."))
    access.log_read(request, grant, PLAN, record_id=plan.pk)
    return PlanOut(
        family_id=family_id,
        version=v.number,
        created_at=v.created_at,
        goals=_goals(v.goals.all()),
        resources=v.resources,
        needs=v.needs,
        participants=[
            ParticipantOut(name=p.name, role=p.role, service_id=p.service_id) for p in v.participants.all()
        ],
        coordinator=v.coordinator_name,
        child_contribution=v.child_contribution,
        relatives_contribution=v.relatives_contribution,
        services_contribution=v.services_contribution,
        others_contribution=v.others_contribution,
        period_start=v.period_start,
        period_end=v.period_end,
        next_revision_on=v.next_revision_on,
        consent_id=v.consent_id,
        consent_service_ids=[s.pk for s in v.consent.services.all()],
        cooperation=v.cooperation,
        versions=[
            VersionSummary(
                number=x.number, created_at=x.created_at, frozen_at=x.frozen_at, revision_note=x.revision_note
            )
            for x in selectors.version_list(plan)
        ],
    )
