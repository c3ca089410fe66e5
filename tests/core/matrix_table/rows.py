"""The vocabulary of the access matrix's table: a row (`Route`), the relations and actor sets it names,
and the URL kwargs of the world's records."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from los.core import dates
from los.core.policy import Area

from ..matrix_world import ACTORS, World

# --- Relations on the family (for family pages) and actor sets (for pages about no single family) ------
CW, CO, PR, GU = "caseworker", "coordinator", "provider", "guardian"
SIGNED_IN = frozenset(ACTORS) - {"anonymous"}
STAFF_ANYWHERE = frozenset(
    {
        "caseworker",
        "caseworker_ntk",
        "coordinator",
        "provider",
        "school_provider",
        "other_provider",
        "foreign_caseworker",
        "foreign_coordinator",
        "foreign_provider",
    }
)
CASEWORKERS = frozenset({"caseworker", "caseworker_ntk", "foreign_caseworker"})
OUR_CASEWORKERS = frozenset({"caseworker", "caseworker_ntk"})

POST_ONLY = "post-only"  # `get=POST_ONLY`: the view takes POST only; a GET answers 405 (or 404/login)


@dataclass
class Route:
    """One page or endpoint. `family=True`: about the world's family; `get`/`post` then name relations
    (CW, CO, PR, GU), else actor names."""

    kwargs: Callable[[World], dict]
    area: Area | None = None
    get: frozenset | str | None = None
    post: frozenset | None = None  # None: the view takes no POST
    family: bool = True
    kind: str = "read"  # read | export | list | feed
    get_ok: frozenset = frozenset({200})
    body: Callable[[World, str], dict] | None = None  # a valid body (world, actor); refused actors send it


def R(kwargs, area, get, post=None, **extra):  # noqa: N802 - a table row
    get = get if isinstance(get, str) or get is None else frozenset(get)
    return Route(kwargs, area, get, frozenset(post) if post is not None else None, **extra)


def L(kwargs, get, post=None, **extra):  # noqa: N802 - a page about no single family
    get = get if isinstance(get, str) or get is None else frozenset(get)
    return Route(
        kwargs, None, get, frozenset(post) if post is not None else None, family=False, kind="list", **extra
    )


NONE = lambda w: {}  # noqa: E731
FAMILY = lambda w: {"family_id": w.family.pk}  # noqa: E731
CONSENT = lambda w: {"consent_id": w.t.consent.pk}  # noqa: E731
APPLICATION = lambda w: {"application_id": w.case.application.pk}  # noqa: E731
DECISION = lambda w: {"decision_id": w.case.decision.pk}  # noqa: E731
COMPLAINT = lambda w: {"complaint_id": w.case.complaint.pk}  # noqa: E731
DOCUMENT = lambda w: {"document_id": w.case.document.pk}  # noqa: E731
PLAN = lambda w: {"family_id": w.plan.family_id}  # noqa: E731
PENDING_CONSENT = lambda w: {"consent_id": w.pending_consent.pk}  # noqa: E731
GOAL = lambda w: {"family_id": w.family.pk, "goal_id": w.plan_goal.pk}  # noqa: E731
MEASURE = lambda w: {"family_id": w.family.pk, "measure_id": w.plan_measure.pk}  # noqa: E731
RELAY = lambda w: {"family_id": w.family.pk, "log_id": w.relay_log.pk}  # noqa: E731
MEETING = lambda w: {"meeting_id": w.meeting.pk}  # noqa: E731
ITEM = lambda w: {"item_id": w.action_item.pk}  # noqa: E731
APPOINTMENT = lambda w: {"family_id": w.family.pk, "appointment_id": w.appointment.pk}  # noqa: E731
BOOKING = lambda w: {"request_id": w.booking_request.pk}  # noqa: E731

STAFF = {CW, CO, PR}
EVERYONE_ON_FAMILY = {CW, CO, PR, GU}
PDF = {"kind": "export"}


def today(days=0):
    """Today (plus `days`) as a form sends a date."""
    return (dates.today() + datetime.timedelta(days=days)).isoformat()
