"""The paths of the foundation in a real browser: login per role, the family's pages on a phone,
withdrawing consent, switching language; axe-core finds no WCAG 2.1 A/AA violations."""

import pytest

from los.consent.models import ConsentStatus
from tests.factories import PASSWORD, make_tenant

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db):
    return make_tenant("Fjord", "9911", 0)


def test_guardian_pages_work_on_a_phone_and_pass_axe(world, page_for, live_server):
    page = page_for(world.guardian_user, PASSWORD, width=360, height=740)
    assert page.url.endswith(f"/familie/{world.family.pk}/")
    assert page.locator("html").get_attribute("lang") == "nb"
    assert page.get_by_role("heading", name=world.family.name).is_visible()
    # Nothing wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("link", name="Se hele loggen").click()
    assert page.get_by_role("heading", name="Hvem har sett opplysningene våre").is_visible()
    assert axe_violations(page) == []


def test_guardian_withdraws_consent_with_the_keyboard_and_the_provider_loses_access(
    world, page_for, live_server
):
    provider = page_for(world.provider, PASSWORD)
    provider.goto(f"{live_server.url}/familier/{world.family.pk}/")
    assert provider.get_by_role("heading", name=world.family.name).is_visible()

    page = page_for(world.guardian_user, PASSWORD, width=360, height=740)
    page.get_by_role("link", name="Trekk tilbake").first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_label("Vil du si hvorfor? (valgfritt)").fill("Vi vil snakke med tjenestene først")
    page.get_by_role("button", name="Trekk tilbake samtykket").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("status").filter(has_text="trukket tilbake").is_visible()
    world.consent.refresh_from_db()
    assert world.consent.status == ConsentStatus.WITHDRAWN

    response = provider.goto(f"{live_server.url}/familier/{world.family.pk}/")
    assert response.status == 404


@pytest.mark.parametrize("who", ["caseworker", "coordinator", "provider", "leader"])
def test_staff_start_pages_pass_axe(world, page_for, who):
    page = page_for(getattr(world, who), PASSWORD)
    assert page.locator("main h1").count() == 1
    assert axe_violations(page) == []


def test_staff_family_page_and_login_page_pass_axe(world, page_for, browser, live_server):
    page = page_for(world.caseworker, PASSWORD)
    with page.expect_navigation():
        page.get_by_role("link", name=world.family.name).click()
    assert page.get_by_role("heading", name="Samtykker").is_visible()
    assert axe_violations(page) == []
    context = browser.new_context()
    login = context.new_page()
    login.goto(live_server.url + "/logg-inn/")
    assert axe_violations(login) == []
    context.close()


def test_language_switch_to_english(world, page_for):
    page = page_for(world.guardian_user, PASSWORD, width=360, height=740)
    page.get_by_role("button", name="Meny").click()
    page.locator("summary", has_text="Språk").click()
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
