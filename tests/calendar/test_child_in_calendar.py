# ruff: noqa: E501  (scenario tables read best one case per line)
"""Which child? The calendar of a family with three children says whose it is, every appointment says
which child it is for (or «hele familien»), the appointment form asks for the child, the family can show
one child's calendar, and the subscription names the child. The week is a time grid: an appointment at
09.30 for 45 minutes sits on the 09.30 row and spans three quarter hours."""

import datetime as dt

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from los.calendar.models import Appointment, FeedKind
from los.calendar.services import feeds
from los.calendar.views.calendar import week_grid
from los.people.models import Child
from tests.factories import make_family

from .world import MONDAY, add_calendar, appointment

pytestmark = pytest.mark.django_db
TUESDAY = MONDAY + dt.timedelta(days=1)


@pytest.fixture
def world(tenant):
    """Familien Fjordsen: Emma (f. 2016, from the factory), Ola (f. 2018) and Kari (f. 2021)."""
    t = add_calendar(tenant)
    t.emma = t.family.children.get()
    t.ola = Child.objects.create(
        family=t.family, first_name="Ola", last_name="Fjordsen", birth_date=dt.date(2018, 3, 1)
    )
    t.kari = Child.objects.create(
        family=t.family, first_name="Kari", last_name="Fjordsen", birth_date=dt.date(2021, 9, 9)
    )
    return t


def url(t, view="uke", **query):
    params = "&".join(f"{k}={v}" for k, v in {"fra": MONDAY.isoformat(), **query}.items())
    return f"/kalender/familie/{t.family.pk}/{view}/?{params}"


def three_appointments(t):
    return {
        "emma": appointment(t, title="Svømming", child=t.emma),
        "ola": appointment(t, start=dt.time(11), title="Logopedi", child=t.ola),
        "family": appointment(
            t,
            start=dt.time(14),
            title="Familiesamtale",
            child=None,
            service=None,
            source="family",
            place=None,
        ),
    }


# --------------------------------------------------------------------------- titles and names


@pytest.mark.parametrize("view", ["uke", "maned", "liste", "dagsark"])
def test_the_calendar_is_the_familys_and_names_the_children(world, client_for, view):
    three_appointments(world)
    for user in (world.coordinator, world.guardian_user):
        body = client_for(user).get(url(world, view, dato=MONDAY.isoformat())).content.decode()
        assert "Barnets kalender" not in body
        assert "Kalender for Familien Fjordsen" in body
        if view != "dagsark":
            assert "Avtalene til Emma, Ola og Kari" in body


@pytest.mark.parametrize("view", ["uke", "maned", "liste"])
def test_each_appointment_says_which_child_it_is_for(world, client_for, view):
    three_appointments(world)
    body = client_for(world.guardian_user).get(url(world, view)).content.decode()
    assert "for Emma" in body and "for Ola" in body and "for hele familien" in body


def test_day_sheet_sentence_names_the_child_when_there_are_several(world, client_for):
    three_appointments(world)
    body = (
        client_for(world.guardian_user).get(url(world, "dagsark", dato=MONDAY.isoformat())).content.decode()
    )
    assert "svømming 09.00 (Emma)" in body and "logopedi 11.00 (Ola)" in body


def test_the_appointment_page_names_the_child(world, client_for):
    a = appointment(world, child=world.ola)
    page = (
        client_for(world.guardian_user)
        .get(f"/kalender/familie/{world.family.pk}/avtale/{a.pk}/")
        .content.decode()
    )
    assert "Gjelder" in page and "Ola Fjordsen" in page


def test_the_family_pages_name_the_child_of_each_coming_appointment(world, client_for):
    a = appointment(world, day=dt.date.today() + dt.timedelta(days=3), child=world.kari)
    assert a.pk
    staff = client_for(world.coordinator).get(f"/familier/{world.family.pk}/").content.decode()
    family = client_for(world.guardian_user).get(f"/familie/{world.family.pk}/").content.decode()
    assert "for Kari" in staff and "for Kari" in family


# --------------------------------------------------------------------------- filter by child


@pytest.mark.parametrize("view", ["uke", "maned", "liste"])
@pytest.mark.parametrize("actor", ["coordinator", "guardian_user"])
def test_one_childs_calendar_shows_that_child_and_the_whole_family(world, client_for, view, actor):
    three_appointments(world)
    body = client_for(getattr(world, actor)).get(url(world, view, barn=world.ola.pk)).content.decode()
    assert "Kalender for Ola Fjordsen (f. 2018)" in body
    assert "Logopedi" in body and "Familiesamtale" in body
    assert "Svømming" not in body
    assert f"barn={world.ola.pk}" in body  # the links to other weeks and views keep the choice


@pytest.mark.parametrize("value", ["999999", "abc", "-1", "1" * 40])
def test_an_unknown_child_is_ignored_with_a_message(world, client_for, value):
    three_appointments(world)
    response = client_for(world.guardian_user).get(url(world, "uke", barn=value))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Fant ikke det barnet i familien" in body
    assert "Svømming" in body and "Logopedi" in body


def test_a_child_of_another_family_is_not_a_filter(world, client_for):
    three_appointments(world)
    other = make_family(world.municipality, "Familien Annen").children.get()
    body = client_for(world.coordinator).get(url(world, "maned", barn=other.pk)).content.decode()
    assert "Fant ikke det barnet i familien" in body
    assert "Familien Annen" not in body and "Svømming" in body


def test_a_family_with_one_child_gets_no_filter(tenant, client_for):
    t = add_calendar(tenant)
    appointment(t)
    body = client_for(t.guardian_user).get(url(t, "uke")).content.decode()
    assert "Vis kalenderen for" not in body and "for Emma" in body


# --------------------------------------------------------------------------- the appointment form


def post_new(client, t, **fields):
    return client.post(
        f"/kalender/familie/{t.family.pk}/ny/",
        {
            "service": t.physio.pk,
            "kind": "treatment",
            "date": TUESDAY.isoformat(),
            "start_time": "09:00",
            "end_time": "09:45",
            "child_attends": "on",
            **fields,
        },
    )


def test_the_form_asks_which_child_among_the_familys_own(world, client_for):
    other = make_family(world.municipality, "Familien Annen").children.get()
    page = (
        client_for(world.coordinator)
        .get(f"/kalender/familie/{world.family.pk}/ny/?barn={world.kari.pk}")
        .content.decode()
    )
    assert "Hvem gjelder avtalen" in page and "Hele familien" in page
    assert f'<option value="{world.kari.pk}" selected>' in page  # the calendar showed Kari
    select = page.split('name="child"')[1].split("</select>")[0]
    assert select.count("<option") == 4  # the whole family and the three children
    assert "Familien Annen" not in page and str(other) not in select


def test_the_coordinator_books_for_one_child(world, client_for):
    assert post_new(client_for(world.coordinator), world, child=world.ola.pk).status_code == 302
    assert Appointment.objects.get().child == world.ola


def test_an_appointment_for_the_whole_family(world, client_for):
    assert post_new(client_for(world.coordinator), world, child="").status_code == 302
    assert Appointment.objects.get().child is None


def test_a_child_of_another_family_is_refused_in_bokmal(world, client_for):
    other = make_family(world.municipality, "Familien Annen").children.get()
    for value in (other.pk, "abc", "99999999999999999999"):
        response = post_new(client_for(world.coordinator), world, child=value)
        assert response.status_code == 422
        assert "Velg et av barna i familien, eller hele familien." in response.content.decode()
    assert not Appointment.objects.exists()


def test_changing_the_child_of_an_appointment(world, client_for):
    a = appointment(world, child=world.emma)
    c = client_for(world.coordinator)
    page = c.get(f"/kalender/familie/{world.family.pk}/avtale/{a.pk}/").content.decode()
    assert f'<option value="{world.emma.pk}" selected>' in page
    response = c.post(
        f"/kalender/familie/{world.family.pk}/avtale/{a.pk}/",
        {
            "service": world.physio.pk,
            "kind": "treatment",
            "date": MONDAY.isoformat(),
            "start_time": "09:00",
            "end_time": "09:45",
            "child_attends": "on",
            "child": world.kari.pk,
            "lock_version": a.lock_version,
        },
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.child == world.kari


def test_the_only_child_is_chosen_from_the_start(tenant, client_for):
    t = add_calendar(tenant)
    emma = t.family.children.get()
    page = client_for(t.guardian_user).get(f"/kalender/familie/{t.family.pk}/ny/").content.decode()
    assert f'<option value="{emma.pk}" selected>' in page


def test_a_whole_family_appointment_clashes_with_each_childs(world, client_for):
    from los.calendar.models import FamilyLimits

    FamilyLimits.objects.create(family=world.family, max_appointments_per_day=5)
    appointment(world, day=TUESDAY, start=dt.time(9), child=world.ola)
    response = post_new(client_for(world.coordinator), world, child="")
    assert response.status_code == 302
    body = client_for(world.coordinator).get(url(world, "uke")).content.decode()
    assert "(konflikt)" in body


# --------------------------------------------------------------------------- the week as a time grid


def test_an_appointment_at_half_past_nine_for_45_minutes_sits_in_the_grid(world, client_for):
    appointment(world, day=TUESDAY, start=dt.time(9, 30), minutes=45, child=world.ola)
    body = client_for(world.guardian_user).get(url(world, "uke")).content.decode()
    assert "los-week-item los-at-0930 los-len-45 los-lane-1" in body
    assert "los-from-07 los-hours-11" in body  # 07–18 by default
    assert body.count('class="ds-heading los-week-head"') == 7  # a heading per day for screen readers
    item = body.split("los-at-0930")[1].split("</li>")[0]
    assert '<a class="ds-link" href=' in item and "09.30–10.15" in item and "for Ola" in item


def test_the_grid_grows_for_early_and_late_appointments(world, client_for):
    appointment(world, day=TUESDAY, start=dt.time(6, 10), minutes=20)
    appointment(world, day=TUESDAY, start=dt.time(19, 0), minutes=90)
    body = client_for(world.coordinator).get(url(world, "uke")).content.decode()
    assert "los-from-06" in body and "los-hours-15" in body  # 06.00–21.00
    assert "los-at-0600 los-len-30" in body  # 06.10–06.30 on whole quarter hours
    assert "los-at-1900 los-len-90" in body


def test_overlapping_appointments_stand_side_by_side():
    class Fake:
        def __init__(self, h, m, minutes):
            self.start = dt.datetime(2027, 1, 4, h, m)
            self.end = self.start + dt.timedelta(minutes=minutes)
            self.minutes = minutes

    grid, first, last = week_grid([(MONDAY, [Fake(9, 0, 60), Fake(9, 30, 30), Fake(10, 0, 30)])])
    (day,) = grid
    assert [(p.at, p.length, p.lane) for p in day.placed] == [
        ("0900", 60, 1),
        ("0930", 30, 2),
        ("1000", 30, 1),
    ]
    assert day.lanes == 2 and (first, last) == (7, 18)


def test_every_grid_class_the_view_can_make_is_in_the_stylesheet():
    from pathlib import Path

    import los.calendar

    css = (Path(los.calendar.__file__).parent / "static/calendar/calendar.css").read_text()
    for h in range(24):
        for m in (0, 15, 30, 45):
            assert f".los-at-{h:02d}{m:02d} " in css
        assert f".los-from-{h:02d} " in css
    for k in range(1, 97):
        assert f".los-len-{k * 15} " in css
    for n in range(1, 25):
        assert f".los-hours-{n} " in css


def test_no_inline_styles_in_the_calendar_pages(world, client_for):
    three_appointments(world)
    for view in ("uke", "maned", "liste", "dagsark"):
        body = client_for(world.coordinator).get(url(world, view)).content.decode()
        assert "style=" not in body


def test_the_month_is_also_a_list_of_days_for_small_screens(world, client_for):
    three_appointments(world)
    body = client_for(world.guardian_user).get(url(world, "maned")).content.decode()
    assert "los-month-table" in body and "los-month-list" in body
    small = body.split('class="los-month-list"')[1]
    assert "Mandag 4. januar" in small and "Svømming" in small and "for Emma" in small


# --------------------------------------------------------------------------- subscription and query counts


def test_the_family_feed_names_the_child_by_first_name(world, client):
    a = three_appointments(world)
    _feed, token = feeds.issue_feed(world.guardian_user, FeedKind.FAMILY, world.family)
    response = client.get(f"/kalender/ics/{token}/")
    events = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT")}
    assert str(events[a["ola"].uid]["SUMMARY"]) == "Fysioterapi – Ola"  # the service, never the staff's title
    assert str(events[a["emma"].uid]["SUMMARY"]) == "Fysioterapi – Emma"
    assert str(events[a["family"].uid]["SUMMARY"]) == "Familiesamtale"


def _count(client, address):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(address).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("view", ["uke", "maned", "liste", "dagsark"])
def test_queries_stay_flat_with_children_and_a_filter(world, client_for, view):
    c = client_for(world.guardian_user)
    three_appointments(world)
    address = url(world, view, barn=world.ola.pk, dato=MONDAY.isoformat())
    small = _count(c, address)
    for i in range(12):
        child = (world.emma, world.ola, world.kari)[i % 3]
        appointment(world, day=MONDAY + dt.timedelta(days=i % 5), start=dt.time(8 + i % 6), child=child)
    assert _count(c, address) == small
