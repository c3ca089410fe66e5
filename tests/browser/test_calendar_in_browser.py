# ruff: noqa: E501  (scenario lines read best whole)
"""The child's calendar in a real browser: the coordinator bundles the needs and sends the booking
requests with the keyboard; the family's week view works on a phone; axe-core finds no violations."""

import datetime as dt
import re

import pytest

from los.calendar.models import BookingRequest
from tests.calendar.world import MONDAY, add_calendar, appointment, need
from tests.factories import PASSWORD, make_tenant

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db, settings):
    settings.LOS_BUNDLING_TIME_LIMIT = 1.0
    tenant = add_calendar(make_tenant("Fjord", "9911", 0))
    need(tenant)
    need(tenant, title="Kontroll", count=1, min_days_between=0, max_days_between=None, duration_minutes=30)
    appointment(tenant, day=MONDAY + dt.timedelta(days=1))
    return tenant


def test_coordinator_bundles_and_sends_requests(world, page_for, live_server):
    page = page_for(world.coordinator, PASSWORD)
    page.goto(f"{live_server.url}/familier/{world.family.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Behov og samordning av timer").click()
    assert axe_violations(page) == []
    page.get_by_label("Fra dato").fill(MONDAY.isoformat())
    page.get_by_label("Antall uker").fill("2")
    page.get_by_role("button", name="Lag forslag").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", name="Forslag til datoer").is_visible()
    assert page.get_by_text("Dager familien må møte").is_visible()
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="Send bookingforespørsler").click()
    assert page.get_by_role("status").filter(has_text="bookingforespørsler er sendt").is_visible()
    assert BookingRequest.objects.count() == 3


@pytest.mark.parametrize("view", ["uke", "maned", "liste", "dagsark"])
def test_family_calendar_views_on_a_phone_pass_axe(world, page_for, live_server, view):
    page = page_for(world.guardian_user, PASSWORD, width=360, height=740)
    page.goto(
        f"{live_server.url}/kalender/familie/{world.family.pk}/{view}/?fra={MONDAY}&dato={MONDAY + dt.timedelta(days=1)}"
    )
    assert page.locator("main h1").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []


def test_coordinator_week_view_passes_axe(world, page_for, live_server):
    page = page_for(world.coordinator, PASSWORD)
    page.goto(f"{live_server.url}/kalender/familie/{world.family.pk}/uke/?fra={MONDAY}")
    assert page.get_by_role("heading", name=re.compile(r"^Tirsdag 5\. jan")).is_visible()
    assert axe_violations(page) == []
