"""Forms of the coordinating unit's pages for places, travel times and the services' opening hours.
The querysets are the caller's municipality's own (`los.calendar.services.places`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from los.core.bounds import APPOINTMENT
from los.core.forms import BoundedModelChoiceField, DateField

from .forms import TimeInput
from .models import WEEKDAYS

#: The longest travel between two places Los takes (minutes): a day's journey is not a travel time.
MAX_TRAVEL_MINUTES = 600


class PlaceForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=120, help_text=_("F.eks. «Helsehuset»."))
    address = forms.CharField(label=_("Adresse"), max_length=200, required=False)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Skriv navnet på stedet."))
        return name


class TravelTimeForm(forms.Form):
    place_a = BoundedModelChoiceField(label=_("Fra"), queryset=None, empty_label=_("Velg sted"))
    place_b = BoundedModelChoiceField(label=_("Til"), queryset=None, empty_label=_("Velg sted"))
    minutes = forms.IntegerField(
        label=_("Reisetid i minutter"),
        min_value=1,
        max_value=MAX_TRAVEL_MINUTES,
        help_text=_("Samme reisetid gjelder begge veier."),
    )

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place_a"].queryset = places
        self.fields["place_b"].queryset = places

    def clean(self):
        data = super().clean()
        if data.get("place_a") and data.get("place_a") == data.get("place_b"):
            self.add_error("place_b", _("Velg to forskjellige steder."))
        return data


class ServiceCalendarForm(forms.Form):
    place = BoundedModelChoiceField(label=_("Sted"), queryset=None, empty_label=_("Velg sted"))
    min_days_between = forms.IntegerField(
        label=_("Minst antall dager mellom to timer"),
        min_value=0,
        max_value=60,
        initial=0,
        help_text=_("F.eks. 1: aldri to timer samme dag. 0: ingen grense."),
    )
    min_minutes_between = forms.IntegerField(
        label=_("Minst antall minutter mellom to timer samme dag"),
        min_value=0,
        max_value=480,
        initial=0,
        help_text=_("0: ingen grense."),
    )

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places


class OpeningHoursForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Ukedag"), choices=WEEKDAYS, coerce=int)
    opens = forms.TimeField(label=_("Åpner"), widget=TimeInput)
    closes = forms.TimeField(label=_("Stenger"), widget=TimeInput)

    def clean(self):
        data = super().clean()
        if data.get("opens") and data.get("closes") and data["closes"] <= data["opens"]:
            self.add_error("closes", _("Stenger må være etter åpner."))
        return data


class ClosedDateForm(forms.Form):
    date = DateField(label=_("Dato"), kind=APPOINTMENT)
    reason = forms.CharField(
        label=_("Grunn"), max_length=120, required=False, help_text=_("F.eks. «Planleggingsdag».")
    )
