"""The web defences in a real browser: Chromium enforces Los' Content-Security-Policy and blocks
nothing on the pages people use (no inline script, handler or style left behind); the print button
works without an inline handler; the lockout page is what a person sees after too many wrong passwords."""

import pytest

from los.core.models import Role
from tests.factories import PASSWORD, make_tenant, make_user

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db):
    tenant = make_tenant("Fjord", "9911", 0)
    tenant.admin = make_user("oppsett", Role.ADMIN, is_staff=True, is_superuser=True)
    return tenant


def blocked_by_csp(page):
    """Collect what the browser's CSP refuses on this page from now on."""
    blocked = []
    page.on(
        "console",
        lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return blocked


def visit(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    assert response.headers["cache-control"] == "no-store", url
    assert "default-src 'self'" in response.headers["content-security-policy"], url


def test_staff_and_family_pages_break_no_rule_of_the_csp(world, page_for, live_server):
    family = world.family.pk
    staff = page_for(world.coordinator, PASSWORD)
    blocked = blocked_by_csp(staff)
    for path in (
        "/",
        f"/familier/{family}/",
        f"/plan/{family}/",
        f"/oppfolging/familie/{family}/",
        f"/kalender/familie/{family}/uke/",
        f"/kalender/familie/{family}/dagsark/",
        "/varsler/",
        "/api/v1/docs",
    ):
        visit(staff, live_server.url + path)
        if not path.startswith("/api/"):
            assert staff.evaluate("typeof htmx") == "object", path  # served from Los' static files
    guardian = page_for(world.guardian_user, PASSWORD, width=360, height=740)
    blocked += blocked_by_csp(guardian)
    visit(guardian, f"{live_server.url}/familie/{family}/")
    admin = page_for(world.admin, PASSWORD)
    blocked += blocked_by_csp(admin)
    for path in ("/admin/", "/admin/core/user/", "/admin/axes/accessattempt/"):
        visit(admin, live_server.url + path)
    assert blocked == []


def test_the_day_sheets_print_button_prints_without_an_inline_handler(world, page_for, live_server):
    page = page_for(world.coordinator, PASSWORD)
    blocked = blocked_by_csp(page)
    page.goto(f"{live_server.url}/kalender/familie/{world.family.pk}/dagsark/")
    page.evaluate("() => { window.print = () => { window.losPrinted = true; }; }")
    page.get_by_role("button", name="Skriv ut").click()
    assert page.evaluate("window.losPrinted") is True
    assert blocked == []


def test_too_many_wrong_passwords_show_the_lockout_page(world, browser, live_server):
    context = browser.new_context(locale="nb-NO")
    page = context.new_page()
    blocked = blocked_by_csp(page)
    page.goto(live_server.url + "/logg-inn/")
    for attempt in range(10):
        page.get_by_label("Brukernavn").fill(world.caseworker.username)
        page.get_by_label("Passord").fill(f"feil-{attempt}")
        with page.expect_navigation():
            page.get_by_role("button", name="Logg inn").click()
        if attempt < 9:
            assert page.get_by_text("Etter 10 feil forsøk blir kontoen låst i 30 minutter.").is_visible()
    assert page.get_by_role("heading", name="Innloggingen er låst").is_visible()
    assert page.get_by_text("Kontakt den som administrerer Los i kommunen").is_visible()
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("link", name="Tilbake til innloggingen").click()
    page.get_by_label("Brukernavn").fill(world.caseworker.username)
    page.get_by_label("Passord").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Logg inn").click()
    assert page.get_by_role("heading", name="Innloggingen er låst").is_visible()  # refused until it ends
    assert blocked == []
    context.close()
