"""Form pieces shared by the apps."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NeedToKnowReason


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateField(forms.DateField):
    widget = DateInput


class NeedToKnowForm(forms.Form):
    reason = forms.ChoiceField(label=_("Hvorfor trenger du opplysningene?"), choices=NeedToKnowReason.choices)
    explanation = forms.CharField(
        label=_("Forklar kort"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Familien ser det du skriver her i loggen over hvem som har sett opplysningene."),
    )
