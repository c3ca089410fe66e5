"""The table for the family's messages with the health services (Dialogmelding) and the coordinating
unit's list of messages to sort."""

from __future__ import annotations

from los.core.policy import Area

from .rows import CASEWORKERS, CO, EVERYONE_ON_FAMILY, FAMILY, NONE, OUR_CASEWORKERS, PDF, L, R

MESSAGE = lambda w: {"family_id": w.family.pk, "message_id": w.health_message.pk}  # noqa: E731
UNSORTED = lambda w: {"item_id": w.unsorted_message.pk}  # noqa: E731

ROUTES = {
    # The thread is read under the team area: the unit with a stated need to know, a provider only the
    # messages of their own service under the consent, the family all; only the coordinator writes.
    "messaging:list": R(FAMILY, Area.TEAM, EVERYONE_ON_FAMILY),
    "messaging:create": R(FAMILY, Area.TEAM, {CO}, {CO}),
    "messaging:detail": R(MESSAGE, Area.TEAM, EVERYONE_ON_FAMILY),
    "messaging:reply": R(MESSAGE, Area.TEAM, {CO}, {CO}),
    "messaging:attachment": R(
        lambda w: {"family_id": w.family.pk, "message_id": w.health_message.pk, "number": 1},
        Area.TEAM,
        EVERYONE_ON_FAMILY,
        **PDF,
    ),
    # Messages Los could not place: the coordinating unit of the receiving municipality sorts them.
    "messaging:unsorted": L(NONE, CASEWORKERS),
    "messaging:sort": L(UNSORTED, OUR_CASEWORKERS, OUR_CASEWORKERS),
    # The municipality's addresses on the health network: the coordinating unit imports them.
    "messaging:addresses": L(NONE, CASEWORKERS, CASEWORKERS),
}
