"""The coordinator calls a meeting and writes minutes with an action item; the guardian reads the minutes
and who does what on a phone. axe-core finds no WCAG 2.1 A/AA violations on the way."""

import pytest

from los.team.models import ActionItem, Meeting
from tests.factories import PASSWORD, make_tenant

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db):
    return make_tenant("Fjord", "9911", 0)


def test_coordinator_calls_a_meeting_writes_minutes_and_the_guardian_sees_who_does_what(
    world, page_for, live_server
):
    page = page_for(world.coordinator, PASSWORD)
    page.goto(f"{live_server.url}/familier/{world.family.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Ansvarsgruppe, møter og oppgaver").click()
    assert page.get_by_role("heading", name="Samarbeid og oppfølging").is_visible()
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("link", name="Kall inn til møte").click()
    assert axe_violations(page) == []
    page.get_by_label("Sted").fill("Rådhuset, møterom 2")
    page.get_by_label("Saksliste").fill("1. Skolestart\n2. Avlastning")
    with page.expect_navigation():
        page.get_by_role("button", name="Send innkalling").click()
    meeting = Meeting.objects.get(family=world.family)
    assert page.get_by_text("Det blir tolk på polsk.").is_visible()  # Ola needs an interpreter
    assert axe_violations(page) == []

    with page.expect_navigation():
        page.get_by_role("link", name="Skriv referat").click()
    assert axe_violations(page) == []
    page.get_by_label("Barnets mening").fill("Emma gleder seg til skolen.")
    page.get_by_label("Beslutninger").fill("Vi søker om avlastning.")
    row = page.get_by_role("group", name="Oppgave 1")
    row.get_by_label("Hva skal gjøres").fill("Lage treningsprogram for hjemmet")
    row.get_by_label("Hvem").select_option(label=world.provider.display_name)
    row.get_by_label("Innen").fill("2031-05-02")
    with page.expect_navigation():
        page.get_by_role("button", name="Lagre referatet").click()
    assert page.get_by_role("heading", name="Referat").is_visible()
    assert ActionItem.objects.filter(meeting=meeting, title="Lage treningsprogram for hjemmet").exists()

    family = page_for(world.guardian_user, PASSWORD, width=360, height=740)
    with family.expect_navigation():
        family.get_by_role("link", name="Se hvem som gjør hva, møter og referater").click()
    assert family.get_by_role("heading", name="Hvem gjør hva").is_visible()
    assert family.get_by_role("link", name="Lage treningsprogram for hjemmet").first.is_visible()
    assert family.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(family) == []
    with family.expect_navigation():
        family.get_by_role("link", name="Ansvarsgruppemøte").or_(
            family.get_by_role("link", name="Møte i ansvarsgruppen")
        ).first.click()
    assert family.get_by_text("Emma gleder seg til skolen.").is_visible()
    assert family.get_by_text("Lage treningsprogram for hjemmet").is_visible()
    assert family.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(family) == []
