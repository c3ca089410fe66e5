"""Organization, Practitioner and PractitionerRole: the organisations, professionals and team memberships of
the families the user may see, and inside a family only the members the team's record policy shows (a
provider under consent sees the members of covered services only). A read or search is a read of the
family's team: one access-log row per family. Identifiers follow no-basis. (Per relation and consent state
the reads run through the access matrix and the searches through tests/fhir/test_access.py.)"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from los.core.models import AccessReason
from los.fhir.mapping import OID_HER_ID, OID_HPR, OID_ORGANISATION_NUMBER, OID_SERVICE_TYPE
from los.people.models import Professional, Sector, Service
from los.team.models import TeamMember
from tests.factories import make_user

from .conftest import client_of, entries, fhir_get, last_seq, rows_since

BASE = "/fhir/R4"
HPR = "1234567"  # synthetic
HER_ORGANISATION, HER_SERVICE = 80001, 80002  # synthetic


def _identified(w):
    physio = w.t.physio
    physio.her_id = HER_SERVICE
    physio.save()
    organisation = physio.organisation
    organisation.her_id = HER_ORGANISATION
    organisation.save()
    professional = w.t.provider.professional
    professional.hpr_number = HPR
    professional.profession = "fysioterapeut"
    professional.save()
    return organisation, professional


def _ids(bundle) -> list[str]:
    return [r["id"] for r in entries(bundle)]


def test_resources_carry_the_no_basis_identifiers(world):
    w = world
    organisation, professional = _identified(w)
    client = client_of(w.t.coordinator)
    org = fhir_get(client, f"{BASE}/Organization/{organisation.pk}").json()
    assert {"system": OID_ORGANISATION_NUMBER, "value": organisation.org_number} in org["identifier"]
    assert {"system": OID_HER_ID, "value": str(HER_ORGANISATION)} in org["identifier"]
    assert org["name"] == organisation.name
    person = fhir_get(client, f"{BASE}/Practitioner/{professional.pk}").json()
    assert person["identifier"] == [{"system": OID_HPR, "value": HPR}]
    assert person["qualification"][0]["code"]["text"] == "fysioterapeut"
    member = w.family.team.get(professional=professional)
    role = fhir_get(client, f"{BASE}/PractitionerRole/{member.pk}").json()
    assert role["practitioner"]["reference"] == f"Practitioner/{professional.pk}"
    assert role["organization"]["reference"] == f"Organization/{organisation.pk}"
    assert role["specialty"][0]["coding"] == [{"system": OID_SERVICE_TYPE, "code": "KR01"}]
    assert role["healthcareService"][0]["identifier"] == {"system": OID_HER_ID, "value": str(HER_SERVICE)}
    assert role["extension"][0]["valueReference"]["reference"] == f"CareTeam/{w.family.pk}"
    assert role["code"] == [{"text": "fysioterapeut"}] and role["active"] is True
    team = fhir_get(client, f"{BASE}/CareTeam/{w.family.pk}").json()
    assert f"PractitionerRole/{member.pk}" in [p["member"]["reference"] for p in team["participant"]]


def test_provider_sees_only_the_members_of_services_the_consent_covers(world):
    w = world
    child = w.family.children.first().pk
    teacher = w.t.school_provider.professional
    school_org = w.t.school.organisation
    provider, coordinator = client_of(w.t.provider), client_of(w.t.coordinator)
    for kind, hidden in [("Practitioner", teacher.pk), ("Organization", school_org.pk)]:
        assert str(hidden) in _ids(fhir_get(coordinator, f"{BASE}/{kind}?patient={child}").json())
        assert str(hidden) not in _ids(fhir_get(provider, f"{BASE}/{kind}?patient={child}").json())
        assert fhir_get(coordinator, f"{BASE}/{kind}/{hidden}").status_code == 200
        before = last_seq()
        assert fhir_get(provider, f"{BASE}/{kind}/{hidden}").status_code == 404
        assert rows_since(before) == []
    school_member = w.family.team.get(service=w.t.school).pk
    assert fhir_get(provider, f"{BASE}/PractitionerRole/{school_member}").status_code == 404
    assert fhir_get(coordinator, f"{BASE}/PractitionerRole/{school_member}").status_code == 200


def test_a_professional_of_no_visible_team_is_not_found(world):
    w = world
    stranger = w.t.other_provider.professional  # a physiotherapist on no team of the family
    for actor in ("coordinator", "guardian", "caseworker_ntk"):
        assert fhir_get(client_of(w.user(actor)), f"{BASE}/Practitioner/{stranger.pk}").status_code == 404
    ours = w.t.provider.professional.pk
    assert fhir_get(client_of(w.o.provider), f"{BASE}/Practitioner/{ours}").status_code == 404
    assert (
        fhir_get(client_of(w.o.provider), f"{BASE}/Organization/{w.t.physio.organisation_id}").status_code
        == 404
    )


def test_a_member_who_left_the_team_is_no_longer_shown(world):
    w = world
    member = w.family.team.get(service=w.t.school)
    TeamMember.objects.filter(pk=member.pk).update(left_on=member.joined_on)
    client = client_of(w.t.coordinator)
    assert fhir_get(client, f"{BASE}/PractitionerRole/{member.pk}").status_code == 404
    assert fhir_get(client, f"{BASE}/Practitioner/{member.professional_id}").status_code == 404


def test_search_by_identifier_finds_only_among_visible_teams(world):
    w = world
    organisation, professional = _identified(w)
    coordinator = client_of(w.t.coordinator)
    for url, expected in [
        (f"{BASE}/Practitioner?identifier={OID_HPR}|{HPR}", str(professional.pk)),
        (f"{BASE}/Practitioner?identifier={HPR}", str(professional.pk)),
        (f"{BASE}/Organization?identifier={OID_ORGANISATION_NUMBER}|{organisation.org_number}", None),
        (f"{BASE}/Organization?identifier={OID_HER_ID}|{HER_ORGANISATION}", str(organisation.pk)),
    ]:
        before = last_seq()
        bundle = fhir_get(coordinator, url).json()
        assert _ids(bundle) == [expected or str(organisation.pk)], url
        (row,) = rows_since(before)
        assert (row.family_id, row.record_type, row.channel) == (w.family.pk, "responsibility_group", "api")
    for stranger in (w.o.provider, w.t.school_provider, w.t.leader):
        before = last_seq()
        bundle = fhir_get(client_of(stranger), f"{BASE}/Practitioner?identifier={OID_HPR}|{HPR}").json()
        assert bundle["total"] == 0 and rows_since(before) == []


def test_search_needs_patient_id_or_identifier_and_a_known_system(world):
    client = client_of(world.t.coordinator)
    for url, status in [
        (f"{BASE}/Practitioner", 400),
        (f"{BASE}/Organization", 400),
        (f"{BASE}/PractitionerRole", 400),
        (f"{BASE}/Organization?identifier=920000002", 400),  # two systems: say which
        (f"{BASE}/Practitioner?identifier=urn:oid:1.2.3|1234567", 400),
        (f"{BASE}/Practitioner?identifier={OID_HPR}|abc", 400),
        (f"{BASE}/PractitionerRole?identifier=1", 400),
        (f"{BASE}/Practitioner?_id={world.t.provider.professional.pk}", 200),
    ]:
        before = last_seq()
        response = fhir_get(client, url)
        assert response.status_code == status, url
        if status == 400:
            assert response.json()["resourceType"] == "OperationOutcome" and rows_since(before) == []


def test_search_by_patient_logs_one_row_for_the_family(world):
    w = world
    child = w.family.children.first().pk
    for kind in ("Practitioner", "Organization", "PractitionerRole"):
        before = last_seq()
        fhir_get(client_of(w.t.guardian_user), f"{BASE}/{kind}?patient={child}")
        (row,) = rows_since(before)
        assert (row.family_id, row.reason, row.record_type) == (
            w.family.pk,
            AccessReason.GUARDIAN,
            "responsibility_group",
        )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _add_members(w, count):
    organisation = w.t.physio.organisation
    for i in range(count):
        service = Service.objects.create(
            organisation=organisation, name=f"Tjeneste {i}", sector=Sector.HEALTH_AND_CARE
        )
        user = make_user(f"fjordmedlem{w.family.team.count()}", "provider", w.t.municipality)
        professional = Professional.objects.create(
            user=user, organisation=organisation, hpr_number=f"{9000000 + i}"
        )
        professional.services.add(service)
        TeamMember.objects.create(family=w.family, professional=professional, service=service, role="medlem")


def test_team_searches_cost_the_same_queries_for_2_and_22_members(world):
    w = world
    child = w.family.children.first().pk
    client = client_of(w.t.coordinator)
    urls = [
        f"{BASE}/{kind}?patient={child}&_count=100"
        for kind in ("Practitioner", "Organization", "PractitionerRole")
    ]
    few = [_queries(client, url) for url in urls]
    _add_members(w, 20)
    assert [_queries(client, url) for url in urls] == few
    assert fhir_get(client, urls[0]).json()["total"] == 22
