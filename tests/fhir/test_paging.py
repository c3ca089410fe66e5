"""Searches come a page at a time (`_count`, default 50, at most 100; `_offset`), with the total and
self/next/previous links that walk every match exactly once; a page costs the same number of queries
however many rows the family or the municipality holds."""

import datetime
from urllib.parse import parse_qs, urlsplit

from django.db import connection
from django.test.utils import CaptureQueriesContext

from los.calendar.models import Appointment, AppointmentStatus
from los.people.models import Guardian, ParentalResponsibility
from tests.factories import give_full_consent, make_family
from tests.team.helpers import make_item

from .conftest import client_of, entries, fhir_get

BASE = "/fhir/R4"


def _add_appointments(w, count):
    first = w.appointment
    guardians = list(w.family.guardians.all())
    for i in range(count):
        starts = first.starts_at + datetime.timedelta(days=i + 1)
        appointment = Appointment.objects.create(
            family=w.family,
            child=first.child,
            service=w.t.physio,
            professional=w.t.provider.professional,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(minutes=45),
            status=AppointmentStatus.PLANNED,
            created_by=w.t.coordinator,
        )
        appointment.guardians.set(guardians)


def _links(bundle):
    return {link["relation"]: link["url"] for link in bundle["link"]}


def test_next_links_walk_every_match_once(world):
    w = world
    _add_appointments(w, 6)
    child = w.family.children.first().pk
    client = client_of(w.t.coordinator)
    url = f"{BASE}/Appointment?patient={child}&_count=3"
    seen, pages = [], 0
    while url:
        bundle = fhir_get(client, url.removeprefix("http://testserver")).json()
        assert bundle["total"] == 7
        seen += [a["id"] for a in entries(bundle)]
        links = _links(bundle)
        assert parse_qs(urlsplit(links["self"]).query)["patient"] == [str(child)]
        assert ("previous" in links) == (pages > 0)
        url, pages = links.get("next"), pages + 1
    assert pages == 3
    assert sorted(seen, key=int) == sorted(
        {str(a.pk) for a in Appointment.objects.filter(family=w.family)}, key=int
    )
    assert len(seen) == len(set(seen))


def test_previous_link_goes_back_one_page(world):
    w = world
    _add_appointments(w, 6)
    child = w.family.children.first().pk
    client = client_of(w.t.coordinator)
    second = fhir_get(client, f"{BASE}/Appointment?patient={child}&_count=3&_offset=3").json()
    previous = _links(second)["previous"]
    assert parse_qs(urlsplit(previous).query)["_offset"] == ["0"]
    first = fhir_get(client, previous.removeprefix("http://testserver")).json()
    assert [a["id"] for a in entries(first)] == [
        str(pk)
        for pk in Appointment.objects.filter(family=w.family).order_by("pk").values_list("pk", flat=True)[:3]
    ]


def test_default_page_holds_fifty(world):
    w = world
    _add_appointments(w, 54)
    bundle = fhir_get(
        client_of(w.t.coordinator), f"{BASE}/Appointment?patient={w.family.children.first().pk}"
    ).json()
    assert bundle["total"] == 55 and len(entries(bundle)) == 50
    assert "_count=50" in _links(bundle)["next"] and "_offset=50" in _links(bundle)["next"]


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_appointment_page_costs_the_same_queries_for_3_and_40_rows(world):
    w = world
    child = w.family.children.first().pk
    for user in (w.t.coordinator, w.t.provider, w.t.guardian_user):
        client = client_of(user)
        url = f"{BASE}/Appointment?patient={child}&_count=100"
        _add_appointments(w, 2)
        few = _queries(client, url)
        _add_appointments(w, 38)
        many = _queries(client, url)
        assert many == few, (user.username, few, many)
        Appointment.objects.filter(family=w.family).exclude(pk=w.appointment.pk).delete()


def test_every_family_search_page_is_flat(world):
    w = world
    child = w.family.children.first().pk
    client = client_of(w.t.guardian_user)
    counts = {}
    for resource_type in ["RelatedPerson", "Consent", "CareTeam", "Task", "CarePlan", "Goal", "AuditEvent"]:
        url = f"{BASE}/{resource_type}?patient={child}&_count=100"
        counts[resource_type] = _queries(client, url)
    for _ in range(10):
        fhir_get(client_of(w.t.coordinator), f"{BASE}/Patient/{child}")  # more access-log rows
        make_item(w.t, title="Ringe skolen")
        give_full_consent(w.family, [w.t.physio, w.t.school], w.t.caseworker)
        Guardian.objects.create(
            family=w.family,
            first_name="Kari",
            last_name="Fjordsen",
            parental_responsibility=ParentalResponsibility.OTHER,
        )
    for resource_type, few in counts.items():
        assert _queries(client, f"{BASE}/{resource_type}?patient={child}&_count=100") == few, resource_type


def test_patient_list_costs_the_same_queries_for_2_and_30_families(world):
    w = world
    client = client_of(w.t.caseworker)
    few = _queries(client, f"{BASE}/Patient?_count=100")
    for i in range(28):
        make_family(w.t.municipality, f"Familien Nr{i}")
    many = _queries(client, f"{BASE}/Patient?_count=100")
    assert many == few
    assert fhir_get(client, f"{BASE}/Patient?_count=100").json()["total"] == 30
