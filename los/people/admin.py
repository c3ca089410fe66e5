"""The municipality's organisations, services and professionals. Families, children and guardians are
not registered: they are family content, reached only through the access policy."""

from django.contrib import admin

from los.core.admin import ConfigurationAdmin, ConfigurationTabularInline
from los.core.models import Role

from .models import Organisation, Professional, Service


class ServiceInline(ConfigurationTabularInline):
    model = Service
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(ConfigurationAdmin):
    list_display = ["name", "kind", "org_number", "municipality"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name", "org_number"]
    inlines = [ServiceInline]


@admin.register(Service)
class ServiceAdmin(ConfigurationAdmin):
    list_display = ["name", "organisation", "sector", "service_type_code", "her_id"]
    list_filter = ["sector", "organisation__municipality"]
    search_fields = ["name", "service_type_code"]


@admin.register(Professional)
class ProfessionalAdmin(ConfigurationAdmin):
    list_display = ["__str__", "organisation", "profession", "hpr_number"]
    list_filter = ["organisation__municipality"]
    filter_horizontal = ["services"]
    search_fields = ["user__first_name", "user__last_name", "hpr_number"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .exclude(user__role=Role.GUARDIAN)
            .select_related("user", "organisation")
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # The choice of user would otherwise list every account, guardians (family members) included.
        if db_field.name == "user":
            kwargs["queryset"] = db_field.remote_field.model.objects.exclude(role=Role.GUARDIAN).order_by(
                "username"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
