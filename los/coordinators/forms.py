"""Forms for the coordinator pages: appointing, changing coordinator, profiles and training."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from los.core.bounds import RECORDED, VALIDITY
from los.core.forms import BoundedModelChoiceField, DateField
from los.people.languages import LANGUAGE_CODES

from .models import CoordinatorKind, CoordinatorProfile, NeedLevel, TrainingCourse


class AppointForm(forms.Form):
    coordinator = BoundedModelChoiceField(
        label=_("Koordinator"),
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": _("Velg en koordinator i kommunen.")},
    )
    kind = forms.ChoiceField(label=_("Type"), choices=CoordinatorKind.choices)
    need_level = forms.TypedChoiceField(
        label=_("Familiens behov for oppfølging"),
        choices=NeedLevel.choices,
        coerce=int,
        initial=NeedLevel.MEDIUM,
    )
    starts_on = DateField(label=_("Fra dato"), kind=VALIDITY)
    chosen_because = forms.CharField(
        label=_("Hvorfor denne koordinatoren"), widget=forms.Textarea, required=False, max_length=2000
    )

    def __init__(self, *args, coordinators, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = coordinators
        self.fields["coordinator"].label_from_instance = lambda u: u.get_full_name() or u.username
        if kinds:
            self.fields["kind"].choices = [c for c in CoordinatorKind.choices if c[0] in kinds]


REASON_HELP = _("Grunnen lagres i historikken for oppnevningen.")


class ReplaceForm(AppointForm):
    """Appoint another coordinator in place of the current one, with the unit's reason."""

    reason = forms.CharField(
        label=_("Hvorfor byttes koordinatoren?"),
        max_length=200,
        help_text=REASON_HELP,
        error_messages={"required": _("Skriv hvorfor koordinatoren byttes.")},
    )
    field_order = ["coordinator", "kind", "need_level", "starts_on", "reason", "chosen_because"]


class KeepForm(forms.Form):
    """Keep the family's current coordinator for this decision; the kind follows the decision."""

    kind = forms.ChoiceField(label=_("Type"), choices=CoordinatorKind.choices)
    starts_on = DateField(
        label=_("Fra dato"),
        kind=VALIDITY,
        required=False,
        help_text=_("Brukes bare når typen endres: den gamle oppnevningen avsluttes dagen før."),
    )

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds:
            self.fields["kind"].choices = [c for c in CoordinatorKind.choices if c[0] in kinds]


class ChangeKindForm(forms.Form):
    """Make the current coordinator a koordinator or a barnekoordinator, with the reason."""

    kind = forms.ChoiceField(label=_("Ny type"), choices=CoordinatorKind.choices)
    starts_on = DateField(label=_("Fra dato"), kind=VALIDITY)
    reason = forms.CharField(
        label=_("Hvorfor endres typen?"),
        max_length=200,
        help_text=REASON_HELP,
        error_messages={"required": _("Skriv hvorfor typen endres.")},
    )


class ChangeRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Hvorfor vil dere bytte koordinator?"),
        widget=forms.Textarea,
        max_length=4000,
        error_messages={"required": _("Skriv hvorfor dere ønsker å bytte.")},
    )
    wishes = forms.CharField(
        label=_("Har dere ønsker for ny koordinator?"), widget=forms.Textarea, required=False, max_length=2000
    )


class DeclineForm(forms.Form):
    answer = forms.CharField(
        label=_("Svar til familien"),
        widget=forms.Textarea,
        max_length=4000,
        help_text=_("Forklar hvorfor familien ikke får bytte nå, og hva dere gjør i stedet."),
        error_messages={"required": _("Skriv et svar til familien.")},
    )


class CoordinatorProfileForm(forms.ModelForm):
    coordination_share = forms.IntegerField(
        label=_("Stillingsandel til koordinering (prosent)"),
        min_value=0,
        max_value=100,
        help_text=_("Hvor stor del av stillingen som er satt av til koordinatorarbeid."),
    )

    class Meta:
        model = CoordinatorProfile
        fields = ["coordination_share", "languages", "service_background", "accepts_new_families"]

    def clean_languages(self):
        codes = [c.strip().lower() for c in self.cleaned_data["languages"].split(",") if c.strip()]
        unknown = [c for c in codes if c not in LANGUAGE_CODES]
        if unknown:
            raise forms.ValidationError(_("Ukjent språkkode: %(code)s") % {"code": unknown[0]})
        return ",".join(codes)


class TrainingCourseForm(forms.ModelForm):
    class Meta:
        model = TrainingCourse
        fields = ["name", "provider", "counts_as_coordinator_training"]


class TrainingCompletionForm(forms.Form):
    coordinator = BoundedModelChoiceField(label=_("Koordinator"), queryset=None, empty_label=None)
    completed_on = DateField(
        label=_("Fullført dato"),
        kind=RECORDED,
        future_message=_("Fullført dato kan ikke være etter i dag."),
    )

    def __init__(self, *args, coordinators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = coordinators
        self.fields["coordinator"].label_from_instance = lambda u: u.get_full_name() or u.username


class CoordinatorFilterForm(forms.Form):
    """Search and filters of the coordinators overview, sent as GET parameters."""

    q = forms.CharField(label=_("Søk etter navn"), required=False, max_length=100)
    opplaering = forms.ChoiceField(
        label=_("Opplæring"),
        required=False,
        choices=[("", _("Alle")), ("mangler", _("Mangler opplæring")), ("fullfort", _("Fullført"))],
    )
    kapasitet = forms.ChoiceField(
        label=_("Kapasitet"),
        required=False,
        choices=[("", _("Alle")), ("over", _("Over kapasitet")), ("ledig", _("Har ledig kapasitet"))],
    )

    def wanted(self) -> dict:
        """The search and filters as sent; a field that did not validate narrows nothing."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "query": (data.get("q") or "").strip(),
            "training": data.get("opplaering") or "",
            "capacity": data.get("kapasitet") or "",
        }
