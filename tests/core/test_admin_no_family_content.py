"""The administrator configures Los and sees no family: no family, child or guardian name and no
record's content on any admin page, and deleting counts what hangs on a row without naming it."""

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from los.calendar.models import FamilyLimits
from los.core.models import Role, User
from los.team.models import ActionItem
from tests.core.admin_world import assert_no_family_content, family_words, form_data
from tests.factories import make_user


@pytest.fixture
def world(admin_world):
    """The tenant with family content hanging on its configuration (`admin_world` in conftest.py)."""
    return admin_world


def admin_urls(model, first=(), rows=6):
    """Changelist, add, and per row (`first`, then others up to `rows`): change, delete and history."""
    info = (model._meta.app_label, model._meta.model_name)
    urls = [reverse("admin:{}_{}_changelist".format(*info)), reverse("admin:{}_{}_add".format(*info))]
    pks = list(first) + [pk for pk in model._default_manager.values_list("pk", flat=True) if pk not in first]
    for pk in pks[:rows]:
        for view in ("change", "delete", "history"):
            try:
                urls.append(reverse("admin:{}_{}_{}".format(*info, view), args=[pk]))
            except NoReverseMatch:
                pass
    return urls


def test_no_admin_page_shows_a_family_child_guardian_or_record_content(
    world, other_tenant, admin_user, client_for
):
    """Every registered ModelAdmin: its list (also searched for a guardian's name), its add page, and
    each row's change, delete and history page."""
    c = client_for(admin_user)
    words = family_words(world) | family_words(other_tenant)
    pages = [reverse("admin:index")] + [
        reverse("admin:app_list", args=[app]) for app in {m._meta.app_label for m in admin.site._registry}
    ]
    # The users whose pages could show a family: the guardian, and staff with records and log rows.
    people = [world.guardian_user, world.coordinator, world.provider, world.caseworker, admin_user]
    for model in admin.site._registry:
        pages += admin_urls(model, first=[u.pk for u in people] if model is User else ())
        pages.append(
            reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") + "?q=Ingrid"
        )
    checked = 0
    for url in pages:
        response = c.get(url)
        assert response.status_code in (200, 302, 403, 404), (url, response.status_code)
        assert_no_family_content(response, words, url)
        checked += response.status_code == 200
    assert checked > 40, "the walk must reach the admin's pages"


def test_family_limits_are_not_configured_in_the_admin(world, admin_user, client_for):
    c = client_for(admin_user)
    assert not admin.site.is_registered(FamilyLimits)
    assert c.get("/admin/calendar/familylimits/").status_code == 404


def test_guardian_accounts_are_not_listed_or_editable_in_the_admin(world, admin_user, client_for):
    c = client_for(admin_user)
    guardian = world.guardian_user
    listing = c.get(reverse("admin:core_user_changelist")).content.decode()
    assert guardian.username not in listing and world.caseworker.username in listing
    assert c.get(reverse("admin:core_user_change", args=[guardian.pk])).status_code in (302, 404)


def test_professional_form_does_not_offer_guardian_accounts(world, admin_user, client_for):
    page = client_for(admin_user).get(reverse("admin:people_professional_add")).content.decode()
    assert f'value="{world.guardian_user.pk}"' not in page
    assert f'value="{world.leader.pk}"' in page


def test_deleting_a_coordinator_counts_what_hangs_on_them_and_names_nothing(world, admin_user, client_for):
    response = client_for(admin_user).get(reverse("admin:core_user_delete", args=[world.coordinator.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert_no_family_content(response, family_words(world), "the coordinator's delete page")
    # Access-log rows and the audit trail protect the user; they are counted, not listed.
    assert "Tilgangslogg: 3" in text
    assert "Endringer av brukere: 1" in text
    assert "seq" not in text and "read family" not in text


def test_deleting_a_user_with_only_cascading_records_counts_them(world, admin_user, client_for):
    """A provider with an appointment only cascades (no protected rows): the list is counts too."""
    user = make_user("vikar", Role.COORDINATOR, world.municipality)
    ActionItem.objects.filter(responsible=world.coordinator).update(responsible=user)
    ActionItem.objects.update(created_by=user)
    response = client_for(admin_user).get(reverse("admin:core_user_delete", args=[user.pk]))
    text = response.content.decode()
    assert_no_family_content(response, family_words(world), "the user's delete page")
    assert "Oppfølgingspunkter: 1" in text


def test_deleting_a_municipality_counts_its_families(world, admin_user, client_for):
    response = client_for(admin_user).get(
        reverse("admin:core_municipality_delete", args=[world.municipality.pk])
    )
    assert response.status_code == 200
    assert_no_family_content(response, family_words(world), "the municipality's delete page")
    assert "Familier: 2" in response.content.decode()


def test_bulk_delete_confirmation_counts_too(world, admin_user, client_for):
    response = client_for(admin_user).post(
        reverse("admin:core_user_changelist"),
        {"action": "delete_selected", "_selected_action": [world.coordinator.pk, world.caseworker.pk]},
    )
    assert response.status_code == 200
    assert_no_family_content(response, family_words(world), "the bulk delete page")
    assert "Tilgangslogg: 3" in response.content.decode()


def test_deleting_a_service_counts_its_appointments(world, admin_user, client_for):
    response = client_for(admin_user).get(reverse("admin:people_service_delete", args=[world.physio.pk]))
    assert_no_family_content(response, family_words(world), "the service's delete page")
    assert "Avtaler: 1" in response.content.decode()


def test_removing_a_protected_service_in_the_organisation_form_names_no_record(world, admin_user, client_for):
    c = client_for(admin_user)
    organisation = world.physio.organisation
    url = reverse("admin:people_organisation_change", args=[organisation.pk])
    data = form_data(c.get(url))
    prefix = next(k[: -len("-TOTAL_FORMS")] for k in data if k.endswith("-TOTAL_FORMS"))
    index = next(
        k.split("-")[1]
        for k, v in data.items()
        if k.startswith(prefix) and k.endswith("-id") and v == str(world.physio.pk)
    )
    data[f"{prefix}-{index}-DELETE"] = "on"
    response = c.post(url, data)
    assert response.status_code == 200, "the protected service must not be deleted"
    assert_no_family_content(response, family_words(world), "the organisation form")
    assert "Avtaler: 1" in response.content.decode()
    assert world.physio.__class__.objects.filter(pk=world.physio.pk).exists()
