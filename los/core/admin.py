"""Configuration screens for the administrator. Family content is not registered here: the
administrator configures the municipality, its services and users, and sees no family's data."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, CoordinatingUnit, Municipality, User

admin.site.site_header = _("Los – oppsett")
admin.site.site_title = _("Los – oppsett")


class CoordinatingUnitInline(admin.StackedInline):
    model = CoordinatingUnit


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "number", "consent_requires_all_guardians"]
    search_fields = ["name", "number"]
    inlines = [CoordinatingUnitInline]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "municipality", "is_active"]
    list_filter = ["role", "municipality", "is_active"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Rolle i Los"), {"fields": ("role", "municipality", "phone")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + ((_("Rolle i Los"), {"fields": ("role", "municipality")}),)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "name", "prefix", "key_hash", "created_at", "last_used_at"]
    list_filter = ["revoked_at"]

    def has_add_permission(self, request):
        return False
