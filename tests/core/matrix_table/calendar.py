"""The table for the child's calendar: appointments, needs and bundling, booking requests and feeds."""

from __future__ import annotations

from collections.abc import Callable

from los.core.policy import Area

from ..matrix_world import ACTORS, World
from .rows import (
    APPOINTMENT,
    BOOKING,
    CASEWORKERS,
    CO,
    EVERYONE_ON_FAMILY,
    FAMILY,
    GU,
    NONE,
    OUR_CASEWORKERS,
    POST_ONLY,
    PR,
    L,
    R,
    Route,
)


def _place(w: World):
    """A place of the world's municipality (places, travel times and opening hours are the unit's)."""
    from los.calendar.models import Place

    return Place.objects.get_or_create(municipality=w.t.municipality, name="Matriseplassen")[0]


def _travel(w: World):
    from los.calendar.models import Place, TravelTime

    other = Place.objects.get_or_create(municipality=w.t.municipality, name="Matriseskolen")[0]
    a, b = sorted((_place(w), other), key=lambda p: p.pk)
    return TravelTime.objects.get_or_create(
        municipality=w.t.municipality, place_a=a, place_b=b, defaults={"minutes": 20}
    )[0]


def _hours(w: World) -> dict:
    import datetime

    from los.calendar.models import OpeningHours

    hours = OpeningHours.objects.get_or_create(
        service=w.t.physio, weekday=6, opens=datetime.time(8), closes=datetime.time(9)
    )[0]
    return {"service_id": w.t.physio.pk, "hours_id": hours.pk}


def _closed(w: World) -> dict:
    import datetime

    from los.calendar.models import ClosedDate

    closed = ClosedDate.objects.get_or_create(service=w.t.physio, date=datetime.date(2027, 6, 1))[0]
    return {"service_id": w.t.physio.pk, "closed_id": closed.pk}


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
    "calendar:proposal_adjust": R(
        lambda w: {"family_id": w.family.pk, "proposal_id": w.proposal.pk, "index": 0},
        Area.CALENDAR,
        POST_ONLY,
        {CO},
    ),
    # The coordinating unit keeps its own municipality's places, travel times and opening hours.
    "calendar:places": L(NONE, CASEWORKERS),
    "calendar:place_new": L(NONE, CASEWORKERS, CASEWORKERS),
    "calendar:place_edit": L(lambda w: {"place_id": _place(w).pk}, OUR_CASEWORKERS, OUR_CASEWORKERS),
    "calendar:travel_new": L(NONE, CASEWORKERS, CASEWORKERS),
    "calendar:travel_edit": L(lambda w: {"travel_id": _travel(w).pk}, OUR_CASEWORKERS, OUR_CASEWORKERS),
    "calendar:service_hours": L(lambda w: {"service_id": w.t.physio.pk}, OUR_CASEWORKERS, OUR_CASEWORKERS),
    "calendar:opening_new": L(lambda w: {"service_id": w.t.physio.pk}, POST_ONLY, OUR_CASEWORKERS),
    "calendar:opening_edit": L(_hours, OUR_CASEWORKERS, OUR_CASEWORKERS),
    "calendar:opening_delete": L(_hours, POST_ONLY, OUR_CASEWORKERS),
    "calendar:closed_new": L(lambda w: {"service_id": w.t.physio.pk}, POST_ONLY, OUR_CASEWORKERS),
    "calendar:closed_delete": L(_closed, POST_ONLY, OUR_CASEWORKERS),
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
