"""The demo shows every state of a case to the demo users."""

import re

import pytest
from django.test import Client, override_settings

from los.casework.models import Application, Complaint
from los.people.demo import seed

pytestmark = pytest.mark.django_db


def login(username):
    client = Client()
    assert client.post("/logg-inn/", {"username": username, "password": "demo"}).status_code == 302
    return client


def test_demo_covers_every_state_for_the_demo_users():
    with override_settings(LOS_DEMO=True):
        seed(families=12, seed=7)
    assert {c.state for c in Complaint.objects.all()} == {"reconsidering", "forwarded"}
    assert Application.objects.filter(status="decided").exists()

    worklist = login("saksbehandler").get("/saker/").content.decode()
    for text in [
        "Ny",
        "Foreløpig svar mangler",
        "Foreløpig svar sendt",
        "Innvilget",
        "Avslått",
        "Klage til ny vurdering",
        "Klage sendt til Statsforvalteren",
        "Familier som ønsker ny koordinator",
    ]:
        assert text in worklist, text

    guardian = login("forelder")
    page = guardian.get("/familie/", follow=True).content.decode()
    assert "Kari Koordinator" in page
    steps = guardian.get(re.search(r'href="(/familie/soknad/\d+/)"', page).group(1)).content.decode()
    assert "Les vedtaksbrevet (PDF)" in steps
    letter = guardian.get(re.search(r'href="(/familie/vedtak/\d+/brev\.pdf)"', steps).group(1))
    assert letter.status_code == 200 and bytes(letter.content).startswith(b"%PDF")

    for username in ("saksbehandler", "koordinator"):
        assert "Overganger å planlegge" in login(username).get("/").content.decode(), username
