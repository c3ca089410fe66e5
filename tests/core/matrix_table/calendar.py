"""The table for the child's calendar: appointments, needs and bundling, booking requests and feeds."""

from __future__ import annotations

from collections.abc import Callable

from los.core.policy import Area

from ..matrix_world import ACTORS, World
from .rows import (
    APPOINTMENT,
    BOOKING,
    CO,
    EVERYONE_ON_FAMILY,
    FAMILY,
    GU,
    NONE,
    POST_ONLY,
    PR,
    L,
    R,
    Route,
)

ROUTES: dict[str, Route] = {
    # --- the child's calendar: the family and those with access (a professional: what the consent covers)
    "calendar:week": R(FAMILY, Area.CALENDAR, EVERYONE_ON_FAMILY),
    "calendar:month": R(FAMILY, Area.CALENDAR, EVERYONE_ON_FAMILY),
    "calendar:agenda": R(FAMILY, Area.CALENDAR, EVERYONE_ON_FAMILY),
    "calendar:day_sheet": R(FAMILY, Area.CALENDAR, EVERYONE_ON_FAMILY),
    "calendar:appointment_new": R(FAMILY, Area.CALENDAR, {CO, PR, GU}, {CO, PR, GU}),
    # everyone with access reads; the coordinator and the physiotherapist change a physiotherapy appointment
    "calendar:appointment_edit": R(APPOINTMENT, Area.CALENDAR, EVERYONE_ON_FAMILY, {CO, PR}),
    "calendar:appointment_cancel": R(APPOINTMENT, Area.CALENDAR, POST_ONLY, {CO, PR}),
    "calendar:needs": R(FAMILY, Area.CALENDAR, {CO}),
    "calendar:need_new": R(
        FAMILY, Area.CALENDAR, {CO}, {CO}, get_ok=frozenset({200, 302})
    ),  # the form is on the needs page
    "calendar:need_close": R(
        lambda w: {"family_id": w.family.pk, "need_id": w.need.pk}, Area.CALENDAR, POST_ONLY, {CO}
    ),
    "calendar:limits": R(FAMILY, Area.CALENDAR, {CO, GU}, {CO, GU}),
    "calendar:propose": R(FAMILY, Area.CALENDAR, POST_ONLY, {CO}),
    "calendar:proposal": R(
        lambda w: {"family_id": w.family.pk, "proposal_id": w.proposal.pk}, Area.CALENDAR, {CO}
    ),
    "calendar:proposal_send": R(
        lambda w: {"family_id": w.family.pk, "proposal_id": w.proposal.pk}, Area.CALENDAR, POST_ONLY, {CO}
    ),
    "calendar:counter_accept": R(
        lambda w: {"family_id": w.family.pk, "request_id": w.booking_request.pk},
        Area.CALENDAR,
        POST_ONLY,
        {CO},
    ),
    "calendar:import_ics": R(FAMILY, Area.CALENDAR, {CO, PR}, {CO, PR}),
    # Professionals answer booking requests to their services (while the consent names the service).
    "calendar:requests": L(
        NONE,
        {
            "coordinator",
            "provider",
            "school_provider",
            "other_provider",
            "foreign_coordinator",
            "foreign_provider",
        },
    ),
    "calendar:request_confirm": R(BOOKING, Area.CALENDAR, POST_ONLY, {PR}),
    "calendar:request_counter": R(BOOKING, Area.CALENDAR, {PR}, {PR}),
    "calendar:feeds": L(
        NONE,
        {
            "coordinator",
            "provider",
            "school_provider",
            "other_provider",
            "guardian",
            "foreign_coordinator",
            "foreign_provider",
            "foreign_guardian",
        },
        {
            "coordinator",
            "provider",
            "school_provider",
            "other_provider",
            "guardian",
            "foreign_coordinator",
            "foreign_provider",
            "foreign_guardian",
        },
    ),
    # A secret address, no login: whoever holds it gets the guardian's feed, logged as the guardian.
    "calendar:feed": Route(lambda w: {"token": w.feed_token}, Area.CALENDAR, frozenset(ACTORS), kind="feed"),
}

BODIES: dict[str, Callable[[World, str], dict]] = {
    "calendar:appointment_new": lambda w, a: {
        # the family's own entry has no service; the coordinator and the physiotherapist book physiotherapy
        **({} if a.endswith("guardian") else {"service": w.t.physio.pk}),
        "kind": "treatment",
        "date": "2027-01-05",
        "start_time": "10:00",
        "end_time": "10:45",
        "child_attends": "on",
    },
}
