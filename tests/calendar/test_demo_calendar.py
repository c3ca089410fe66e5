"""From the demo: the coordinator bundles the family's next twelve weeks and sends the requests, the
physiotherapist confirms, and the guardian's .ics feed shows the confirmed appointments."""

import datetime as dt

import icalendar
import pytest
from django.test import Client, override_settings

from los.calendar.models import BookingRequest, BundlingProposal, RequestState
from los.people.demo import seed
from los.people.models import Family

pytestmark = pytest.mark.django_db


def login(username):
    c = Client()
    assert c.post("/logg-inn/", {"username": username, "password": "demo"}).status_code == 302
    return c


@override_settings(LOS_DEMO=True, LOS_BUNDLING_TIME_LIMIT=3.0)
def test_demo_family_is_bundled_confirmed_and_in_the_guardians_feed():
    seed(families=6, seed=7)
    family = Family.objects.get(guardians__user__username="forelder")
    coordinator = login("koordinator")
    start = dt.date.today() + dt.timedelta(days=1)
    response = coordinator.post(f"/kalender/familie/{family.pk}/forslag/ny/", {"start": start, "weeks": 12})
    assert response.status_code == 302
    proposal = BundlingProposal.objects.get(family=family)  # the demo's history has proposals sent before
    assert proposal.status in {"optimal", "feasible"}
    assert proposal.days_saved > 0
    coordinator.post(f"/kalender/familie/{family.pk}/forslag/{proposal.pk}/send/")

    physio = login("tjenesteyter")
    mine = BookingRequest.objects.filter(
        state=RequestState.PENDING, service__professionals__user__username="tjenesteyter"
    )
    assert mine.count() == 8
    for r in mine:
        assert physio.post(f"/kalender/foresporsler/{r.pk}/bekreft/").status_code == 302

    guardian = login("forelder")
    guardian.post("/kalender/abonnement/", {"family": family.pk, "action": "issue"})
    url = guardian.get("/kalender/abonnement/").context["new_url"]
    feed = Client().get(url.removeprefix("http://testserver"))
    events = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    physio = "Fysioterapi for barn"  # and, in the family's feed, the child's first name
    confirmed = [e for e in events if e["STATUS"] == "CONFIRMED" and str(e["SUMMARY"]).startswith(physio)]
    assert len(confirmed) == 9  # the eight bundled ones and the one booked before
