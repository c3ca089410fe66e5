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
    # Upheld complaints are in the demo's history (los.reports.demo); the open cases show the other two.
    assert {c.state for c in Complaint.objects.all()} == {"reconsidering", "forwarded", "upheld"}
    assert Application.objects.filter(status="decided").exists()

    # The demo's history adds three years of decided cases to the list of all: read every page of it.
    from los.casework.views.applications import PAGE_SIZE
    from los.core.models import User

    caseworker = login("saksbehandler")
    municipality = User.objects.get(username="saksbehandler").municipality
    pages = -(-Application.objects.filter(family__municipality=municipality).count() // PAGE_SIZE)
    worklist = "".join(
        caseworker.get(f"/saker/?vis=all&side={n}").content.decode() for n in range(1, pages + 1)
    )
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


def test_caseworker_completes_every_open_demo_application_to_an_appointed_coordinator():
    """The tester's dead end: every open demo application's family already has a coordinator. Each one
    goes from assessment to decision (with the letter previewed) to appointment, and ends "Oppnevnt"."""
    from los.casework.models import ApplicationStatus, EligibilityAssessment
    from los.coordinators.models import CoordinatorAssignment
    from los.core.models import User

    from .test_casework import confirm_all_post, decision_post, facts_post

    with override_settings(LOS_DEMO=True):
        seed(families=12, seed=7)
    caseworker = User.objects.get(username="saksbehandler")
    c = login("saksbehandler")
    open_ = Application.objects.filter(
        family__municipality=caseworker.municipality,
        status__in=[ApplicationStatus.RECEIVED, ApplicationStatus.ASSESSING],
    ).order_by("id")
    assert open_.count() >= 3
    with_coordinator = 0
    for application in open_:
        url = f"/saker/{application.pk}/"
        assert c.post(f"{url}vurdering/", facts_post()).status_code == 302
        assessment = EligibilityAssessment.objects.filter(application=application).first()
        assert c.post(f"{url}vurdering/vilkar/", confirm_all_post(assessment)).status_code == 302
        post = decision_post(contact_person=caseworker.pk)
        preview = c.post(f"{url}vedtak/", {**post, "action": "preview"})
        assert preview.status_code == 200 and "så snart koordinatoren er oppnevnt" in preview.content.decode()
        response = c.post(f"{url}vedtak/", {**post, "action": "decide"})
        assert response.status_code == 302, response.content.decode()[:3000]
        assert "Venter på oppnevning" in c.get(url).content.decode()

        current = CoordinatorAssignment.objects.filter(
            family=application.family, ends_on__isnull=True
        ).first()
        page = c.get(f"{url}oppnevn/").content.decode()
        if current is not None:
            with_coordinator += 1
            assert "Behold" in page
            response = c.post(f"{url}oppnevn/", {"path": "keep", "kind": "child_coordinator"})
        else:
            response = c.post(
                f"{url}oppnevn/",
                {
                    "path": "appoint",
                    "coordinator": User.objects.filter(
                        role="coordinator", municipality=caseworker.municipality
                    )
                    .first()
                    .pk,
                    "kind": "child_coordinator",
                    "need_level": 2,
                    "starts_on": _today(),
                },
            )
        assert response.status_code == 302, response.content.decode()[:3000]
        page = c.get(url).content.decode()
        assert "Venter på oppnevning" not in page and "Oppnevnt" in page, application
        assert (
            CoordinatorAssignment.objects.filter(application=application, ends_on__isnull=True).count() == 1
        )
    assert with_coordinator  # the path that used to dead-end was walked


def _today():
    from los.core import dates

    return dates.today().isoformat()
