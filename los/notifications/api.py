"""The signed-in user's notifications."""

import datetime

from django.http import Http404, HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from los.api.types import MAX_PAGE, Message, answers
from los.core import paging
from los.core.bounds import Id

from . import disclosure, selectors, services

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    text: str = Field(description="The text; a neutral text when the user may no longer see the family.")
    url: str
    action_item_id: int | None
    family_id: int | None
    child_id: int | None = None
    about: str = Field(
        default="",
        description='Which family and child it is about ("Familien Moen · Ola (f. 2016)"); empty when '
        "withheld or about no family.",
    )
    created_at: datetime.datetime
    read_at: datetime.datetime | None
    withheld: bool = Field(
        default=False,
        description="True when the user may no longer see the family or record the notification is about: "
        "text, url, family and action item are then withheld.",
    )


class NotificationFilter(Schema):
    unread: bool = Field(default=False, description="Only notifications not yet read.")
    page: int = Field(default=1, ge=1, le=MAX_PAGE)
    page_size: int = Field(default=paging.API_PAGE_SIZE, ge=1, le=paging.API_MAX_PAGE_SIZE)


@router.get("/me/notifications", response=answers({200: list[NotificationOut]}, 401, 422))
def my_notifications(request, response: HttpResponse, filters: Query[NotificationFilter]):
    """The user's notifications, newest first, a page at a time (X-Total-Count has the total). A
    notification shows its family's content only while the user may still see the record it is about;
    each family shown is logged as a read."""
    rows = selectors.for_user(request.user)
    if filters.unread:
        rows = rows.filter(read_at__isnull=True)
    return [
        NotificationOut(
            id=n.pk,
            kind=n.kind,
            text=n.text,
            url=n.url,
            action_item_id=n.action_item_id,
            family_id=n.family_id,
            child_id=n.child_id,
            about=n.about,
            created_at=n.created_at,
            read_at=n.read_at,
            withheld=n.withheld,
        )
        for n in disclosure.show(request, paging.api_page(response, rows, filters.page, filters.page_size))
    ]


@router.post("/me/notifications/{notification_id}/read", response=answers({200: Message}, 401, 403, 404, 422))
def read_notification(request, notification_id: Id):
    if (
        not services.mark_read(request.user, [notification_id])
        and not selectors.for_user(request.user).filter(pk=notification_id).exists()
    ):
        raise Http404
    return Message(message="OK")
