# ruff: noqa: E501  (scenario tables read best one case per line)
"""The coordinating unit keeps its municipality's places, travel times and the services' opening hours on
its own pages (not only in the admin): create, edit, bokmål errors, and nothing of another municipality."""

import datetime as dt

import pytest

from los.calendar.models import ClosedDate, OpeningHours, Place, ServiceCalendar, TravelTime

from .world import add_calendar

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tenant):
    return add_calendar(tenant)


@pytest.fixture
def unit(world, client_for):
    return client_for(world.caseworker)


def test_the_unit_sees_places_travel_times_and_opening_hours(world, unit):
    page = unit.get("/kalender/steder/").content.decode()
    assert "Helsehuset" in page and "Skolen" in page
    assert "Helsehuset – Skolen" in page and "30" in page
    assert "mandag 08.00–15.00" in page


def test_the_unit_adds_and_renames_a_place(world, unit):
    assert (
        unit.post("/kalender/steder/nytt/", {"name": "  Sykehuset ", "address": "Sykehusveien 1"}).status_code
        == 302
    )
    place = Place.objects.get(name="Sykehuset")
    assert place.municipality == world.municipality
    assert (
        unit.post(f"/kalender/steder/{place.pk}/", {"name": "Sykehuset Nord", "address": ""}).status_code
        == 302
    )
    place.refresh_from_db()
    assert place.name == "Sykehuset Nord"


def test_two_places_never_share_a_name(world, unit):
    response = unit.post("/kalender/steder/nytt/", {"name": "helsehuset"})
    assert response.status_code == 422
    assert "finnes allerede et sted med dette navnet" in response.content.decode()
    assert Place.objects.filter(municipality=world.municipality).count() == 2


def test_the_unit_adds_and_changes_a_travel_time(world, unit):
    hospital = Place.objects.create(municipality=world.municipality, name="Sykehuset")
    response = unit.post(
        "/kalender/steder/reisetid/ny/",
        {"place_a": hospital.pk, "place_b": world.health_house.pk, "minutes": 25},
    )
    assert response.status_code == 302
    travel = TravelTime.objects.get(minutes=25)
    assert (travel.place_a_id, travel.place_b_id) == tuple(sorted((hospital.pk, world.health_house.pk)))
    response = unit.post(
        f"/kalender/steder/reisetid/{travel.pk}/",
        {"place_a": world.health_house.pk, "place_b": hospital.pk, "minutes": 40},
    )
    assert response.status_code == 302
    travel.refresh_from_db()
    assert travel.minutes == 40


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"place": "a", "other": "a", "minutes": 10}, "Velg to forskjellige steder"),
        ({"place": "b", "other": "a", "minutes": 10}, "er allerede registrert"),
        ({"place": "a", "other": "b", "minutes": 0}, "større enn eller lik 1"),
        ({"place": "a", "other": "b", "minutes": 601}, "mindre enn eller lik 600"),
    ],
    ids=["same-place", "duplicate-pair-either-way", "zero", "too-long"],
)
def test_a_bad_travel_time_is_refused_in_bokmal(world, unit, body, message):
    ids = {"a": world.health_house.pk, "b": world.school_place.pk}
    response = unit.post(
        "/kalender/steder/reisetid/ny/",
        {"place_a": ids[body["place"]], "place_b": ids[body["other"]], "minutes": body["minutes"]},
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert TravelTime.objects.count() == 1


def test_the_unit_sets_a_services_place_spacing_opening_hours_and_closed_dates(world, unit):
    url = f"/kalender/steder/tjeneste/{world.physio.pk}/"
    response = unit.post(
        url, {"sted-place": world.school_place.pk, "sted-min_days_between": 2, "sted-min_minutes_between": 0}
    )
    assert response.status_code == 302
    calendar = ServiceCalendar.objects.get(service=world.physio)
    assert (calendar.place, calendar.min_days_between) == (world.school_place, 2)
    assert (
        unit.post(
            url + "apningstid/ny/", {"tid-weekday": 5, "tid-opens": "10:00", "tid-closes": "12:00"}
        ).status_code
        == 302
    )
    saturday = OpeningHours.objects.get(service=world.physio, weekday=5)
    assert (
        unit.post(
            url + f"apningstid/{saturday.pk}/", {"weekday": 5, "opens": "10:00", "closes": "13:00"}
        ).status_code
        == 302
    )
    saturday.refresh_from_db()
    assert saturday.closes == dt.time(13)
    assert (
        unit.post(
            url + "stengt/ny/", {"stengt-date": "2027-01-08", "stengt-reason": "Planleggingsdag"}
        ).status_code
        == 302
    )
    closed = ClosedDate.objects.get(service=world.physio)
    assert "fre. 8. jan. 2027" in unit.get(url).content.decode()
    assert unit.post(url + f"stengt/{closed.pk}/slett/").status_code == 302
    assert unit.post(url + f"apningstid/{saturday.pk}/slett/").status_code == 302
    assert not ClosedDate.objects.exists() and not OpeningHours.objects.filter(weekday=5).exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"tid-weekday": 0, "tid-opens": "12:00", "tid-closes": "11:00"}, "Stenger må være etter åpner"),
        ({"tid-weekday": 0, "tid-opens": "14:00", "tid-closes": "16:00"}, "overlapper en annen åpningstid"),
        ({"tid-weekday": 9, "tid-opens": "08:00", "tid-closes": "09:00"}, "gyldig valg"),
    ],
    ids=["ends-before-it-starts", "overlaps", "no-such-weekday"],
)
def test_bad_opening_hours_are_refused_in_bokmal(world, unit, body, message):
    response = unit.post(f"/kalender/steder/tjeneste/{world.physio.pk}/apningstid/ny/", body)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert OpeningHours.objects.filter(service=world.physio).count() == 5


def test_a_closed_date_is_registered_once(world, unit):
    url = f"/kalender/steder/tjeneste/{world.physio.pk}/stengt/ny/"
    assert unit.post(url, {"stengt-date": "2027-01-08"}).status_code == 302
    response = unit.post(url, {"stengt-date": "2027-01-08"})
    assert response.status_code == 422
    assert "allerede registrert som stengt" in response.content.decode()


def test_another_municipality_sees_and_changes_nothing_of_ours(world, other_tenant, client_for):
    foreign = client_for(other_tenant.caseworker)
    page = foreign.get("/kalender/steder/").content.decode()
    assert "Helsehuset" not in page
    assert foreign.get(f"/kalender/steder/{world.health_house.pk}/").status_code == 404
    assert foreign.post(f"/kalender/steder/{world.health_house.pk}/", {"name": "Overtatt"}).status_code == 404
    travel = TravelTime.objects.get()
    assert foreign.get(f"/kalender/steder/reisetid/{travel.pk}/").status_code == 404
    assert foreign.get(f"/kalender/steder/tjeneste/{world.physio.pk}/").status_code == 404
    response = foreign.post(
        "/kalender/steder/reisetid/ny/",
        {"place_a": world.health_house.pk, "place_b": world.school_place.pk, "minutes": 5},
    )
    assert response.status_code == 422  # our places are not among the choices
    assert Place.objects.get(pk=world.health_house.pk).name == "Helsehuset"
    assert TravelTime.objects.count() == 1


@pytest.mark.parametrize("role", ["coordinator", "provider", "guardian_user"])
def test_only_the_coordinating_unit_keeps_places(world, client_for, role):
    client = client_for(getattr(world, role))
    assert client.get("/kalender/steder/").status_code == 404
    assert client.post("/kalender/steder/nytt/", {"name": "Nytt"}).status_code == 404
    assert not Place.objects.filter(name="Nytt").exists()
