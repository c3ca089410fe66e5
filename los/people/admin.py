from django.contrib import admin

from .models import Organisation, Professional, Service


class ServiceInline(admin.TabularInline):
    model = Service
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "org_number", "municipality"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name", "org_number"]
    inlines = [ServiceInline]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "sector", "service_type_code", "her_id"]
    list_filter = ["sector", "organisation__municipality"]
    search_fields = ["name", "service_type_code"]


@admin.register(Professional)
class ProfessionalAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisation", "profession", "hpr_number"]
    list_filter = ["organisation__municipality"]
    filter_horizontal = ["services"]
    search_fields = ["user__first_name", "user__last_name", "hpr_number"]
