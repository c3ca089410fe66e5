"""The individual plan and the relay log in the API. Reads go through the access policy and its log."""

import datetime

from ninja import Router, Schema, Status
from pydantic import Field

from los.api.types import Body, Message, ValidationMessage
from los.core import access
from los.core.access import Capability
from los.core.errors import DomainError
from los.people.models import Family, Service

from . import relay, selectors
from .models import RelayLog
from .services import PLAN, RELAY

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


@router.get("/families/{family_id}/plan", response={200: PlanOut, 401: Message, 404: Message})
def get_family_plan(request, family_id: int):
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


class RelayLogOut(Schema):
    id: int
    family_id: int
    concern: str
    level: int
    holder: str
    holder_username: str
    pending_holder_username: str | None
    service_ids: list[int]
    opened_on: datetime.date
    closed_at: datetime.datetime | None
    carried_into_version: int | None


class RelayLogIn(Body):
    concern: str = Field(min_length=1, max_length=4000)
    level: int = Field(ge=0, le=3, description="BTI level 0-3.")
    service_ids: list[int] = Field(default_factory=list)
    child_id: int | None = None


def _relay_out(log: RelayLog) -> RelayLogOut:
    pending = getattr(log, "pending", [])
    return RelayLogOut(
        id=log.pk,
        family_id=log.family_id,
        concern=log.concern,
        level=log.level,
        holder=log.holder.display_name,
        holder_username=log.holder.username,
        pending_holder_username=pending[0].to_holder.username if pending else None,
        service_ids=[s.pk for s in log.services.all()],
        opened_on=log.opened_on,
        closed_at=log.closed_at,
        carried_into_version=log.carried_into.number if log.carried_into else None,
    )


@router.get("/families/{family_id}/relay-logs", response={200: list[RelayLogOut], 401: Message, 404: Message})
def list_relay_logs(request, family_id: int):
    """The family's relay logs that the caller may read. Guardians read all of them; a professional those
    whose services the consent covers."""
    grant = access.family(request, family_id, Capability.VIEW, record_type=RELAY)
    return [_relay_out(log) for log in selectors.relay_logs(grant)]


@router.post(
    "/families/{family_id}/relay-logs",
    response={201: RelayLogOut, 401: Message, 404: Message, 422: ValidationMessage},
)
def create_relay_log(request, family_id: int, payload: RelayLogIn):
    """Open a relay log with the caller as relay holder. Only with an active consent."""
    grant = access.family(request, family_id, Capability.STAFF_VIEW, record_type=RELAY)
    family = grant.family
    services = list(
        Service.objects.filter(
            pk__in=payload.service_ids, organisation__municipality_id=family.municipality_id
        )
    )
    if len(services) != len(set(payload.service_ids)):
        raise DomainError("Ukjent tjeneste.", field="service_ids")
    child = None
    if payload.child_id is not None:
        child = family.children.filter(pk=payload.child_id).first()
        if child is None:
            raise DomainError("Barnet hører ikke til familien.", field="child_id")
    log = relay.open_relay_log(
        family, request.user, concern=payload.concern, level=payload.level, services=services, child=child
    )
    return Status(201, _relay_out(selectors.relay_log(grant, log.pk)))
