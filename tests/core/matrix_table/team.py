"""The table for the responsibility group (meetings, action items, contacts), referrals and the patient
organisations, and a user's own notifications."""

from __future__ import annotations

from collections.abc import Callable

from los.core.policy import Area

from ..matrix_world import World
from .rows import (
    CASEWORKERS,
    CO,
    EVERYONE_ON_FAMILY,
    FAMILY,
    GU,
    ITEM,
    MEETING,
    NONE,
    OUR_CASEWORKERS,
    POST_ONLY,
    PR,
    SIGNED_IN,
    STAFF,
    STAFF_ANYWHERE,
    L,
    R,
    Route,
    today,
)

ROUTES: dict[str, Route] = {
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
    # Coordinators see late items of their own families; other staff are sent on to «Mine oppgaver».
    "team:follow_up": L(NONE, STAFF_ANYWHERE, get_ok=frozenset({200, 302})),
    # «Mine oppgaver»: each staff user's own work, named only from families they may see.
    "work:mine": L(NONE, STAFF_ANYWHERE),
    "work:group": L(lambda w: {"group": "oppgaver"}, STAFF_ANYWHERE),
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
}

BODIES: dict[str, Callable[[World, str], dict]] = {
    "team:contact_new": lambda w, a: {
        "contacted_on": today(),
        "channel": "phone",
        "needs_now": "Avlastning.",
    },
    "team:action_item_comment": lambda w, a: {"text": "Jeg ringer skolen i morgen."},
    "team:action_item_status": lambda w, a: {"status": "done"},
    "team:meeting_reply": lambda w, a: {"reply": "attending"},
    "team:minutes_edit": lambda w, a: {"attendees": "Koordinator, fysioterapeut og mor"},
    "team:consent_request_answer": lambda w, a: {"answer": "yes"},
    "referrals:create": lambda w, a: {
        "service": w.t.physio.pk,
        "reason": "Vurdering av hjelpemidler.",
        "sent_on": today(),
    },
    "referrals:answer": lambda w, a: {"status": "waiting", "answered_on": today(), "note": "Venteliste."},
}
