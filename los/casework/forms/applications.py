"""The application form (the guardian's guided one and the staff's with received date and channel) and
the document upload."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from los.core.bounds import RECORDED
from los.core.forms import BoundedModelChoiceField, BoundedMultipleChoiceField, DateField
from los.people.languages import LANGUAGE_CHOICES
from los.people.models import Sector, Service

from ..models import Channel, Right

TRI_STATE = [("", _("Vet ikke / ikke vurdert")), ("yes", _("Ja")), ("no", _("Nei"))]
TRI_VALUE = {"": None, "yes": True, "no": False}


def tri_initial(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def split_names(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[\n,;]+", text or "") if part.strip()]


def service_names(municipality_id: int, sector: str) -> list[tuple[str, str]]:
    names = (
        Service.objects.filter(organisation__municipality_id=municipality_id, sector=sector)
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()
    )
    return [(n, n) for n in names]


WANT_CHOICES = [
    (Right.COORDINATOR, _("Koordinator – en fast person som hjelper dere å samordne tjenestene")),
    (
        Right.CHILD_COORDINATOR,
        _(
            "Barnekoordinator – for familier med et barn som har alvorlig sykdom, skade eller "
            "nedsatt funksjonsevne"
        ),
    ),
    (Right.INDIVIDUAL_PLAN, _("Individuell plan – en plan for mål, tiltak og hvem som gjør hva")),
]


class ApplicationForm(forms.Form):
    """The guardian's short guided application; staff use it with the received date and channel."""

    wants = BoundedMultipleChoiceField(
        label=_("1. Hva søker dere om?"),
        choices=WANT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Dere kan velge flere. Er dere usikre, velg det som passer best – vi hjelper dere."),
        error_messages={"required": _("Velg minst én ting dere søker om.")},
    )
    child = BoundedModelChoiceField(
        label=_("2. Hvilket barn gjelder søknaden?"),
        queryset=None,
        empty_label=None,
        error_messages={
            "required": _("Velg barnet søknaden gjelder."),
            "invalid_choice": _("Velg et barn i familien."),
        },
    )
    about_child = forms.CharField(
        label=_("Fortell kort om barnet og hva dere trenger hjelp til"),
        widget=forms.Textarea,
        max_length=4000,
        error_messages={"required": _("Skriv litt om barnet og hva dere trenger hjelp til.")},
    )
    health_services = BoundedMultipleChoiceField(
        label=_("3. Hvilke helse- og omsorgstjenester får eller trenger barnet?"),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    health_other = forms.CharField(
        label=_("Andre helse- og omsorgstjenester"),
        required=False,
        max_length=1000,
        help_text=_("For eksempel sykehuset eller avlastning. Skill med komma."),
    )
    welfare_services = BoundedMultipleChoiceField(
        label=_("Hvilke andre tjenester får eller trenger barnet?"),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Barnehage, skole, PPT, barnevern, NAV og lignende."),
    )
    welfare_other = forms.CharField(
        label=_("Andre tjenester"), required=False, max_length=1000, help_text=_("Skill med komma.")
    )
    wished_coordinator = BoundedModelChoiceField(
        label=_("4. Ønsker dere en bestemt person som koordinator?"),
        queryset=None,
        required=False,
        empty_label=_("Ingen bestemt person"),
    )
    wishes = forms.CharField(
        label=_("Hva er viktig for dere når vi velger koordinator?"),
        widget=forms.Textarea,
        required=False,
        max_length=2000,
    )
    child_views = forms.CharField(
        label=_("Hva mener barnet?"),
        widget=forms.Textarea,
        required=False,
        max_length=2000,
        help_text=_("Barnet har rett til å si sin mening. Skriv gjerne med barnets egne ord."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Hvilket språk vil dere bruke?"), choices=LANGUAGE_CHOICES, initial="nb"
    )
    interpreter_needed = forms.BooleanField(label=_("Vi trenger tolk"), required=False)

    def __init__(self, *args, family, coordinators, **kwargs):
        super().__init__(*args, **kwargs)
        self.family = family
        self.fields["child"].queryset = family.children.all()
        self.fields["wished_coordinator"].queryset = coordinators
        self.fields["wished_coordinator"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["health_services"].choices = service_names(family.municipality_id, Sector.HEALTH_AND_CARE)
        self.fields["welfare_services"].choices = service_names(family.municipality_id, Sector.OTHER_WELFARE)

    def service_fields(self) -> dict:
        data = self.cleaned_data
        wants = set(data["wants"])
        return {
            "child": data["child"],
            "wants_coordinator": Right.COORDINATOR in wants,
            "wants_child_coordinator": Right.CHILD_COORDINATOR in wants,
            "wants_individual_plan": Right.INDIVIDUAL_PLAN in wants,
            "about_child": data["about_child"],
            "health_and_care_services": list(data["health_services"]) + split_names(data["health_other"]),
            "other_welfare_services": list(data["welfare_services"]) + split_names(data["welfare_other"]),
            "wished_coordinator": data.get("wished_coordinator"),
            "wishes": data.get("wishes", ""),
            "child_views": data.get("child_views", ""),
            "preferred_language": data["preferred_language"],
            "interpreter_needed": data.get("interpreter_needed", False),
        }

    @staticmethod
    def initial_from(application) -> dict:
        wants = [r for r in application.wanted_rights]
        return {
            "wants": wants,
            "child": application.child_id,
            "about_child": application.about_child,
            "health_other": ", ".join(application.health_and_care_services),
            "welfare_other": ", ".join(application.other_welfare_services),
            "wished_coordinator": application.wished_coordinator_id,
            "wishes": application.wishes,
            "child_views": application.child_views,
            "preferred_language": application.preferred_language,
            "interpreter_needed": application.interpreter_needed,
        }


class StaffApplicationForm(ApplicationForm):
    channel = forms.ChoiceField(
        label=_("Mottatt som"), choices=[c for c in Channel.choices if c[0] != Channel.PORTAL]
    )
    received_on = DateField(
        label=_("Mottatt dato"),
        kind=RECORDED,
        future_message=_("Mottatt dato kan ikke være etter i dag."),
        help_text=_("Dagen søknaden kom inn. Fristen for foreløpig svar regnes fra denne datoen."),
        error_messages={
            "required": _("Oppgi datoen søknaden kom inn."),
            "invalid": _("Skriv datoen som ÅÅÅÅ-MM-DD."),
        },
    )
    field_order = ["channel", "received_on"]


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=200, required=False)
    file = forms.FileField(label=_("Fil"), error_messages={"required": _("Velg en fil.")})
