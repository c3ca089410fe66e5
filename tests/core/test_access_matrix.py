"""Who may open and change what: every page and endpoint, GET and POST, against every actor and, for the
professionals, every state of the family's consent.

The table is the record policy as the families and the municipality expect it (hol § 7-3, hpl § 21 a,
Normen): nobody sees a family they have no role in or no consent for; the coordinating unit reads the
plan, meetings, calendar, relay log and referrals only with a stated need to know; a professional on the
team reaches the family only while an active consent names their service, and the plan only when the
consent also covers the plan. A family one may not see answers exactly like one that does not exist.

Every allowed read writes exactly one row to the family's access log (with the reason the family reads),
every refused request writes none and changes nothing; a change writes change rows, an empty or invalid
form writes nothing and never gives a 500.

Each test builds the world once and runs every cell in its own savepoint (rolled back), so a change one
actor makes never reaches the next. All cells are checked before the test fails, and the failure lists
every cell that disagrees: url, method, actor, consent state, expected and got.
"""

from __future__ import annotations

import datetime
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core import mail
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone

from los.core import access, policy
from los.core.models import RECORD_LABELS, AccessAction, AccessLogEntry, AccessReason
from los.core.policy import NEED_TO_KNOW_AREAS, Area

from .matrix_world import (
    ACTIVE_PLAN,
    ACTORS,
    BASE_STATE,
    CONSENT_STATES,
    PLAN_STATES,
    PROVIDER_ACTORS,
    REACHING_STATES,
    World,
    changed_tables,
    family_tables,
    fingerprint,
    rolled_back,
    view_takes_post,
)

# --- Relations on the family (for family pages) and actor sets (for pages about no single family) ------
CW, CO, PR, GU = "caseworker", "coordinator", "provider", "guardian"
RELATION_OF = {"caseworker": CW, "caseworker_ntk": CW, "coordinator": CO, "provider": PR, "guardian": GU}
EXPECTED_REASON = {
    CO: AccessReason.COORDINATOR,
    PR: AccessReason.TEAM_WITH_CONSENT,
    GU: AccessReason.GUARDIAN,
}
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

ROUTES: dict[str, Route] = {
    # --- start pages and the family register ---------------------------------------------------------
    "home": L(NONE, SIGNED_IN, get_ok=frozenset({200, 302})),  # each role lands on its own start page
    "need_to_know": R(FAMILY, Area.REGISTRATION, {CW}, {CW}),
    "people:worklist": L(NONE, STAFF_ANYWHERE),
    "people:family_create": L(NONE, CASEWORKERS, CASEWORKERS),
    "people:family": R(FAMILY, Area.REGISTRATION, STAFF),
    "people:child_add": R(FAMILY, Area.REGISTRATION, {CW}, {CW}),
    "people:child_edit": R(
        lambda w: {"family_id": w.family.pk, "child_id": w.family.children.first().pk},
        Area.REGISTRATION,
        {CW},
        {CW},
    ),
    "people:guardian_add": R(FAMILY, Area.REGISTRATION, {CW}, {CW}),
    "people:guardian_edit": R(
        lambda w: {"family_id": w.family.pk, "guardian_id": w.t.guardians[0].pk},
        Area.REGISTRATION,
        {CW},
        {CW},
    ),
    "people:access_log": R(FAMILY, Area.REGISTRATION, {CW}),
    "people:consent_register": R(FAMILY, Area.REGISTRATION, {CW, CO}, {CW, CO}),
    # --- the family's own pages ----------------------------------------------------------------------
    "portal:home": L(NONE, {"guardian", "foreign_guardian"}, get_ok=frozenset({200, 302})),
    "portal:family": R(FAMILY, Area.REGISTRATION, {GU}),
    "portal:access_log": R(FAMILY, Area.REGISTRATION, {GU}),
    "portal:consent_new": R(FAMILY, Area.REGISTRATION, {GU}, {GU}),
    "portal:consent_withdraw": R(CONSENT, Area.REGISTRATION, {GU}, {GU}),
    "portal:consent_sign": R(PENDING_CONSENT, Area.REGISTRATION, POST_ONLY, {GU}),
    "portal_case:apply": R(FAMILY, Area.CASE, {GU}, {GU}),
    "portal_case:change_coordinator": R(FAMILY, Area.CASE, {GU}, {GU}),
    "portal_case:application": R(APPLICATION, Area.CASE, {GU}),
    "portal_case:decision_letter": R(DECISION, Area.CASE, {GU}, **PDF),
    "portal_case:complain": R(DECISION, Area.CASE, {GU}, {GU}),
    "portal_case:document": R(DOCUMENT, Area.CASE, {GU}, **PDF),
    "reports:dashboard": L(NONE, {"leader"}),
    "self_check": L(NONE, ACTORS, ACTORS),  # public: no family data
    # --- the coordinating unit's cases ---------------------------------------------------------------
    "intake:worklist": L(NONE, CASEWORKERS),
    "intake:coordinators": L(NONE, CASEWORKERS),
    "intake:coordinator_profile": L(
        lambda w: {"user_id": w.t.coordinator.pk}, OUR_CASEWORKERS, OUR_CASEWORKERS
    ),
    "intake:training": L(NONE, CASEWORKERS, CASEWORKERS),
    "intake:training_course": L(lambda w: {"course_id": w.case.course.pk}, OUR_CASEWORKERS, OUR_CASEWORKERS),
    "intake:application_register": R(FAMILY, Area.CASE, {CW}, {CW}),
    "intake:application": R(APPLICATION, Area.CASE, {CW}),
    "intake:application_edit": R(APPLICATION, Area.CASE, {CW}, {CW}),
    "intake:document_upload": R(APPLICATION, Area.CASE, POST_ONLY, {CW}),
    "intake:document": R(DOCUMENT, Area.CASE, {CW}, **PDF),
    "intake:assessment": R(APPLICATION, Area.CASE, {CW}, {CW}),
    "intake:assessment_review": R(APPLICATION, Area.CASE, POST_ONLY, {CW}),
    "intake:interim_reply": R(APPLICATION, Area.CASE, {CW}, {CW}),
    "intake:decision_new": R(APPLICATION, Area.CASE, {CW}, {CW}),
    "intake:decision_letter": R(DECISION, Area.CASE, {CW}, **PDF),
    "intake:complaint_register": R(DECISION, Area.CASE, {CW}, {CW}),
    "intake:complaint": R(COMPLAINT, Area.CASE, {CW}),
    "intake:complaint_reconsider": R(COMPLAINT, Area.CASE, POST_ONLY, {CW}),
    "intake:complaint_forward": R(COMPLAINT, Area.CASE, {CW}, {CW}),
    "intake:complaint_bundle": R(COMPLAINT, Area.CASE, {CW}, **PDF),
    "intake:appoint": R(APPLICATION, Area.CASE, {CW}, {CW}),
    "intake:change_request": R(lambda w: {"request_id": w.case.change_request.pk}, Area.CASE, {CW}, {CW}),
    "intake:change_request_decline": R(
        lambda w: {"request_id": w.case.change_request.pk}, Area.CASE, POST_ONLY, {CW}
    ),
    # --- the individual plan: the coordinator edits; staff with access read; the family reads, comments
    "plans:plan": R(PLAN, Area.PLAN, STAFF),
    "plans:plan_create": R(PLAN, Area.PLAN, {CO}, {CO}, get_ok=frozenset({200, 302})),  # 302: the plan exists
    "plans:plan_edit": R(PLAN, Area.PLAN, {CO}, {CO}),
    "plans:participant_add": R(PLAN, Area.PLAN, {CO}, {CO}),
    "plans:participant_remove": R(
        lambda w: {"family_id": w.family.pk, "participant_id": w.participant.pk}, Area.PLAN, POST_ONLY, {CO}
    ),
    "plans:goal_add": R(PLAN, Area.PLAN, {CO}, {CO}),
    "plans:goal_edit": R(GOAL, Area.PLAN, {CO}, {CO}),
    "plans:measure_add": R(PLAN, Area.PLAN, {CO}, {CO}),
    "plans:measure_edit": R(MEASURE, Area.PLAN, {CO}, {CO}),
    # the coordinator, or the person responsible for the measure (the physiotherapist)
    "plans:evaluate": R(MEASURE, Area.PLAN, {CO, PR}, {CO, PR}),
    "plans:revise": R(PLAN, Area.PLAN, {CO}, {CO}),
    "plans:version": R(
        lambda w: {"family_id": PLAN(w)["family_id"], "number": 1}, Area.PLAN, EVERYONE_ON_FAMILY
    ),
    "plans:compare": R(PLAN, Area.PLAN, EVERYONE_ON_FAMILY),
    "plans:pdf": R(PLAN, Area.PLAN, EVERYONE_ON_FAMILY, **PDF),
    "plans:comments_seen": R(PLAN, Area.PLAN, POST_ONLY, {CO}),
    "plans:portal_plan": R(PLAN, Area.PLAN, {GU}, {GU}),
    # --- the relay log: staff with access read and write notes; the holder (physiotherapist) leads it --
    "relay:list": R(FAMILY, Area.RELAY, STAFF),
    "relay:create": R(FAMILY, Area.RELAY, STAFF, STAFF),
    "relay:detail": R(RELAY, Area.RELAY, STAFF),
    "relay:entry_add": R(RELAY, Area.RELAY, STAFF, STAFF),
    "relay:edit": R(RELAY, Area.RELAY, {PR}, {PR}),
    "relay:goal_add": R(RELAY, Area.RELAY, {PR}, {PR}),
    "relay:measure_add": R(RELAY, Area.RELAY, {PR}, {PR}),
    "relay:handover": R(RELAY, Area.RELAY, {PR}, {PR}),
    # the offer from the physiotherapist (holder) to the coordinator: both parties may answer
    "relay:handover_answer": R(
        lambda w: {**RELAY(w), "handover_id": w.handover.pk}, Area.RELAY, POST_ONLY, {PR, CO}
    ),
    "relay:close": R(RELAY, Area.RELAY, {PR}, {PR}),
    "relay:carry_into_plan": R(RELAY, Area.RELAY, {CO}, {CO}),
    "relay:portal_detail": R(RELAY, Area.RELAY, {GU}),
    "relay:portal_close": R(RELAY, Area.RELAY, {GU}, {GU}),
    # --- referrals: the coordinator refers; staff with access read; the unit keeps the directory ------
    "referrals:list": R(FAMILY, Area.REFERRAL, STAFF),
    "referrals:create": R(FAMILY, Area.REFERRAL, {CO}, {CO}),
    "referrals:answer": R(
        lambda w: {"family_id": w.family.pk, "referral_id": w.referral.pk}, Area.REFERRAL, {CO}, {CO}
    ),
    "referrals:directory": L(NONE, STAFF_ANYWHERE),
    "referrals:organisation_add": L(NONE, CASEWORKERS, CASEWORKERS),
    "referrals:organisation_edit": L(
        lambda w: {"organisation_id": w.organisation.pk}, OUR_CASEWORKERS, OUR_CASEWORKERS
    ),
    # --- the responsibility group: the coordinator changes; those with access read ------------------
    "team:follow_up": L(NONE, STAFF_ANYWHERE),  # each sees late items of their own families
    "team:caseload": L(NONE, STAFF_ANYWHERE),
    "team:overview": R(FAMILY, Area.TEAM, EVERYONE_ON_FAMILY),
    "team:add_professional": R(FAMILY, Area.TEAM, {CO}, {CO}),
    "team:add_family_member": R(FAMILY, Area.TEAM, {CO}, {CO}),
    "team:request_consent": R(FAMILY, Area.TEAM, POST_ONLY, {CO}),
    "team:end_membership": R(
        lambda w: {"family_id": w.family.pk, "kind": "fagperson", "member_id": w.school_member.pk},
        Area.TEAM,
        POST_ONLY,
        {CO},
    ),
    "team:meeting_new": R(FAMILY, Area.TEAM, {CO}, {CO}),
    "team:action_item_new": R(FAMILY, Area.TEAM, {CO}, {CO}),
    "team:contact_new": R(FAMILY, Area.TEAM, {CO}, {CO}),
    "team:consent_request_answer": R(
        lambda w: {"request_id": w.consent_request.pk}, Area.REGISTRATION, {GU}, {GU}
    ),
    "team:meeting": R(MEETING, Area.TEAM, EVERYONE_ON_FAMILY),
    "team:meeting_reply": R(MEETING, Area.TEAM, POST_ONLY, {CO, PR, GU}),  # the invited
    "team:meeting_reschedule": R(MEETING, Area.TEAM, {CO}, {CO}),
    "team:meeting_cancel": R(MEETING, Area.TEAM, POST_ONLY, {CO}),
    "team:minutes_edit": R(MEETING, Area.MINUTES, {CO}, {CO}),
    "team:action_item": R(ITEM, Area.TEAM, EVERYONE_ON_FAMILY),
    "team:action_item_comment": R(ITEM, Area.TEAM, POST_ONLY, EVERYONE_ON_FAMILY),
    "team:action_item_status": R(ITEM, Area.TEAM, POST_ONLY, {CO, PR}),  # the coordinator, the responsible
    # --- a user's own notifications ------------------------------------------------------------------
    "notifications:list": L(NONE, SIGNED_IN),
    "notifications:preferences": L(NONE, SIGNED_IN, SIGNED_IN),
    "notifications:mark_read": L(
        lambda w: {"notification_id": w.notification.pk}, POST_ONLY, {"coordinator"}
    ),
    "notifications:mark_all_read": L(NONE, POST_ONLY, SIGNED_IN),
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
NOT_FAMILY_DATA = {"login", "logout", "set_language"}


def _today(days=0):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


# Valid forms for the main changing pages: a refused actor sends it (and must change nothing), an allowed
# actor sends it after the empty form (and the change must be in the access log, with the right reason).
WEB_BODIES: dict[str, Callable[[World, str], dict]] = {
    "need_to_know": lambda w, a: {"reason": "casework", "explanation": "Behandler klagen fra familien."},
    "people:child_add": lambda w, a: {
        "first_name": "Nora",
        "last_name": "Fjordsen",
        "birth_date": "2019-03-01",
    },
    "portal:consent_withdraw": lambda w, a: {"reason": "Vi vil ikke dele mer."},
    "portal:consent_sign": lambda w, a: {},
    "team:contact_new": lambda w, a: {
        "contacted_on": _today(),
        "channel": "phone",
        "needs_now": "Avlastning.",
    },
    "team:action_item_comment": lambda w, a: {"text": "Jeg ringer skolen i morgen."},
    "team:action_item_status": lambda w, a: {"status": "done"},
    "team:meeting_reply": lambda w, a: {"reply": "attending"},
    "team:minutes_edit": lambda w, a: {"attendees": "Koordinator, fysioterapeut og mor"},
    "team:consent_request_answer": lambda w, a: {"answer": "yes"},
    "plans:goal_add": lambda w, a: {"text": "Emma vil sykle til skolen", "voice": "child"},
    "plans:participant_add": lambda w, a: {"name": "Helsesykepleier", "role": "helsesykepleier"},
    "plans:evaluate": lambda w, a: {
        "evaluated_on": _today(),
        "text": "Det går bra.",
        "outcome": "continue",
        "next_evaluation_on": _today(30),
    },
    "plans:portal_plan": lambda w, a: {"text": "Takk, dette ser bra ut."},
    "relay:entry_add": lambda w, a: {
        "kind": "message",
        "happened_on": _today(),
        "text": "Emma var på skolen.",
    },
    "relay:close": lambda w, a: {"reason": "Bekymringen er løst."},
    "relay:portal_close": lambda w, a: {"reason": "Vi vil avslutte loggen."},
    "referrals:create": lambda w, a: {
        "service": w.t.physio.pk,
        "reason": "Vurdering av hjelpemidler.",
        "sent_on": _today(),
    },
    "referrals:answer": lambda w, a: {"status": "waiting", "answered_on": _today(), "note": "Venteliste."},
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
for _name, _body in WEB_BODIES.items():
    ROUTES[_name].body = _body


# The JSON API, by operation (view function name) and method: the same rules as the pages.
API: dict[tuple[str, str], Route] = {
    ("list_families", "GET"): L(NONE, SIGNED_IN),  # filtered list, tested below
    ("get_family", "GET"): R(FAMILY, Area.REGISTRATION, EVERYONE_ON_FAMILY),
    ("family_access_log", "GET"): R(FAMILY, Area.REGISTRATION, {CW, GU}),
    ("list_consents", "GET"): R(FAMILY, Area.REGISTRATION, EVERYONE_ON_FAMILY),
    ("create_consent", "POST"): R(
        FAMILY,
        Area.REGISTRATION,
        None,
        {CW, CO, GU},
        body=lambda w, a: {
            "services": [w.t.physio.pk],
            # staff register a consent given on paper, naming the guardians who gave it
            **({} if a.endswith("guardian") else {"guardian_ids": [g.pk for g in w.t.guardians]}),
        },
    ),
    ("withdraw_consent", "POST"): R(
        CONSENT, Area.REGISTRATION, None, {GU}, body=lambda w, a: {"reason": "Nei takk."}
    ),
    ("sign_consent", "POST"): R(PENDING_CONSENT, Area.REGISTRATION, None, {GU}, body=lambda w, a: {}),
    ("eligibility", "POST"): L(
        NONE, None, SIGNED_IN, body=lambda w, a: {}
    ),  # stores nothing, reads no family
    ("list_applications", "GET"): R(FAMILY, Area.CASE, {CW, GU}),
    ("list_action_items", "GET"): R(FAMILY, Area.TEAM, EVERYONE_ON_FAMILY),
    ("create_action_item", "POST"): R(
        FAMILY,
        Area.TEAM,
        None,
        {CO},
        body=lambda w, a: {
            "title": "Ringe skolen",
            "due_on": _today(7),
            "responsible_username": w.t.coordinator.username,
        },
    ),
    ("my_notifications", "GET"): L(NONE, SIGNED_IN),
    ("read_notification", "POST"): L(
        lambda w: {"notification_id": w.notification.pk}, None, {"coordinator"}, body=lambda w, a: {}
    ),
    ("list_appointments", "GET"): R(FAMILY, Area.CALENDAR, EVERYONE_ON_FAMILY),
    ("create_appointment", "POST"): R(
        FAMILY,
        Area.CALENDAR,
        None,
        {CO, PR, GU},
        body=lambda w, a: {
            "title": "Fysioterapi",
            "starts_at": "2027-01-05T10:00",
            "ends_at": "2027-01-05T10:45",
            # the family's own entry has no service; a professional books their own service
            **({} if a.endswith("guardian") else {"service_id": w.t.physio.pk}),
        },
    ),
    ("cancel_appointment", "POST"): R(APPOINTMENT, Area.CALENDAR, None, {CO, PR}, body=lambda w, a: {}),
    ("get_family_plan", "GET"): R(PLAN, Area.PLAN, EVERYONE_ON_FAMILY),
    ("list_relay_logs", "GET"): R(FAMILY, Area.RELAY, EVERYONE_ON_FAMILY),
    ("create_relay_log", "POST"): R(
        FAMILY,
        Area.RELAY,
        None,
        STAFF,
        body=lambda w, a: {"concern": "Emma er mye borte.", "level": 1, "service_ids": [w.t.physio.pk]},
    ),
    ("list_referrals", "GET"): R(FAMILY, Area.REFERRAL, EVERYONE_ON_FAMILY),
    ("create_referral", "POST"): R(
        FAMILY,
        Area.REFERRAL,
        None,
        {CO},
        body=lambda w, a: {"service_id": w.t.physio.pk, "reason": "Vurdering."},
    ),
}


# --- What each cell should answer ---------------------------------------------------------------------
ALLOWED, REFUSED, NEED_TO_KNOW, LOGIN = "allowed", "refused", "need_to_know", "login"
# A caseworker without a stated need asking for a need-to-know page they could not use even with one: the
# form to state the need, or 404, both write nothing (the check of the area may come before the capability).
REFUSED_OR_NEED_TO_KNOW = "refused (404) or need_to_know"


def outcome(route: Route, method: str, actor: str, state: str) -> str:
    """What the policy says for one cell: ALLOWED, REFUSED, NEED_TO_KNOW (a caseworker who may state one)
    or LOGIN (anonymous)."""
    allowed = route.get if method == "GET" else route.post
    if allowed == POST_ONLY:
        allowed = route.post
    allowed = allowed or frozenset()
    if not route.family:
        if actor in allowed:
            return ALLOWED
        return LOGIN if actor == "anonymous" else REFUSED
    if route.kind == "feed":
        return ALLOWED
    if actor == "anonymous":
        return LOGIN
    relation = RELATION_OF.get(actor)
    if relation is None or relation not in allowed:
        if actor == "caseworker" and route.area in NEED_TO_KNOW_AREAS:
            return REFUSED_OR_NEED_TO_KNOW
        return REFUSED
    if relation == PR:
        if state not in REACHING_STATES:
            return REFUSED
        if route.area == Area.PLAN and state not in PLAN_STATES:
            return REFUSED
    if actor == "caseworker" and route.area in NEED_TO_KNOW_AREAS:
        return NEED_TO_KNOW
    return ALLOWED


def expected_reason(actor: str, area: Area) -> str:
    relation = RELATION_OF[actor]
    if relation == CW:
        if actor == "caseworker_ntk" and area in NEED_TO_KNOW_AREAS:
            return AccessReason.CASEWORKER_NEED_TO_KNOW
        return AccessReason.CASEWORKER
    return EXPECTED_REASON[relation]


def _known_record_types():
    return set(RECORD_LABELS) | {r.record_type for r in policy.registered().values()}


# --- Running the cells --------------------------------------------------------------------------------
@dataclass
class Cell:
    url: str
    method: str
    actor: str
    state: str
    expected: str
    problems: list[str] = field(default_factory=list)

    def __str__(self):
        return (
            f"{self.method} {self.url} [{self.actor}, consent {self.state}] expected {self.expected}: "
            + "; ".join(self.problems)
        )


class Matrix:
    def __init__(self, world: World):
        self.w = world
        self.clients: dict[str, Client] = {}
        self.failures: list[Cell] = []
        self._family_tables = family_tables()

    def client(self, actor):
        if actor not in self.clients:
            client = Client()
            user = self.w.user(actor)
            if user is not None:
                client.force_login(user)
            self.clients[actor] = client
        return self.clients[actor]

    def run(self, name: str, route: Route, url: str, method: str, is_api: bool):
        """Every actor once in the base consent state, the provider actors in every state."""
        for actor in ACTORS:
            self.client(actor)  # log in outside the savepoints
        for actor in ACTORS:
            if actor in PROVIDER_ACTORS:
                continue
            self.cell(route, url, method, actor, BASE_STATE, is_api)
        if route.family or route.kind == "feed":
            for state in CONSENT_STATES:
                with self.w.consent_state(state):
                    for actor in PROVIDER_ACTORS:
                        # The teacher (no consent names the school) and the physiotherapist off the team
                        # are refused even while a consent is in force; in the states where the team's
                        # physiotherapist is refused too they are not asked again.
                        if actor != "provider" and state not in REACHING_STATES:
                            continue
                        self.cell(route, url, method, actor, state, is_api)
        else:
            for actor in PROVIDER_ACTORS:
                self.cell(route, url, method, actor, BASE_STATE, is_api)

    def _request(self, actor, method, url, is_api, body):
        client = self.client(actor)
        if method == "GET":
            return client.get(url)
        if is_api:
            return client.post(url, data=json.dumps(body or {}), content_type="application/json")
        return client.post(url, data=body or {})

    def cell(self, route, url, method, actor, state, is_api):
        expected = outcome(route, method, actor, state)
        post_only = route.get == POST_ONLY and method == "GET"
        bodies = [(None, False)]
        if method == "POST" and route.body is not None:
            # A refused actor sends a valid body (so a missing check would show as a change); an allowed
            # actor sends an empty one (must be refused as invalid) and a valid one (must log the change).
            valid = route.body(self.w, actor)
            if expected != ALLOWED or valid == {}:
                bodies = [(valid, True)]
            else:
                bodies = [({} if is_api else None, False), (valid, True)]
        for body, is_valid in bodies:
            c = Cell(url, method, actor, state, "405" if post_only and expected != LOGIN else expected)
            with rolled_back():
                self._check(route, c, actor, method, url, is_api, body, post_only, valid_body=is_valid)
            if c.problems:
                if is_valid:
                    c.problems.insert(0, "(valid body)")
                self.failures.append(c)

    def _check(self, route, c, actor, method, url, is_api, body, post_only, valid_body):
        before_log = AccessLogEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        outbox = len(mail.outbox)
        watch = c.expected != ALLOWED or method == "POST"
        before = fingerprint() if watch else None
        try:
            response = self._request(actor, method, url, is_api, body)
        except Exception as error:  # a 500 in the test client
            c.problems.append(f"got an exception {type(error).__name__}: {error}"[:300])
            return
        status = response.status_code
        rows = list(AccessLogEntry.objects.filter(seq__gt=before_log).order_by("seq"))
        after = fingerprint() if watch else None
        changed = changed_tables(before, after) if watch else []
        got = f"got {status}"
        if status in (301, 302):
            got += f" -> {response['Location']}"
        described_rows = [
            f"{r.action}:{r.record_type}:{r.reason}:family {r.family_id}:user {r.user_id}" for r in rows
        ]

        def fail(message):
            c.problems.append(message)

        if status >= 500:
            fail(f"{got} (a 500)")
            return

        if c.expected != ALLOWED or post_only:
            # Refused, need-to-know, login, or a GET on a POST-only view: nothing happens at all.
            if post_only:
                ok = (
                    status == 405
                    or (c.expected == LOGIN and status in (302, 401))
                    or (c.expected in (REFUSED, NEED_TO_KNOW, REFUSED_OR_NEED_TO_KNOW) and status == 404)
                )
            elif c.expected == LOGIN:
                if is_api:
                    ok = status == 401
                else:
                    ok = status == 302 and response["Location"].startswith(reverse("login"))
            elif c.expected in (NEED_TO_KNOW, REFUSED_OR_NEED_TO_KNOW) and method == "GET" and not is_api:
                target = reverse("need_to_know", args=[self.w.family.pk])
                ok = status == 302 and response["Location"].startswith(target)
                ok = ok or (c.expected == REFUSED_OR_NEED_TO_KNOW and status == 404)
            else:
                ok = status == 404
            if not ok:
                fail(got)
            if rows:
                fail(f"wrote log rows {described_rows}")
            if changed:
                fail(f"changed {changed}")
            if len(mail.outbox) != outbox:
                fail(f"sent {len(mail.outbox) - outbox} e-mail(s)")
            return

        w = self.w
        if method == "GET":
            if status not in route.get_ok:
                fail(got)
                return
            if route.kind == "list":
                user = w.user(actor)
                reachable = {f.pk for f in access.visible_families(user)} if user else set()
                for r in rows:
                    if r.action != AccessAction.READ or r.family_id not in reachable or r.user_id != user.pk:
                        fail(f"log row for a family not shown to the actor, or not a read: {described_rows}")
                        break
                return
            if route.kind == "feed":
                owner = w.t.guardian_user
                if len(rows) != 1 or rows[0].user_id != owner.pk or rows[0].family_id != w.family.pk:
                    fail(f"expected one read row as the feed's owner, wrote {described_rows}")
                return
            action = AccessAction.EXPORT if route.kind == "export" else AccessAction.READ
            reason = expected_reason(actor, route.area)
            if status == 200 or route.kind != "read":
                good = (
                    len(rows) == 1
                    and rows[0].action == action
                    and rows[0].family_id == w.family.pk
                    and rows[0].user_id == w.user(actor).pk
                    and rows[0].reason == reason
                )
                if not good:
                    fail(
                        f"expected exactly one {action} row for the family with reason {reason}, "
                        f"wrote {described_rows}"
                    )
                elif rows[0].record_type not in _known_record_types():
                    fail(f"record type {rows[0].record_type!r} has no label for the family's log")
                elif reason == AccessReason.CASEWORKER_NEED_TO_KNOW and not rows[0].purpose:
                    fail("a need-to-know read without the stated purpose")
            return

        # An allowed POST: an invalid body is refused without a trace; a change is logged as a change.
        if status in (403, 405) or (status == 404 and route.family):
            # (a page about no single family may answer 404 when the body names nothing it can find)
            fail(got + " (refused, but the policy allows this actor)")
            return
        reads = [r for r in rows if r.action == AccessAction.READ]
        if reads:
            fail(f"a POST wrote read rows {described_rows}")
        changes = [r for r in rows if r.action == AccessAction.CHANGE]
        family_changed = [t for t in changed if t in self._family_tables]
        if 400 <= status < 500:
            if rows:
                fail(f"{got} but wrote log rows {described_rows}")
            if changed:
                fail(f"{got} but changed {changed}")
            if valid_body:
                fail(f"{got} for a valid body")
            return
        if family_changed and not changes:
            fail(f"{got}, changed {family_changed} without a change row in the access log")
        if changes and not changed:
            fail(f"{got}, wrote change rows {described_rows} without changing anything")
        if route.family:
            for r in rows:
                if r.user_id != w.user(actor).pk or r.reason != expected_reason(actor, route.area):
                    fail(f"change row with the wrong user or reason: {described_rows}")
                    break
        if status == 200 and not changed and route.family and not valid_body and not is_api:
            fail(f"{got} for an empty body without a change (an invalid form answers 4xx)")
        if valid_body and route.family and not changes:
            fail(f"{got} for a valid body, but no change row")


def _report(name, method, failures):
    if not failures:
        return
    path = os.environ.get("LOS_MATRIX_REPORT")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            for cell in failures:
                out.write(f"{name}\t{cell}\n")
    pytest.fail(
        f"{len(failures)} cell(s) of {name} {method} disagree with the policy:\n"
        + "\n".join(map(str, failures))
    )


def _web_url(name, route, world):
    return reverse(name, kwargs=route.kwargs(world))


# --- Completeness: nothing escapes the matrix -----------------------------------------------------------
def _our_patterns():
    found = {}

    def walk(patterns, namespace=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                if p.namespace in ("admin", "api"):
                    continue
                walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif p.name:
                found[namespace + p.name] = p.callback

    walk(get_resolver().url_patterns)
    return found


def _api_operations():
    from los.api.api import api

    ops = {}
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    ops[(operation.view_func.__name__, method)] = prefix + path
    return ops


API_PATHS = _api_operations()


def test_every_page_is_in_the_access_matrix():
    missing = set(_our_patterns()) - set(ROUTES) - NOT_FAMILY_DATA
    assert not missing, f"add these to the access matrix: {sorted(missing)}"
    stale = set(ROUTES) - set(_our_patterns())
    assert not stale, f"no such url names any more: {sorted(stale)}"


def test_every_view_that_takes_post_is_tested_with_post():
    patterns = _our_patterns()
    missing = sorted(
        n for n, cb in patterns.items() if n in ROUTES and view_takes_post(cb) and ROUTES[n].post is None
    )
    assert not missing, f"these views handle POST; give them `post=` in the access matrix: {missing}"


def test_every_api_operation_and_method_is_in_the_access_matrix():
    missing = set(API_PATHS) - set(API)
    stale = set(API) - set(API_PATHS)
    assert not missing, f"add these API operations to the access matrix: {sorted(missing)}"
    assert not stale, f"no such API operations any more: {sorted(stale)}"


WEB_GET = sorted(ROUTES)
WEB_POST = sorted(n for n, r in ROUTES.items() if r.post is not None)


@pytest.mark.parametrize("name", WEB_GET)
def test_get(name, db):
    world = World()
    route = ROUTES[name]
    matrix = Matrix(world)
    matrix.run(name, route, _web_url(name, route, world), "GET", is_api=False)
    _report(name, "GET", matrix.failures)


@pytest.mark.parametrize("name", WEB_POST)
def test_post(name, db):
    world = World()
    route = ROUTES[name]
    matrix = Matrix(world)
    matrix.run(name, route, _web_url(name, route, world), "POST", is_api=False)
    _report(name, "POST", matrix.failures)


@pytest.mark.parametrize("operation", sorted(API), ids=lambda op: f"{op[1]}-{op[0]}")
def test_api(operation, db):
    world = World()
    route = API[operation]
    name, method = operation
    path = API_PATHS[operation]
    url = "/api/v1" + path.format(**{k: v for k, v in route.kwargs(world).items()})
    matrix = Matrix(world)
    matrix.run(f"api:{name}", route, url, method, is_api=True)
    _report(f"api:{name}", method, matrix.failures)


# --- The lists agree with the pages ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "actor, sees_family, sees_other_family",
    [
        ("caseworker", True, True),
        ("caseworker_ntk", True, True),
        ("coordinator", True, False),
        ("provider", True, False),
        ("school_provider", False, False),  # on the team, but the consent does not name the school
        ("other_provider", False, False),  # the right service, but not on the family's team
        ("guardian", True, False),
        ("leader", False, False),
        ("admin", False, False),
        ("foreign_caseworker", False, False),
        ("foreign_coordinator", False, False),
        ("foreign_provider", False, False),
        ("foreign_guardian", False, False),
    ],
)
def test_family_page_and_api_agree_on_who_sees_which_family(actor, sees_family, sees_other_family, db):
    w = World()
    c = Client()
    c.force_login(w.user(actor))
    listed = {f["id"] for f in c.get("/api/v1/families").json()}
    assert (w.family.pk in listed) == sees_family
    assert (w.t.other_family.pk in listed) == sees_other_family
    for family, sees in [(w.family, sees_family), (w.t.other_family, sees_other_family)]:
        assert c.get(f"/api/v1/families/{family.pk}").status_code == (200 if sees else 404)


@pytest.mark.parametrize("state", CONSENT_STATES)
def test_provider_lists_the_family_only_while_a_consent_names_their_service(state, db):
    w = World()
    c = Client()
    c.force_login(w.t.provider)
    with w.consent_state(state):
        listed = {f["id"] for f in c.get("/api/v1/families").json()}
        assert (w.family.pk in listed) == (state in REACHING_STATES)


def test_unknown_family_answers_like_a_forbidden_one(db):
    w = World()
    c = Client()
    c.force_login(w.t.provider)
    missing = c.get("/api/v1/families/999999")
    forbidden = c.get(f"/api/v1/families/{w.o.family.pk}")
    assert missing.status_code == forbidden.status_code == 404
    assert missing.json() == forbidden.json()
    assert c.get("/familier/999999/").status_code == c.get(f"/familier/{w.o.family.pk}/").status_code == 404


def test_the_matrix_world_has_the_states_it_claims(db):
    """The provider reaches the family in exactly the active states, and the plan only with plan consent."""
    w = World()
    for state in CONSENT_STATES:
        with w.consent_state(state):
            grant = access.grant_for(w.t.provider, w.family.pk)
            assert (grant is not None) == (state in REACHING_STATES), state
            if grant is not None:
                assert grant.plan_consent == (state == ACTIVE_PLAN), state
            assert access.grant_for(w.t.school_provider, w.family.pk) is None
            assert access.grant_for(w.t.other_provider, w.family.pk) is None
    assert access.grant_for(w.caseworker_ntk, w.family.pk).need_to_know is not None
    assert access.grant_for(w.t.caseworker, w.family.pk).need_to_know is None
