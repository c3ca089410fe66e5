# ruff: noqa: E501  (scenario tables read best one case per line)
"""The proposal workflow end to end with the Django client: the coordinator records needs, runs the
optimiser, sends booking requests; the service confirms or proposes another time; the family sees it."""

import datetime as dt

import pytest
from django.core import mail
from django.test import override_settings

from los.calendar.models import (
    Appointment,
    AppointmentNeed,
    AppointmentStatus,
    BookingRequest,
    BundlingProposal,
    NeedStatus,
    RequestState,
)
from los.calendar.services.planning_instance import build_instance
from los.core.access import grant_for

from .world import MONDAY, add_calendar, need

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tenant):
    return add_calendar(tenant)


def test_build_instance_describes_the_family_in_the_bundling_format(world):
    n = need(world)
    data = build_instance(grant_for(world.coordinator, world.family.pk), MONDAY, 14)
    assert data["format"] == "los-bundling-instance/1"
    assert data["needs"] == [
        {
            "id": f"need-{n.pk}",
            "service": f"s{world.physio.pk}",
            "duration_minutes": 45,
            "count": 2,
            "window": {"from_day": 0, "to_day": 13},
            "min_days_between": 5,
            "max_days_between": 9,
        }
    ]
    assert data["services"][0]["location"] == f"p{world.health_house.pk}"
    assert {w["weekday"] for w in data["services"][0]["availability"]} == {0, 1, 2, 3, 4}
    assert data["family"]["max_appointments_per_day"] == 2


def test_public_holidays_are_closed_dates_in_the_instance(world):
    need(world, window_from=dt.date(2027, 3, 22), window_to=dt.date(2027, 4, 2), min_days_between=0)
    data = build_instance(grant_for(world.coordinator, world.family.pk), dt.date(2027, 3, 22), 14)
    assert {"2027-03-25", "2027-03-26", "2027-03-29"} <= set(data["closed_dates"])


@override_settings(LOS_BUNDLING_TIME_LIMIT=1.0)
def test_coordinator_bundles_sends_requests_service_confirms_and_family_sees_it(world, client_for):
    coordinator = client_for(world.coordinator)
    page = coordinator.get(f"/kalender/familie/{world.family.pk}/behov/")
    assert page.status_code == 200
    response = coordinator.post(
        f"/kalender/familie/{world.family.pk}/behov/ny/",
        {
            "child": world.family.children.first().pk,
            "service": world.physio.pk,
            "title": "Fysioterapi hver uke",
            "kind": "treatment",
            "count": 2,
            "duration_minutes": 45,
            "window_from": MONDAY.isoformat(),
            "window_to": (MONDAY + dt.timedelta(days=13)).isoformat(),
            "min_days_between": 5,
            "max_days_between": 9,
        },
    )
    assert response.status_code == 302
    need(world, title="Kontroll", count=1, min_days_between=0, max_days_between=None, duration_minutes=30)

    response = coordinator.post(
        f"/kalender/familie/{world.family.pk}/forslag/ny/", {"start": MONDAY.isoformat(), "weeks": 2}
    )
    assert response.status_code == 302, response.content
    proposal = BundlingProposal.objects.get()
    assert proposal.status == "optimal"
    assert proposal.attendance_days == 2
    page = coordinator.get(response["Location"])
    assert page.status_code == 200
    assert "Dager familien må møte" in page.content.decode()

    response = coordinator.post(f"/kalender/familie/{world.family.pk}/forslag/{proposal.pk}/send/")
    assert response.status_code == 302
    requested = Appointment.objects.filter(family=world.family, status=AppointmentStatus.REQUESTED)
    assert requested.count() == 3
    assert BookingRequest.objects.filter(state=RequestState.PENDING).count() == 3
    assert set(AppointmentNeed.objects.values_list("status", flat=True)) == {NeedStatus.REQUESTED}
    # Sending twice does nothing more.
    coordinator.post(f"/kalender/familie/{world.family.pk}/forslag/{proposal.pk}/send/")
    assert BookingRequest.objects.count() == 3

    provider = client_for(world.provider)
    inbox = provider.get("/kalender/foresporsler/")
    assert inbox.status_code == 200
    assert inbox.content.decode().count("Bekreft") >= 3
    first, second, third = BookingRequest.objects.order_by("appointment__starts_at")
    assert provider.post(f"/kalender/foresporsler/{first.pk}/bekreft/").status_code == 302
    assert provider.post(f"/kalender/foresporsler/{second.pk}/bekreft/").status_code == 302
    other_time = third.appointment.starts_at.astimezone(dt.UTC) + dt.timedelta(days=1)
    local_other = other_time.astimezone(dt.timezone(dt.timedelta(hours=1)))
    response = provider.post(
        f"/kalender/foresporsler/{third.pk}/nytt-tidspunkt/",
        {
            "date": local_other.date().isoformat(),
            "start_time": local_other.strftime("%H:%M"),
            "message": "Fullt",
        },
    )
    assert response.status_code == 302
    third.refresh_from_db()
    assert third.state == RequestState.COUNTER
    assert third.appointment.status == AppointmentStatus.REQUESTED  # nothing moves without confirmation

    response = coordinator.post(f"/kalender/familie/{world.family.pk}/foresporsel/{third.pk}/godta/")
    assert response.status_code == 302
    third.appointment.refresh_from_db()
    assert third.appointment.status == AppointmentStatus.CONFIRMED
    assert third.appointment.starts_at == other_time
    assert third.appointment.sequence == 1

    guardian = client_for(world.guardian_user)
    agenda = guardian.get(f"/kalender/familie/{world.family.pk}/liste/?fra={MONDAY.isoformat()}")
    assert agenda.status_code == 200
    assert agenda.content.decode().count("Bekreftet") == 3


def test_service_that_is_not_on_the_team_gets_no_request(world, client_for):
    other = client_for(world.other_provider)
    assert other.get("/kalender/foresporsler/").status_code == 200
    assert other.post("/kalender/foresporsler/999/bekreft/").status_code == 404


@override_settings(LOS_BUNDLING_TIME_LIMIT=1.0)
def test_need_that_cannot_be_met_is_named_to_the_coordinator(world, client_for):
    # Three appointments at least ten days apart do not fit in two weeks.
    need(world, title="Umulig serie", count=3, min_days_between=10, max_days_between=None)
    coordinator = client_for(world.coordinator)
    response = coordinator.post(
        f"/kalender/familie/{world.family.pk}/forslag/ny/", {"start": MONDAY.isoformat(), "weeks": 2}
    )
    page = coordinator.get(response["Location"])
    body = page.content.decode()
    assert BundlingProposal.objects.get().status == "infeasible"
    assert "«Umulig serie» (Fysioterapi) kan ikke oppfylles" in body
    assert "Send bookingforespørsler" not in body


def test_proposal_without_needs_answers_422_with_a_message(world, client_for):
    response = client_for(world.coordinator).post(
        f"/kalender/familie/{world.family.pk}/forslag/ny/", {"start": MONDAY.isoformat(), "weeks": 2}
    )
    assert response.status_code == 422
    assert "ingen behov" in response.content.decode()


def test_need_with_window_ending_before_it_starts_is_refused(world, client_for):
    response = client_for(world.coordinator).post(
        f"/kalender/familie/{world.family.pk}/behov/ny/",
        {
            "service": world.physio.pk,
            "title": "Feil",
            "kind": "control",
            "count": 1,
            "duration_minutes": 30,
            "window_from": "2027-02-01",
            "window_to": "2027-01-01",
        },
    )
    assert response.status_code == 422
    assert AppointmentNeed.objects.count() == 0


def test_requests_reach_the_service_by_notification(world, client_for, settings):
    settings.LOS_BUNDLING_TIME_LIMIT = 1.0
    need(world, count=1, min_days_between=0, max_days_between=None)
    coordinator = client_for(world.coordinator)
    coordinator.post(
        f"/kalender/familie/{world.family.pk}/forslag/ny/", {"start": MONDAY.isoformat(), "weeks": 2}
    )
    proposal = BundlingProposal.objects.get()
    mail.outbox.clear()
    coordinator.post(f"/kalender/familie/{world.family.pk}/forslag/{proposal.pk}/send/")
    from los.notifications.models import Notification

    assert Notification.objects.filter(user=world.provider, kind="booking_request").count() == 1
