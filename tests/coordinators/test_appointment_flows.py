"""The caseworker completes the appointment in the pages, also when the family already has a coordinator
(the demo situation that used to dead-end: every choice was refused with "Familien har allerede ..."):
keep the coordinator for the decision (changing the kind when the decision gives the other right), appoint
someone else with a reason, or replace / change the kind from the family's coordinator section."""

import datetime

import pytest

from los.casework.letters import decision_letter_html
from los.casework.services import decisions
from los.coordinators.models import CoordinatorAssignment, CoordinatorProfile
from los.core import dates
from los.core.models import Role
from tests.casework.helpers import apply_for, assess_and_confirm
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_coordinator(tenant):
    user = make_user("Reservekoordinator", Role.COORDINATOR, tenant.municipality, last_name="Andersen")
    CoordinatorProfile.objects.create(user=user, coordination_share=50, languages="pl,nb")
    return user


def granted(tenant, family):
    application = apply_for(tenant, family=family)
    assess_and_confirm(application, tenant.caseworker)
    decision = decisions.decide(
        application,
        tenant.caseworker,
        outcomes={"child_coordinator": ("granted", "", "")},
        valid_from=dates.today(),
        facts="F.",
        family_views="V.",
        weighing="W.",
        contact_person=tenant.caseworker,
    )
    return application, decision


def make_family_coordinator_a_koordinator_from_before(tenant):
    """As in the demo: the family has had a koordinator for a while, and now applies for a child
    coordinator."""
    CoordinatorAssignment.objects.filter(family=tenant.family).update(
        kind="coordinator", starts_on=dates.today() - datetime.timedelta(days=200)
    )


def test_family_with_a_koordinator_keeps_them_as_barnekoordinator_and_the_case_is_done(tenant, client_for):
    make_family_coordinator_a_koordinator_from_before(tenant)
    application, decision = granted(tenant, tenant.family)
    c = client_for(tenant.caseworker)
    name = tenant.coordinator.get_full_name()

    # Before: the case waits for the appointment; the letter names nobody.
    assert "Venter på oppnevning" in c.get(f"/saker/{application.pk}/").content.decode()
    letter = decision_letter_html(decision, list(decision.rights.all()))
    assert name not in letter.split("Hvem som blir koordinator")[1].split("Hva vi bygger på")[0]
    assert "så snart koordinatoren er oppnevnt" in letter

    page = c.get(f"/saker/{application.pk}/oppnevn/").content.decode()
    assert f"Behold {name} for dette vedtaket" in page and "Eller: oppnevn en annen koordinator" in page
    response = c.post(
        f"/saker/{application.pk}/oppnevn/",
        {"path": "keep", "kind": "child_coordinator", "starts_on": dates.today().isoformat()},
    )
    assert response.status_code == 302, response.content.decode()[:3000]

    # After: one open assignment, a barnekoordinator for this case; the koordinator row is kept, ended.
    old, new = CoordinatorAssignment.objects.filter(family=tenant.family).order_by("id")
    assert (old.kind, old.ends_on is not None, bool(old.end_reason)) == ("coordinator", True, True)
    assert (new.coordinator, new.kind, new.application, new.ends_on) == (
        tenant.coordinator,
        "child_coordinator",
        application,
        None,
    )
    page = c.get(f"/saker/{application.pk}/").content.decode()
    assert "Venter på oppnevning" not in page and "Oppnevnt" in page
    assert "Venter på oppnevning" not in c.get("/saker/").content.decode()
    # The letter, made again, now names the coordinator appointed for this case, with the date.
    letter = decision_letter_html(decision, list(decision.rights.all()))
    assert (
        f"{name} er oppnevnt som barnekoordinator for familien fra {dates.long_date(dates.today())}" in letter
    )


def test_same_kind_is_linked_to_the_case_without_a_new_assignment(tenant, client_for):
    application, _decision = granted(tenant, tenant.family)  # the family has a child coordinator already
    c = client_for(tenant.caseworker)
    response = c.post(f"/saker/{application.pk}/oppnevn/", {"path": "keep", "kind": "child_coordinator"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assignment = CoordinatorAssignment.objects.get(family=tenant.family)
    assert assignment.application == application and assignment.ends_on is None
    assert "Oppnevnt" in c.get(f"/saker/{application.pk}/").content.decode()


def test_appoint_someone_else_needs_a_reason_and_keeps_the_old_assignment(
    tenant, client_for, second_coordinator
):
    application, _decision = granted(tenant, tenant.family)
    c = client_for(tenant.caseworker)
    post = {
        "path": "replace",
        "coordinator": second_coordinator.pk,
        "kind": "child_coordinator",
        "need_level": 2,
        "starts_on": dates.today().isoformat(),
    }
    response = c.post(f"/saker/{application.pk}/oppnevn/", post)
    assert response.status_code == 422 and "Skriv hvorfor koordinatoren byttes." in response.content.decode()
    response = c.post(f"/saker/{application.pk}/oppnevn/", {**post, "reason": "Familien trenger polsk."})
    assert response.status_code == 302, response.content.decode()[:3000]
    old = CoordinatorAssignment.objects.get(family=tenant.family, coordinator=tenant.coordinator)
    assert old.ends_on is not None and old.end_reason == "Familien trenger polsk."
    new = CoordinatorAssignment.objects.get(family=tenant.family, ends_on__isnull=True)
    assert new.coordinator == second_coordinator and new.application == application
    assert "Venter på oppnevning" not in c.get(f"/saker/{application.pk}/").content.decode()


def test_an_appointment_without_a_choice_on_a_family_with_a_coordinator_answers_with_the_way_on(
    tenant, client_for, second_coordinator
):
    application, _decision = granted(tenant, tenant.family)
    response = client_for(tenant.caseworker).post(
        f"/saker/{application.pk}/oppnevn/",
        {
            "coordinator": second_coordinator.pk,
            "kind": "child_coordinator",
            "need_level": 2,
            "starts_on": dates.today().isoformat(),
        },
    )
    assert response.status_code == 422
    assert "Behold" in response.content.decode()  # the keep choice is on the page, not a dead end


def test_caseworker_changes_the_kind_from_the_family_page(tenant, client_for):
    c = client_for(tenant.caseworker)
    page = c.get(f"/familier/{tenant.family.pk}/").content.decode()
    assert "Koordinator fra kommunen" in page and "Endre til koordinator" in page
    url = f"/saker/familie/{tenant.family.pk}/koordinator/type/"
    assert c.get(url).status_code == 200
    post = {"kind": "coordinator", "starts_on": dates.today().isoformat(), "reason": ""}
    assert c.post(url, post).status_code == 422
    assert CoordinatorAssignment.objects.filter(family=tenant.family).count() == 1
    response = c.post(url, {**post, "reason": "Barnet har fylt 18 år."})
    assert response.status_code == 302
    old, new = CoordinatorAssignment.objects.filter(family=tenant.family).order_by("id")
    assert (old.kind, old.end_reason) == ("child_coordinator", "Barnet har fylt 18 år.")
    assert (new.kind, new.coordinator, new.ends_on) == ("coordinator", tenant.coordinator, None)
    page = c.get(f"/familier/{tenant.family.pk}/").content.decode()
    assert "Tidligere oppnevninger" in page and "Barnet har fylt 18 år." in page


def test_caseworker_replaces_the_coordinator_from_the_family_page(tenant, client_for, second_coordinator):
    c = client_for(tenant.caseworker)
    url = f"/saker/familie/{tenant.family.pk}/koordinator/bytt/"
    page = c.get(url).content.decode()
    assert "Bytt koordinator" in page and "norsk bokmål" in page
    table = page[page.index("Forslag, best først") :]
    assert tenant.coordinator.first_name not in table[: table.index("</table>")]
    response = c.post(
        url,
        {
            "path": "replace",
            "coordinator": second_coordinator.pk,
            "kind": "child_coordinator",
            "need_level": 2,
            "starts_on": dates.today().isoformat(),
            "reason": "Koordinatoren har sluttet.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    current = CoordinatorAssignment.objects.get(family=tenant.family, ends_on__isnull=True)
    assert current.coordinator == second_coordinator
    assert (
        CoordinatorAssignment.objects.get(coordinator=tenant.coordinator).end_reason
        == "Koordinatoren har sluttet."
    )
    # A family without a coordinator is sent back with the reason, not a broken page.
    response = c.get(f"/saker/familie/{tenant.other_family.pk}/koordinator/bytt/")
    assert response.status_code == 302


def test_coordinator_languages_are_names_in_bokmal(tenant, client_for, second_coordinator):
    page = client_for(tenant.caseworker).get("/saker/koordinatorer/").content.decode()
    assert "polsk, norsk bokmål" in page and "pl, nb" not in page
