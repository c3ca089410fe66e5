"""Appointment create (POST /Appointment) and update (PUT /Appointment/<id>) from another system, with the
personal token of a professional on the family's team.

Only the professional under an active consent writes, for their own service; the appointment is a request
(status requested, FHIR `pending`) the coordinator is told about; each write is a change row in the
family's access log. Every refusal, bad body or session write stores nothing and logs nothing. (Per relation
and consent state the writes also run through the access matrix: tests/core/test_access_matrix.py
`test_fhir_write`.)"""

import json

import pytest
from django.test import Client

from los.calendar.models import Appointment, AppointmentStatus
from los.core.models import AccessAction, AccessReason, ApiToken
from los.fhir.validation import validate
from los.notifications.models import Notification
from tests.core.matrix_world import ACTORS, CONSENT_STATES, PROVIDER_ACTORS, REACHING_STATES

from .conftest import FHIR_JSON, last_seq, rows_since

BASE = "/fhir/R4"
START, END = "2027-01-05T10:00:00+01:00", "2027-01-05T10:45:00+01:00"


def _token_client(user) -> Client:
    _token, key = ApiToken.issue(user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def _body(child_id, **fields) -> dict:
    body = {
        "resourceType": "Appointment",
        "status": "proposed",
        "description": "Kontroll etter operasjon",
        "comment": "Ta med skjema.",
        "start": START,
        "end": END,
        "participant": [{"actor": {"reference": f"Patient/{child_id}"}, "status": "needs-action"}],
    }
    body.update(fields)
    return {k: v for k, v in body.items() if v is not None}


def _post(client, body):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(f"{BASE}/Appointment", data=data, content_type="application/fhir+json")


def _put(client, pk, body):
    return client.put(f"{BASE}/Appointment/{pk}", data=json.dumps(body), content_type="application/fhir+json")


def _outcome(response, status) -> str:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(FHIR_JSON)
    body = response.json()
    validate(body)
    assert body["resourceType"] == "OperationOutcome"
    return body["issue"][0]["diagnostics"]


def _child(w):
    return w.family.children.order_by("pk").first()


# --- Create -------------------------------------------------------------------------------------------------
def test_provider_creates_a_request_for_their_own_service(world):
    w = world
    child = _child(w)
    before = last_seq()
    response = _post(
        _token_client(w.t.provider),
        _body(
            child.pk,
            participant=[
                {"actor": {"reference": f"Patient/{child.pk}"}, "status": "needs-action"},
                {"actor": {"reference": f"RelatedPerson/{w.t.guardians[0].pk}"}, "status": "needs-action"},
            ],
        ),
    )
    assert response.status_code == 201, response.content
    resource = response.json()
    validate(resource)
    appointment = Appointment.objects.get(pk=resource["id"])
    assert response["Location"] == f"http://testserver{BASE}/Appointment/{appointment.pk}"
    assert (appointment.status, appointment.source) == (AppointmentStatus.REQUESTED, "fhir")
    assert (appointment.service, appointment.child, appointment.family) == (w.t.physio, child, w.family)
    assert appointment.professional == w.t.provider.professional
    assert (appointment.title, appointment.notes) == ("Kontroll etter operasjon", "Ta med skjema.")
    assert list(appointment.guardians.all()) == [w.t.guardians[0]]
    assert resource["status"] == "pending" and resource["start"] == START and resource["end"] == END
    (row,) = rows_since(before)
    assert (row.action, row.record_type, row.family_id) == (AccessAction.CHANGE, "appointment", w.family.pk)
    assert (row.user_id, row.reason) == (w.t.provider.pk, AccessReason.TEAM_WITH_CONSENT)
    told = Notification.objects.filter(kind="booking_request")
    assert [n.user for n in told] == [w.t.coordinator]
    assert "Fysioterapi" in told[0].text and told[0].family == w.family


CELLS = (
    [(actor, "active_with_plan") for actor in ACTORS if actor not in PROVIDER_ACTORS]
    + [("provider", state) for state in CONSENT_STATES]
    + [(actor, "active_with_plan") for actor in ("school_provider", "other_provider")]
)


@pytest.mark.parametrize("method", ["POST", "PUT"])
def test_only_the_provider_under_consent_writes(method, world):
    """Per relation and consent state: 201/200 for the provider while the consent covers their service,
    404 for every other relation (401 without a token), and then nothing stored and nothing logged."""
    w = world
    child = _child(w)
    appointment = w.appointment
    problems = []
    for actor, state in CELLS:
        user = w.user(actor)
        client = _token_client(user) if user is not None else Client()
        with w.consent_state(state):
            before, count = last_seq(), Appointment.objects.count()
            if method == "POST":
                response = _post(client, _body(child.pk))
            else:
                body = _body(
                    child.pk,
                    id=str(appointment.pk),
                    status="booked",
                    start="2027-01-04T11:00:00+01:00",
                    end="2027-01-04T11:45:00+01:00",
                )
                response = _put(client, appointment.pk, body)
            rows = rows_since(before)
            allowed = actor == "provider" and state in REACHING_STATES
            expected = (201 if method == "POST" else 200) if allowed else (401 if user is None else 404)
            stored = Appointment.objects.count() != count or (
                method == "PUT"
                and Appointment.objects.get(pk=appointment.pk).sequence != appointment.sequence
            )
            if response.status_code != expected:
                problems.append(f"{actor} [{state}]: {response.status_code}, expected {expected}")
            elif allowed and not (stored and [r.action for r in rows] == [AccessAction.CHANGE]):
                problems.append(f"{actor} [{state}]: stored {stored}, rows {[r.action for r in rows]}")
            elif not allowed and (stored or rows):
                problems.append(f"{actor} [{state}]: refused, but stored {stored}, {len(rows)} rows")
            if allowed:  # put it back for the next cell
                Appointment.objects.exclude(pk=appointment.pk).filter(family=w.family).delete()
                Appointment.objects.filter(pk=appointment.pk).update(
                    starts_at=appointment.starts_at,
                    ends_at=appointment.ends_at,
                    sequence=appointment.sequence,
                )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "body, status, words",
    [
        ("{not json", 400, "ikke gyldig JSON"),
        ("[]", 400, "typen Appointment"),
        (json.dumps({"resourceType": "Patient", "id": "1"}), 400, "typen Appointment"),
        ("BODY:start=None", 400, "starttidspunkt"),
        ("BODY:end=None", 400, "sluttidspunkt"),
        ("BODY:end=2027-01-05T09:00:00+01:00", 400, "etter starttidspunktet"),
        ("BODY:end=2027-01-05T10:00:00+01:00", 400, "etter starttidspunktet"),
        ("BODY:start=2045-01-05T10:00:00+01:00", 400, "for langt fram"),
        ("BODY:status=flying", 400, "ikke gyldig FHIR R4"),
        ("BODY:status=cancelled", 400, "kan ikke ha status"),
        ("BODY:participant=[]", 400, "nøyaktig én deltaker"),
        ("BODY:start=5. januar", 400, "ikke gyldig FHIR R4"),
        ("BODY:no-patient", 400, "nøyaktig én deltaker"),
        ("BODY:patient=987654", 404, "Finnes ikke"),
        ("BODY:patient=other-municipality", 404, "Finnes ikke"),
        ("BODY:patient=other-family", 404, "Finnes ikke"),
        ("BODY:guardian=other-family", 400, "Ukjent foresatt"),
        ("BODY:description=" + "x" * 121, 400, "høyst 120 tegn"),
    ],
)
def test_a_bad_body_stores_nothing(body, status, words, world):
    w = world
    child = _child(w)
    if body.startswith("BODY:"):
        name, _eq, value = body.removeprefix("BODY:").partition("=")
        if name == "no-patient":
            body = _body(child.pk, participant=[{"actor": {"display": "Lege"}, "status": "accepted"}])
        elif name == "patient":
            target = {"other-municipality": w.o.family, "other-family": w.t.other_family}.get(value)
            body = _body(target.children.first().pk if target else int(value))
        elif name == "guardian":
            stranger = w.t.other_family.guardians.first()
            body = _body(
                child.pk,
                participant=[
                    {"actor": {"reference": f"Patient/{child.pk}"}, "status": "needs-action"},
                    {"actor": {"reference": f"RelatedPerson/{stranger.pk}"}, "status": "needs-action"},
                ],
            )
        else:
            body = _body(
                child.pk, **{name: None if value == "None" else json.loads(value) if value == "[]" else value}
            )
    before, count = last_seq(), Appointment.objects.count()
    assert words in _outcome(_post(_token_client(w.t.provider), body), status)
    assert Appointment.objects.count() == count and rows_since(before) == []
    assert not Notification.objects.filter(kind="booking_request").exists()


# --- Update -------------------------------------------------------------------------------------------------
def _created(w) -> dict:
    response = _post(_token_client(w.t.provider), _body(_child(w).pk))
    assert response.status_code == 201
    return response.json()


def test_provider_moves_and_cancels_their_services_appointment(world):
    w = world
    client = _token_client(w.t.provider)
    created = _created(w)
    pk = created["id"]
    before = last_seq()
    moved = _put(
        client, pk, {**created, "start": "2027-01-05T12:00:00+01:00", "end": "2027-01-05T12:30:00+01:00"}
    )
    assert moved.status_code == 200, moved.content
    validate(moved.json())
    assert (moved.json()["start"], moved.json()["status"]) == ("2027-01-05T12:00:00+01:00", "pending")
    appointment = Appointment.objects.get(pk=pk)
    assert appointment.sequence == 1 and appointment.status == AppointmentStatus.REQUESTED
    cancelled = _put(client, pk, {**moved.json(), "status": "cancelled"})
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert Appointment.objects.get(pk=pk).status == AppointmentStatus.CANCELLED
    rows = rows_since(before)
    assert [(r.action, r.record_type, r.user_id) for r in rows] == [
        (AccessAction.CHANGE, "appointment", w.t.provider.pk)
    ] * 2
    # Unchanged: 200, nothing written.
    before = last_seq()
    assert _put(client, pk, cancelled.json()).status_code == 200
    assert rows_since(before) == []


@pytest.mark.parametrize(
    "change, status, words",
    [
        ({"id": "999"}, 400, "samme som i adressen"),
        ({"id": None}, 400, "samme som i adressen"),
        ({"status": "booked"}, 400, "Bare start, slutt"),
        ({"end": "2027-01-05T09:00:00+01:00"}, 400, "etter starttidspunktet"),
        ({"resourceType": "Patient"}, 400, "typen Appointment"),
    ],
)
def test_a_bad_update_changes_nothing(change, status, words, world):
    w = world
    created = _created(w)
    body = {k: v for k, v in {**created, **change}.items() if v is not None}
    before = last_seq()
    assert words in _outcome(_put(_token_client(w.t.provider), created["id"], body), status)
    appointment = Appointment.objects.get(pk=created["id"])
    assert appointment.sequence == 0 and appointment.status == AppointmentStatus.REQUESTED
    assert rows_since(before) == []


def test_an_appointment_of_another_service_or_the_familys_own_is_not_found(world):
    w = world
    own = Appointment.objects.create(
        family=w.family, starts_at=w.appointment.starts_at, ends_at=w.appointment.ends_at, source="family"
    )
    school = Appointment.objects.create(
        family=w.family, service=w.t.school, starts_at=w.appointment.starts_at, ends_at=w.appointment.ends_at
    )
    client = _token_client(w.t.provider)
    for appointment in (own, school):
        body = _body(_child(w).pk, id=str(appointment.pk), status="booked")
        before = last_seq()
        _outcome(_put(client, appointment.pk, body), 404)
        assert rows_since(before) == []
    _outcome(_put(client, 987654, _body(_child(w).pk, id="987654")), 404)
    _outcome(_put(client, "abc", _body(_child(w).pk, id="abc")), 404)


# --- Only a personal token writes ---------------------------------------------------------------------
def test_a_browser_session_cannot_write_even_with_its_csrf_token(world):
    w = world
    child = _child(w)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(w.t.provider)
    plain = Client()
    plain.force_login(w.t.provider)
    w.appointment  # noqa: B018 - built before counting
    before, count = last_seq(), Appointment.objects.count()
    for client in (browser, plain):
        assert "API-nøkkel" in _outcome(_post(client, _body(child.pk)), 403)
        body = _body(child.pk, id=str(w.appointment.pk), status="booked")
        _outcome(_put(client, w.appointment.pk, body), 403)
    _outcome(_post(Client(), _body(child.pk)), 401)
    token, key = ApiToken.issue(w.t.provider)
    ApiToken.objects.filter(pk=token.pk).update(revoked_at="2026-01-01T00:00:00Z")
    _outcome(_post(Client(HTTP_AUTHORIZATION=f"Bearer {key}"), _body(child.pk)), 401)
    _outcome(_post(Client(HTTP_AUTHORIZATION="Bearer los_wrong"), _body(child.pk)), 401)
    assert Appointment.objects.count() == count and rows_since(before) == []


def test_other_methods_and_types_stay_read_only(world):
    w = world
    client = _token_client(w.t.provider)
    response = client.delete(f"{BASE}/Appointment/{w.appointment.pk}")
    _outcome(response, 405)
    assert response["Allow"] == "GET, HEAD, PUT"
    response = client.put(f"{BASE}/Appointment", data="{}", content_type="application/fhir+json")
    assert _outcome(response, 405) and response["Allow"] == "GET, HEAD, POST"
    for url in (f"{BASE}/Patient", f"{BASE}/Practitioner", f"{BASE}/metadata"):
        _outcome(client.post(url, data="{}", content_type="application/fhir+json"), 405)


def test_capability_statement_lists_the_writes_the_matrix_checks(world):
    from tests.core.matrix_table.fhir import WRITES

    statement = Client().get(f"{BASE}/metadata").json()
    listed = {
        (r["type"], i["code"])
        for r in statement["rest"][0]["resource"]
        for i in r["interaction"]
        if i["code"] in ("create", "update")
    }
    assert listed == {("Appointment", "create"), ("Appointment", "update")}
    assert set(WRITES) == {("fhir:appointment_search", "POST"), ("fhir:appointment", "PUT")}
