"""Action items in the API: "who does what by when" for a family."""

import datetime

from ninja import Router, Schema, Status
from pydantic import Field

from los.api.types import Body, IsoDate, Message, ValidationMessage
from los.core import access
from los.core.access import Capability
from los.intake.deadlines import today_oslo

from . import services
from .models import ActionItem

router = Router(tags=["action items"])


class ActionItemIn(Body):
    title: str = Field(min_length=1, max_length=200, description="What is to be done.")
    due_on: IsoDate = Field(description="Due date, YYYY-MM-DD. A date in the past is allowed but flagged.")
    responsible_username: str = Field(
        min_length=1,
        max_length=150,
        description="The responsible person: the family's coordinator, a professional in the group "
        "or a guardian.",
    )
    description: str = Field(default="", max_length=4000)


class ActionItemOut(Schema):
    id: int
    family_id: int
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
    return ActionItemOut(
        id=item.pk,
        family_id=item.family_id,
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
    response={200: list[ActionItemOut], 401: Message, 404: Message},
)
def list_action_items(request, family_id: int):
    """The family's action items this user may see (the record policy: the family does not see items
    from minutes not yet shared; a professional sees their own and those of services the consent covers)."""
    grant = access.family(request, family_id, Capability.VIEW, record_type="action_item")
    today = today_oslo()
    items = access.visible(grant, ActionItem).order_by("due_on", "id")
    return [item_out(i, today) for i in items]


@router.post(
    "/families/{family_id}/action-items",
    response={201: ActionItemOut, 401: Message, 404: Message, 422: ValidationMessage},
)
def create_action_item(request, family_id: int, payload: ActionItemIn):
    """A new action item. The responsible person must be someone the family's consent covers."""
    grant = access.family(request, family_id, Capability.COORDINATE, record_type="action_item")
    today = today_oslo()
    responsible = services.resolve_responsible(grant.family, payload.responsible_username, today)
    item = services.create_action_item(
        grant.family,
        request.user,
        title=payload.title,
        description=payload.description,
        due_on=payload.due_on,
        responsible=responsible,
        today=today,
    )
    return Status(201, item_out(item, today))
