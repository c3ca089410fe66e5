"""No lost update in the calendar (issue 10): an appointment edited on two pages, or confirmed by the
service while the coordinator's edit page is open, and a need closed from a page that is no longer true.
The later save is refused with who changed it and when, and the earlier change is kept."""

import datetime as dt

import pytest
from django.db import connection

from los.calendar.models import AppointmentNeed, AppointmentStatus, NeedStatus
from los.calendar.services import appointments, booking
from los.core import access, dates
from tests.calendar.world import MONDAY, add_calendar, appointment, need
from tests.plans.lost_updates import APPLIED, REFUSED, open_page, page_form, race, second_coordinator

pytestmark = pytest.mark.django_db


def edit_url(a) -> str:
    return f"/kalender/familie/{a.family_id}/avtale/{a.pk}/"


def told(client, response) -> str:
    return client.get(response["Location"]).content.decode()


def test_two_coordinators_moving_the_same_appointment(tenant, client_for):
    world = add_calendar(tenant)
    a = appointment(world, status=AppointmentStatus.PLANNED)
    kari, ola = client_for(world.coordinator), client_for(second_coordinator(world))
    kari_page, ola_page = open_page(kari, edit_url(a)), open_page(ola, edit_url(a))
    assert kari.post(edit_url(a), kari_page | {"start_time": "10:00", "end_time": "10:45"}).status_code == 302
    refused = ola.post(
        edit_url(a), ola_page | {"start_time": "13:00", "end_time": "13:45", "notes": "Olas merknad"}
    )

    assert refused.status_code == 422
    html = refused.content.decode()
    assert f"Avtalen ble endret av {world.coordinator.display_name}" in html
    assert "Olas merknad" in html
    a.refresh_from_db()
    assert dates.local(a.starts_at).time() == dt.time(10) and a.notes == ""

    again = page_form(html)
    assert again["lock_version"] == str(a.lock_version)
    assert ola.post(edit_url(a), again).status_code == 302
    a.refresh_from_db()
    assert dates.local(a.starts_at).time() == dt.time(13) and a.notes == "Olas merknad"


def test_the_service_confirms_while_the_coordinators_edit_page_is_open(tenant, client_for):
    """Before, the coordinator's save wrote the whole row back and the confirmation was undone."""
    world = add_calendar(tenant)
    a = appointment(world, status=AppointmentStatus.PLANNED)
    request = booking.request_booking(a, world.coordinator, notify=False)
    kari = client_for(world.coordinator)
    page = open_page(kari, edit_url(a))
    booking.confirm_request(request, world.provider)

    refused = kari.post(edit_url(a), page | {"notes": "Husk gymtøy"})
    assert refused.status_code == 422
    assert "Avtalen ble endret av" in refused.content.decode()
    a.refresh_from_db()
    assert a.status == AppointmentStatus.CONFIRMED and a.notes == ""


def test_cancelling_from_a_page_opened_before_the_appointment_moved_is_refused(tenant, client_for):
    world = add_calendar(tenant)
    a = appointment(world, status=AppointmentStatus.PLANNED)
    kari, ola = client_for(world.coordinator), client_for(second_coordinator(world))
    ola_cancel = page_form(ola.get(edit_url(a)).content.decode(), "avlys/")
    assert ola_cancel["lock_version"] == "1"
    kari_page = open_page(kari, edit_url(a))
    assert (
        kari.post(edit_url(a), kari_page | {"date": (MONDAY + dt.timedelta(days=1)).isoformat()}).status_code
        == 302
    )

    response = ola.post(edit_url(a) + "avlys/", ola_cancel)
    assert response.status_code == 302
    message = told(ola, response)
    assert "Avtalen ble endret av" in message and "Ingenting er endret" in message
    a.refresh_from_db()
    assert a.status == AppointmentStatus.PLANNED


def test_closing_a_need_from_a_stale_page_is_refused(tenant, client_for):
    world = add_calendar(tenant)
    n = need(world)
    kari, ola = client_for(world.coordinator), client_for(second_coordinator(world))
    close = f"/kalender/familie/{world.family.pk}/behov/{n.pk}/avslutt/"
    page = ola.get(f"/kalender/familie/{world.family.pk}/behov/").content.decode()
    ola_close = page_form(page, close)
    assert ola_close["lock_version"] == "1"
    # Meanwhile Kari sends a proposal: the need is now requested from the service.
    AppointmentNeed.objects.filter(pk=n.pk).update(status=NeedStatus.REQUESTED, lock_version=2)
    response = ola.post(close, ola_close)
    assert response.status_code == 302
    assert "Behovet «Fysioterapi» ble endret" in told(ola, response)
    n.refresh_from_db()
    assert n.status == NeedStatus.REQUESTED

    # Two coordinators closing the same open need: the second is told, nothing changes twice.
    other = need(world, title="Kontroll")
    close = f"/kalender/familie/{world.family.pk}/behov/{other.pk}/avslutt/"
    assert kari.post(close, {"lock_version": "1"}).status_code == 302
    response = ola.post(close, {"lock_version": "1"})
    assert "ble endret av" in told(ola, response)
    other.refresh_from_db()
    assert other.status == NeedStatus.CLOSED and other.lock_version == 2


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Parallel saves need PostgreSQL: SQLite's in-memory test database serialises every writer.",
)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_saves_of_the_same_appointment_page_keep_exactly_one(tenant):
    world = add_calendar(tenant)
    a = appointment(world, status=AppointmentStatus.PLANNED)
    grant = access.grant_for(world.coordinator, world.family.pk)

    def save(i):
        data = {"title": f"Side {i}", "starts_at": a.starts_at, "ends_at": a.ends_at}
        return appointments.update_appointment(
            grant, a.__class__.objects.get(pk=a.pk), data, lock_version=1
        ).title

    results = race(50, save)
    assert all(outcome in (APPLIED, REFUSED) for outcome, _ in results), results
    applied = [title for outcome, title in results if outcome == APPLIED]
    assert len(applied) == 1
    a.refresh_from_db()
    assert a.title == applied[0] and a.lock_version == 2 and a.sequence == 1
