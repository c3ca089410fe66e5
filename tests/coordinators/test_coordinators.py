"""Appointing the coordinator: ranked suggestions, one municipal coordinator per family at a time, the
family's right to ask for a change, caseload against capacity, training."""

import datetime

import pytest

from los.casework.services import decisions
from los.coordinators import services as coordinator_services
from los.coordinators.models import (
    ChangeOfCoordinatorRequest,
    CoordinatorAssignment,
    CoordinatorProfile,
    TrainingCompletion,
    TrainingCourse,
)
from los.core import dates
from los.core.dates import add_months
from los.core.errors import DomainError
from tests.casework.helpers import apply_for, assess_and_confirm
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_coordinator(tenant):
    from los.core.models import Role

    user = make_user("Reservekoordinator", Role.COORDINATOR, tenant.municipality, last_name="Andersen")
    CoordinatorProfile.objects.create(user=user, coordination_share=50, languages="nb,pl")
    return user


def granted_application(tenant, family):
    application = apply_for(tenant, family=family)
    assess_and_confirm(application, tenant.caseworker)
    decisions.decide(
        application,
        tenant.caseworker,
        outcomes={"child_coordinator": ("granted", "", "")},
        valid_from=dates.today(),
        facts="F.",
        family_views="V.",
        weighing="W.",
        contact_person=tenant.caseworker,
    )
    return application


def test_only_one_municipal_coordinator_per_family(tenant, second_coordinator):
    application = granted_application(tenant, tenant.family)  # already has a child coordinator
    with pytest.raises(DomainError) as error:
        coordinator_services.appoint_coordinator(
            tenant.family,
            tenant.caseworker,
            coordinator=second_coordinator,
            kind="child_coordinator",
            starts_on=dates.today(),
            application=application,
        )
    assert "bare én koordinator" in error.value.message
    assert CoordinatorAssignment.objects.filter(family=tenant.family, ends_on__isnull=True).count() == 1


def test_appoint_form_refuses_bad_input(tenant, client_for, second_coordinator):
    application = granted_application(tenant, tenant.other_family)
    c = client_for(tenant.caseworker)
    base = {
        "coordinator": second_coordinator.pk,
        "kind": "child_coordinator",
        "need_level": 2,
        "starts_on": dates.today().isoformat(),
    }
    for bad in [
        {"coordinator": tenant.provider.pk},
        {"coordinator": "abc"},
        {"kind": "coordinator"},
        {"need_level": 9},
        {"starts_on": "2020-01-01"},
        {"starts_on": "ikke en dato"},
    ]:
        response = c.post(f"/saker/{application.pk}/oppnevn/", {**base, **bad})
        assert response.status_code == 422, bad
    assert not CoordinatorAssignment.objects.filter(family=tenant.other_family).exists()
    # A refused application has nothing to appoint.
    refused = apply_for(tenant, family=tenant.other_family, other_welfare_services=[])
    assert c.get(f"/saker/{refused.pk}/oppnevn/").status_code == 302


def test_suggestions_page_ranks_the_wished_coordinator_first(tenant, client_for, second_coordinator):
    application = apply_for(tenant, family=tenant.other_family, wished_coordinator=second_coordinator)
    assess_and_confirm(application, tenant.caseworker)
    decisions.decide(
        application,
        tenant.caseworker,
        outcomes={"child_coordinator": ("granted", "", "")},
        valid_from=dates.today(),
        facts="F.",
        family_views="V.",
        weighing="W.",
        contact_person=tenant.caseworker,
    )
    page = client_for(tenant.caseworker).get(f"/saker/{application.pk}/oppnevn/").content.decode()
    table = page[page.index("Forslag, best først") :]
    assert table.index(second_coordinator.first_name) < table.index(tenant.coordinator.first_name)
    assert "Familien har ønsket denne personen." in page and "Mangler opplæring" in page


def test_caseworker_grants_a_change_of_coordinator(tenant, client_for, second_coordinator):
    request_ = coordinator_services.request_change_of_coordinator(
        tenant.family, tenant.guardian_user, "Vi får ikke kontakt."
    )
    c = client_for(tenant.caseworker)
    page = c.get(f"/saker/bytte/{request_.pk}/").content.decode()
    assert "Vi får ikke kontakt." in page
    table = page[page.index("Forslag, best først") :]
    table = table[: table.index("</table>")]
    assert tenant.coordinator.first_name not in table  # the current coordinator is not suggested
    response = c.post(
        f"/saker/bytte/{request_.pk}/",
        {
            "coordinator": second_coordinator.pk,
            "kind": "child_coordinator",
            "need_level": 2,
            "starts_on": dates.today().isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    request_.refresh_from_db()
    assert request_.state == "granted"
    current = CoordinatorAssignment.objects.get(family=tenant.family, ends_on__isnull=True)
    assert current.coordinator == second_coordinator and request_.new_assignment == current
    old = CoordinatorAssignment.objects.get(family=tenant.family, coordinator=tenant.coordinator)
    assert old.ends_on is not None and old.end_reason
    page = client_for(tenant.guardian_user).get(f"/familie/{tenant.family.pk}/").content.decode()
    assert second_coordinator.first_name in page and "Ny koordinator er oppnevnt" in page


def test_caseworker_declines_a_change_with_an_answer_the_family_sees(tenant, client_for):
    request_ = coordinator_services.request_change_of_coordinator(
        tenant.family, tenant.guardian_user, "Vil bytte."
    )
    c = client_for(tenant.caseworker)
    c.post(f"/saker/bytte/{request_.pk}/avslag/", {"answer": ""})
    request_.refresh_from_db()
    assert request_.state == "open"
    assert (
        c.post(
            f"/saker/bytte/{request_.pk}/avslag/", {"answer": "Ingen ledig nå; vi ser på det i mars."}
        ).status_code
        == 302
    )
    request_.refresh_from_db()
    assert request_.state == "declined"
    page = client_for(tenant.guardian_user).get(f"/familie/{tenant.family.pk}/").content.decode()
    assert "Ingen ledig nå; vi ser på det i mars." in page
    assert ChangeOfCoordinatorRequest.objects.count() == 1


def test_caseload_against_capacity_and_training(tenant, client_for, second_coordinator):
    c = client_for(tenant.caseworker)
    CoordinatorProfile.objects.create(
        user=tenant.coordinator, coordination_share=10
    )  # 2 points, 1 family of 2
    CoordinatorAssignment.objects.filter(family=tenant.family).update(need_level=3)
    page = c.get("/saker/koordinatorer/").content.decode()
    assert "3 / 2" in page and "Over kapasitet" in page and "Koordinatorer uten opplæring" in page

    # Record a course and a completion; the coordinator is no longer marked untrained.
    response = c.post(
        "/saker/opplaering/",
        {"name": "Koordinatoropplæring, KS", "provider": "KS", "counts_as_coordinator_training": "on"},
    )
    course = TrainingCourse.objects.get()
    assert response.status_code == 302 and course.municipality == tenant.municipality
    assert (
        c.post(
            f"/saker/opplaering/{course.pk}/",
            {"coordinator": tenant.coordinator.pk, "completed_on": "2099-01-01"},
        ).status_code
        == 422
    )
    assert (
        c.post(
            f"/saker/opplaering/{course.pk}/",
            {"coordinator": tenant.provider.pk, "completed_on": dates.today().isoformat()},
        ).status_code
        == 422
    )
    assert (
        c.post(
            f"/saker/opplaering/{course.pk}/",
            {"coordinator": tenant.coordinator.pk, "completed_on": dates.today().isoformat()},
        ).status_code
        == 302
    )
    assert TrainingCompletion.objects.count() == 1
    page = c.get("/saker/opplaering/").content.decode()
    untrained = page[page.index("Koordinatorer uten opplæring") :]
    assert second_coordinator.first_name in untrained and tenant.coordinator.first_name + " " not in untrained

    # Profile edits are validated.
    assert (
        c.post(
            f"/saker/koordinatorer/{tenant.coordinator.pk}/",
            {"coordination_share": 150, "languages": "nb", "service_background": "both"},
        ).status_code
        == 422
    )
    assert (
        c.post(
            f"/saker/koordinatorer/{tenant.coordinator.pk}/",
            {"coordination_share": 40, "languages": "nb,klingon", "service_background": "both"},
        ).status_code
        == 422
    )
    assert (
        c.post(
            f"/saker/koordinatorer/{tenant.coordinator.pk}/",
            {
                "coordination_share": 40,
                "languages": "nb, EN",
                "service_background": "both",
                "accepts_new_families": "on",
            },
        ).status_code
        == 302
    )
    assert CoordinatorProfile.objects.get(user=tenant.coordinator).languages == "nb,en"
    assert c.get(f"/saker/koordinatorer/{tenant.provider.pk}/").status_code == 404


def test_transitions_show_children_turning_18_and_unborn_children_past_their_due_date(tenant, client_for):
    from los.people.models import Child

    today = dates.today()
    turning = Child.objects.create(
        family=tenant.family,
        first_name="Ola",
        last_name="Nær18",
        birth_date=add_months(today, -216) + datetime.timedelta(days=60),
    )
    Child.objects.create(
        family=tenant.family,
        first_name="Ikke",
        last_name="Ennå",
        birth_date=add_months(today, -216) + datetime.timedelta(days=250),
    )
    Child.objects.create(
        family=tenant.family,
        first_name="Baby",
        last_name="Sen",
        expected_due_date=today - datetime.timedelta(days=5),
    )
    for user in (tenant.caseworker, tenant.coordinator):
        page = client_for(user).get("/familier/").content.decode()
        assert "Overganger å planlegge" in page
        assert turning.full_name in page and "fyller 18 år" in page
        assert "Baby Sen" in page and "registrer fødselen" in page
        assert "Ikke Ennå" not in page
    assert "Overganger å planlegge" not in client_for(tenant.provider).get("/familier/").content.decode()
