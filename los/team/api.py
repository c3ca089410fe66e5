"""The team in the API: action items ("who does what by when") and the BTI relay logs of a family."""

import datetime

from django.http import HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from los.api.types import MAX_PAGE, READ, WRITE, Body, DateIn, answers
from los.core import access, dates, paging
from los.core.access import Capability
from los.core.bounds import APPOINTMENT, Id, IdList
from los.core.errors import DomainError
from los.people.models import Service
from los.plans.services import RELAY

from . import selectors
from .models import ActionItem, RelayLog
from .services import follow_up, relay

router = Router(tags=["action items"])


class ActionItemIn(Body):
    title: str = Field(min_length=1, max_length=200, description="What is to be done.")
    due_on: DateIn(APPOINTMENT, "Due date; a date in the past is allowed but flagged.")
    responsible_username: str = Field(
        min_length=1,
        max_length=150,
        description="The responsible person: the family's coordinator, a professional in the group "
        "or a guardian.",
    )
    description: str = Field(default="", max_length=4000)
    child_id: Id | None = Field(
        default=None, description="The child the item concerns (one of the family's); none: the whole family."
    )


class ActionItemOut(Schema):
    id: int
    family_id: int
    child_id: int | None = None
    meeting_id: int | None
    title: str
    description: str
    due_on: datetime.date
    status: str
    responsible_username: str
    responsible_name: str
    late: bool
    due_in_past_when_created: bool
    created_at: datetime.datetime


def item_out(item: ActionItem, today: datetime.date) -> ActionItemOut:
    """An action item as the API shows it, late or not on `today`."""
    return ActionItemOut(
        id=item.pk,
        family_id=item.family_id,
        child_id=item.child_id,
        meeting_id=item.meeting_id,
        title=item.title,
        description=item.description,
        due_on=item.due_on,
        status=item.status,
        responsible_username=item.responsible.username,
        responsible_name=item.responsible.display_name,
        late=item.is_late_on(today),
        due_in_past_when_created=item.due_in_past_when_created,
        created_at=item.created_at,
    )


@router.get(
    "/families/{family_id}/action-items",
    response=answers({200: list[ActionItemOut]}, *READ),
)
def list_action_items(
    request,
    family_id: Id,
    response: HttpResponse,
    page: int = Query(1, ge=1, le=MAX_PAGE),
    page_size: int = Query(paging.API_PAGE_SIZE, ge=1, le=paging.API_MAX_PAGE_SIZE),
):
    """The family's action items this user may see (the record policy: the family does not see items
    from minutes not yet shared; a professional sees their own and those of services the consent covers),
    by due date, a page at a time (X-Total-Count has the total)."""
    grant = access.family(request, family_id, Capability.VIEW, record_type="action_item")
    today = dates.today()
    items = paging.api_page(
        response, access.visible(grant, ActionItem).order_by("due_on", "id"), page, page_size
    )
    return [item_out(i, today) for i in items]


@router.post(
    "/families/{family_id}/action-items",
    response=answers({201: ActionItemOut}, *WRITE),
)
def create_action_item(request, family_id: Id, payload: ActionItemIn):
    """A new action item. The responsible person must be someone the family's consent covers."""
    grant = access.family(request, family_id, Capability.COORDINATE, record_type="action_item")
    today = dates.today()
    responsible = follow_up.resolve_responsible(grant.family, payload.responsible_username, today)
    child = None
    if payload.child_id is not None:
        child = grant.family.children.filter(pk=payload.child_id).first()
        if child is None:
            raise DomainError("Velg et av barna i familien, eller hele familien.", field="child_id")
    item = follow_up.create_action_item(
        grant.family,
        request.user,
        title=payload.title,
        description=payload.description,
        due_on=payload.due_on,
        responsible=responsible,
        today=today,
        child=child,
    )
    return Status(201, item_out(item, today))


# --- The relay log (stafettlogg) ----------------------------------------------------------------------


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
    level: int = Field(ge=0, le=3, description="BTI level 0-3 (a whole number).")
    service_ids: IdList = Field(default_factory=list)
    child_id: Id | None = None


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


@router.get(
    "/families/{family_id}/relay-logs",
    response=answers({200: list[RelayLogOut]}, *READ),
    tags=["relay logs"],
)
def list_relay_logs(request, family_id: Id):
    """The family's relay logs that the caller may read. Guardians read all of them; a professional those
    whose services the consent covers."""
    grant = access.family(request, family_id, Capability.VIEW, record_type=RELAY)
    return [_relay_out(log) for log in selectors.relay_logs(grant)]


@router.post(
    "/families/{family_id}/relay-logs",
    response=answers({201: RelayLogOut}, *WRITE),
    tags=["relay logs"],
)
def create_relay_log(request, family_id: Id, payload: RelayLogIn):
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
