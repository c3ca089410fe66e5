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

The table is in tests/core/matrix_table/, the check of one cell in tests/core/matrix_check.py, the world
in tests/core/matrix_world/.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from los.core import access

from .matrix_check import Matrix, report
from .matrix_table import API, NOT_FAMILY_DATA, ROUTES
from .matrix_table.fhir import WRITES as FHIR_WRITES
from .matrix_world import ACTIVE_PLAN, CONSENT_STATES, REACHING_STATES, World, view_takes_post


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
        n
        for n, cb in patterns.items()
        if n in ROUTES and view_takes_post(cb) and ROUTES[n].post is None and (n, "POST") not in FHIR_WRITES
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
    # The FHIR endpoints answer as an API (401 without credentials, 404 instead of the need-to-know form).
    matrix.run(name, route, _web_url(name, route, world), "GET", is_api=name.startswith("fhir:"))
    report(name, "GET", matrix.failures)


@pytest.mark.parametrize("name", WEB_POST)
def test_post(name, db):
    world = World()
    route = ROUTES[name]
    matrix = Matrix(world)
    matrix.run(name, route, _web_url(name, route, world), "POST", is_api=False)
    report(name, "POST", matrix.failures)


@pytest.mark.parametrize("operation", sorted(FHIR_WRITES), ids=lambda op: f"{op[1]}-{op[0]}")
def test_fhir_write(operation, db):
    """A FHIR write (create, update) as another system sends it: with each actor's personal token."""
    world = World()
    name, method = operation
    route = FHIR_WRITES[operation]
    matrix = Matrix(world, bearer=True)
    matrix.run(name, route, _web_url(name, route, world), method, is_api=True)
    report(name, method, matrix.failures)


@pytest.mark.parametrize("operation", sorted(API), ids=lambda op: f"{op[1]}-{op[0]}")
def test_api(operation, db):
    world = World()
    route = API[operation]
    name, method = operation
    path = API_PATHS[operation]
    url = "/api/v1" + path.format(**{k: v for k, v in route.kwargs(world).items()})
    matrix = Matrix(world)
    matrix.run(f"api:{name}", route, url, method, is_api=True)
    report(f"api:{name}", method, matrix.failures)


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
