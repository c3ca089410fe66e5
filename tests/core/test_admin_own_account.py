"""An administrator cannot reach families through their own account: no role or municipality that
reaches families, and every change to an account is audited."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from los.core.models import Role, User, UserAuditEntry
from tests.core.admin_world import change_user, form_errors, has_url
from tests.factories import make_user


@pytest.fixture
def world(admin_world):
    """The tenant with family content hanging on its configuration (`admin_world` in conftest.py)."""
    return admin_world


@pytest.fixture
def second_admin(db):
    return make_user("oppsett2", Role.ADMIN, is_staff=True, is_superuser=True)


def test_admin_cannot_give_themself_a_role_or_municipality_that_reaches_families(
    world, admin_user, client_for
):
    c = client_for(admin_user)
    page = c.get(reverse("admin:core_user_change", args=[admin_user.pk])).content.decode()
    for field in ("role", "municipality", "is_staff", "is_superuser", "groups", "user_permissions"):
        assert not re.search(rf'name="{field}"', page), f"{field} must be read-only on one's own account"
    response = change_user(
        c,
        admin_user,
        role=Role.CASEWORKER,
        municipality=str(world.municipality.pk),
        is_superuser=None,
        is_staff=None,
    )
    assert response.status_code in (200, 302)
    admin_user.refresh_from_db()
    assert admin_user.role == Role.ADMIN and admin_user.municipality_id is None
    assert admin_user.is_staff and admin_user.is_superuser
    assert not UserAuditEntry.objects.filter(user=admin_user).exists()
    assert c.get(f"/familier/{world.family.pk}/").status_code == 404


def test_own_role_change_is_refused_even_if_the_form_were_bypassed(world, admin_user, rf):
    from los.core.admin import UserAdmin

    model_admin = UserAdmin(User, admin.site)
    request = rf.post("/")
    request.user = admin_user
    admin_user.role = Role.CASEWORKER
    admin_user.municipality = world.municipality
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        model_admin.save_model(request, admin_user, form=None, change=True)
    assert User.objects.get(pk=admin_user.pk).role == Role.ADMIN


def test_another_admin_changes_a_role_and_municipality_and_each_change_is_audited(
    world, other_tenant, admin_user, second_admin, client_for
):
    c = client_for(second_admin)
    user = world.provider
    response = change_user(c, user, role=Role.CASEWORKER, municipality=str(other_tenant.municipality.pk))
    assert response.status_code == 302, form_errors(response)
    user.refresh_from_db()
    assert (user.role, user.municipality_id) == (Role.CASEWORKER, other_tenant.municipality.pk)
    entries = {e.field: e for e in UserAuditEntry.objects.filter(user=user)}
    assert set(entries) == {"role", "municipality"}
    assert (entries["role"].old_value, entries["role"].new_value) == ("provider", "caseworker")
    assert entries["municipality"].old_value == str(world.municipality)
    assert entries["municipality"].new_value == str(other_tenant.municipality)
    assert all(e.changed_by == second_admin for e in entries.values())


def test_saving_a_user_without_changes_writes_no_audit_row(world, second_admin, client_for):
    response = change_user(client_for(second_admin), world.provider)
    assert response.status_code == 302, form_errors(response)
    assert not UserAuditEntry.objects.filter(user=world.provider).exists()


def test_deactivating_and_promoting_another_user_is_audited(world, second_admin, client_for):
    response = change_user(client_for(second_admin), world.leader, is_active=None, is_staff="on")
    assert response.status_code == 302, form_errors(response)
    rows = set(
        UserAuditEntry.objects.filter(user=world.leader).values_list("field", "old_value", "new_value")
    )
    assert rows == {("is_active", "true", "false"), ("is_staff", "false", "true")}


def test_a_new_account_records_its_role_and_municipality(world, second_admin, client_for):
    c = client_for(second_admin)
    response = c.post(
        reverse("admin:core_user_add"),
        {
            "username": "nykoordinator",
            "usable_password": "true",
            "password1": "et-langt-passord-987",
            "password2": "et-langt-passord-987",
            "role": Role.COORDINATOR,
            "municipality": str(world.municipality.pk),
        },
    )
    assert response.status_code == 302, form_errors(response)
    user = User.objects.get(username="nykoordinator")
    rows = set(
        UserAuditEntry.objects.filter(user=user).values_list("field", "old_value", "new_value", "changed_by")
    )
    assert rows == {
        ("role", "", "coordinator", second_admin.pk),
        ("municipality", "", str(world.municipality), second_admin.pk),
    }


def test_the_admin_cannot_create_guardian_accounts(world, second_admin, client_for):
    page = client_for(second_admin).get(reverse("admin:core_user_add")).content.decode()
    assert 'value="guardian"' not in page


def test_setting_another_users_password_is_audited(world, second_admin, client_for):
    c = client_for(second_admin)
    response = c.post(
        reverse("admin:auth_user_password_change", args=[world.coordinator.pk])
        if has_url("admin:auth_user_password_change")
        else reverse("admin:core_user_password_change", args=[world.coordinator.pk]),
        {"password1": "et-nytt-passord-654", "password2": "et-nytt-passord-654", "usable_password": "true"},
    )
    assert response.status_code == 302, form_errors(response)
    assert UserAuditEntry.objects.filter(
        user=world.coordinator, field="password", changed_by=second_admin
    ).exists()


def test_audit_entries_are_shown_read_only_and_cannot_be_removed(world, admin_user, client_for):
    c = client_for(admin_user)
    entry = UserAuditEntry.objects.get(user=world.coordinator)
    page = c.get(reverse("admin:core_user_change", args=[world.coordinator.pk])).content.decode()
    assert "Tjenesteyter" in page and "Koordinator" in page  # the entry, with role labels
    assert "audit_entries-0-DELETE" not in page
    assert c.get(reverse("admin:core_userauditentry_changelist")).status_code == 200
    detail = c.get(reverse("admin:core_userauditentry_change", args=[entry.pk]))
    assert detail.status_code == 200 and 'name="field"' not in detail.content.decode()
    assert c.get(reverse("admin:core_userauditentry_add")).status_code == 403
    assert (
        c.post(reverse("admin:core_userauditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert UserAuditEntry.objects.filter(pk=entry.pk).exists()


def test_a_staff_admin_who_is_not_superuser_cannot_make_anyone_superuser(world, client_for):
    from django.contrib.auth.models import Permission

    staff = make_user("driftsansvarlig", Role.ADMIN, is_staff=True)
    staff.user_permissions.set(
        Permission.objects.filter(content_type__app_label="core", codename__endswith="_user")
    )
    c = client_for(staff)
    page = c.get(reverse("admin:core_user_change", args=[world.leader.pk])).content.decode()
    assert 'name="is_superuser"' not in page
    change_user(c, world.leader, is_superuser="on")
    world.leader.refresh_from_db()
    assert not world.leader.is_superuser
