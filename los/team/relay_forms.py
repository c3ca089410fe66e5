"""Forms for the BTI relay log (stafettlogg). Domain rules live in the relay log's services
(`los.team.services.relay`); forms check the shape."""

from django import forms
from django.utils.translation import gettext_lazy as _

from los.core import dates
from los.core.access import STAFF_ROLES
from los.core.bounds import APPOINTMENT, RECORDED, VALIDITY
from los.core.forms import BoundedModelChoiceField, BoundedModelMultipleChoiceField, DateField
from los.core.models import User
from los.people.models import Service
from los.plans.forms import TEXTAREA, PeriodMixin, municipality_services

from .models import EntryKind, RelayLevel


def _service_label(s):
    return f"{s.name} ({s.organisation.name})"


def _person_label(u):
    return f"{u.display_name} ({u.get_role_display().lower()})"


class RelayLogForm(forms.Form):
    concern = forms.CharField(label=_("Hva er bekymringen?"), widget=TEXTAREA, max_length=4000)
    level = forms.TypedChoiceField(
        label=_("Nivå"),
        choices=RelayLevel.choices,
        coerce=int,
        error_messages={"invalid_choice": _("Nivået må være 0, 1, 2 eller 3.")},
    )
    services = BoundedModelMultipleChoiceField(
        label=_("Tjenester som er med"),
        queryset=Service.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Bare tjenester familien har samtykket til, kan være med."),
    )

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].queryset = municipality_services(family)
        self.fields["services"].label_from_instance = _service_label


class RelayEntryForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Hva vil du skrive?"),
        choices=[(k, label) for k, label in EntryKind.choices if k != EntryKind.EVENT],
    )
    happened_on = DateField(
        label=_("Dato"),
        kind=RECORDED,
        initial=dates.today,
        future_message=_("Datoen kan ikke være fram i tid."),
    )
    text = forms.CharField(label=_("Tekst"), widget=TEXTAREA, max_length=4000)


class HandoverForm(forms.Form):
    to_holder = BoundedModelChoiceField(
        label=_("Ny stafettholder"),
        queryset=User.objects.none(),
        error_messages={"invalid_choice": _("Velg en person fra listen.")},
    )
    note = forms.CharField(
        label=_("Beskjed til den nye stafettholderen"), required=False, widget=TEXTAREA, max_length=2000
    )

    def __init__(self, *args, family, exclude_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_holder"].queryset = (
            User.objects.filter(role__in=STAFF_ROLES, municipality_id=family.municipality_id, is_active=True)
            .exclude(pk=exclude_user.pk)
            .order_by("first_name", "last_name", "username")
        )
        self.fields["to_holder"].label_from_instance = _person_label


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("Hvorfor avsluttes loggen?"), widget=TEXTAREA, max_length=2000)


class CarryIntoPlanForm(PeriodMixin, forms.Form):
    """Carry a relay log into the plan. The period fields are asked for only when the plan is new."""

    note = forms.CharField(
        label=_("Merknad til den nye versjonen av planen"), required=False, widget=TEXTAREA, max_length=2000
    )
    period_start = DateField(
        label=_("Planen gjelder fra"), kind=VALIDITY, required=False, initial=dates.today
    )
    period_end = DateField(label=_("Planen gjelder til"), kind=VALIDITY, required=False)
    next_revision_on = DateField(
        label=_("Første revisjon av planen"),
        kind=APPOINTMENT,
        required=False,
        initial=lambda: dates.add_months(dates.today(), 6),
    )

    def __init__(self, *args, new_plan: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not new_plan:
            for name in ("period_start", "period_end", "next_revision_on"):
                del self.fields[name]
        else:
            self.fields["period_start"].required = True
            self.fields["next_revision_on"].required = True
