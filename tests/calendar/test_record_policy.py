# ruff: noqa: E501  (scenario tables read best one case per line)
"""The calendar under the record policy: one policy-filtered list behind the web pages, the API and the
iCalendar feeds for every relation; the shared calendar follows the consent; booking requests never go
to a service the consent does not cover; the coordinating unit needs a stated need to know; changes are
logged by the services that make them; the family pages' sections read through the policy."""

import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.test import override_settings

from los.calendar.models import (
    Appointment,
    AppointmentStatus,
    BookingRequest,
    BundlingProposal,
    FamilyLimits,
    FeedKind,
)
from los.calendar.services import booking, feeds
from los.core.access import grant_for
from los.core.errors import DomainError
from los.core.models import AccessAction, AccessLogEntry, AccessReason
from los.notifications.models import Notification

from .world import MONDAY, add_calendar, appointment, need, shared_calendar, state_need_to_know

pytestmark = pytest.mark.django_db

RELATIONS = ["guardian_user", "coordinator", "caseworker", "provider"]


@pytest.fixture
def world(tenant):
    return add_calendar(tenant)


def _web(client, world, view="uke"):
    """Appointment ids on one of the web pages for the week of MONDAY."""
    response = client.get(f"/kalender/familie/{world.family.pk}/{view}/?fra={MONDAY}&dato={MONDAY}")
    assert response.status_code == 200, (view, response.status_code)
    context = response.context
    if "days" in context:
        found = [i for _d, items in context["days"] for i in items]
    elif "weeks" in context:
        found = [i for week in context["weeks"] for _d, items in week for i in items or []]
    else:
        found = context["items"]
    return {i.appointment.pk for i in found if i.appointment is not None}


def _api(client, world):
    response = client.get(f"/api/v1/families/{world.family.pk}/appointments")
    assert response.status_code == 200
    return {a["id"] for a in response.json()}


def _feed(client, user, world):
    _f, token = feeds.issue_feed(user, FeedKind.FAMILY, world.family)
    response = client.get(f"/kalender/ics/{token}/")
    assert response.status_code == 200
    uids = {str(e["UID"]) for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT")}
    return set(Appointment.objects.filter(uid__in=uids).values_list("pk", flat=True)), response


# --------------------------------------------------------------------------- one list for all channels


@pytest.mark.parametrize("actor", RELATIONS)
def test_web_calendar_and_feed_show_the_same_appointments_for_every_relation(
    world, client_for, client, actor
):
    made = shared_calendar(world)
    state_need_to_know(world)
    user = getattr(world, actor)
    c = client_for(user)
    web = _web(c, world)
    assert web == _web(c, world, "maned") == _web(c, world, "liste") == _web(c, world, "dagsark")
    assert web == _api(c, world)
    feed, _response = _feed(client, user, world)
    assert web == feed
    # And what that one list is: the consent's services, and the family's own entries for all but a
    # professional.
    expected = {made["covered"].pk} | (set() if actor == "provider" else {made["own"].pk})
    assert web == expected


def test_family_web_calendar_hides_services_the_consent_does_not_cover_like_its_feed(
    world, client_for, client
):
    made = shared_calendar(world)
    guardian = client_for(world.guardian_user)
    body = guardian.get(f"/kalender/familie/{world.family.pk}/uke/?fra={MONDAY}").content.decode()
    assert "Foreldremøte" not in body  # the school: the consent does not cover it
    assert made["uncovered"].pk not in _api(guardian, world)
    assert made["uncovered"].pk not in _feed(client, world.guardian_user, world)[0]


def test_withdrawn_service_drops_out_of_every_channel_at_once(world, client_for, client):
    made = shared_calendar(world)
    world.consent.services.add(world.school)
    guardian = client_for(world.guardian_user)
    assert made["uncovered"].pk in _web(guardian, world) & _api(guardian, world)
    world.consent.services.remove(world.school)
    assert made["uncovered"].pk not in _web(guardian, world) | _api(guardian, world)
    assert made["uncovered"].pk not in _feed(client, world.guardian_user, world)[0]


def test_professional_does_not_see_their_own_appointment_of_a_service_the_consent_does_not_cover(
    world, client_for, client
):
    # The physiotherapist is also named on a school appointment: the consent does not cover the school.
    theirs = appointment(
        world, service="school", professional=world.provider.professional, title="Skolebesøk"
    )
    c = client_for(world.provider)
    assert theirs.pk not in _web(c, world) | _api(c, world)
    assert c.get(f"/kalender/familie/{world.family.pk}/avtale/{theirs.pk}/").status_code == 404
    _f, token = feeds.issue_feed(world.provider, FeedKind.PROFESSIONAL)
    assert theirs.uid not in client.get(f"/kalender/ics/{token}/").content.decode()


def test_professional_feed_is_logged_per_family_as_the_owner_with_channel_ical(world, client):
    appointment(world, professional=world.provider.professional)
    _f, token = feeds.issue_feed(world.provider, FeedKind.PROFESSIONAL)
    assert client.get(f"/kalender/ics/{token}/").status_code == 200
    (row,) = AccessLogEntry.objects.filter(user=world.provider, channel="ical")
    assert (row.family_id, row.action, row.record_type, row.reason) == (
        world.family.pk,
        AccessAction.READ,
        "calendar_feed",
        AccessReason.TEAM_WITH_CONSENT,
    )


def test_feed_titles_never_carry_what_staff_wrote_about_the_child(world, client):
    staff = appointment(world, title="Emma øver på trapp")
    own = appointment(world, service=None, start=dt.time(14), title="Bursdag", place=None, source="family")
    _ids, response = _feed(client, world.guardian_user, world)
    events = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT")}
    assert str(events[staff.uid]["SUMMARY"]) == "Fysioterapi – Emma"  # the service and the child's first name
    assert "øver på trapp" not in response.content.decode()
    assert str(events[own.uid]["SUMMARY"]) == "Bursdag – Emma"  # the family's own words in its own feed


def test_conflict_warning_never_names_an_appointment_the_relation_cannot_see(world, client_for):
    FamilyLimits.objects.create(family=world.family, max_appointments_per_day=1)
    appointment(world, service=None, start=dt.time(9), title="Tannlege privat", place=None, source="family")
    response = client_for(world.provider).post(
        f"/kalender/familie/{world.family.pk}/ny/",
        {
            "service": world.physio.pk,
            "kind": "treatment",
            "date": MONDAY.isoformat(),
            "start_time": "09:00",
            "end_time": "09:45",
            "child_attends": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Tannlege privat" not in response.content.decode()


# --------------------------------------------------------------------------- booking requests and consent


def test_booking_request_never_goes_to_a_service_the_consent_does_not_cover(world):
    school = appointment(world, service="school", status=AppointmentStatus.PLANNED, place=world.school_place)
    mail.outbox.clear()
    with pytest.raises(DomainError):
        booking.request_booking(school, world.coordinator)
    assert not BookingRequest.objects.exists()
    assert not Notification.objects.filter(user=world.school_provider).exists()
    assert mail.outbox == []
    school.refresh_from_db()
    assert school.status == AppointmentStatus.PLANNED


@override_settings(LOS_BUNDLING_TIME_LIMIT=1.0)
def test_proposal_is_not_sent_when_the_consent_no_longer_covers_one_of_its_services(world, client_for):
    world.consent.services.add(world.school)
    need(
        world,
        service=world.school,
        title="Samtale på skolen",
        count=1,
        min_days_between=0,
        max_days_between=None,
    )
    coordinator = client_for(world.coordinator)
    coordinator.post(
        f"/kalender/familie/{world.family.pk}/forslag/ny/", {"start": MONDAY.isoformat(), "weeks": 2}
    )
    proposal = BundlingProposal.objects.get()
    assert proposal.status in {"optimal", "feasible"}
    world.consent.services.remove(world.school)  # the family narrows the consent before it is sent
    response = coordinator.post(
        f"/kalender/familie/{world.family.pk}/forslag/{proposal.pk}/send/", follow=True
    )
    assert not BookingRequest.objects.exists()
    assert not Appointment.objects.filter(service=world.school).exists()
    assert not Notification.objects.filter(user=world.school_provider).exists()
    assert "samtykke dekker ikke Skolen" in response.content.decode()


def test_coordinator_cannot_book_or_plan_for_a_service_the_consent_does_not_cover(world, client_for):
    coordinator = client_for(world.coordinator)
    response = coordinator.post(
        f"/kalender/familie/{world.family.pk}/ny/",
        {
            "service": world.school.pk,
            "kind": "treatment",
            "date": "2027-01-05",
            "start_time": "09:00",
            "end_time": "10:00",
        },
    )
    assert response.status_code == 422
    response = coordinator.post(
        f"/kalender/familie/{world.family.pk}/behov/ny/",
        {
            "service": world.school.pk,
            "title": "Samtale",
            "kind": "meeting",
            "count": 1,
            "duration_minutes": 30,
            "window_from": "2027-01-04",
            "window_to": "2027-01-15",
        },
    )
    assert response.status_code == 422
    assert not Appointment.objects.exists()


def test_need_of_a_service_no_longer_covered_is_left_out_of_the_proposal(world):
    world.consent.services.add(world.school)
    kept = need(world, count=1, min_days_between=0, max_days_between=None)
    need(
        world,
        service=world.school,
        title="Samtale på skolen",
        count=1,
        min_days_between=0,
        max_days_between=None,
    )
    world.consent.services.remove(world.school)
    from los.calendar.services.planning_instance import build_instance

    data = build_instance(grant_for(world.coordinator, world.family.pk), MONDAY, 14)
    assert [n["id"] for n in data["needs"]] == [f"need-{kept.pk}"]


# --------------------------------------------------------------------------- the coordinating unit


CALENDAR_PAGES = ["uke", "maned", "liste", "dagsark"]


@pytest.mark.parametrize("view", CALENDAR_PAGES)
def test_caseworker_without_a_stated_need_is_sent_to_the_form_and_the_api_answers_404(
    world, client_for, view
):
    c = client_for(world.caseworker)
    before = AccessLogEntry.objects.count()
    response = c.get(f"/kalender/familie/{world.family.pk}/{view}/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"/familier/{world.family.pk}/tjenstlig-behov/")
    assert c.get(f"/api/v1/families/{world.family.pk}/appointments").status_code == 404
    assert AccessLogEntry.objects.count() == before


@pytest.mark.parametrize("view", CALENDAR_PAGES)
def test_caseworker_with_a_stated_need_reads_the_calendar_logged_with_that_reason(world, client_for, view):
    state_need_to_know(world, explanation="Mor ringte, koordinator er syk")
    c = client_for(world.caseworker)
    assert c.get(f"/kalender/familie/{world.family.pk}/{view}/").status_code == 200
    assert c.get(f"/api/v1/families/{world.family.pk}/appointments").status_code == 200
    rows = AccessLogEntry.objects.filter(user=world.caseworker, record_type="calendar")
    assert rows.count() == 2
    assert {r.reason for r in rows} == {AccessReason.CASEWORKER_NEED_TO_KNOW}
    assert all("Mor ringte" in r.purpose for r in rows)


def test_caseworker_feed_stops_when_the_stated_need_ends(world, client):
    stated = state_need_to_know(world)
    _f, token = feeds.issue_feed(world.caseworker, FeedKind.FAMILY, world.family)
    assert client.get(f"/kalender/ics/{token}/").status_code == 200
    stated.expires_at = stated.starts_at
    stated.save()
    assert client.get(f"/kalender/ics/{token}/").status_code == 404


# --------------------------------------------------------------------------- changes in the access log


def test_changes_are_logged_by_the_service_and_refusals_leave_no_trace(world, client_for):
    coordinator = client_for(world.coordinator)
    coordinator.post(
        f"/kalender/familie/{world.family.pk}/ny/",
        {
            "service": world.physio.pk,
            "kind": "treatment",
            "date": "2027-01-05",
            "start_time": "09:00",
            "end_time": "09:45",
        },
    )
    made = Appointment.objects.get()
    coordinator.post(f"/kalender/familie/{world.family.pk}/avtale/{made.pk}/avlys/")
    changes = AccessLogEntry.objects.filter(
        action=AccessAction.CHANGE, record_type="appointment", record_id=str(made.pk)
    )
    assert changes.count() == 2
    assert {r.user_id for r in changes} == {world.coordinator.pk}

    service_appointment = appointment(world, start=dt.time(13))
    before = AccessLogEntry.objects.count()
    guardian = client_for(world.guardian_user)
    response = guardian.post(f"/kalender/familie/{world.family.pk}/avtale/{service_appointment.pk}/avlys/")
    assert response.status_code == 404  # the family changes its own entries only
    assert AccessLogEntry.objects.count() == before
    invalid = coordinator.post(
        f"/kalender/familie/{world.family.pk}/ny/",
        {
            "service": world.physio.pk,
            "kind": "treatment",
            "date": "2027-01-05",
            "start_time": "10:00",
            "end_time": "09:00",
        },
    )
    assert invalid.status_code == 422
    assert AccessLogEntry.objects.count() == before


def test_appointment_of_another_family_is_not_found_under_this_family(world, client_for):
    from tests.factories import make_family

    other = make_family(world.municipality, "Familien Annen")
    theirs = appointment(world, family=other)
    c = client_for(world.coordinator)
    assert c.get(f"/kalender/familie/{world.family.pk}/avtale/{theirs.pk}/").status_code == 404
    assert c.post(f"/kalender/familie/{world.family.pk}/avtale/{theirs.pk}/avlys/").status_code == 404


# --------------------------------------------------------------------------- sections of the family pages


def test_calendar_sections_on_the_family_pages_read_through_the_policy(world, client_for):
    shared_calendar(world)
    provider_page = client_for(world.provider).get(f"/familier/{world.family.pk}/").content.decode()
    assert 'id="calendar-heading"' in provider_page
    assert "Trening i bassenget" in provider_page
    assert "Bursdag" not in provider_page and "Foreldremøte" not in provider_page
    assert "Behov og samordning av timer" not in provider_page

    coordinator_page = client_for(world.coordinator).get(f"/familier/{world.family.pk}/").content.decode()
    assert "Behov og samordning av timer" in coordinator_page and "Bursdag" in coordinator_page

    before = AccessLogEntry.objects.count()
    family_page = client_for(world.guardian_user).get(f"/familie/{world.family.pk}/").content.decode()
    assert "Trening i bassenget" in family_page and "Bursdag" in family_page
    assert "Foreldremøte" not in family_page
    assert "calendar" not in set(
        AccessLogEntry.objects.filter(seq__gt=before).values_list("record_type", flat=True)
    )  # the page logged its read of the family; the section adds no rows


def test_caseworker_without_a_stated_need_gets_no_calendar_section(world, client_for):
    shared_calendar(world)
    page = client_for(world.caseworker).get(f"/familier/{world.family.pk}/").content.decode()
    assert 'id="calendar-heading"' not in page and "Trening i bassenget" not in page
    state_need_to_know(world)
    page = client_for(world.caseworker).get(f"/familier/{world.family.pk}/").content.decode()
    assert 'id="calendar-heading"' in page and "Trening i bassenget" in page
