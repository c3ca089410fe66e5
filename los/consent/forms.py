from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from los.core.forms import DateField
from los.people.models import Service


class ConsentForm(forms.Form):
    services = forms.ModelMultipleChoiceField(
        label=_("Hvilke tjenester kan dele opplysninger med hverandre?"),
        queryset=Service.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Velg minst én tjeneste samtykket skal gjelde.")},
    )
    starts_on = DateField(label=_("Gjelder fra"), initial=timezone.localdate)
    ends_on = DateField(
        label=_("Gjelder til"),
        required=False,
        help_text=_("La stå tomt hvis det gjelder til du trekker det tilbake."),
    )
    covers_individual_plan = forms.BooleanField(
        label=_("Vi samtykker også til at det lages individuell plan"), required=False
    )

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].queryset = (
            Service.objects.filter(organisation__municipality_id=family.municipality_id)
            .select_related("organisation")
            .order_by("organisation__name", "name")
        )
        self.fields["services"].label_from_instance = lambda s: f"{s.name} ({s.organisation.name})"
        team_services = list(family.team.current().values_list("service_id", flat=True))
        if not self.is_bound:
            self.initial["services"] = team_services

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("Sluttdatoen kan ikke være før startdatoen."))
        return data


class PaperConsentForm(ConsentForm):
    guardians = forms.ModelMultipleChoiceField(
        label=_("Foresatte som har skrevet under"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Oppgi hvilke foresatte som har gitt samtykket.")},
    )

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, family=family, **kwargs)
        self.fields["guardians"].queryset = family.guardians.all()
        self.fields["guardians"].label_from_instance = lambda g: g.full_name


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Vil du si hvorfor? (valgfritt)"), required=False, max_length=300, widget=forms.Textarea
    )


class SignForm(forms.Form):
    """Giving a pending consent: carries the consent's version from the page the guardian read."""

    version = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
