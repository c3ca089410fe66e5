"""What each resource says: built from the family's records, valid FHIR R4 (fhir.resources R4B plus the
R4 value sets), with the Norwegian identifier systems of the base profiles (no-basis)."""

import datetime

import pytest
from stdnum.no import fodselsnummer

from los.calendar.models import Appointment, AppointmentStatus
from los.fhir import mapping
from los.people.identifiers import make_synthetic_national_id
from los.people.models import Child, ParentalResponsibility

from .conftest import client_of, entries, fhir_get

BASE = "/fhir/R4"


def _synthetic_d_number(birth: datetime.date, individual: int = 512) -> str:
    """A synthetic D-nummer: day + 40, month + 80 (never a real person)."""
    for ind in range(individual, 1000):
        base = f"{birth.day + 40:02d}{birth.month + 80:02d}{birth.year % 100:02d}{ind:03d}"
        k1 = fodselsnummer.calc_check_digit1(base)
        k2 = fodselsnummer.calc_check_digit2(base + k1) if len(k1) == 1 else ""
        if len(k1) == 1 and len(k2) == 1:
            return base + k1 + k2
    raise AssertionError("no number")


def test_patient_carries_the_fodselsnummer_with_the_no_basis_system(world):
    child = world.family.children.first()
    patient = fhir_get(client_of(world.t.coordinator), f"{BASE}/Patient/{child.pk}").json()
    assert patient["identifier"] == [
        {"use": "official", "system": "urn:oid:2.16.578.1.12.4.1.4.1", "value": child.national_id}
    ]
    assert patient["birthDate"] == child.birth_date.isoformat()
    assert patient["name"][0]["family"] == child.last_name


def test_child_with_a_d_number_carries_the_d_number_system(world):
    number = _synthetic_d_number(datetime.date(2015, 3, 9))
    child = Child.objects.create(
        family=world.family,
        first_name="Amir",
        last_name="Fjordsen",
        birth_date=datetime.date(2015, 3, 9),
        national_id=number,
    )
    client = client_of(world.t.coordinator)
    patient = fhir_get(client, f"{BASE}/Patient/{child.pk}").json()
    assert patient["identifier"][0]["system"] == "urn:oid:2.16.578.1.12.4.1.4.2"
    found = fhir_get(client, f"{BASE}/Patient?identifier=urn:oid:2.16.578.1.12.4.1.4.2|{number}").json()
    assert [p["id"] for p in entries(found)] == [str(child.pk)]
    wrong_system = fhir_get(client, f"{BASE}/Patient?identifier=urn:oid:2.16.578.1.12.4.1.4.1|{number}")
    assert wrong_system.status_code == 400


def test_unborn_child_has_no_identifier_and_no_birth_date(world):
    unborn = Child.objects.create(
        family=world.family,
        first_name="Baby",
        last_name="Fjordsen",
        expected_due_date=datetime.date.today() + datetime.timedelta(days=60),
    )
    patient = fhir_get(client_of(world.t.guardian_user), f"{BASE}/Patient/{unborn.pk}").json()
    assert "identifier" not in patient and "birthDate" not in patient


def test_search_by_identifier_finds_the_child_and_only_among_visible_families(world):
    child = world.family.children.first()
    # The factory's synthetic numbers may repeat between the two municipalities: give the child its own.
    child.national_id = make_synthetic_national_id(datetime.date(2016, 5, 19), 733)
    child.save()
    url = f"{BASE}/Patient?identifier=urn:oid:2.16.578.1.12.4.1.4.1|{child.national_id}"
    assert [p["id"] for p in entries(fhir_get(client_of(world.t.provider), url).json())] == [str(child.pk)]
    assert entries(fhir_get(client_of(world.o.caseworker), url).json()) == []
    bare = fhir_get(client_of(world.t.provider), f"{BASE}/Patient?identifier={child.national_id}").json()
    assert bare["total"] == 1


def test_related_person_says_parental_responsibility(world):
    guardian = world.t.guardians[0]
    child = world.family.children.first()
    person = fhir_get(client_of(world.t.coordinator), f"{BASE}/RelatedPerson/{guardian.pk}").json()
    codes = {(c["system"], c["code"]) for c in person["relationship"][0]["coding"]}
    assert (mapping.PARENTAL_RESPONSIBILITY_SYSTEM, ParentalResponsibility.JOINT) in codes
    assert (mapping.V3_ROLE_CODE, "GUARD") in codes
    assert person["patient"] == {"reference": f"Patient/{child.pk}"}
    assert person["active"] is True


def test_guardian_without_parental_responsibility_is_not_a_guard(world):
    guardian = world.t.guardians[1]
    guardian.parental_responsibility = ParentalResponsibility.NONE
    guardian.save()
    person = fhir_get(client_of(world.t.coordinator), f"{BASE}/RelatedPerson/{guardian.pk}").json()
    assert [c["code"] for c in person["relationship"][0]["coding"]] == ["none"]
    assert person["active"] is False


def test_care_team_shows_only_the_members_a_provider_may_see(world):
    family = world.family
    coordinator_view = fhir_get(client_of(world.t.coordinator), f"{BASE}/CareTeam/{family.pk}").json()
    provider_view = fhir_get(client_of(world.t.provider), f"{BASE}/CareTeam/{family.pk}").json()
    assert len(coordinator_view["participant"]) == 2  # physiotherapy and the school
    # The consent names physiotherapy only: the school's teacher is not shown to the physiotherapist.
    assert [p["onBehalfOf"]["display"] for p in provider_view["participant"]] == [
        "Fysioterapi, Fjordvik kommune"
    ]


def test_appointment_of_a_service_the_consent_does_not_cover_is_hidden_from_everyone(world):
    w = world
    school = Appointment.objects.create(
        family=w.family,
        service=w.t.school,
        title="Skolemøte",
        created_by=w.t.coordinator,
        starts_at=w.appointment.starts_at,
        ends_at=w.appointment.ends_at,
        status=AppointmentStatus.PLANNED,
    )
    for user in (w.t.coordinator, w.t.guardian_user, w.t.provider):
        assert fhir_get(client_of(user), f"{BASE}/Appointment/{school.pk}").status_code == 404
    appointment = fhir_get(client_of(w.t.coordinator), f"{BASE}/Appointment/{w.appointment.pk}").json()
    assert appointment["status"] == "booked"
    assert appointment["serviceType"][0]["coding"] == [{"system": mapping.OID_SERVICE_TYPE, "code": "KR01"}]
    assert appointment["participant"][0]["actor"]["reference"].startswith("Patient/")


@pytest.mark.parametrize(
    "state, status, signed",
    [
        ("active_with_plan", "active", 2),
        ("withdrawn", "inactive", 2),
        ("expired", "inactive", 2),
        ("pending", "proposed", 1),  # one guardian has not given it yet
    ],
)
def test_consent_status_follows_the_consent(state, status, signed, world):
    with world.consent_state(state):
        consent = fhir_get(client_of(world.t.guardian_user), f"{BASE}/Consent/{world.t.consent.pk}").json()
    assert consent["status"] == status
    actors = [a["reference"]["display"] for a in consent["provision"]["actor"]]
    assert actors == ["Fysioterapi"]
    assert len(consent["performer"]) == signed


def test_care_plan_and_goals_are_the_working_version(world):
    w = world
    plan, goal = w.plan, w.plan_goal
    client = client_of(w.t.coordinator)
    care_plan = fhir_get(client, f"{BASE}/CarePlan/{plan.pk}").json()
    assert care_plan["status"] == "active" and care_plan["intent"] == "plan"
    assert {"reference": f"Goal/{goal.pk}"} in care_plan["goal"]
    found = fhir_get(client, f"{BASE}/Goal/{goal.pk}").json()
    assert found["description"]["text"] == goal.text


def test_audit_event_is_the_family_log_row_as_stored(world):
    w = world
    client = client_of(w.t.guardian_user)
    fhir_get(client_of(w.t.coordinator), f"{BASE}/Patient/{w.family.children.first().pk}")
    bundle = fhir_get(client, f"{BASE}/AuditEvent?patient={w.family.children.first().pk}").json()
    newest = entries(bundle)[0]
    assert newest["agent"][0]["who"]["display"] == w.t.coordinator.get_full_name()
    assert newest["action"] == "R"
    assert newest["entity"][0]["description"] == "api"
    assert fhir_get(client, f"{BASE}/AuditEvent/{newest['id']}").json()["id"] == newest["id"]
    assert fhir_get(client_of(w.t.coordinator), f"{BASE}/AuditEvent/{newest['id']}").status_code == 404
