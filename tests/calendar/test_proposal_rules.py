# ruff: noqa: E501  (scenario tables read best one case per line)
"""Proposals a coordinator can send as they are: travel and a pause between every two appointments of a
day (already booked or proposed), a service's own spacing, a single time changed before sending, and the
child named on needs and proposals."""

import datetime as dt

import pytest

from los.calendar.bundling import check_solution, load_instance, solve
from los.calendar.models import (
    AppointmentNeed,
    AppointmentStatus,
    BundlingProposal,
    FamilyLimits,
    ServiceCalendar,
    TravelTime,
)
from los.calendar.services import planning, planning_instance
from los.core.access import grant_for
from los.people.models import Child

from .test_bundling import tiny
from .world import MONDAY, add_calendar, appointment, need

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tenant):
    add_calendar(tenant)
    TravelTime.objects.update(minutes=20)  # Helsehuset – Skolen
    tenant.consent.services.add(tenant.school)
    return tenant


def _propose(world, days=7, start=MONDAY):
    return planning.run_proposal(grant_for(world.coordinator, world.family.pk), start, days, time_limit=2)


def _starts(proposal):
    return sorted(dt.datetime.strptime(a["start"], "%Y-%m-%dT%H:%M") for a in proposal.result["appointments"])


# --------------------------------------------------------------------------- travel and pause to a fixed one


def test_nothing_is_proposed_at_0945_at_another_place_right_after_a_confirmed_0900_0945(world):
    appointment(world, start=dt.time(9), minutes=45)  # confirmed, at Helsehuset
    FamilyLimits.objects.create(family=world.family, buffer_minutes=0)
    need(world, service=world.school, title="Samtale på skolen", count=1, duration_minutes=30,
         window_from=MONDAY, window_to=MONDAY, min_days_between=0, max_days_between=None)  # fmt: skip
    proposal = _propose(world, days=1)
    assert proposal.status == "optimal"
    [start] = _starts(proposal)
    assert start >= dt.datetime.combine(MONDAY, dt.time(10, 5)) or start + dt.timedelta(
        minutes=30 + 20
    ) <= dt.datetime.combine(MONDAY, dt.time(9))
    assert start != dt.datetime.combine(MONDAY, dt.time(9, 45))


def test_the_familys_pause_comes_on_top_of_the_travel(world):
    appointment(world, start=dt.time(8), minutes=45)  # 08.00–08.45 at Helsehuset
    FamilyLimits.objects.create(family=world.family, buffer_minutes=15)
    need(world, service=world.school, title="Samtale på skolen", count=1, duration_minutes=30,
         window_from=MONDAY, window_to=MONDAY, min_days_between=0, max_days_between=None)  # fmt: skip
    proposal = _propose(world, days=1)
    # 08.45 + 20 minutes of travel + 15 minutes of pause = 09.20, on the quarter: 09.30.
    assert _starts(proposal) == [dt.datetime.combine(MONDAY, dt.time(9, 30))]
    assert proposal.instance["family"]["buffer_minutes"] == 15
    [fixed] = proposal.instance["fixed"]
    assert fixed["location"] == f"p{world.health_house.pk}" and fixed["service"] == f"s{world.physio.pk}"


def test_a_fixed_appointment_without_a_place_is_at_its_services_place(world):
    appointment(world, start=dt.time(8), minutes=45, place=None)
    data = planning_instance.build_instance(grant_for(world.coordinator, world.family.pk), MONDAY, 7)
    assert data["fixed"][0]["location"] == f"p{world.health_house.pk}"


def test_a_meeting_is_at_the_place_its_location_names():
    places = {1: "Rådhuset", 2: "Sykehuset", 3: "Rådhuset annekset"}
    assert planning_instance._meeting_place("Rådhuset, møterom 2", places) == 1
    assert planning_instance._meeting_place("rådhuset annekset 3. etg", places) == 3
    assert planning_instance._meeting_place("Hjemme hos familien", places) is None


def test_a_proposal_right_after_a_meeting_at_another_place_leaves_time_to_travel():
    # The tester's case: a meeting ends 11.00 at Rådhuset, the control is at Sykehuset 30 minutes away.
    data = tiny(
        **{
            "family.buffer_minutes": 15,
            "needs": [
                {
                    "id": "kontroll",
                    "service": "s2",
                    "duration_minutes": 30,
                    "count": 1,
                    "window": {"from_day": 0, "to_day": 0},
                }
            ],
            "services.1.availability": [{"weekday": 0, "start": "11:00", "end": "13:00"}],
            "fixed": [
                {"id": "m1", "date": "2027-01-04", "start": "10:00", "duration_minutes": 60, "location": "a"}
            ],
        }
    )
    instance = load_instance(data)
    result = solve(instance, 2)
    assert result.appointments == [{"need": "kontroll", "start": "2027-01-04T11:45"}]
    late = [{"need": "kontroll", "start": "2027-01-04T11:00"}]
    assert any("45 minutes of travel needed" in p for p in check_solution(instance, late))


# --------------------------------------------------------------------------- a service's own spacing


def test_physiotherapy_is_not_proposed_the_same_day_as_a_confirmed_one_when_the_service_says_so(world):
    ServiceCalendar.objects.filter(service=world.physio).update(min_days_between=1)
    appointment(world, start=dt.time(9), minutes=45)  # Monday
    need(
        world,
        count=1,
        window_from=MONDAY,
        window_to=MONDAY + dt.timedelta(days=1),
        min_days_between=0,
        max_days_between=None,
    )
    proposal = _propose(world, days=2)
    assert [s.date() for s in _starts(proposal)] == [MONDAY + dt.timedelta(days=1)]


def test_a_services_minutes_between_two_appointments_on_one_day(world):
    ServiceCalendar.objects.filter(service=world.physio).update(min_minutes_between=120)
    FamilyLimits.objects.create(family=world.family, buffer_minutes=0, max_appointments_per_day=3)
    appointment(world, start=dt.time(9), minutes=45)
    need(world, count=1, window_from=MONDAY, window_to=MONDAY, min_days_between=0, max_days_between=None)
    proposal = _propose(world, days=1)
    # 09.45 + 120 minutes = 11.45 at the earliest (nothing fits before 09.00 with two hours after it).
    assert _starts(proposal) == [dt.datetime.combine(MONDAY, dt.time(11, 45))]


def test_two_needs_of_one_service_keep_the_services_spacing():
    data = tiny(
        **{
            "services.0.min_days_between": 3,
            "needs": [
                {
                    "id": "a",
                    "service": "s1",
                    "duration_minutes": 30,
                    "count": 1,
                    "window": {"from_day": 0, "to_day": 13},
                },
                {
                    "id": "b",
                    "service": "s1",
                    "duration_minutes": 30,
                    "count": 1,
                    "window": {"from_day": 0, "to_day": 13},
                },
            ],
        }
    )
    instance = load_instance(data)
    result = solve(instance, 2)
    assert result.status == "optimal"
    days = sorted(a["start"][:10] for a in result.appointments)
    assert (dt.date.fromisoformat(days[1]) - dt.date.fromisoformat(days[0])).days >= 3
    assert check_solution(instance, result.appointments) == []
    close = [{"need": "a", "start": "2027-01-04T08:00"}, {"need": "b", "start": "2027-01-05T08:00"}]
    assert any("at least 3 required" in p for p in check_solution(instance, close))


def test_version_1_instances_mean_what_they_did():
    # No pause, no service spacing: the hand-made plan with 30 minutes of travel is still feasible.
    instance = load_instance(tiny())
    assert instance.family.buffer == 0
    assert instance.gap_minutes("a", "s1", "b", "s2") == 30


# --------------------------------------------------------------------------- one time changed before sending


@pytest.fixture
def proposal(world):
    FamilyLimits.objects.create(family=world.family, buffer_minutes=15)
    appointment(world, start=dt.time(9), minutes=45, status=AppointmentStatus.CONFIRMED)  # Monday 09.00
    need(world, service=world.school, title="Samtale på skolen", count=1, duration_minutes=30,
         window_from=MONDAY, window_to=MONDAY + dt.timedelta(days=4), min_days_between=0, max_days_between=None,
         child=world.family.children.first())  # fmt: skip
    return _propose(world, days=5)


def _adjust(client, world, proposal, day, time, index=0):
    was = BundlingProposal.objects.get(pk=proposal.pk).result["appointments"][index]["start"]
    return client.post(
        f"/kalender/familie/{world.family.pk}/forslag/{proposal.pk}/time/{index}/",
        {"date": day.isoformat(), "start_time": time, "was": was},
    )


def test_the_coordinator_moves_one_time_and_sends_the_adjusted_proposal(world, proposal, client_for):
    client = client_for(world.coordinator)
    tuesday = MONDAY + dt.timedelta(days=1)
    response = _adjust(client, world, proposal, tuesday, "13:15")
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.result["appointments"][0]["start"] == "2027-01-05T13:15"
    assert proposal.result["appointments"][0]["adjusted"] is True
    page = client.get(f"/kalender/familie/{world.family.pk}/forslag/{proposal.pk}/").content.decode()
    assert "tir. 5. jan." in page and "(endret)" in page
    assert client.post(f"/kalender/familie/{world.family.pk}/forslag/{proposal.pk}/send/").status_code == 302
    requested = world.family.appointments.get(status=AppointmentStatus.REQUESTED)
    assert (
        requested.starts_at.astimezone(dt.timezone(dt.timedelta(hours=1))).strftime("%Y-%m-%d %H:%M")
        == "2027-01-05 13:15"
    )
    assert requested.child == world.family.children.first()


@pytest.mark.parametrize(
    ("day", "time", "message"),
    [
        (0, "09:45", "trengs 35 minutter (20 minutter reisetid og 15 minutter pause)"),
        (0, "09:15", "overlapper"),
        (1, "15:00", "utenfor tjenestens åpningstid"),
        (1, "09:10", "hvert kvarter"),
        (5, "10:00", "skal være mellom"),
    ],
    ids=["too-close-to-the-confirmed-one", "overlap", "closed", "not-on-a-quarter", "outside-the-window"],
)
def test_a_changed_time_that_does_not_hold_is_refused_in_bokmal(
    world, proposal, client_for, day, time, message
):
    client = client_for(world.coordinator)
    before = BundlingProposal.objects.get(pk=proposal.pk).result
    response = _adjust(client, world, proposal, MONDAY + dt.timedelta(days=day), time)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert BundlingProposal.objects.get(pk=proposal.pk).result == before


def test_a_proposal_no_longer_sendable_after_a_booking_in_its_way_is_refused(world, proposal, client_for):
    [start] = _starts(proposal)
    appointment(
        world, day=start.date(), start=start.time(), minutes=30, place=world.school_place, service="school"
    )
    response = client_for(world.coordinator).post(
        f"/kalender/familie/{world.family.pk}/forslag/{proposal.pk}/send/", follow=True
    )
    assert "kan ikke sendes slik det er nå" in response.content.decode()
    assert BundlingProposal.objects.get(pk=proposal.pk).sent_at is None


def test_a_stale_page_does_not_overwrite_another_change(world, proposal, client_for):
    client = client_for(world.coordinator)
    response = client.post(
        f"/kalender/familie/{world.family.pk}/forslag/{proposal.pk}/time/0/",
        {"date": "2027-01-05", "start_time": "13:15", "was": "2027-01-01T08:00"},
    )
    assert response.status_code == 422
    assert "endret siden siden ble vist" in response.content.decode()


# --------------------------------------------------------------------------- the child on needs and proposals


def test_a_need_names_the_child_and_the_proposal_shows_it(world, client_for):
    child = world.family.children.first()
    client = client_for(world.coordinator)
    response = client.post(
        f"/kalender/familie/{world.family.pk}/behov/ny/",
        {"child": child.pk, "service": world.physio.pk, "title": "Fysioterapi", "kind": "treatment", "count": 1,
         "duration_minutes": 45, "window_from": MONDAY.isoformat(), "window_to": (MONDAY + dt.timedelta(days=4)).isoformat()},
    )  # fmt: skip
    assert response.status_code == 302
    assert AppointmentNeed.objects.get().child == child
    assert child.first_name in client.get(f"/kalender/familie/{world.family.pk}/behov/").content.decode()
    proposal = _propose(world, days=5)
    page = client.get(f"/kalender/familie/{world.family.pk}/forslag/{proposal.pk}/").content.decode()
    assert child.first_name in page and "Helsehuset" in page


def test_a_child_of_another_family_is_refused(world, other_tenant, client_for):
    stranger = Child.objects.filter(family=other_tenant.family).first()
    response = client_for(world.coordinator).post(
        f"/kalender/familie/{world.family.pk}/behov/ny/",
        {"child": stranger.pk, "service": world.physio.pk, "title": "Fysioterapi", "kind": "treatment", "count": 1,
         "duration_minutes": 45, "window_from": MONDAY.isoformat(), "window_to": MONDAY.isoformat()},
    )  # fmt: skip
    assert response.status_code == 422
    assert not AppointmentNeed.objects.exists()


def test_dates_on_the_proposal_page_are_lower_case(world, proposal, client_for):
    page = (
        client_for(world.coordinator)
        .get(f"/kalender/familie/{world.family.pk}/forslag/{proposal.pk}/")
        .content.decode()
    )
    assert "jan." in page and "Jan" not in page


# --------------------------------------------------------------------------- a clash already in the calendar


def test_a_clash_between_two_bookings_closes_that_day_but_does_not_stop_the_proposal(world):
    """Two booked appointments overlap on Monday (the calendar shows the clash). The proposal still
    plans the week: nothing new on Monday, and the page's note names the clash."""
    appointment(world, start=dt.time(9), minutes=45)
    appointment(world, start=dt.time(9, 30), minutes=45)
    FamilyLimits.objects.create(family=world.family, buffer_minutes=0)
    need(world, service=world.school, title="Samtale på skolen", count=1, duration_minutes=30,
         window_from=MONDAY, window_to=MONDAY + dt.timedelta(days=4), min_days_between=0, max_days_between=None)  # fmt: skip
    proposal = _propose(world, days=5)
    assert proposal.status == "optimal"
    [start] = _starts(proposal)
    assert start.date() != MONDAY
    assert MONDAY.isoformat() in proposal.instance["family"]["unavailable_dates"]
    assert len([f for f in proposal.instance["fixed"] if f["date"] == MONDAY.isoformat()]) == 1
    assert any("kolliderer" in note for note in proposal.notes)
