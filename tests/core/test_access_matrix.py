"""Who may open what: every page and endpoint against every role, both tenants, and no login.

The table is the access policy as the families and the municipality expect it (hol § 7-3, Normen):
nobody sees a family they have no role in or no consent for, and a family one may not see answers
exactly like one that does not exist.
"""

import pytest
from django.urls import get_resolver, reverse

from los.core.models import AccessLogEntry
from tests.calendar import world as calendar_world
from tests.intake.helpers import case_world
from tests.plans import helpers as plan_helpers
from tests.team import helpers as team_helpers

ACTORS = [
    "caseworker",
    "coordinator",
    "provider",
    "school_provider",
    "other_provider",
    "leader",
    "guardian",
    "admin",
    "foreign_caseworker",
    "foreign_coordinator",
    "foreign_provider",
    "foreign_guardian",
    "anonymous",
]


def actor_user(name, tenant, other_tenant, admin_user):
    if name == "anonymous":
        return None
    if name == "admin":
        return admin_user
    source = other_tenant if name.startswith("foreign_") else tenant
    attr = name.removeprefix("foreign_")
    return getattr(source, "guardian_user" if attr == "guardian" else attr)


# url name -> (how to build the kwargs from the tenant, who gets 200). Everyone else gets 404
# (302 to the login page for anonymous web pages, 401 for anonymous API calls).
NONE = lambda t: {}  # noqa: E731
FAMILY = lambda t: {"family_id": t.family.pk}  # noqa: E731
CONSENT = lambda t: {"consent_id": t.consent.pk}  # noqa: E731
STAFF_ALL = {"caseworker", "coordinator", "provider"}
STAFF_ANYWHERE = STAFF_ALL | {
    "school_provider",
    "other_provider",
    "foreign_caseworker",
    "foreign_coordinator",
    "foreign_provider",
}
APPLICATION = lambda t: {"application_id": case_world(t).application.pk}  # noqa: E731
DECISION = lambda t: {"decision_id": case_world(t).decision.pk}  # noqa: E731
COMPLAINT = lambda t: {"complaint_id": case_world(t).complaint.pk}  # noqa: E731
MATRIX = {
    "home": (NONE, set(ACTORS) - {"anonymous"}, "redirect_ok"),  # each role lands on its own start page
    "people:worklist": (
        NONE,
        {
            "caseworker",
            "coordinator",
            "provider",
            "school_provider",
            "other_provider",
            "foreign_caseworker",
            "foreign_coordinator",
            "foreign_provider",
        },
        None,
    ),
    "people:family_create": (NONE, {"caseworker", "foreign_caseworker"}, None),
    "people:family": (FAMILY, STAFF_ALL, None),
    "people:child_add": (FAMILY, {"caseworker"}, None),
    "people:child_edit": (
        lambda t: {"family_id": t.family.pk, "child_id": t.family.children.first().pk},
        {"caseworker"},
        None,
    ),
    "people:guardian_add": (FAMILY, {"caseworker"}, None),
    "people:guardian_edit": (
        lambda t: {"family_id": t.family.pk, "guardian_id": t.guardians[0].pk},
        {"caseworker"},
        None,
    ),
    "people:access_log": (FAMILY, {"caseworker"}, None),
    "people:consent_register": (FAMILY, {"caseworker", "coordinator"}, None),
    "portal:home": (NONE, {"guardian", "foreign_guardian"}, "redirect_ok"),
    "portal:family": (FAMILY, {"guardian"}, None),
    "portal:access_log": (FAMILY, {"guardian"}, None),
    "portal:consent_new": (FAMILY, {"guardian"}, None),
    "portal:consent_withdraw": (CONSENT, {"guardian"}, None),
    "reports:dashboard": (NONE, {"leader"}, None),
    "api:list_families": (NONE, set(ACTORS) - {"anonymous"}, None),  # filtered list, tested below
    "api:get_family": (FAMILY, STAFF_ALL | {"guardian"}, None),
    "api:family_access_log": (FAMILY, {"caseworker", "guardian"}, None),
    "api:list_consents": (FAMILY, STAFF_ALL | {"guardian"}, None),
    # Intake: the coordinating unit's case pages, the family's side, the public self-check.
    "self_check": (NONE, set(ACTORS), None),
    "intake:worklist": (NONE, {"caseworker", "foreign_caseworker"}, None),
    "intake:coordinators": (NONE, {"caseworker", "foreign_caseworker"}, None),
    "intake:coordinator_profile": (lambda t: {"user_id": t.coordinator.pk}, {"caseworker"}, None),
    "intake:training": (NONE, {"caseworker", "foreign_caseworker"}, None),
    "intake:training_course": (lambda t: {"course_id": case_world(t).course.pk}, {"caseworker"}, None),
    "intake:application_register": (FAMILY, {"caseworker"}, None),
    "intake:application": (APPLICATION, {"caseworker"}, None),
    "intake:application_edit": (APPLICATION, {"caseworker"}, None),
    "intake:assessment": (APPLICATION, {"caseworker"}, None),
    "intake:interim_reply": (APPLICATION, {"caseworker"}, None),
    "intake:decision_new": (APPLICATION, {"caseworker"}, None),
    "intake:appoint": (APPLICATION, {"caseworker"}, None),
    "intake:document": (lambda t: {"document_id": case_world(t).document.pk}, {"caseworker"}, None),
    "intake:decision_letter": (DECISION, {"caseworker"}, None),
    "intake:complaint_register": (DECISION, {"caseworker"}, None),
    "intake:complaint": (COMPLAINT, {"caseworker"}, None),
    "intake:complaint_forward": (COMPLAINT, {"caseworker"}, None),
    "intake:complaint_bundle": (COMPLAINT, {"caseworker"}, None),
    "intake:change_request": (
        lambda t: {"request_id": case_world(t).change_request.pk},
        {"caseworker"},
        None,
    ),
    "portal_case:apply": (FAMILY, {"guardian"}, None),
    "portal_case:change_coordinator": (FAMILY, {"guardian"}, None),
    "portal_case:application": (APPLICATION, {"guardian"}, None),
    "portal_case:decision_letter": (DECISION, {"guardian"}, None),
    "portal_case:complain": (DECISION, {"guardian"}, None),
    "portal_case:document": (lambda t: {"document_id": case_world(t).document.pk}, {"guardian"}, None),
    "api:list_applications": (FAMILY, {"caseworker", "guardian"}, None),
    # The individual plan: the coordinator edits; staff on the family read; guardians read and comment.
    "plans:plan": (FAMILY, STAFF_ALL, None),
    "plans:plan_create": (FAMILY, {"coordinator"}, None),
    "plans:plan_edit": (plan_helpers.plan_kwargs, {"coordinator"}, None),
    "plans:participant_add": (plan_helpers.plan_kwargs, {"coordinator"}, None),
    "plans:goal_add": (plan_helpers.plan_kwargs, {"coordinator"}, None),
    "plans:goal_edit": (plan_helpers.goal_kwargs, {"coordinator"}, None),
    "plans:measure_add": (plan_helpers.plan_kwargs, {"coordinator"}, None),
    "plans:measure_edit": (plan_helpers.measure_kwargs, {"coordinator"}, None),
    # the coordinator, or the person responsible for the measure (the physiotherapist)
    "plans:evaluate": (plan_helpers.measure_kwargs, {"coordinator", "provider"}, None),
    "plans:revise": (plan_helpers.plan_kwargs, {"coordinator"}, None),
    "plans:version": (plan_helpers.version_kwargs, STAFF_ALL | {"guardian"}, None),
    "plans:compare": (plan_helpers.plan_kwargs, STAFF_ALL | {"guardian"}, None),
    "plans:pdf": (plan_helpers.plan_kwargs, STAFF_ALL | {"guardian"}, None),
    "plans:portal_plan": (FAMILY, {"guardian"}, None),
    "api:get_family_plan": (plan_helpers.plan_kwargs, STAFF_ALL | {"guardian"}, None),
    # The relay log: staff on the family read and write notes; the holder (the physiotherapist) leads it.
    "relay:list": (FAMILY, STAFF_ALL, None),
    "relay:create": (FAMILY, STAFF_ALL, None),
    "relay:detail": (plan_helpers.relay_kwargs, STAFF_ALL, None),
    "relay:entry_add": (plan_helpers.relay_kwargs, STAFF_ALL, None),
    "relay:edit": (plan_helpers.relay_kwargs, {"provider"}, None),
    "relay:goal_add": (plan_helpers.relay_kwargs, {"provider"}, None),
    "relay:measure_add": (plan_helpers.relay_kwargs, {"provider"}, None),
    "relay:handover": (plan_helpers.relay_kwargs, {"provider"}, None),
    "relay:close": (plan_helpers.relay_kwargs, {"provider"}, None),
    "relay:carry_into_plan": (plan_helpers.relay_kwargs, {"coordinator"}, None),
    "relay:portal_detail": (plan_helpers.relay_kwargs, {"guardian"}, None),
    "relay:portal_close": (plan_helpers.relay_kwargs, {"guardian"}, None),
    "api:list_relay_logs": (FAMILY, STAFF_ALL | {"guardian"}, None),
    # Referrals: the coordinator refers; staff on the family read; the coordinating unit keeps the directory.
    "referrals:list": (FAMILY, STAFF_ALL, None),
    "referrals:create": (FAMILY, {"coordinator"}, None),
    "referrals:answer": (plan_helpers.referral_kwargs, {"coordinator"}, None),
    "referrals:directory": (
        NONE,
        {
            "caseworker",
            "coordinator",
            "provider",
            "school_provider",
            "other_provider",
            "foreign_caseworker",
            "foreign_coordinator",
            "foreign_provider",
        },
        None,
    ),
    "referrals:organisation_add": (NONE, {"caseworker", "foreign_caseworker"}, None),
    "referrals:organisation_edit": (plan_helpers.organisation_kwargs, {"caseworker"}, None),
    "api:list_referrals": (FAMILY, STAFF_ALL | {"guardian"}, None),
    # The coordinator's follow-up: the coordinator changes; staff on the family and guardians read.
    "team:follow_up": (NONE, STAFF_ANYWHERE, None),  # each sees late items of their own families
    "team:caseload": (NONE, STAFF_ANYWHERE, None),
    "team:overview": (FAMILY, STAFF_ALL | {"guardian"}, None),
    "team:add_professional": (FAMILY, {"coordinator"}, None),
    "team:add_family_member": (FAMILY, {"coordinator"}, None),
    "team:meeting_new": (FAMILY, {"coordinator"}, None),
    "team:action_item_new": (FAMILY, {"coordinator"}, None),
    "team:contact_new": (FAMILY, {"coordinator"}, None),
    "team:meeting": (
        lambda t: {"meeting_id": team_helpers.plain_meeting(t).pk},
        STAFF_ALL | {"guardian"},
        None,
    ),
    "team:minutes_edit": (lambda t: {"meeting_id": team_helpers.plain_meeting(t).pk}, {"coordinator"}, None),
    "team:meeting_reschedule": (
        lambda t: {"meeting_id": team_helpers.plain_meeting(t).pk},
        {"coordinator"},
        None,
    ),
    "team:action_item": (lambda t: {"item_id": team_helpers.make_item(t).pk}, STAFF_ALL | {"guardian"}, None),
    "team:consent_request_answer": (
        lambda t: {"request_id": team_helpers.consent_request(t).pk},
        {"guardian"},
        None,
    ),
    "api:list_action_items": (FAMILY, STAFF_ALL | {"guardian"}, None),
    # A user's own notifications: everyone signed in has a list.
    "notifications:list": (NONE, set(ACTORS) - {"anonymous"}, None),
    "notifications:preferences": (NONE, set(ACTORS) - {"anonymous"}, None),
    "api:my_notifications": (NONE, set(ACTORS) - {"anonymous"}, None),
    # The child's calendar: the family and everyone on it (a professional sees what the consent covers).
    "calendar:week": (FAMILY, STAFF_ALL | {"guardian"}, None),
    "calendar:month": (FAMILY, STAFF_ALL | {"guardian"}, None),
    "calendar:agenda": (FAMILY, STAFF_ALL | {"guardian"}, None),
    "calendar:day_sheet": (FAMILY, STAFF_ALL | {"guardian"}, None),
    "calendar:appointment_new": (FAMILY, {"coordinator", "provider", "guardian"}, None),
    "calendar:appointment_edit": (
        lambda t: {"family_id": t.family.pk, "appointment_id": calendar_world.matrix_appointment(t).pk},
        STAFF_ALL | {"guardian"},
        None,
    ),
    "calendar:needs": (FAMILY, {"coordinator"}, None),
    "calendar:limits": (FAMILY, {"coordinator", "guardian"}, None),
    "calendar:proposal": (
        lambda t: {"family_id": t.family.pk, "proposal_id": calendar_world.matrix_proposal(t).pk},
        {"coordinator"},
        None,
    ),
    "calendar:import_ics": (FAMILY, {"coordinator", "provider"}, None),
    # Professionals answer booking requests to their services; each sees only their own.
    "calendar:requests": (
        NONE,
        {
            "coordinator",
            "provider",
            "school_provider",
            "other_provider",
            "foreign_coordinator",
            "foreign_provider",
        },
        None,
    ),
    "calendar:request_counter": (
        lambda t: {"request_id": calendar_world.matrix_request(t).pk},
        {"provider"},
        None,
    ),
    "calendar:feeds": (
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
        None,
    ),
    "api:list_appointments": (FAMILY, STAFF_ALL | {"guardian"}, None),
}
# Changing endpoints are covered by their own tests; listed here so the completeness check knows them.
CHANGING = {
    "portal:consent_sign": "tests/consent/test_consent_flows.py",
    "api:create_consent": "tests/api/test_consent_api.py",
    "api:withdraw_consent": "tests/api/test_consent_api.py",
    "api:sign_consent": "tests/api/test_consent_api.py",
    "api:eligibility": "tests/intake/test_eligibility_api.py",
    "intake:document_upload": "tests/intake/test_casework.py",
    "intake:assessment_review": "tests/intake/test_casework.py",
    "intake:complaint_reconsider": "tests/intake/test_complaints.py",
    "intake:change_request_decline": "tests/intake/test_coordinators.py",
    "plans:participant_remove": "tests/plans/test_plan_flows.py",
    "plans:comments_seen": "tests/plans/test_plan_flows.py",
    "relay:handover_answer": "tests/plans/test_relay_flows.py",
    "api:create_relay_log": "tests/plans/test_relay_flows.py",
    "api:create_referral": "tests/referrals/test_referrals.py",
    "team:request_consent": "tests/team/test_team_flows.py",
    "team:meeting_reply": "tests/team/test_team_flows.py",
    "team:meeting_cancel": "tests/team/test_team_flows.py",
    "team:end_membership": "tests/team/test_team_flows.py",
    "team:action_item_comment": "tests/team/test_team_flows.py",
    "team:action_item_status": "tests/team/test_team_flows.py",
    "notifications:mark_read": "tests/team/test_team_flows.py",
    "notifications:mark_all_read": "tests/team/test_team_flows.py",
    "api:create_action_item": "tests/team/test_action_item_api.py",
    "api:read_notification": "tests/team/test_action_item_api.py",
    "calendar:appointment_cancel": "tests/calendar/test_calendar_pages.py",
    "calendar:need_new": "tests/calendar/test_proposal_flow.py",
    "calendar:need_close": "tests/calendar/test_proposal_flow.py",
    "calendar:propose": "tests/calendar/test_proposal_flow.py",
    "calendar:proposal_send": "tests/calendar/test_proposal_flow.py",
    "calendar:counter_accept": "tests/calendar/test_proposal_flow.py",
    "calendar:request_confirm": "tests/calendar/test_proposal_flow.py",
    "calendar:feed": "tests/calendar/test_ical.py",  # a secret address, no login: tested there
    "api:create_appointment": "tests/calendar/test_calendar_pages.py",
    "api:cancel_appointment": "tests/calendar/test_calendar_pages.py",
}
NOT_FAMILY_DATA = {"login", "logout", "set_language", "api:api-root", "api:openapi-json", "api:openapi-view"}


def _our_url_names():
    names = set()

    def walk(patterns, namespace=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                if p.namespace == "admin":
                    continue
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, ns)
            elif p.name:
                names.add(namespace + p.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_page_and_endpoint_is_in_the_access_matrix():
    missing = _our_url_names() - set(MATRIX) - set(CHANGING) - NOT_FAMILY_DATA
    assert not missing, f"add these to the access matrix: {sorted(missing)}"


@pytest.mark.parametrize("url_name", sorted(MATRIX))
@pytest.mark.parametrize("actor", ACTORS)
def test_access_matrix(url_name, actor, tenant, other_tenant, admin_user, client_for, client):
    kwargs_of, allowed, mode = MATRIX[url_name]
    url = reverse(url_name, kwargs=kwargs_of(tenant))
    user = actor_user(actor, tenant, other_tenant, admin_user)
    c = client_for(user) if user else client
    before = AccessLogEntry.objects.count()
    response = c.get(url)
    is_api = url.startswith("/api/")
    if actor in allowed:
        expected = {200, 302} if mode == "redirect_ok" else {200}
        assert response.status_code in expected, (url, actor, response.status_code)
    elif user is None:
        assert response.status_code == (401 if is_api else 302), (url, response.status_code)
        if not is_api:
            assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == 404, (url, actor, response.status_code)
        if "family_id" in kwargs_of(tenant) or "consent_id" in kwargs_of(tenant):
            assert AccessLogEntry.objects.count() == before, "a refused look must not be logged as a read"


@pytest.mark.parametrize(
    "actor, sees_family, sees_other_family",
    [
        ("caseworker", True, True),
        ("coordinator", True, False),
        ("provider", True, False),
        ("school_provider", False, False),  # on the team, but the consent does not cover the school
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
def test_family_page_and_api_agree_on_who_sees_which_family(
    actor, sees_family, sees_other_family, tenant, other_tenant, admin_user, client_for
):
    c = client_for(actor_user(actor, tenant, other_tenant, admin_user))
    listed = {f["id"] for f in c.get("/api/v1/families").json()}
    assert (tenant.family.pk in listed) == sees_family
    assert (tenant.other_family.pk in listed) == sees_other_family
    for family, sees in [(tenant.family, sees_family), (tenant.other_family, sees_other_family)]:
        assert c.get(f"/api/v1/families/{family.pk}").status_code == (200 if sees else 404)


def test_unknown_family_answers_like_a_forbidden_one(tenant, other_tenant, client_for):
    c = client_for(tenant.provider)
    missing = c.get("/api/v1/families/999999")
    forbidden = c.get(f"/api/v1/families/{other_tenant.family.pk}")
    assert missing.status_code == forbidden.status_code == 404
    assert missing.json() == forbidden.json()
    assert (
        c.get("/familier/999999/").status_code
        == c.get(f"/familier/{other_tenant.family.pk}/").status_code
        == 404
    )
