"""The municipality's organisations, services and professionals. Families, children and guardians are
not registered: they are family content, reached only through the access policy."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from los.core.admin import ConfigurationAdmin, ConfigurationTabularInline
from los.core.models import Role

from .languages import LANGUAGE_CHOICES
from .models import Organisation, Professional, Service


def language_names(codes: str) -> str:
    """ "pl,nb" as "polsk, norsk bokmål"; an unknown code is shown as it is."""
    names = dict(LANGUAGE_CHOICES)
    return ", ".join(str(names.get(code.strip(), code.strip())) for code in codes.split(",") if code.strip())


class ServiceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, service):
        return f"{service.name} ({service.organisation.name})"


class ProfessionalForm(forms.ModelForm):
    """A professional's languages are ticked by name; they are stored as codes ("pl,nb")."""

    languages = forms.MultipleChoiceField(
        label=_("Språk"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Språkene fagpersonen kan bruke med familier."),
    )

    class Meta:
        model = Professional
        fields = ["user", "organisation", "services", "profession", "hpr_number", "languages"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = [c.strip() for c in (self.instance.languages or "").split(",") if c.strip()]
        known = {code for code, _label in LANGUAGE_CHOICES}
        self.fields["languages"].choices = LANGUAGE_CHOICES + [(c, c) for c in current if c not in known]
        self.initial["languages"] = current

    def clean_languages(self):
        return ",".join(self.cleaned_data["languages"])


class ServiceInline(ConfigurationTabularInline):
    model = Service
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(ConfigurationAdmin):
    list_display = ["name", "kind", "org_number", "her_id", "municipality"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name", "org_number", "her_id"]
    inlines = [ServiceInline]


@admin.register(Service)
class ServiceAdmin(ConfigurationAdmin):
    list_display = ["name", "organisation", "sector", "service_type_code", "her_id"]
    list_filter = ["sector", "organisation__municipality"]
    search_fields = ["name", "service_type_code"]


@admin.register(Professional)
class ProfessionalAdmin(ConfigurationAdmin):
    form = ProfessionalForm
    list_display = ["__str__", "organisation", "profession", "hpr_number", "language_list"]
    list_filter = ["organisation__municipality"]
    search_fields = ["user__first_name", "user__last_name", "hpr_number"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .exclude(user__role=Role.GUARDIAN)
            .select_related("user", "organisation")
        )

    @admin.display(description=_("språk"))
    def language_list(self, professional):
        return language_names(professional.languages) or "–"

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Ticked by name with the organisation, since several organisations have a "Barnehagen".
        if db_field.name == "services":
            kwargs["queryset"] = Service.objects.select_related("organisation").order_by(
                "organisation__name", "name"
            )
            kwargs["widget"] = forms.CheckboxSelectMultiple
            kwargs["form_class"] = ServiceChoiceField
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # The choice of user would otherwise list every account, guardians (family members) included.
        if db_field.name == "user":
            kwargs["queryset"] = db_field.remote_field.model.objects.exclude(role=Role.GUARDIAN).order_by(
                "username"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
