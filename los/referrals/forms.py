from django import forms
from django.utils.translation import gettext_lazy as _

from los.core import dates
from los.core.bounds import APPOINTMENT, RECORDED, TEXT_LENGTH
from los.core.forms import BoundedModelChoiceField, DateField
from los.people.models import Service

from .models import ANSWERED, PatientOrganisation, ReferralStatus


class ReferralForm(forms.Form):
    service = BoundedModelChoiceField(
        label=_("Tjeneste"),
        queryset=Service.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Velg en tjeneste fra listen.")},
    )
    organisation = BoundedModelChoiceField(
        label=_("Eller: pasient- og brukerorganisasjon"),
        queryset=PatientOrganisation.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Velg en organisasjon fra listen.")},
    )
    reason = forms.CharField(
        label=_("Hva trenger familien hjelp til?"),
        widget=forms.Textarea,
        max_length=4000,
        error_messages={"required": _("Skriv hva familien trenger hjelp til.")},
    )
    sent_on = DateField(
        label=_("Sendt"),
        kind=RECORDED,
        initial=dates.today,
        future_message=_("Sendt-datoen kan ikke være fram i tid."),
    )

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = (
            Service.objects.filter(organisation__municipality_id=family.municipality_id)
            .select_related("organisation")
            .order_by("organisation__name", "name")
        )
        self.fields["service"].label_from_instance = lambda s: f"{s.name} ({s.organisation.name})"
        self.fields["organisation"].queryset = PatientOrganisation.objects.filter(
            municipality_id=family.municipality_id, active=True
        )

    def clean(self):
        data = super().clean()
        if not self.errors and bool(data.get("service")) == bool(data.get("organisation")):
            raise forms.ValidationError(_("Velg enten en tjeneste eller en organisasjon."))
        return data


class AnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("Svar"), choices=[(s, ReferralStatus(s).label) for s in ANSWERED])
    answered_on = DateField(
        label=_("Svaret kom"),
        kind=RECORDED,
        initial=dates.today,
        future_message=_("Svardatoen kan ikke være fram i tid."),
    )
    expected_start_on = DateField(label=_("Forventet oppstart"), kind=APPOINTMENT, required=False)
    note = forms.CharField(label=_("Notat om svaret"), required=False, widget=forms.Textarea, max_length=4000)


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("Nettside"), required=False, assume_scheme="https", max_length=200)
    helps_with = forms.CharField(label=_("Hva de hjelper med"), widget=forms.Textarea, max_length=TEXT_LENGTH)

    class Meta:
        model = PatientOrganisation
        fields = ["name", "helps_with", "contact", "website", "active"]
