"""Search by patient follows the same policy as a read: per relation and state of the family's consent,
the records a read would show, one access-log row for the family (channel "api") when allowed, nothing
logged and an empty searchset when not, 401 when no one is signed in. (The reads themselves run through
the access matrix: tests/core/test_access_matrix.py.)"""

import pytest

from los.people.models import Child
from tests.core.matrix_check import ALLOWED, LOGIN, outcome
from tests.core.matrix_table.fhir import ROUTES, _log_entry
from tests.core.matrix_world import ACTORS, CONSENT_STATES, PROVIDER_ACTORS

from .conftest import client_of, entries, fhir_get, last_seq, rows_since

TYPES = [
    "Patient",
    "RelatedPerson",
    "CareTeam",
    "PractitionerRole",
    "Practitioner",
    "Organization",
    "Appointment",
    "Consent",
    "Task",
    "CarePlan",
    "Goal",
    "AuditEvent",
]
CELLS = (
    [(actor, "active_with_plan") for actor in ACTORS if actor not in PROVIDER_ACTORS]
    + [("provider", state) for state in CONSENT_STATES]
    + [(actor, "active_with_plan") for actor in ("school_provider", "other_provider")]
)


def _records(w):
    """Make sure the family has one record of every type the searches look for."""
    w.appointment, w.action_item, w.plan_goal, w.plan_measure  # noqa: B018 - built on first use
    _log_entry(w)


def _search_url(resource_type, w):
    child = w.family.children.order_by("pk").first()
    if resource_type == "Patient":
        return f"/fhir/R4/Patient?_id={child.pk}"
    return f"/fhir/R4/{resource_type}?patient={child.pk}"


@pytest.mark.parametrize("resource_type", TYPES)
def test_search_by_patient_answers_as_a_read_would(resource_type, world):
    w = world
    _records(w)
    route = ROUTES[f"fhir:{resource_type.lower()}"]
    url = _search_url(resource_type, w)
    problems = []
    for actor, state in CELLS:
        with w.consent_state(state):
            expected = outcome(route, "GET", actor, state)
            before = last_seq()
            response = fhir_get(client_of(w.user(actor)), url)
            rows = rows_since(before)
            cell = f"{actor} [{state}] expected {expected}"
            if expected == LOGIN:
                if response.status_code != 401 or rows:
                    problems.append(f"{cell}: {response.status_code}, {len(rows)} rows")
                continue
            found = entries(response.json()) if response.status_code == 200 else None
            if expected == ALLOWED:
                good = found and len(rows) == 1 and rows[0].family_id == w.family.pk
                good = good and rows[0].channel == "api" and rows[0].user_id == w.user(actor).pk
                if not good:
                    problems.append(
                        f"{cell}: {response.status_code}, {len(found or [])} found, {len(rows)} rows"
                    )
            elif response.status_code != 200 or found or rows or response.json()["total"] != 0:
                problems.append(f"{cell}: {response.status_code}, {len(found or [])} found, {len(rows)} rows")
    assert not problems, "\n".join(problems)


def test_provider_whose_consent_was_withdrawn_gets_404_on_every_read_of_the_family(world):
    w = world
    _records(w)
    reads = {
        "Patient": w.family.children.first().pk,
        "RelatedPerson": w.t.guardians[0].pk,
        "CareTeam": w.family.pk,
        "Appointment": w.appointment.pk,
        "Consent": w.t.consent.pk,
        "Task": w.action_item.pk,
        "CarePlan": w.plan.pk,
        "Goal": w.plan_goal.pk,
    }
    urls = [f"/fhir/R4/{t}/{pk}" for t, pk in reads.items()]
    client = client_of(w.t.provider)
    for url in urls:
        assert fhir_get(client, url).status_code == 200, url
    with w.consent_state("withdrawn"):
        before = last_seq()
        for url in urls:
            response = fhir_get(client, url)
            assert response.status_code == 404, url
            assert response.json()["issue"][0]["code"] == "not-found"
        assert rows_since(before) == []


def test_provider_of_another_municipality_sees_nothing(world):
    w = world
    _records(w)
    client = client_of(w.o.provider)
    before = last_seq()
    assert fhir_get(client, f"/fhir/R4/Patient/{w.family.children.first().pk}").status_code == 404
    assert fhir_get(client, f"/fhir/R4/Appointment/{w.appointment.pk}").status_code == 404
    listed = entries(fhir_get(client, "/fhir/R4/Patient").json())
    assert {p["id"] for p in listed} == {str(c.pk) for c in w.o.family.children.all()}
    assert all(r.family_id == w.o.family.pk for r in rows_since(before))


def test_a_family_one_may_not_see_answers_exactly_like_one_that_does_not_exist(world):
    w = world
    client = client_of(w.t.provider)
    other = w.o.family.children.first().pk
    for kind, forbidden in [("Patient", other), ("CareTeam", w.o.family.pk), ("Consent", w.o.consent.pk)]:
        refused = fhir_get(client, f"/fhir/R4/{kind}/{forbidden}")
        missing = fhir_get(client, f"/fhir/R4/{kind}/987654")
        assert refused.status_code == missing.status_code == 404
        assert refused.content == missing.content
    refused = fhir_get(client, f"/fhir/R4/Appointment?patient={other}")
    missing = fhir_get(client, "/fhir/R4/Appointment?patient=987654")
    assert refused.json()["total"] == missing.json()["total"] == 0


def test_patient_list_holds_the_children_of_the_families_each_relation_sees(world):
    w = world
    ours = {str(c.pk) for c in w.family.children.all()}
    theirs = {str(c.pk) for c in w.t.other_family.children.all()}
    limbo = {str(c.pk) for c in w.limbo.children.all()}
    for actor, expected in [
        ("caseworker", ours | theirs | limbo),
        ("coordinator", ours),
        ("provider", ours),
        ("school_provider", set()),
        ("guardian", ours),
        ("leader", set()),
        ("foreign_guardian", {str(c.pk) for c in w.o.family.children.all()}),
    ]:
        before = last_seq()
        bundle = fhir_get(client_of(w.user(actor)), "/fhir/R4/Patient").json()
        assert {p["id"] for p in entries(bundle)} == expected, actor
        assert bundle["total"] == len(expected), actor
        families = [r.family_id for r in rows_since(before)]
        shown = set(Child.objects.filter(pk__in=expected).values_list("family_id", flat=True))
        assert sorted(families) == sorted(shown), f"{actor}: one row for each family shown"


def test_caseworker_needs_a_stated_need_to_know_for_team_calendar_and_plan(world):
    w = world
    _records(w)
    plain, stated = client_of(w.t.caseworker), client_of(w.caseworker_ntk)
    for url in [
        f"/fhir/R4/CareTeam/{w.family.pk}",
        f"/fhir/R4/Appointment/{w.appointment.pk}",
        f"/fhir/R4/CarePlan/{w.plan.pk}",
        f"/fhir/R4/Task/{w.action_item.pk}",
    ]:
        assert fhir_get(plain, url).status_code == 404, url
        before = last_seq()
        assert fhir_get(stated, url).status_code == 200, url
        (row,) = rows_since(before)
        assert row.reason == "caseworker_need_to_know" and row.purpose
