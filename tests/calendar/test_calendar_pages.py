# ruff: noqa: E501  (scenario tables read best one case per line)
"""The calendar pages: who sees which appointments, adding and cancelling, conflicts when saving, the
day sheet in plain bokmål, the API, and query counts that do not grow with the data."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from los.calendar.models import Appointment, AppointmentStatus, FamilyLimits
from los.calendar.views.calendar import day_sentence
from los.core.models import AccessLogEntry
from los.team.models import Meeting

from .world import MONDAY, add_calendar, appointment, shared_calendar, state_need_to_know

pytestmark = pytest.mark.django_db
TUESDAY = MONDAY + dt.timedelta(days=1)


@pytest.fixture
def world(tenant):
    return add_calendar(tenant)


def week_url(t, day=MONDAY):
    return f"/kalender/familie/{t.family.pk}/uke/?fra={day.isoformat()}"


@pytest.mark.parametrize(
    "actor, sees_physio, sees_school, sees_own",
    [
        # The shared calendar holds what the consent covers (physiotherapy, not the school) and the
        # family's own entries, for every relation; a professional never sees the family's own entries.
        ("coordinator", True, False, True),
        ("caseworker", True, False, True),  # with a stated need to know
        ("guardian_user", True, False, True),
        ("provider", True, False, False),
    ],
)
def test_who_sees_which_appointments(world, client_for, actor, sees_physio, sees_school, sees_own):
    shared_calendar(world)
    state_need_to_know(world)
    body = client_for(getattr(world, actor)).get(week_url(world)).content.decode()
    assert ("Trening i bassenget" in body) == sees_physio
    assert ("Foreldremøte" in body) == sees_school
    assert ("Bursdag" in body) == sees_own


def test_school_provider_without_consent_cannot_open_the_calendar(world, client_for):
    assert client_for(world.school_provider).get(week_url(world)).status_code == 404
    assert client_for(world.leader).get(week_url(world)).status_code == 404


def test_calendar_read_is_logged(world, client_for):
    client_for(world.provider).get(week_url(world))
    assert AccessLogEntry.objects.filter(
        family=world.family, user=world.provider, record_type="calendar"
    ).exists()


def test_views_render_for_family_and_coordinator(world, client_for):
    appointment(world)
    for user in (world.guardian_user, world.coordinator):
        c = client_for(user)
        for view in ("uke", "maned", "liste", "dagsark"):
            response = c.get(f"/kalender/familie/{world.family.pk}/{view}/?fra={MONDAY}&dato={MONDAY}")
            assert response.status_code == 200, (user, view)
            assert response.content.decode().count("<h1") == 1


def test_day_sheet_in_plain_bokmal(world, client_for):
    world.consent.services.add(world.school)
    appointment(world, day=TUESDAY, start=dt.time(9))
    appointment(
        world,
        day=TUESDAY,
        start=dt.time(11, 30),
        service="school",
        place=world.school_place,
        title="Barneklinikken",
    )
    response = client_for(world.guardian_user).get(
        f"/kalender/familie/{world.family.pk}/dagsark/?dato={TUESDAY}"
    )
    assert (
        "Tirsdag 5. januar: fysioterapi 09.00 på Helsehuset, barneklinikken 11.30 på Skolen"
        in response.content.decode()
    )


def test_day_sentence_for_an_empty_day():
    assert day_sentence(dt.date(2027, 3, 9), []) == "Tirsdag 9. mars: ingen avtaler."


def test_guardian_adds_own_entry_which_is_confirmed(world, client_for):
    response = client_for(world.guardian_user).post(
        f"/kalender/familie/{world.family.pk}/ny/",
        {
            "title": "Skoletur",
            "kind": "school_event",
            "date": "2027-01-05",
            "start_time": "08:30",
            "end_time": "14:00",
        },
    )
    assert response.status_code == 302
    a = Appointment.objects.get()
    assert (a.service, a.status, a.source) == (None, AppointmentStatus.CONFIRMED, "family")


def test_end_before_start_is_refused_with_422(world, client_for):
    response = client_for(world.coordinator).post(
        f"/kalender/familie/{world.family.pk}/ny/",
        {
            "service": world.physio.pk,
            "kind": "treatment",
            "date": "2027-01-05",
            "start_time": "10:00",
            "end_time": "09:00",
        },
    )
    assert response.status_code == 422
    assert "Sluttidspunktet må være etter starttidspunktet" in response.content.decode()
    assert Appointment.objects.count() == 0


def test_provider_cannot_book_for_a_service_that_is_not_theirs(world, client_for):
    response = client_for(world.provider).post(
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
    assert Appointment.objects.count() == 0


def test_saving_a_conflict_warns_but_saves(world, client_for):
    FamilyLimits.objects.create(family=world.family, max_appointments_per_day=1)
    appointment(world, day=TUESDAY, start=dt.time(9))
    response = client_for(world.coordinator).post(
        f"/kalender/familie/{world.family.pk}/ny/",
        {
            "service": world.physio.pk,
            "kind": "treatment",
            "date": TUESDAY.isoformat(),
            "start_time": "09:30",
            "end_time": "10:00",
            "child_attends": "on",
        },
        follow=True,
    )
    body = response.content.decode()
    assert "Lagret, men se opp" in body
    assert "samtidig" in body and "høyst 1" in body
    assert "(konflikt)" in body  # shown on the calendar, in words


def test_guardian_cannot_change_a_service_appointment_but_sees_it(world, client_for):
    a = appointment(world)
    guardian = client_for(world.guardian_user)
    page = guardian.get(f"/kalender/familie/{world.family.pk}/avtale/{a.pk}/")
    assert page.status_code == 200
    assert "kan bare endres av tjenesten" in page.content.decode()
    guardian.post(f"/kalender/familie/{world.family.pk}/avtale/{a.pk}/avlys/")
    a.refresh_from_db()
    assert a.status == AppointmentStatus.CONFIRMED


def test_coordinator_cancels(world, client_for):
    a = appointment(world)
    client_for(world.coordinator).post(f"/kalender/familie/{world.family.pk}/avtale/{a.pk}/avlys/")
    a.refresh_from_db()
    assert (a.status, a.sequence) == (AppointmentStatus.CANCELLED, 1)


def test_limits_page_for_the_family(world, client_for):
    guardian = client_for(world.guardian_user)
    url = f"/kalender/familie/{world.family.pk}/begrensninger/"
    assert guardian.get(url).status_code == 200
    response = guardian.post(
        url,
        {
            "max_appointments_per_day": 2,
            "earliest": "09:00",
            "latest": "14:00",
            "unavailable_weekdays": [4],
            "unavailable_dates": "24.03.2027",
        },
    )
    assert response.status_code == 302
    limits = FamilyLimits.objects.get(family=world.family)
    assert (limits.unavailable_weekdays, limits.unavailable_dates) == ([4], ["2027-03-24"])
    bad = guardian.post(
        url,
        {
            "max_appointments_per_day": 2,
            "earliest": "15:00",
            "latest": "14:00",
            "unavailable_dates": "32.13.2027",
        },
    )
    assert bad.status_code == 422


def test_meetings_show_read_only_in_the_calendar_and_feed(world, client_for):
    Meeting.objects.create(
        family=world.family,
        title="Ansvarsgruppemøte",
        starts_at=dt.datetime(2027, 1, 6, 12, tzinfo=dt.UTC),
        ends_at=dt.datetime(2027, 1, 6, 13, tzinfo=dt.UTC),
        location="Rådhuset",
        called_by=world.coordinator,
    )
    body = client_for(world.guardian_user).get(week_url(world)).content.decode()
    assert "Ansvarsgruppemøte" in body and "Møte i teamet" in body


# --------------------------------------------------------------------------- API


def test_api_lists_and_creates_appointments(world, client_for):
    c = client_for(world.coordinator)
    url = f"/api/v1/families/{world.family.pk}/appointments"
    response = c.post(
        url,
        {"service_id": world.physio.pk, "starts_at": "2027-03-28T09:00", "ends_at": "2027-03-28T09:45"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["starts_at"].startswith("2027-03-28T09:00:00+02:00")
    assert [a["id"] for a in c.get(url).json()] == [response.json()["id"]]
    cancel = c.post(f"{url}/{response.json()['id']}/cancel")
    assert cancel.json()["status"] == "cancelled"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"service_id": 99999, "starts_at": "2027-03-28T09:00", "ends_at": "2027-03-28T09:45"}, "service_id"),
        ({"service_id": None, "starts_at": "2027-03-28T10:00", "ends_at": "2027-03-28T09:45"}, "end_time"),
        ({"starts_at": "i morgen", "ends_at": "2027-03-28T09:45"}, "starts_at"),
        ({"starts_at": "2027-03-28T09:00", "ends_at": "2027-03-28T09:45", "surprise": 1}, "surprise"),
    ],
)
def test_api_bad_input_answers_422(world, client_for, body, field):
    response = client_for(world.coordinator).post(
        f"/api/v1/families/{world.family.pk}/appointments", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == field
    assert Appointment.objects.count() == 0


# --------------------------------------------------------------------------- query counts


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("view", ["uke", "maned", "liste"])
def test_page_queries_do_not_grow_with_appointments(world, client_for, view):
    from tests.factories import make_family

    c = client_for(world.coordinator)
    url = f"/kalender/familie/{world.family.pk}/{view}/?fra={MONDAY}"
    appointment(world)
    small = _count(c, url)
    for i in range(12):
        appointment(world, day=MONDAY + dt.timedelta(days=i % 5), start=dt.time(9 + i % 5))
    for i in range(5):
        make_family(world.municipality, f"Familien Ekstra{i}")
    assert _count(c, url) == small
