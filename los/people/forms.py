from django import forms
from django.utils.translation import gettext_lazy as _

from los.core.bounds import BIRTH, DUE
from los.core.forms import DateField

from .identifiers import validate_national_id
from .models import Child, Family, Guardian


class FamilyForm(forms.ModelForm):
    class Meta:
        model = Family
        fields = ["name"]


class ChildForm(forms.ModelForm):
    birth_date = DateField(
        label=_("Fødselsdato"),
        kind=BIRTH,
        required=False,
        future_message=_("Fødselsdatoen kan ikke være i fremtiden."),
    )
    expected_due_date = DateField(
        label=_("Termindato"), kind=DUE, required=False, help_text=_("Bare for barn som ikke er født ennå.")
    )

    class Meta:
        model = Child
        fields = ["first_name", "last_name", "birth_date", "expected_due_date", "national_id"]

    def clean_national_id(self):
        value = self.cleaned_data.get("national_id", "")
        return validate_national_id(value) if value else ""

    def clean(self):
        data = super().clean()
        birth, due = data.get("birth_date"), data.get("expected_due_date")
        if not self.errors and birth is None and due is None:
            raise forms.ValidationError(
                _("Oppgi fødselsdato, eller termindato for et barn som ikke er født.")
            )
        if birth and due:
            self.add_error("expected_due_date", _("Et født barn har fødselsdato, ikke termindato."))
        return data


class GuardianForm(forms.ModelForm):
    class Meta:
        model = Guardian
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "parental_responsibility",
            "preferred_language",
            "interpreter_needed",
            "national_id",
        ]

    def clean_national_id(self):
        value = self.cleaned_data.get("national_id", "")
        return validate_national_id(value) if value else ""
