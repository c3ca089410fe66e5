"""The administrator configures Los and sees no family: no family, child or guardian name and no
record's content on any admin page, and no way to give themself a role that reaches families."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from los.calendar.models import Appointment, FamilyLimits, Place, ServiceCalendar
from los.core import audit
from los.core.models import AccessAction, AccessReason, NeedToKnow, Role, User, UserAuditEntry
from los.team.models import ActionItem
from tests.factories import make_user

SECRET = "HEMMELIG-INNHOLD"


@pytest.fixture
def world(tenant, other_tenant, admin_user):
    """The tenant with family content hanging on its configuration: a guardian account named like the
    guardian, calendar limits, an appointment at a place, an action item, access-log rows."""
    guardian = tenant.guardians[0]
    User.objects.filter(pk=tenant.guardian_user.pk).update(
        first_name=guardian.first_name, last_name=guardian.last_name
    )
    FamilyLimits.objects.create(family=tenant.family, max_appointments_per_day=1)
    place = Place.objects.create(municipality=tenant.municipality, name="Helsehuset")
    ServiceCalendar.objects.create(service=tenant.physio, place=place)
    start = timezone.now() + datetime.timedelta(days=3)
    Appointment.objects.create(
        family=tenant.family,
        child=tenant.family.children.first(),
        service=tenant.physio,
        professional=tenant.provider.professional,
        place=place,
        title=f"{SECRET} fysioterapi",
        notes=SECRET,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        created_by=tenant.coordinator,
    )
    ActionItem.objects.create(
        family=tenant.family,
        title=f"{SECRET} søke om avlastning",
        responsible=tenant.coordinator,
        created_by=tenant.coordinator,
        due_on=timezone.localdate(),
    )
    NeedToKnow.objects.create(
        user=tenant.caseworker,
        family=tenant.family,
        reason="casework",
        explanation=SECRET,
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    audit.write(
        [
            audit.LogRow(
                user=tenant.coordinator,
                family_id=family.pk,
                action=AccessAction.READ,
                record_type="family",
                record_id=str(family.pk),
                reason=AccessReason.COORDINATOR,
                purpose=SECRET,
            )
            for family in (tenant.family, tenant.family, tenant.other_family)
        ]
    )
    UserAuditEntry.objects.create(
        user=tenant.coordinator,
        changed_by=admin_user,
        field="role",
        old_value="provider",
        new_value="coordinator",
    )
    return tenant


def family_words(tenant) -> set[str]:
    """Everything that would name a family, a child or a guardian, or show a record's content."""
    words = {SECRET, tenant.guardian_user.username}
    for family in (tenant.family, tenant.other_family):
        words.add(family.name)
        words.add(family.name.split()[-1])  # the surname the children and guardians share
        for child in family.children.all():
            words |= {child.full_name, child.national_id}
        for guardian in family.guardians.all():
            words.add(f"{guardian.first_name} {guardian.last_name}")
            if guardian.email:
                words.add(guardian.email)
    return {w for w in words if w}


def assert_no_family_content(response, words, where):
    text = response.content.decode()
    found = sorted(w for w in words if w in text)
    assert not found, f"{where} shows family content: {found}"


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


# --- An administrator cannot reach families through their own account ----------------------------


class _FormReader(HTMLParser):
    """The values a browser would send for the admin's change form (inputs, selects, textareas)."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, object] = {}
        self._select = None
        self._textarea = None
        self._in_form = False

    def _add(self, name, value):
        if name in self.data:
            existing = self.data[name]
            self.data[name] = (existing if isinstance(existing, list) else [existing]) + [value]
        else:
            self.data[name] = value

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and "method" in a:
            self._in_form = a.get("id", "").endswith("_form")
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._add(name, a.get("value", "on"))
            elif kind not in ("submit", "button", "file"):
                self._add(name, a.get("value", ""))
        elif tag == "select" and name:
            self._select = name
            if "multiple" in a:
                self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self._add(self._select, a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def form_data(response) -> dict:
    reader = _FormReader()
    reader.feed(response.content.decode())
    return reader.data


def change_user(client, user, **changes):
    url = reverse("admin:core_user_change", args=[user.pk])
    data = form_data(client.get(url))
    data.update({k: v for k, v in changes.items() if v is not None})
    for k in [k for k, v in changes.items() if v is None]:
        data.pop(k, None)
    return client.post(url, data)


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
        if _has_url("admin:auth_user_password_change")
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


def _has_url(name):
    try:
        reverse(name, args=[1])
        return True
    except NoReverseMatch:
        return False


def form_errors(response):
    context = getattr(response, "context", None)
    if not context:
        return response.status_code
    errors = []
    if "adminform" in context:
        errors.append(context["adminform"].form.errors)
    for formset in context.get("inline_admin_formsets", []):
        errors.append(formset.formset.errors)
    return errors
