"""The look of a Norwegian public service, measured in Chromium: Inter is the font actually drawn, the
header of a phone is at most 80 px, no family page scrolls sideways at 360 px (tables become lists), the
menus work from the keyboard, and axe-core finds no WCAG 2.1 A/AA violations."""

import pytest
from django.test import Client

from tests.factories import PASSWORD, make_tenant
from tests.plans.helpers import make_plan

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHIELD = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 48">'
    '<path d="M0 0h40v28c0 10-10 16-20 20C10 44 0 38 0 28z" fill="#0062ba"/></svg>'
)


@pytest.fixture
def world(transactional_db):
    world = make_tenant("Fjord", "9911", 0)
    world.municipality.coat_of_arms_svg = SHIELD
    world.municipality.save()
    make_plan(world)
    # Someone else has read the family's data, so the access log has rows (a table) to show.
    provider = Client()
    provider.force_login(world.provider)
    provider.get(f"/familier/{world.family.pk}/")
    return world


def family_pages(world):
    family = world.family.pk
    return {
        "start": f"/familie/{family}/",
        "plan": f"/plan/{family}/familie/",
        "month": f"/kalender/familie/{family}/maned/",
        "week": f"/kalender/familie/{family}/uke/",
        "agenda": f"/kalender/familie/{family}/liste/",
        "access log": f"/familie/{family}/tilgangslogg/",
        "consent": f"/familie/{family}/samtykke/nytt/",
    }


def header_height(page):
    return page.evaluate("document.querySelector('header.los-header').getBoundingClientRect().height")


def test_inter_is_the_font_drawn_not_a_fallback(world, page_for):
    page = page_for(world.coordinator, PASSWORD, width=1280)
    page.evaluate("document.fonts.ready")
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"Inter Variable"')
    loaded = page.evaluate(
        "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family.replace(/\"/g, ''))"
    )
    assert "Inter Variable" in loaded, "Inter is loaded from Los' own static files"
    assert page.evaluate("document.fonts.check('16px \"Inter Variable\"')")


def test_the_phone_header_is_one_compact_row_with_the_municipality(world, page_for):
    page = page_for(world.guardian_user, PASSWORD, width=360, height=740)
    assert header_height(page) <= 80
    brand = page.locator(".los-brand")
    assert "Fjordvik kommune" in brand.inner_text()
    assert page.locator(".los-brand__arms").evaluate("img => img.complete && img.naturalWidth > 0")
    # The menu is folded behind one button; opened, it shows the menu, the user and logout.
    menu = page.get_by_role("button", name="Meny")
    assert menu.get_attribute("aria-expanded") == "false"
    assert not page.get_by_role("button", name="Logg ut").is_visible()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("button", name="Logg ut").is_visible()
    assert page.get_by_role("navigation", name="Hovedmeny").is_visible()
    assert axe_violations(page) == []
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"


def test_the_wide_header_is_compact_and_the_login_page_too(world, page_for, browser, live_server):
    # The coordinator has the longest menu (five items): it still fits on one row at 1280 px.
    assert header_height(page_for(world.coordinator, PASSWORD, width=1280)) <= 80
    page = page_for(world.caseworker, PASSWORD, width=1280)
    assert header_height(page) <= 80
    # A tablet has two rows (name and tools, then the menu), still without a menu button.
    page.set_viewport_size({"width": 800, "height": 740})
    assert header_height(page) <= 110
    assert page.evaluate("document.documentElement.scrollWidth") <= 800
    assert not page.get_by_role("button", name="Meny").is_visible()
    context = browser.new_context(viewport={"width": 360, "height": 740})
    login = context.new_page()
    login.goto(live_server.url + "/logg-inn/")
    assert header_height(login) <= 80
    assert login.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_the_language_menu_works_from_the_keyboard_on_a_phone(world, page_for):
    page = page_for(world.guardian_user, PASSWORD, width=360, height=740)
    page.get_by_role("button", name="Meny").focus()
    page.keyboard.press("Enter")
    page.locator("summary", has_text="Språk").focus()
    page.keyboard.press("Enter")
    english = page.get_by_role("button", name="English")
    assert english.is_visible()
    english.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("html").get_attribute("lang") == "en"


def test_no_family_page_scrolls_sideways_on_a_phone_and_all_pass_axe(world, page_for, live_server):
    page = page_for(world.guardian_user, PASSWORD, width=360, height=740)
    for name, path in family_pages(world).items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, name
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, f"{name} scrolls sideways"
        assert header_height(page) <= 80, name
        # Nothing is cut off inside the page either.
        assert (
            page.evaluate(
                "[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > 361"
                " && !e.closest('thead')).length"
            )
            == 0
        ), f"{name} has content wider than the phone"
        assert axe_violations(page) == [], name


def test_tables_become_labelled_lists_on_a_phone(world, page_for, live_server):
    page = page_for(world.guardian_user, PASSWORD, width=360, height=740)
    page.goto(f"{live_server.url}/familie/{world.family.pk}/tilgangslogg/")
    table = page.locator("table.ds-table").first
    assert table.count() == 1
    assert table.evaluate("t => getComputedStyle(t).display") == "block"
    cell = page.locator("table.ds-table tbody tr td").first
    label = cell.get_attribute("data-label")
    assert label, "each cell carries its column heading"
    before = cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert label in before


def test_a_missing_page_is_los_own_404_in_bokmal(world, page_for, live_server):
    page = page_for(world.guardian_user, PASSWORD, width=360, height=740)
    response = page.goto(live_server.url + "/finnes-ikke/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Fant ikke siden").is_visible()
    assert page.locator("html").get_attribute("lang") == "nb"
    assert header_height(page) <= 80
    assert axe_violations(page) == []
