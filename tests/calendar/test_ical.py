# ruff: noqa: E501  (scenario tables read best one case per line)
"""iCalendar: valid feeds with VTIMEZONE, TZID, stable UID and growing SEQUENCE; cancellations; consent;
secret addresses that can be renewed and revoked; the access log. The import is in test_ical_import.py."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest

from los.calendar.models import AppointmentStatus, CalendarFeed, FeedKind
from los.calendar.services import appointments, feeds
from los.core.access import grant_for
from los.core.models import AccessLogEntry

from .world import add_calendar, appointment

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")
SPRING = dt.date(2027, 3, 28)  # last Sunday in March: clocks go forward
AUTUMN = dt.date(2027, 10, 31)  # last Sunday in October: clocks go back


@pytest.fixture
def world(tenant):
    return add_calendar(tenant)


def family_feed_url(tenant):
    _feed, token = feeds.issue_feed(tenant.guardian_user, FeedKind.FAMILY, tenant.family)
    return f"/kalender/ics/{token}/"


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    return cal, {str(e["UID"]): e for e in cal.walk("VEVENT")}


@pytest.mark.parametrize("day", [SPRING, AUTUMN])
def test_nine_oclock_on_the_dst_sunday_stays_nine_oclock(world, day, client):
    a = appointment(world, day=day, start=dt.time(9))
    a.refresh_from_db()
    assert a.starts_at.astimezone(OSLO).time() == dt.time(9)
    offset = a.starts_at.astimezone(OSLO).utcoffset()
    assert offset == dt.timedelta(hours=2 if day == SPRING else 1)
    cal, found = events(client.get(family_feed_url(world)))
    start = found[a.uid]["DTSTART"]
    assert start.params["TZID"] == "Europe/Oslo"
    assert start.to_ical() == f"{day:%Y%m%d}T090000".encode()
    assert start.dt.astimezone(dt.UTC) == a.starts_at


def test_feed_is_valid_with_vtimezone_and_stable_uid(world, client):
    a = appointment(world)
    url = family_feed_url(world)
    cal, found = events(client.get(url))
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    (tz,) = cal.walk("VTIMEZONE")
    assert tz["TZID"] == "Europe/Oslo"
    assert {c.name for c in tz.subcomponents} == {"STANDARD", "DAYLIGHT"}
    event = found[a.uid]
    assert event["SUMMARY"] == "Fysioterapi – Emma"  # the service and, in the family's feed, whom it is for
    child = world.family.children.first()
    assert child.last_name not in client.get(url).content.decode()  # the first name only
    assert int(event["SEQUENCE"]) == 0
    assert event["STATUS"] == "CONFIRMED"
    assert event["LOCATION"] == "Helsehuset"
    _cal, again = events(client.get(url))
    assert set(again) == set(found)


def test_change_raises_sequence_and_cancel_shows_cancelled(world, client, rf):
    a = appointment(world)
    url = family_feed_url(world)
    granted = grant_for(world.coordinator, world.family.pk)
    appointments.update_appointment(
        granted,
        a,
        {"starts_at": a.starts_at + dt.timedelta(hours=1), "ends_at": a.ends_at + dt.timedelta(hours=1)},
    )
    _cal, found = events(client.get(url))
    assert int(found[a.uid]["SEQUENCE"]) == 1
    appointments.cancel_appointment(granted, a)
    _cal, found = events(client.get(url))
    assert int(found[a.uid]["SEQUENCE"]) == 2
    assert found[a.uid]["STATUS"] == "CANCELLED"


def test_requested_appointments_are_tentative(world, client):
    a = appointment(world, status=AppointmentStatus.REQUESTED)
    _cal, found = events(client.get(family_feed_url(world)))
    assert found[a.uid]["STATUS"] == "TENTATIVE"
    assert "ikke bekreftet" in str(found[a.uid]["SUMMARY"])


def test_family_feed_hides_services_the_consent_does_not_cover(world, client):
    covered = appointment(world)
    school = appointment(world, service="school", start=dt.time(12), place=world.school_place)
    own = appointment(world, service=None, start=dt.time(14), title="Bursdag", place=None)
    _cal, found = events(client.get(family_feed_url(world)))
    assert covered.uid in found and own.uid in found
    assert school.uid not in found


def test_feed_reads_are_in_the_access_log_with_channel_ical(world, client):
    appointment(world)
    before = AccessLogEntry.objects.filter(family=world.family, channel="ical").count()
    client.get(family_feed_url(world))
    entry = AccessLogEntry.objects.filter(family=world.family, channel="ical").latest("id")
    assert AccessLogEntry.objects.filter(family=world.family, channel="ical").count() == before + 1
    assert entry.user == world.guardian_user
    assert entry.record_type == "calendar_feed"


def test_renewed_and_revoked_addresses_answer_404(world, client, client_for):
    guardian = client_for(world.guardian_user)
    _f, token = feeds.issue_feed(world.guardian_user, FeedKind.FAMILY, world.family)
    assert client.get(f"/kalender/ics/{token}/").status_code == 200
    _f, renewed = feeds.issue_feed(world.guardian_user, FeedKind.FAMILY, world.family)
    assert client.get(f"/kalender/ics/{token}/").status_code == 404
    assert client.get(f"/kalender/ics/{renewed}/").status_code == 200
    response = guardian.post("/kalender/abonnement/", {"family": world.family.pk, "action": "revoke"})
    assert response.status_code == 302
    assert client.get(f"/kalender/ics/{renewed}/").status_code == 404
    assert client.get("/kalender/ics/not-a-token/").status_code == 404
    assert CalendarFeed.objects.filter(revoked_at__isnull=True).count() == 0


def test_the_feed_page_shows_the_new_address_once(world, client_for):
    guardian = client_for(world.guardian_user)
    response = guardian.post(
        "/kalender/abonnement/", {"family": world.family.pk, "action": "issue"}, follow=True
    )
    url = response.context["new_url"]
    assert "/kalender/ics/" in url
    assert guardian.get("/kalender/abonnement/").context["new_url"] is None


def test_feed_stops_when_the_owner_loses_access(world, client):
    url = family_feed_url(world)
    guardian = world.family.guardians.get(user=world.guardian_user)
    guardian.parental_responsibility = "none"
    guardian.save()
    assert client.get(url).status_code == 404


def test_professional_feed_lists_their_appointments_across_families(world, client):
    mine = appointment(world, professional=world.provider.professional)
    other = appointment(world, start=dt.time(13))
    _feed, token = feeds.issue_feed(world.provider, FeedKind.PROFESSIONAL)
    _cal, found = events(client.get(f"/kalender/ics/{token}/"))
    assert set(found) == {mine.uid}
    assert other.uid not in found
    assert AccessLogEntry.objects.filter(user=world.provider, channel="ical").count() == 1
