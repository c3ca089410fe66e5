"""Bad input and refusals answer an OperationOutcome in bokmål with the right status, never a 500, and
write nothing to the access log: 400 for a bad search, 401 without credentials, 404 for what does not
exist or may not be seen, 405 for a method the address does not take (every write but Appointment's create
and update; those are in tests/fhir/test_appointment_writes.py)."""

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from los.core.models import ApiToken

from .conftest import FHIR_JSON, client_of, entries, fhir_get, last_seq, rows_since

BASE = "/fhir/R4"
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


def _outcome(response, status, code=None):
    assert response.status_code == status
    assert response["Content-Type"].startswith(FHIR_JSON)
    body = response.json()
    assert body["resourceType"] == "OperationOutcome"
    issue = body["issue"][0]
    assert issue["severity"] == "error" and issue["diagnostics"]
    if code:
        assert issue["code"] == code
    return issue["diagnostics"]


@pytest.mark.parametrize("resource_type", TYPES)
def test_no_credentials_answers_401_on_read_and_search(resource_type, world):
    anonymous = Client()
    child = world.family.children.first().pk
    before = last_seq()
    for url in [
        f"{BASE}/{resource_type}/1",
        f"{BASE}/{resource_type}?patient={child}",
        f"{BASE}/{resource_type}",
    ]:
        response = anonymous.get(url)
        assert "logge inn" in _outcome(response, 401, "login")
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert rows_since(before) == []


def test_metadata_needs_no_credentials(db):
    assert Client().get(f"{BASE}/metadata").status_code == 200


def test_personal_token_is_the_same_authentication_as_the_json_api(world):
    _token, key = ApiToken.issue(world.t.coordinator)
    client = Client()
    child = world.family.children.first().pk
    before = last_seq()
    response = client.get(f"{BASE}/Patient/{child}", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    (row,) = rows_since(before)
    assert row.user_id == world.t.coordinator.pk and row.channel == "api"
    _outcome(client.get(f"{BASE}/Patient/{child}", HTTP_AUTHORIZATION="Bearer los_wrong"), 401)
    ApiToken.objects.update(revoked_at="2026-01-01T00:00:00Z")
    _outcome(client.get(f"{BASE}/Patient/{child}", HTTP_AUTHORIZATION=f"Bearer {key}"), 401)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_answer_405_and_change_nothing(method, world):
    client = client_of(world.t.coordinator)
    child = world.family.children.first().pk
    before = last_seq()
    urls = [f"{BASE}/metadata", f"{BASE}/Patient", f"{BASE}/Patient/{child}"]
    # Appointment takes create (POST) and update (PUT), with a personal token only.
    urls += [f"{BASE}/Appointment"] if method != "post" else []
    urls += [f"{BASE}/Appointment/{world.appointment.pk}"] if method != "put" else []
    for url in urls:
        response = getattr(client, method)(url, data="{}", content_type="application/fhir+json")
        _outcome(response, 405, "not-supported")
        assert "GET" in response["Allow"]
    _outcome(getattr(Client(), method)(f"{BASE}/Patient/{child}"), 405)
    assert rows_since(before) == []


@pytest.mark.parametrize(
    "url, words",
    [
        ("Patient?name=Emma", "Ukjent søkeparameter"),
        ("Patient?identifier:exact=1", "Ukjent søkeparameter"),
        ("Appointment?patient=1&date=2027", "Ukjent søkeparameter"),
        ("Patient?_id=1&_id=2", "bare oppgis én gang"),
        ("Patient?identifier=urn:oid:1.2.3|17851660313", "identifikatorsystem"),
        ("Patient?identifier=urn:oid:2.16.578.1.12.4.1.4.1|1234", "11 sifre"),
        ("Patient?identifier=urn:oid:2.16.578.1.12.4.1.4.1|abcdefghijk", "11 sifre"),
        ("Patient?identifier=urn:oid:2.16.578.1.12.4.1.4.2|17851660313", "hører ikke til"),
        ("Patient?_count=abc", "helt tall"),
        ("Patient?_count=-1", "helt tall"),
        ("Patient?_count=1.5", "helt tall"),
        ("Patient?_offset=99999999999", "for stort"),
        ("Patient?_id=a%20b", "ikke en gyldig id"),
        ("Appointment?patient=%2F%2F", "ikke en gyldig id"),
        ("Appointment", "patient=<Patient-id>"),
        ("AuditEvent?_id=1", "patient=<Patient-id>"),
    ],
)
def test_bad_search_answers_400_in_bokmal(url, words, world):
    before = last_seq()
    assert words in _outcome(client_of(world.t.caseworker).get(f"{BASE}/{url}"), 400)
    assert rows_since(before) == []


@pytest.mark.parametrize("resource_id", ["abc", "0", "-1", "1.5", "99999999999999999999999", "%C3%A6"])
def test_ids_that_name_nothing_answer_404(resource_id, world):
    before = last_seq()
    for resource_type in TYPES:
        _outcome(client_of(world.t.caseworker).get(f"{BASE}/{resource_type}/{resource_id}"), 404, "not-found")
    assert rows_since(before) == []


def test_search_for_an_id_that_names_nothing_is_an_empty_searchset(world):
    client = client_of(world.t.caseworker)
    for url in [
        "Patient?_id=abc",
        "Appointment?patient=abc",
        "Consent?_id=99999999999999999999",
        "Task?_id=x-1",
    ]:
        bundle = fhir_get(client, f"{BASE}/{url}").json()
        assert bundle["total"] == 0 and "entry" not in bundle


def test_unknown_resource_types_and_paths_answer_404(world):
    client = client_of(world.t.caseworker)
    for url in ["Observation", "Observation/1", "Patient/1/_history", "patient", "", "Patient/"]:
        _outcome(client.get(f"{BASE}/{url}"), 404)


def test_huge_count_gives_at_most_100(world):
    bundle = fhir_get(client_of(world.t.caseworker), f"{BASE}/Patient?_count=1000000000000").json()
    assert "_count=100" in bundle["link"][0]["url"]
    counted = fhir_get(client_of(world.t.caseworker), f"{BASE}/Patient?_count=0").json()
    assert counted["total"] == 2 and "entry" not in counted  # the two families of the municipality


@pytest.mark.parametrize("resource_type", TYPES)
def test_free_form_search_values_never_give_a_500_nor_a_log_row_for_a_stranger(resource_type, world):
    """Any text in any search parameter answers 200 or 400 with FHIR JSON; a caseworker of another
    municipality never finds, nor logs, the family's data."""
    stranger = client_of(world.o.caseworker)
    own_ids = {str(c.pk) for c in world.family.children.all()}
    text = (
        st.text(max_size=40) | st.from_regex(r"\A(Patient/)?[0-9]{1,25}\Z") | st.sampled_from(sorted(own_ids))
    )
    names = st.sampled_from(["_id", "patient", "identifier", "_count", "_offset", "name", "_format"])

    @hypothesis_settings(max_examples=40, database=None)
    @given(params=st.dictionaries(names, text, max_size=3))
    def check(params):
        before = last_seq()
        response = stranger.get(f"{BASE}/{resource_type}", params)
        assert response.status_code in (200, 400), (params, response.status_code)
        assert response["Content-Type"].startswith(FHIR_JSON)
        body = response.json()
        if response.status_code == 200:
            found = {r["id"] for r in entries(body)}
            if resource_type == "Patient":
                assert not found & own_ids, params
        assert all(r.family_id != world.family.pk for r in rows_since(before)), params

    check()
