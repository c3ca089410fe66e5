"""The bounds every input meets at the edge, shared by forms and API schemas.

An id is a positive whole number that fits the database (at most 2^63 - 1): anything else is refused
with a message before a query runs, so a huge number in a checkbox or a JSON list answers 4xx, never a
database overflow. Dates have a sane range per kind of date, counted from today in Oslo; texts and lists
have a length limit.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Annotated

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from pydantic import AfterValidator, Field

from . import dates

#: The largest id the database can hold (a signed 64-bit integer).
MAX_ID = 2**63 - 1

#: How many ids one list may hold (services in a consent, guardians, invitees ...).
MAX_IDS = 200

#: Text lengths: a name or title, a line, and free text.
NAME_LENGTH = 200
LINE_LENGTH = 500
TEXT_LENGTH = 10_000


@dataclass(frozen=True)
class DateRange:
    """How far back and ahead a kind of date may lie, in days from today (Europe/Oslo)."""

    days_back: int
    days_ahead: int

    def bounds(self, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
        """The first and last allowed date, counted from `today`."""
        today = today or dates.today()
        return today - datetime.timedelta(days=self.days_back), today + datetime.timedelta(
            days=self.days_ahead
        )

    def check(self, value: datetime.date | None, today: datetime.date | None = None) -> datetime.date | None:
        """`value` when it lies within the range; ValueError with a message in bokmål otherwise."""
        if value is None:
            return value
        first, last = self.bounds(today)
        if value < first:
            raise ValueError(
                str(
                    _("Datoen er for langt tilbake i tid (tidligst %(date)s).")
                    % {"date": dates.long_date(first)}
                )
            )
        if value > last:
            raise ValueError(
                str(_("Datoen er for langt fram i tid (senest %(date)s).") % {"date": dates.long_date(last)})
            )
        return value


#: A birth date: up to 120 years back, never in the future (a coming child has a due date instead).
BIRTH = DateRange(days_back=120 * 366, days_ahead=0)
#: An expected due date: from a month ago (not yet registered as born) to ten months ahead.
DUE = DateRange(days_back=31, days_ahead=310)
#: An appointment, meeting or deadline: within five years either way.
APPOINTMENT = DateRange(days_back=5 * 366, days_ahead=5 * 366)
#: A date something happened or was received, recorded afterwards: up to ten years back, not in the future.
RECORDED = DateRange(days_back=10 * 366, days_ahead=0)
#: A date a plan, consent or decision applies from or until: ten years back to ten years ahead.
VALIDITY = DateRange(days_back=10 * 366, days_ahead=10 * 366)


# --- API (pydantic / django-ninja) ------------------------------------------------------------------

#: An id in a path, query or body.
Id = Annotated[int, Field(ge=1, le=MAX_ID, description="En id: et positivt heltall (høyst 2^63 - 1).")]
#: A list of ids, possibly empty.
IdList = Annotated[list[Id], Field(max_length=MAX_IDS)]
#: A list of ids with at least one.
NonEmptyIdList = Annotated[list[Id], Field(min_length=1, max_length=MAX_IDS)]
Name = Annotated[str, Field(max_length=NAME_LENGTH)]
Line = Annotated[str, Field(max_length=LINE_LENGTH)]
Text = Annotated[str, Field(max_length=TEXT_LENGTH)]


def in_range(kind: DateRange):
    """A pydantic validator keeping a date within `kind`: `Annotated[date, in_range(APPOINTMENT)]`."""
    return AfterValidator(lambda value: kind.check(value))


# --- Forms ------------------------------------------------------------------------------------------


def _valid_id(value) -> bool:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return False
    return 1 <= number <= MAX_ID


def _key(value):
    """The id of a row given as itself (forms bound in code), else the value as it came."""
    return value.pk if isinstance(value, models.Model) else value


class BoundedModelChoiceField(forms.ModelChoiceField):
    """A choice of one row: an id the database cannot hold is an invalid choice, not a query."""

    def to_python(self, value):
        if value not in self.empty_values and not _valid_id(_key(value)):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several rows (checkboxes): at most MAX_IDS, each an id the database can hold."""

    def _check_values(self, value):
        values = list(value)
        if len(values) > MAX_IDS:
            raise ValidationError(_("Velg høyst %(n)s.") % {"n": MAX_IDS}, code="list")
        for item in values:
            if not _valid_id(_key(item)):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(item)[:20]},
                )
        return super()._check_values(values)


class BoundedIdField(forms.IntegerField):
    """A plain id in a form (hidden fields, selects built by hand)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


def check_form_date(value: datetime.date | None, kind: DateRange) -> datetime.date | None:
    """For a form's clean method: the date, or a ValidationError with the range's message."""
    try:
        return kind.check(value)
    except ValueError as error:
        raise ValidationError(str(error), code="date_range") from None
