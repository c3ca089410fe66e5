"""Interim replies, decisions and complaints."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from los.core.bounds import APPOINTMENT, RECORDED, VALIDITY
from los.core.forms import BoundedModelChoiceField, DateField

from ..models import Channel, Outcome, Right


class InterimReplyForm(forms.Form):
    reason = forms.CharField(
        label=_("Hvorfor tar det tid?"),
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": _("Skriv hvorfor svaret tar tid.")},
    )
    expected_by = DateField(
        label=_("Når kan familien vente svar?"),
        kind=APPOINTMENT,
        error_messages={
            "required": _("Oppgi når familien kan vente svar."),
            "invalid": _("Skriv datoen som ÅÅÅÅ-MM-DD."),
        },
    )


class DecisionForm(forms.Form):
    """One decision on all three rights. Outcomes default from the reviewed assessment."""

    valid_from = DateField(label=_("Vedtaket gjelder fra"), kind=VALIDITY)
    notified_on = DateField(
        label=_("Familien får vedtaket"),
        kind=RECORDED,
        future_message=_("Datoen familien fikk vedtaket kan ikke være etter i dag."),
        help_text=_(
            "Klagefristen på fire uker regnes fra denne datoen (pasient- og brukerrettighetsloven § 7-5)."
        ),
    )
    facts = forms.CharField(label=_("Hva vi bygger på (faktum)"), widget=forms.Textarea, max_length=6000)
    family_views = forms.CharField(label=_("Familiens syn"), widget=forms.Textarea, max_length=4000)
    child_views = forms.CharField(
        label=_("Barnets syn"),
        widget=forms.Textarea,
        required=False,
        max_length=4000,
        help_text=_("Barnet skal få si sin mening fra 7 år, og meningen skal vektlegges mer fra 12 år."),
    )
    weighing = forms.CharField(label=_("Hvordan synene er vektlagt"), widget=forms.Textarea, max_length=4000)
    contact_person = BoundedModelChoiceField(
        label=_("Kontaktperson for familien"), queryset=None, empty_label=None
    )

    def __init__(self, *args, caseworkers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_person"].queryset = caseworkers
        self.fields["contact_person"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.right_fields = []
        for right, label in Right.choices:
            self.fields[f"{right}_outcome"] = forms.ChoiceField(
                label=_("Resultat: %(right)s") % {"right": label}, choices=Outcome.choices
            )
            self.fields[f"{right}_reasons"] = forms.CharField(
                label=_("Begrunnelse: %(right)s") % {"right": label},
                widget=forms.Textarea,
                required=False,
                max_length=4000,
            )
            self.fields[f"{right}_more_generous"] = forms.CharField(
                label=_("Hvis kommunen gir mer enn loven krever: hvorfor?"),
                required=False,
                max_length=2000,
            )
            self.right_fields.append(
                (
                    right,
                    label,
                    self[f"{right}_outcome"],
                    self[f"{right}_reasons"],
                    self[f"{right}_more_generous"],
                )
            )

    def outcomes(self) -> dict:
        data = self.cleaned_data
        return {
            right: (
                data[f"{right}_outcome"],
                data.get(f"{right}_reasons", ""),
                data.get(f"{right}_more_generous", ""),
            )
            for right in Right.values
        }


class ComplaintForm(forms.Form):
    grounds = forms.CharField(
        label=_("Hva klager dere på, og hvorfor?"),
        widget=forms.Textarea,
        max_length=6000,
        help_text=_("Skriv med egne ord. Fortell gjerne hva dere mener er feil, og hva dere ønsker."),
        error_messages={"required": _("Skriv hva dere klager på, og hvorfor.")},
    )


class StaffComplaintForm(ComplaintForm):
    channel = forms.ChoiceField(
        label=_("Mottatt som"), choices=[c for c in Channel.choices if c[0] != Channel.PORTAL]
    )
    received_on = DateField(
        label=_("Mottatt dato"),
        kind=RECORDED,
        future_message=_("Mottatt dato kan ikke være etter i dag."),
    )
    field_order = ["channel", "received_on", "grounds"]


class ForwardForm(forms.Form):
    municipality_assessment = forms.CharField(
        label=_("Kommunens vurdering av klagen"),
        widget=forms.Textarea,
        max_length=6000,
        help_text=_(
            "Hvorfor kommunen ikke er enig i klagen. Teksten sendes til Statsforvalteren og familien."
        ),
        error_messages={"required": _("Skriv kommunens vurdering av klagen.")},
    )
