"""The table for the JSON API, by operation (view function name) and method: the same rules as the pages."""

from __future__ import annotations

from los.core.policy import Area

from .rows import (
    APPOINTMENT,
    CO,
    CONSENT,
    CW,
    EVERYONE_ON_FAMILY,
    FAMILY,
    GU,
    NONE,
    PENDING_CONSENT,
    PLAN,
    PR,
    SIGNED_IN,
    STAFF,
    L,
    R,
    Route,
    today,
)

API: dict[tuple[str, str], Route] = {
    ("list_families", "GET"): L(NONE, SIGNED_IN),  # filtered list, tested in test_access_matrix.py
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
            "due_on": today(7),
            "responsible_username": w.t.coordinator.username,
        },
    ),
    ("my_notifications", "GET"): L(NONE, SIGNED_IN),
    ("statistics", "GET"): L(NONE, {"leader"}),
    ("my_surveys", "GET"): L(NONE, SIGNED_IN),
    ("answer_survey", "POST"): L(lambda w: {"survey_id": w.survey.pk}, None, {"guardian"}),
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
