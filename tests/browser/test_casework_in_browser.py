"""The coordinating unit's path in the browser: the worklist flags a late application, the caseworker
sends the interim reply (forvaltningsloven § 11 a), and every page on the way, the family's view of the
case and the anonymous self-check pass axe."""

import pytest

from los.casework.models import InterimReply
from tests.casework.helpers import apply_for, days_ago
from tests.factories import PASSWORD, make_tenant

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db):
    tenant = make_tenant("Fjord", "9911", 0)
    tenant.application = apply_for(tenant, received_on=days_ago(40))
    return tenant


def test_caseworker_sends_the_interim_reply_from_the_worklist(world, page_for, live_server):
    page = page_for(world.caseworker, PASSWORD)
    page.goto(f"{live_server.url}/saker/")
    assert page.get_by_text("Foreløpig svar mangler").first.is_visible()
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/saker/{world.application.pk}/")
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/saker/{world.application.pk}/forelopig-svar/")
    assert axe_violations(page) == []
    page.get_by_label("Hvorfor tar det tid?").fill("Vi venter på uttalelse fra sykehuset.")
    page.get_by_label("Når kan familien vente svar?").fill(days_ago(-21).isoformat())
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()
    assert InterimReply.objects.filter(application=world.application).exists()

    page.goto(f"{live_server.url}/saker/")
    assert page.get_by_text("Foreløpig svar sendt").first.is_visible()
    for path in ("vurdering/", "vedtak/"):
        page.goto(f"{live_server.url}/saker/{world.application.pk}/{path}")
        assert axe_violations(page) == [], path


def test_family_follows_the_case_on_a_phone_and_the_self_check_is_accessible(
    world, page_for, browser, live_server
):
    page = page_for(world.guardian_user, PASSWORD, width=360, height=740)
    page.goto(f"{live_server.url}/familie/soknad/{world.application.pk}/")
    assert page.locator("main h1").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []

    context = browser.new_context(viewport={"width": 360, "height": 740})
    anonymous = context.new_page()
    anonymous.goto(f"{live_server.url}/har-vi-rett/")
    assert "barnekoordinator" in anonymous.locator("main h1").inner_text().lower()
    assert axe_violations(anonymous) == []
    context.close()


def test_caseworker_filters_the_worklist_and_pages_through_all_transitions(world, page_for, live_server):
    """The worklist opens on the applications that wait for a decision; «Alle» shows the rest. Twelve
    children turn 18 within six months (pbrl § 2-5 c): the worklist names ten and links to all of them,
    a page at a time, with the keyboard."""
    from los.casework.models import ApplicationStatus
    from los.casework.selectors import PANEL_TRANSITIONS
    from los.core import dates
    from los.people.models import Child

    decided = apply_for(world, received_on=days_ago(90))
    decided.status = ApplicationStatus.DECIDED
    decided.save(update_fields=["status"])
    turns_18_soon = dates.add_months(dates.today(), -12 * 18 + 2)
    for i in range(PANEL_TRANSITIONS + 2):
        Child.objects.create(
            family=world.family, first_name=f"Ungdom{i}", last_name="Sen", birth_date=turns_18_soon
        )

    page = page_for(world.caseworker, PASSWORD)
    page.goto(f"{live_server.url}/saker/")
    rows = page.locator("main table").filter(has_text="Søkt om").locator("tbody tr")
    assert rows.count() == 1  # the open application; the decided one is under «Avgjort» and «Alle»
    page.get_by_role("link", name="Alle", exact=True).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "vis=all" in page.url
    assert rows.count() == 2
    assert axe_violations(page) == []

    link = page.get_by_role("link", name=f"Se alle {PANEL_TRANSITIONS + 2} overganger")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/saker/overganger/")
    assert page.get_by_text("Ungdom0").first.is_visible()
    assert page.get_by_text(f"Ungdom{PANEL_TRANSITIONS + 1}").first.is_visible()
    assert axe_violations(page) == []
