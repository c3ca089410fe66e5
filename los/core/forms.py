"""Form pieces shared by the apps: the date input, dates within a sane range for their kind, choices of
rows that the database can hold, lists with a size limit (the bounds are in `los.core.bounds`)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import dates
from .bounds import (
    MAX_ID,
    MAX_IDS,
    BoundedIdField,
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
    DateRange,
    check_form_date,
)
from .models import NeedToKnowReason

__all__ = [
    "BoundedIdField",
    "BoundedModelChoiceField",
    "BoundedModelMultipleChoiceField",
    "BoundedMultipleChoiceField",
    "BoundedTypedMultipleChoiceField",
    "DateField",
    "DateInput",
    "NeedToKnowForm",
    "id_pair",
]

FUTURE = _("Datoen kan ikke være fram i tid.")


class DateInput(forms.DateInput):
    """The browser's date picker. With a `kind` it offers only the dates of that kind's range."""

    input_type = "date"

    def __init__(self, attrs=None, kind: DateRange | None = None):
        super().__init__(attrs, format="%Y-%m-%d")
        self.kind = kind

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.kind is not None:
            # Counted when the page is drawn, not when the form class was made: a server runs for days.
            first, last = self.kind.bounds()
            context["widget"]["attrs"].setdefault("min", first.isoformat())
            context["widget"]["attrs"].setdefault("max", last.isoformat())
        return context


class DateField(forms.DateField):
    """A date within the sane range of its `kind` (`bounds.BIRTH`, `DUE`, `APPOINTMENT`, `RECORDED`,
    `VALIDITY`), so 9999-12-31 is refused on the field. For kinds that end today, a later date gets
    `future_message` (or a plain "not in the future")."""

    widget = DateInput

    def __init__(self, *, kind: DateRange, future_message=None, **kwargs):
        super().__init__(**kwargs)
        self.kind = kind
        self.future_message = future_message
        if isinstance(self.widget, DateInput) and self.widget.kind is None:
            self.widget.kind = kind

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        if self.kind.days_ahead == 0 and value > dates.today():
            raise ValidationError(self.future_message or FUTURE, code="future")
        check_form_date(value, self.kind)


class _MaxItems:
    """A list input with at most `max_items` entries (checkboxes, multiple selects)."""

    def __init__(self, *args, max_items: int = MAX_IDS, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_items = max_items

    def validate(self, value):
        if value and len(value) > self.max_items:
            raise ValidationError(_("Velg høyst %(n)s.") % {"n": self.max_items}, code="list")
        super().validate(value)


class BoundedMultipleChoiceField(_MaxItems, forms.MultipleChoiceField):
    """Checkboxes of fixed choices: at most `max_items` ticked."""


class BoundedTypedMultipleChoiceField(_MaxItems, forms.TypedMultipleChoiceField):
    """Checkboxes of fixed choices, coerced (e.g. weekdays as numbers): at most `max_items` ticked."""


def id_pair(value: str, message) -> tuple[int, int]:
    """Two ids written "a:b" (a professional and a service), each one the database can hold; else a
    ValidationError with `message`."""
    parts = (value or "").split(":")
    if len(parts) != 2 or not all(p.isascii() and p.isdigit() and len(p) <= 19 for p in parts):
        raise ValidationError(message, code="invalid_choice")
    first, second = int(parts[0]), int(parts[1])
    if not (1 <= first <= MAX_ID and 1 <= second <= MAX_ID):
        raise ValidationError(message, code="invalid_choice")
    return first, second


class NeedToKnowForm(forms.Form):
    reason = forms.ChoiceField(label=_("Hvorfor trenger du opplysningene?"), choices=NeedToKnowReason.choices)
    explanation = forms.CharField(
        label=_("Forklar kort"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Familien ser det du skriver her i loggen over hvem som har sett opplysningene."),
    )
