"""Who may open what: every page and endpoint against every role, both tenants, and no login.

The table is the access policy as the families and the municipality expect it (hol § 7-3, Normen):
nobody sees a family they have no role in or no consent for, and a family one may not see answers
exactly like one that does not exist.
"""

import pytest
from django.urls import get_resolver, reverse

from los.core.models import AccessLogEntry

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
}
# Changing endpoints are covered by their own tests; listed here so the completeness check knows them.
CHANGING = {
    "portal:consent_sign": "tests/consent/test_consent_flows.py",
    "api:create_consent": "tests/api/test_consent_api.py",
    "api:withdraw_consent": "tests/api/test_consent_api.py",
    "api:sign_consent": "tests/api/test_consent_api.py",
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
