"""Forms of the calendar pages. Times are entered as local Norwegian time."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from los.core import dates
from los.core.bounds import APPOINTMENT, TEXT_LENGTH, check_form_date
from los.core.forms import (
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
    BoundedTypedMultipleChoiceField,
    DateField,
)

from .models import DEFAULT_BUFFER_MINUTES, WEEKDAYS, AppointmentKind


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class AppointmentForm(forms.Form):
    child = BoundedModelChoiceField(
        label=_("Hvem gjelder avtalen"),
        queryset=None,
        required=False,
        empty_label=_("Hele familien"),
        error_messages={"invalid_choice": _("Velg et av barna i familien, eller hele familien.")},
    )
    service = BoundedModelChoiceField(
        label=_("Tjeneste"), queryset=None, required=False, empty_label=_("Ingen (egen avtale)")
    )
    title = forms.CharField(
        label=_("Tittel"), max_length=120, required=False, help_text=_("Tom tittel gir tjenestens navn.")
    )
    kind = forms.ChoiceField(label=_("Type"), choices=AppointmentKind.choices)
    date = DateField(label=_("Dato"), kind=APPOINTMENT)
    start_time = forms.TimeField(label=_("Fra klokken"), widget=TimeInput)
    end_time = forms.TimeField(label=_("Til klokken"), widget=TimeInput)
    place = BoundedModelChoiceField(
        label=_("Sted"), queryset=None, required=False, empty_label=_("Tjenestens vanlige sted")
    )
    child_attends = forms.BooleanField(label=_("Barnet skal være med"), required=False, initial=True)
    guardians = BoundedModelMultipleChoiceField(
        label=_("Foresatte som skal være med"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(label=_("Merknad"), required=False, widget=forms.Textarea, max_length=1000)

    def __init__(self, *args, services, places, guardians, children=None, family_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        if children is None:
            del self.fields["child"]
        else:
            self.fields["child"].queryset = children
        self.fields["service"].queryset = services
        self.fields["place"].queryset = places
        self.fields["guardians"].queryset = guardians
        if family_only:
            del self.fields["service"]
            self.fields["kind"].choices = [
                (AppointmentKind.SCHOOL_EVENT, AppointmentKind.SCHOOL_EVENT.label),
                (AppointmentKind.MEETING, AppointmentKind.MEETING.label),
                (AppointmentKind.TREATMENT, AppointmentKind.TREATMENT.label),
            ]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("Sluttidspunktet må være etter starttidspunktet."))
        return data

    @staticmethod
    def initial_from(appointment) -> dict:
        """The form's fields for an appointment, its times in Norwegian time."""
        start, end = dates.local(appointment.starts_at), dates.local(appointment.ends_at)
        return {
            "child": appointment.child_id,
            "service": appointment.service_id,
            "title": appointment.title,
            "kind": appointment.kind,
            "date": start.date(),
            "start_time": start.time(),
            "end_time": end.time(),
            "place": appointment.place_id,
            "child_attends": appointment.child_attends,
            "guardians": [g.pk for g in appointment.guardians.all()],
            "notes": appointment.notes,
        }

    def to_data(self) -> dict:
        """The appointment as the services take it: the times entered as Norwegian wall-clock times."""
        d = self.cleaned_data
        child = {"child": d.get("child")} if "child" in self.fields else {}
        return {
            **child,
            "service": d.get("service"),
            "title": d["title"],
            "kind": d["kind"],
            "starts_at": dates.at(d["date"], d["start_time"]),
            "ends_at": dates.at(d["date"], d["end_time"]),
            "place": d.get("place"),
            "child_attends": d["child_attends"],
            "guardians": list(d["guardians"]),
            "notes": d["notes"],
        }


class NeedForm(forms.Form):
    child = BoundedModelChoiceField(label=_("Barn"), queryset=None, empty_label=_("Velg barn"))
    service = BoundedModelChoiceField(label=_("Tjeneste"), queryset=None)
    title = forms.CharField(
        label=_("Hva trengs"), max_length=120, help_text=_("F.eks. «Fysioterapi hver uke».")
    )
    kind = forms.ChoiceField(label=_("Type"), choices=AppointmentKind.choices)
    count = forms.IntegerField(label=_("Antall timer"), min_value=1, max_value=60, initial=1)
    duration_minutes = forms.IntegerField(
        label=_("Varighet i minutter"), min_value=5, max_value=480, initial=45
    )
    window_from = DateField(label=_("Tidligst"), kind=APPOINTMENT, initial=dates.today)
    window_to = DateField(label=_("Senest"), kind=APPOINTMENT)
    min_days_between = forms.IntegerField(
        label=_("Minst antall dager mellom timene"), min_value=0, max_value=365, initial=0, required=False
    )
    max_days_between = forms.IntegerField(
        label=_("Høyst antall dager mellom timene"),
        min_value=1,
        max_value=365,
        required=False,
        help_text=_("La stå tom hvis det ikke er noen grense."),
    )

    def __init__(self, *args, services, children=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        # The family's own children only: another family's child is "not one of the choices".
        if children is None or not children.exists():
            del self.fields["child"]
        else:
            self.fields["child"].queryset = children
            if children.count() == 1:
                self.fields["child"].initial = children.first().pk

    def clean(self):
        data = super().clean()
        a, b = data.get("window_from"), data.get("window_to")
        if a and b and b < a:
            self.add_error("window_to", _("«Senest» må være samme dag som eller etter «tidligst»."))
        low, high = data.get("min_days_between") or 0, data.get("max_days_between")
        if high is not None and high < low:
            self.add_error("max_days_between", _("Kan ikke være mindre enn «minst antall dager mellom»."))
        data["min_days_between"] = low
        return data


#: How many single dates a family may mark as unavailable (a year of days).
MAX_UNAVAILABLE_DATES = 366


class LimitsForm(forms.Form):
    max_appointments_per_day = forms.IntegerField(
        label=_("Flest avtaler på én dag"), min_value=1, max_value=10
    )
    earliest = forms.TimeField(label=_("Tidligst klokken"), widget=TimeInput)
    latest = forms.TimeField(label=_("Senest klokken"), widget=TimeInput)
    unavailable_weekdays = BoundedTypedMultipleChoiceField(
        label=_("Dager familien ikke kan"),
        choices=WEEKDAYS[:5] + WEEKDAYS[5:],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    unavailable_dates = forms.CharField(
        label=_("Datoer familien ikke kan"),
        required=False,
        widget=forms.Textarea,
        max_length=TEXT_LENGTH,
        help_text=_("Én dato per linje, f.eks. 24.03.2027."),
    )
    buffer_minutes = forms.IntegerField(
        label=_("Pause mellom to avtaler (minutter)"),
        min_value=0,
        max_value=120,
        required=False,
        help_text=_("Tid til å hvile, spise eller vente, i tillegg til reisetiden mellom stedene."),
    )

    @staticmethod
    def initial_from(limits) -> dict:
        """The form's fields for the family's current limits (dates written dd.mm.åååå, one a line)."""
        return {
            "max_appointments_per_day": limits.max_appointments_per_day,
            "earliest": limits.earliest,
            "latest": limits.latest,
            "unavailable_weekdays": limits.unavailable_weekdays,
            "unavailable_dates": "\n".join(
                dt.date.fromisoformat(d).strftime("%d.%m.%Y") for d in limits.unavailable_dates
            ),
            "buffer_minutes": limits.buffer_minutes,
        }

    def clean_buffer_minutes(self):
        value = self.cleaned_data.get("buffer_minutes")
        return DEFAULT_BUFFER_MINUTES if value is None else value

    def clean_unavailable_dates(self):
        out = []
        for line in self.cleaned_data["unavailable_dates"].replace(",", "\n").splitlines():
            line = line.strip()
            if not line:
                continue
            for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
                try:
                    day = dt.datetime.strptime(line, fmt).date()
                    break
                except ValueError:
                    continue
            else:
                raise forms.ValidationError(_("«%(v)s» er ikke en dato (dd.mm.åååå).") % {"v": line[:20]})
            try:
                check_form_date(day, APPOINTMENT)
            except forms.ValidationError as error:
                raise forms.ValidationError(f"«{line[:20]}»: {error.messages[0]}") from None
            out.append(day.isoformat())
        out = sorted(set(out))
        if len(out) > MAX_UNAVAILABLE_DATES:
            raise forms.ValidationError(
                _("Skriv høyst %(n)s datoer.") % {"n": MAX_UNAVAILABLE_DATES}, code="list"
            )
        return out

    def clean(self):
        data = super().clean()
        if data.get("earliest") and data.get("latest") and data["latest"] <= data["earliest"]:
            self.add_error("latest", _("«Senest» må være etter «tidligst»."))
        return data


def _tomorrow() -> dt.date:
    return dates.today() + dt.timedelta(days=1)


class ProposalForm(forms.Form):
    start = DateField(label=_("Fra dato"), kind=APPOINTMENT, initial=_tomorrow)
    weeks = forms.IntegerField(label=_("Antall uker"), min_value=1, max_value=26, initial=12)


class AdjustForm(forms.Form):
    """One proposed time, moved by the coordinator before the proposal is sent."""

    date = DateField(label=_("Dato"), kind=APPOINTMENT)
    start_time = forms.TimeField(label=_("Klokken"), widget=TimeInput)
    was = forms.CharField(widget=forms.HiddenInput, max_length=16)


class CounterForm(forms.Form):
    date = DateField(label=_("Ny dato"), kind=APPOINTMENT)
    start_time = forms.TimeField(label=_("Klokken"), widget=TimeInput)
    message = forms.CharField(label=_("Melding til koordinatoren"), required=False, max_length=300)


#: The largest .ics file a service may import (a year of a busy service is far below it).
MAX_IMPORT_BYTES = 2_000_000


class ImportForm(forms.Form):
    service = BoundedModelChoiceField(label=_("Tjeneste"), queryset=None)
    file = forms.FileField(label=_("Kalenderfil (.ics)"))

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("Filen er for stor (mer enn 2 MB)."))
        return upload
