"""In a real browser: a relay log is handed over and later turned into a plan, and the guardian sees the
plan on a phone. axe-core finds no WCAG 2.1 A/AA violations on the pages on the way."""

import datetime
import re

import pytest
from django.utils import timezone

from los.team.models import RelayLog
from tests.factories import PASSWORD, make_tenant
from tests.plans.helpers import consent_to_plan

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db):
    return make_tenant("Fjord", "9911", 0)


def test_relay_log_is_handed_over_and_later_turned_into_a_plan(world, page_for, live_server):
    family = world.family
    # The physiotherapist opens a relay log and becomes the relay holder.
    holder = page_for(world.provider, PASSWORD)
    holder.goto(f"{live_server.url}/familier/{family.pk}/")
    with holder.expect_navigation():
        holder.get_by_role("link", name="Stafettlogg", exact=True).click()
    with holder.expect_navigation():
        holder.get_by_role("link", name="Ny stafettlogg").click()
    holder.get_by_label("Hva er bekymringen?").fill("Emma er mye borte fra skolen.")
    holder.get_by_label("Nivå").select_option("2")
    holder.get_by_label("Fysioterapi (Fjordvik kommune)").check()
    with holder.expect_navigation():
        holder.get_by_role("button", name="Opprett stafettlogg").click()
    assert holder.get_by_role("status").filter(has_text="Du er stafettholder").is_visible()
    with holder.expect_navigation():
        holder.get_by_role("link", name="Nytt mål").click()
    holder.get_by_label("Målet med barnets og familiens egne ord").fill("Jeg vil være på skolen hele dagen")
    with holder.expect_navigation():
        holder.get_by_role("button", name="Lagre").click()
    with holder.expect_navigation():
        holder.get_by_role("link", name="Gi stafetten videre").click()
    holder.get_by_label("Ny stafettholder").select_option(label="Fjordkoordinator (koordinator)")
    with holder.expect_navigation():
        holder.get_by_role("button", name="Tilby stafetten").click()
    assert holder.get_by_role("heading", name="Stafetten er tilbudt Fjordkoordinator").is_visible()
    assert axe_violations(holder) == []
    log = RelayLog.objects.get()
    assert log.holder == world.provider  # waits for acceptance

    # The coordinator accepts the baton from the family page.
    coordinator = page_for(world.coordinator, PASSWORD)
    coordinator.goto(f"{live_server.url}/familier/{family.pk}/")
    assert axe_violations(coordinator) == []
    with coordinator.expect_navigation():
        coordinator.get_by_role("link", name="Se stafettloggen og svar").click()
    with coordinator.expect_navigation():
        coordinator.get_by_role("button", name="Godta stafetten").click()
    log.refresh_from_db()
    assert log.holder == world.coordinator

    # Later the family consents to a plan, and the coordinator carries the log into it.
    consent_to_plan(world)
    with coordinator.expect_navigation():
        coordinator.get_by_role("link", name="Viderefør i individuell plan").click()
    assert axe_violations(coordinator) == []
    today = timezone.localdate()
    coordinator.get_by_label("Planen gjelder fra").fill(today.isoformat())
    coordinator.get_by_label("Første revisjon av planen").fill(
        (today + datetime.timedelta(days=180)).isoformat()
    )
    with coordinator.expect_navigation():
        coordinator.get_by_role("button", name="Avslutt loggen og viderefør i planen").click()
    assert coordinator.get_by_role("heading", name=re.compile(r"^Individuell plan for ")).is_visible()
    assert coordinator.get_by_text("«Jeg vil være på skolen hele dagen»").is_visible()
    assert axe_violations(coordinator) == []
    log.refresh_from_db()
    assert not log.is_open and log.carried_into is not None

    # The guardian sees the plan on a phone.
    guardian = page_for(world.guardian_user, PASSWORD, width=360, height=740)
    with guardian.expect_navigation():
        guardian.get_by_role("link", name="Den individuelle planen").click()
    assert guardian.get_by_role("heading", name="Den individuelle planen", level=1).is_visible()
    assert guardian.get_by_text("«Jeg vil være på skolen hele dagen»").is_visible()
    assert guardian.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(guardian) == []
