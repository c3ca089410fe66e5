"""Forms for the plan (the relay log's are in `los.team.relay_forms`). Domain rules live in the services;
forms check the shape."""

from django import forms
from django.utils.translation import gettext_lazy as _

from los.core import dates
from los.core.bounds import APPOINTMENT, RECORDED, TEXT_LENGTH, VALIDITY
from los.core.forms import BoundedModelChoiceField, DateField
from los.core.models import User
from los.people.models import Service

from .models import EvaluationOutcome, Goal, Voice
from .services.goals import responsible_people

TEXTAREA = forms.Textarea(attrs={"rows": 3})


def municipality_services(family):
    """The services a measure, a participant or a relay log may name: those of the family's municipality."""
    return (
        Service.objects.filter(organisation__municipality_id=family.municipality_id)
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )


def _service_label(s):
    return f"{s.name} ({s.organisation.name})"


def _person_label(u):
    return f"{u.display_name} ({u.get_role_display().lower()})"


class PeriodMixin:
    def clean(self):
        data = super().clean()
        start, end, revision = data.get("period_start"), data.get("period_end"), data.get("next_revision_on")
        if start and end and end < start:
            self.add_error("period_end", _("Planperioden kan ikke slutte før den starter."))
        if start and revision and revision < start:
            self.add_error("next_revision_on", _("Neste revisjon kan ikke være før planen starter."))
        return data


class PlanForm(PeriodMixin, forms.Form):
    period_start = DateField(label=_("Planen gjelder fra"), kind=VALIDITY, initial=dates.today)
    period_end = DateField(label=_("Planen gjelder til"), kind=VALIDITY, required=False)
    next_revision_on = DateField(
        label=_("Neste revisjon"),
        kind=APPOINTMENT,
        help_text=_("Når dere skal gå gjennom planen sammen og lage en ny versjon."),
    )
    resources = forms.CharField(
        label=_("Ressurser: det barnet og familien får til"),
        required=False,
        widget=TEXTAREA,
        max_length=TEXT_LENGTH,
    )
    needs = forms.CharField(label=_("Behov"), required=False, widget=TEXTAREA, max_length=TEXT_LENGTH)
    child_contribution = forms.CharField(
        label=_("Det barnet selv bidrar med"), required=False, widget=TEXTAREA, max_length=TEXT_LENGTH
    )
    relatives_contribution = forms.CharField(
        label=_("Det familien og pårørende bidrar med"),
        required=False,
        widget=TEXTAREA,
        max_length=TEXT_LENGTH,
    )
    services_contribution = forms.CharField(
        label=_("Det tjenestene bidrar med"), required=False, widget=TEXTAREA, max_length=TEXT_LENGTH
    )
    others_contribution = forms.CharField(
        label=_("Det andre bidrar med"), required=False, widget=TEXTAREA, max_length=TEXT_LENGTH
    )
    cooperation = forms.CharField(
        label=_("Samarbeid med andre tjenester og etater"),
        required=False,
        widget=TEXTAREA,
        max_length=TEXT_LENGTH,
    )


class NewPlanForm(PlanForm):
    """The form for a new plan: the plan fields and the child the plan is for (one plan per family)."""

    child = BoundedModelChoiceField(
        label=_("Hvem er planen for"),
        queryset=None,
        required=False,
        empty_label=_("Hele familien"),
        help_text=_("Familien har én plan. Velg barnet planen gjelder, eller hele familien."),
        error_messages={"invalid_choice": _("Velg et av barna i familien, eller hele familien.")},
    )

    field_order = ["child"]

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children


class GoalForm(forms.Form):
    text = forms.CharField(
        label=_("Målet med barnets og familiens egne ord"),
        widget=TEXTAREA,
        max_length=2000,
        error_messages={"required": _("Skriv målet.")},
    )
    voice = forms.ChoiceField(
        label=_("Hvem sine ord er det?"), choices=Voice.choices, initial=Voice.CHILD_AND_FAMILY
    )


class MeasureForm(forms.Form):
    goal = BoundedModelChoiceField(
        label=_("Målet tiltaket hører til"), queryset=Goal.objects.none(), empty_label=None
    )
    description = forms.CharField(
        label=_("Tiltak: hva skal gjøres?"),
        widget=TEXTAREA,
        max_length=2000,
        error_messages={"required": _("Beskriv tiltaket.")},
    )
    responsible_service = BoundedModelChoiceField(
        label=_("Ansvarlig tjeneste"),
        queryset=Service.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Velg en tjeneste fra listen.")},
    )
    responsible_person = BoundedModelChoiceField(
        label=_("Ansvarlig person"),
        queryset=User.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Velg en person fra listen.")},
    )
    scope = forms.CharField(
        label=_("Omfang"), required=False, max_length=200, help_text=_("F.eks. «to timer i uka».")
    )
    how = forms.CharField(
        label=_("Slik gjennomføres tiltaket"), required=False, widget=TEXTAREA, max_length=TEXT_LENGTH
    )
    starts_on = DateField(label=_("Starter"), kind=VALIDITY, required=False)
    ends_on = DateField(label=_("Slutter"), kind=VALIDITY, required=False)
    evaluate_on = DateField(label=_("Første evaluering"), kind=APPOINTMENT, required=False)

    def __init__(self, *args, family, goals, plan: bool = True, **kwargs):
        """`plan`: a measure in the individual plan (else in a relay log), which decides who may be named
        responsible (`services.goals.responsible_people`: the family's team only)."""
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = goals
        self.fields["goal"].label_from_instance = lambda g: g.text[:80]
        self.fields["responsible_service"].queryset = municipality_services(family)
        self.fields["responsible_service"].label_from_instance = _service_label
        self.fields["responsible_person"].queryset = responsible_people(family, plan=plan)
        self.fields["responsible_person"].label_from_instance = _person_label

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("Tiltaket kan ikke slutte før det starter."))
        return data


class ParticipantForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=160)
    role = forms.CharField(
        label=_("Rolle"), max_length=160, help_text=_("F.eks. «mormor», «kontaktlærer», «fysioterapeut».")
    )
    service = BoundedModelChoiceField(label=_("Tjeneste"), queryset=Service.objects.none(), required=False)

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = municipality_services(family)
        self.fields["service"].label_from_instance = _service_label


class EvaluationForm(forms.Form):
    evaluated_on = DateField(
        label=_("Dato for evalueringen"),
        kind=RECORDED,
        initial=dates.today,
        future_message=_("En evaluering kan ikke dateres fram i tid."),
    )
    text = forms.CharField(label=_("Hvordan har det gått?"), widget=TEXTAREA, max_length=4000)
    outcome = forms.ChoiceField(label=_("Hva skjer videre?"), choices=EvaluationOutcome.choices)
    next_evaluation_on = DateField(
        label=_("Neste evaluering"),
        kind=APPOINTMENT,
        required=False,
        help_text=_("Trengs ikke når tiltaket avsluttes."),
    )

    def clean(self):
        data = super().clean()
        on, nxt = data.get("evaluated_on"), data.get("next_evaluation_on")
        if on and on > dates.today():
            self.add_error("evaluated_on", _("En evaluering kan ikke dateres fram i tid."))
        if data.get("outcome") != EvaluationOutcome.END:
            if data.get("outcome") and nxt is None:
                self.add_error(
                    "next_evaluation_on", _("Sett dato for neste evaluering, eller avslutt tiltaket.")
                )
            elif on and nxt and nxt <= on:
                self.add_error("next_evaluation_on", _("Neste evaluering må være etter denne."))
        return data


class ReviseForm(forms.Form):
    revision_note = forms.CharField(
        label=_("Hva endres, og hvorfor?"),
        widget=TEXTAREA,
        max_length=2000,
        help_text=_("Den gjeldende versjonen blir låst og tatt vare på. Dere arbeider videre i en kopi."),
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Din kommentar til planen"),
        widget=TEXTAREA,
        max_length=4000,
        error_messages={"required": _("Skriv kommentaren før du sender den.")},
    )
