"""Configuration screens for the administrator. Family content is not registered here: the
administrator configures the municipality, its services and users, and sees no family's data.

Three rules keep it so:

* No model that hangs on a family is registered (a family's calendar limits are edited from the
  family's own pages), and no list, form, inline or choice shows a family, child or guardian.
* Deleting a configuration row names no related record: the confirmation page and the inline's
  refusal summarise what hangs on it as a count per type (`CountedDeletionMixin`). Django's own page
  lists every related row by name, which would show action items, appointments and access-log rows.
* An administrator cannot give themself a role, a municipality or more powers (that would reach
  families through the access policy); such changes on another user are written to `UserAuditEntry`.
  Guardian accounts belong to families and are not shown here at all.
"""

from __future__ import annotations

from collections import Counter

from django import forms
from django.contrib import admin
from django.contrib.admin import ShowFacets
from django.contrib.admin.utils import NestedObjects
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import ReadOnlyPasswordHashField, ReadOnlyPasswordHashWidget, UserChangeForm
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.forms.formsets import DELETION_FIELD_NAME
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import (
    COAT_OF_ARMS_MAX_BYTES,
    ApiToken,
    Cooperation,
    CoordinatingUnit,
    Municipality,
    Role,
    User,
    UserAuditEntry,
    validate_coat_of_arms_svg,
)

# The site's name and the sections' names are in los/core/admin_site.py.


# --- Deleting without naming what hangs on the row ------------------------------------------------


def _count_lines(rows_by_model: dict[type, int]) -> list[str]:
    """'Oppfølgingspunkter: 2' per model, sorted by name: the only way related rows are described."""
    lines = [
        f"{capfirst(model._meta.verbose_name_plural)}: {count}" for model, count in rows_by_model.items()
    ]
    return sorted(lines)


def _collect(objs):
    collector = NestedObjects(using=router.db_for_write(objs[0]._meta.model), origin=objs)
    collector.collect(objs)
    return collector


class CountedDeletionMixin:
    """A ModelAdmin whose delete confirmation (one row or the bulk action) shows counts, never rows.

    Returns what Django's `get_deleted_objects` returns: the nested list shown on the page, the
    count per type, the types the user may not delete, and what blocks the deletion (as counts)."""

    def get_deleted_objects(self, objs, request):
        objs = list(objs)
        if not objs:
            return [], {}, set(), []
        collector = _collect(objs)
        roots = {(type(obj), obj.pk) for obj in objs}
        perms_needed = set()
        related: Counter = Counter()
        for model, rows in collector.model_objs.items():
            if self.admin_site.is_registered(model):
                model_admin = self.admin_site.get_model_admin(model)
                if any(not model_admin.has_delete_permission(request, row) for row in rows):
                    perms_needed.add(model._meta.verbose_name)
            others = [row for row in rows if (model, row.pk) not in roots]
            if others:
                related[model] += len(others)
        # The rows being deleted are configuration (their own admin lists them anyway).
        to_delete: list = [f"{capfirst(obj._meta.verbose_name)}: {obj}" for obj in objs]
        if related:
            to_delete.append(gettext("Dette henger på og blir slettet (antall)"))
            to_delete.append(_count_lines(related))
        protected = _count_lines(Counter(type(obj) for obj in collector.protected))
        model_count = {
            model._meta.verbose_name_plural: len(rows) for model, rows in collector.model_objs.items()
        }
        return to_delete, model_count, perms_needed, protected


class CountedDeletionInlineMixin:
    """An inline whose refusal to delete a protected row counts what protects it instead of naming it."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        base_form = formset.form

        class CountedDeleteForm(base_form):
            def hand_clean_DELETE(self):
                if not self.cleaned_data.get(DELETION_FIELD_NAME, False) or self.instance._state.adding:
                    return
                collector = _collect([self.instance])
                if collector.protected:
                    counts = ", ".join(_count_lines(Counter(type(row) for row in collector.protected)))
                    raise ValidationError(
                        gettext("%(name)s kan ikke slettes fordi dette henger på: %(counts)s."),
                        code="deleting_protected",
                        params={"name": capfirst(self.instance._meta.verbose_name), "counts": counts},
                    )

        formset.form = CountedDeleteForm
        return formset


class ConfigurationAdmin(CountedDeletionMixin, admin.ModelAdmin):
    """The base of every ModelAdmin in Los."""

    show_facets = ShowFacets.NEVER  # Django's "Show counts" has no bokmål text


class ConfigurationTabularInline(CountedDeletionInlineMixin, admin.TabularInline):
    pass


class ConfigurationStackedInline(CountedDeletionInlineMixin, admin.StackedInline):
    pass


# --- The municipality -----------------------------------------------------------------------------


class CoordinatingUnitInline(ConfigurationStackedInline):
    model = CoordinatingUnit


class MunicipalityForm(forms.ModelForm):
    """The municipality, with its coat of arms given as an SVG file (or pasted as SVG text).

    The coat of arms is kept as SVG text in the database, not as an uploaded file under MEDIA_ROOT: every
    installation can then show it without serving media files, it is in every database backup, and the
    page shows it as a data: image, which the Content-Security-Policy allows and where no script runs."""

    coat_of_arms_file = forms.FileField(
        label=_("last opp kommunevåpen (SVG-fil)"),
        required=False,
        help_text=_("Velg en SVG-fil. Den erstatter SVG-koden under."),
    )

    class Meta:
        model = Municipality
        fields = ["name", "number", "coat_of_arms_svg", "consent_requires_all_guardians"]
        widgets = {"coat_of_arms_svg": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("coat_of_arms_file")
        if upload:
            if upload.size > COAT_OF_ARMS_MAX_BYTES:
                self.add_error("coat_of_arms_file", _("Kommunevåpenet er for stort (høyst 200 kB)."))
                return cleaned
            try:
                text = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                self.add_error("coat_of_arms_file", _("Filen er ikke en SVG-fil."))
                return cleaned
            try:
                validate_coat_of_arms_svg(text)
            except ValidationError as error:
                self.add_error("coat_of_arms_file", error)
                return cleaned
            cleaned["coat_of_arms_svg"] = text
            self.instance.coat_of_arms_svg = text
        return cleaned


@admin.register(Municipality)
class MunicipalityAdmin(ConfigurationAdmin):
    form = MunicipalityForm
    list_display = ["name", "number", "has_coat_of_arms", "consent_requires_all_guardians"]
    search_fields = ["name", "number"]
    inlines = [CoordinatingUnitInline]
    fields = ["name", "number", "coat_of_arms_file", "coat_of_arms_svg", "consent_requires_all_guardians"]

    @admin.display(boolean=True, description=_("kommunevåpen"))
    def has_coat_of_arms(self, obj):
        return bool(obj.coat_of_arms_svg)


class CooperationForm(forms.ModelForm):
    class Meta:
        model = Cooperation
        fields = ["name", "municipalities", "leaders"]

    def clean(self):
        cleaned = super().clean()
        municipalities = cleaned.get("municipalities")
        if municipalities is not None and len(municipalities) < 2:
            self.add_error("municipalities", _("Et samarbeid har minst to kommuner."))
        leaders = cleaned.get("leaders") or []
        if municipalities is not None:
            outside = [leader for leader in leaders if leader.municipality not in municipalities]
            if outside:
                self.add_error(
                    "leaders",
                    _("%(names)s hører ikke til en kommune i samarbeidet.")
                    % {"names": ", ".join(leader.display_name for leader in outside)},
                )
        return cleaned


@admin.register(Cooperation)
class CooperationAdmin(ConfigurationAdmin):
    """Inter-municipal cooperations: whose leaders see the members' figures side by side."""

    form = CooperationForm
    list_display = ["name", "members"]
    search_fields = ["name", "municipalities__name"]
    filter_horizontal = ["municipalities", "leaders"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("municipalities")

    @admin.display(description=_("kommuner"))
    def members(self, obj):
        return ", ".join(m.name for m in obj.municipalities.all())


# --- Users ----------------------------------------------------------------------------------------

# What decides which families a user reaches (the role and the municipality) and what they may do
# here. Nobody changes these on their own account.
OWN_ACCOUNT_LOCKED = (
    "role",
    "municipality",
    "is_active",
    "is_staff",
    "is_superuser",
    "groups",
    "user_permissions",
)

# Changes of these on a user are written to UserAuditEntry, one row per field.
AUDITED_FIELDS = ("role", "municipality", "is_active", "is_staff", "is_superuser")


def _audit_value(user: User, field: str) -> str:
    if field == "municipality":
        return str(user.municipality) if user.municipality_id else ""
    value = getattr(user, field)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value or "")


def _field_label(field: str) -> str:
    """The audited field's name in bokmål ("rolle", "superbruker"), not its code."""
    if field == "password":
        return gettext("passord")
    try:
        return str(User._meta.get_field(field).verbose_name)
    except Exception:
        return field


def _display_value(field: str, value: str) -> str:
    if field == "role" and value in Role.values:
        return str(Role(value).label)
    if value in ("true", "false"):
        return gettext("ja") if value == "true" else gettext("nei")
    return value or "–"


def audited_values(user: User) -> dict[str, str]:
    """The user's role, municipality and permissions as the audit trail records them (a change of role
    changes what the user may read, so who made it is kept)."""
    return {field: _audit_value(user, field) for field in AUDITED_FIELDS}


def record_user_changes(user: User, changed_by: User, before: dict[str, str]) -> list[UserAuditEntry]:
    """Write one UserAuditEntry per audited field whose value differs from `before`."""
    after = audited_values(user)
    entries = [
        UserAuditEntry(
            user=user, changed_by=changed_by, field=field, old_value=before[field], new_value=after[field]
        )
        for field in AUDITED_FIELDS
        if before[field] != after[field]
    ]
    return UserAuditEntry.objects.bulk_create(entries)


class UserAuditEntryInline(admin.TabularInline):
    """The user's audit trail on their change page: read-only, and it cannot be removed."""

    model = UserAuditEntry
    fk_name = "user"
    fields = ["at", "field_name", "old", "new", "changed_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["-at", "-id"]
    verbose_name = _("endring av rolle, kommune eller tilgang")
    verbose_name_plural = _("endringer av rolle, kommune eller tilgang")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("felt"))
    def field_name(self, entry):
        return _field_label(entry.field)

    @admin.display(description=_("før"))
    def old(self, entry):
        return _display_value(entry.field, entry.old_value)

    @admin.display(description=_("etter"))
    def new(self, entry):
        return _display_value(entry.field, entry.new_value)


class PasswordSummaryWidget(ReadOnlyPasswordHashWidget):
    """The password row of the user form, with its button in bokmål (Django has no bokmål text for it)."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        has_password = bool(value) and not value.startswith(UNUSABLE_PASSWORD_PREFIX)
        context["button_label"] = gettext("Sett nytt passord") if has_password else gettext("Sett passord")
        return context


class LosUserChangeForm(UserChangeForm):
    password = ReadOnlyPasswordHashField(
        label=_("passord"),
        widget=PasswordSummaryWidget,
        help_text=_("Passordet lagres ikke i klartekst, så ingen kan se det. Du kan sette et nytt."),
    )


@admin.register(User)
class UserAdmin(CountedDeletionMixin, BaseUserAdmin):
    form = LosUserChangeForm
    show_facets = ShowFacets.NEVER
    list_display = ["username", "first_name", "last_name", "role", "municipality", "is_active"]
    list_filter = ["role", "municipality", "is_active"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Rolle i Los"), {"fields": ("role", "municipality", "phone")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + ((_("Rolle i Los"), {"fields": ("role", "municipality")}),)
    inlines = [UserAuditEntryInline]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def get_queryset(self, request):
        # A guardian's account belongs to a family (it says who is a parent in which family): it is
        # not configuration, and the administrator sees no family.
        return super().get_queryset(request).exclude(role=Role.GUARDIAN)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            readonly += [name for name in OWN_ACCOUNT_LOCKED if name not in readonly]
        elif not request.user.is_superuser and "is_superuser" not in readonly:
            readonly.append("is_superuser")
        return readonly

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role":
            kwargs["choices"] = [(value, label) for value, label in Role.choices if value != Role.GUARDIAN]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            stored = User.objects.select_related("municipality").get(pk=obj.pk)
            before = audited_values(stored)
        else:
            before = audited_values(User())
        if change and obj.pk == request.user.pk:
            after = audited_values(obj)
            if any(before[field] != after[field] for field in AUDITED_FIELDS):
                raise PermissionDenied(gettext("Du kan ikke endre din egen rolle, kommune eller tilgang."))
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            record_user_changes(obj, request.user, before)

    def save_related(self, request, form, formsets, change):
        if (
            change
            and form.instance.pk == request.user.pk
            and {"groups", "user_permissions"} & set(form.changed_data)
        ):
            raise PermissionDenied(gettext("Du kan ikke endre din egen rolle, kommune eller tilgang."))
        super().save_related(request, form, formsets, change)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        # A password set by an administrator lets them sign in as that user: keep a trace of it.
        if request.method == "POST" and response.status_code == 302 and str(request.user.pk) != str(id):
            user = self.get_object(request, id)
            if user is not None:
                UserAuditEntry.objects.create(user=user, changed_by=request.user, field="password")
        return response


@admin.register(UserAuditEntry)
class UserAuditEntryAdmin(admin.ModelAdmin):
    """Who changed whose role, municipality, access or password: read-only, never deleted."""

    show_facets = ShowFacets.NEVER

    list_display = ["at", "user", "field_name", "old", "new", "changed_by"]
    search_fields = ["user__username", "changed_by__username"]
    fields = ["at", "user", "field_name", "old", "new", "changed_by"]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .exclude(user__role=Role.GUARDIAN)
            .select_related("user", "changed_by")
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("felt"))
    def field_name(self, entry):
        return _field_label(entry.field)

    @admin.display(description=_("før"))
    def old(self, entry):
        return _display_value(entry.field, entry.old_value)

    @admin.display(description=_("etter"))
    def new(self, entry):
        return _display_value(entry.field, entry.new_value)


@admin.register(ApiToken)
class ApiTokenAdmin(ConfigurationAdmin):
    list_display = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "name", "prefix", "key_hash", "created_at", "last_used_at"]
    list_filter = ["revoked_at"]

    def get_queryset(self, request):
        # A guardian's tokens name a family member; the family manages them from the portal.
        return super().get_queryset(request).exclude(user__role=Role.GUARDIAN).select_related("user")

    def has_add_permission(self, request):
        return False


# Registered here so that they come with the rest of Los' admin.
from . import admin_tasks, login_admin  # noqa: E402,F401  (background jobs; locked logins of staff accounts)
