from django import forms
from django.utils.translation import gettext_lazy as _

from los.core import dates
from los.core.bounds import RECORDED, TEXT_LENGTH, VALIDITY, BoundedModelChoiceField
from los.core.forms import BoundedModelMultipleChoiceField, DateField, id_pair
from los.people.models import Professional, Service


class ConsentForm(forms.Form):
    services = BoundedModelMultipleChoiceField(
        label=_("Hvilke tjenester kan dele opplysninger med hverandre?"),
        queryset=Service.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Velg minst én tjeneste samtykket skal gjelde.")},
    )
    starts_on = DateField(label=_("Gjelder fra"), kind=VALIDITY, initial=dates.today)
    ends_on = DateField(
        label=_("Gjelder til"),
        kind=VALIDITY,
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
        self.continues = False
        if not self.is_bound:
            # A new consent starts from what the family consents to now (giving it again, renewing),
            # so only what the guardian changes changes; the first one starts from the team's services.
            from .services import starting_services

            services, covers_plan = starting_services(family)
            self.continues = bool(services)
            if services:
                self.initial["services"] = [s.pk for s in services]
                self.initial["covers_individual_plan"] = covers_plan
            else:
                self.initial["services"] = list(family.team.current().values_list("service_id", flat=True))

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("Sluttdatoen kan ikke være før startdatoen."))
        return data


class PaperConsentForm(ConsentForm):
    guardians = BoundedModelMultipleChoiceField(
        label=_("Foresatte som har skrevet under"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Oppgi hvilke foresatte som har gitt samtykket.")},
    )

    signed_on = DateField(
        label=_("Dato for underskrift"),
        kind=RECORDED,
        initial=dates.today,
        required=False,
        help_text=_("La stå tomt hvis de skrev under i dag."),
        future_message=_("Datoen for underskriften kan ikke være fram i tid."),
    )

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, family=family, **kwargs)
        self.fields["guardians"].queryset = family.guardians.all()
        self.fields["guardians"].label_from_instance = lambda g: g.full_name


class PaperSignatureForm(forms.Form):
    """Staff register that a guardian gave a pending consent on a paper form: who, and when they signed.
    Carries the consent's version from the page, so the form is for the consent as it stands."""

    guardian = BoundedModelChoiceField(
        label=_("Foresatt som har skrevet under"),
        queryset=None,
        empty_label=None,
        error_messages={
            "required": _("Velg hvem som har skrevet under."),
            "invalid_choice": _("Velg en av de foresatte som mangler."),
        },
    )
    signed_on = DateField(
        label=_("Dato for underskrift"),
        kind=RECORDED,
        initial=dates.today,
        future_message=_("Datoen for underskriften kan ikke være fram i tid."),
    )
    version = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, family, missing, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["guardian"]
        field.queryset = family.guardians.filter(pk__in=[g.pk for g in missing]).order_by("pk")
        field.label_from_instance = lambda g: g.full_name
        if not self.is_bound and len(missing) == 1:
            self.initial["guardian"] = missing[0].pk


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Vil du si hvorfor? (valgfritt)"), required=False, max_length=300, widget=forms.Textarea
    )


class SignForm(forms.Form):
    """Giving a pending consent: carries the consent's version from the page the guardian read."""

    version = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)


class ConsentRequestForm(forms.Form):
    """Ask the family to extend the consent so a professional can join through a service. `member` is
    "professional_id:service_id", and cleans to the two rows."""

    member = forms.CharField(widget=forms.HiddenInput, max_length=40)
    role = forms.CharField(label=_("Rolle i gruppen"), max_length=120, required=False)
    reason = forms.CharField(
        label=_("Hvorfor bør tjenesten være med? (familien ser dette)"),
        widget=forms.Textarea,
        required=False,
        max_length=TEXT_LENGTH,
    )

    def clean_member(self):
        message = _("Velg en fagperson fra listen.")
        professional_id, service_id = id_pair(self.cleaned_data["member"], message)
        try:
            professional = Professional.objects.select_related("organisation", "user").get(pk=professional_id)
            service = Service.objects.select_related("organisation").get(pk=service_id)
        except (Professional.DoesNotExist, Service.DoesNotExist):
            raise forms.ValidationError(message) from None
        return professional, service
