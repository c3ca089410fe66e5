"""Deadline arithmetic for case handling.

Pure functions on :class:`datetime.date`; no Django import.

Rules (see the domain description, "Case handling, deadlines and decisions"):

* A period in months ends on the same date in the month it ends in, or on that
  month's last day when the date does not exist (31 January + 1 month =
  28 or 29 February).
* A period in weeks ends on the same weekday (domstolloven § 148).
* A deadline the *family* must meet moves to the next working day when it ends
  on a Saturday, a Sunday, a public holiday or a day the law treats as one
  (1 and 17 May) (domstolloven § 149).
* A deadline the *municipality* must meet (the interim reply, fvl § 11 a) does
  not move: the rule in domstolloven § 149 protects the party who must act
  towards the authority, and an early reminder serves the family better.

All "today" values use the Europe/Oslo time zone.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from functools import lru_cache
from types import MappingProxyType
from zoneinfo import ZoneInfo

from holidays.countries import Norway

__all__ = [
    "COMPLAINT_PERIOD_WEEKS",
    "HOLIDAY_YEARS",
    "INTERIM_REPLY_MONTHS",
    "OSLO",
    "add_months",
    "add_weeks",
    "complaint_deadline",
    "days_left",
    "interim_reply_due",
    "is_public_holiday",
    "is_working_day",
    "next_working_day",
    "norwegian_public_holidays",
    "today_oslo",
]

OSLO = ZoneInfo("Europe/Oslo")

#: pasient- og brukerrettighetsloven § 7-5: four weeks to complain.
COMPLAINT_PERIOD_WEEKS = 4

#: forvaltningsloven § 11 a: interim reply when no answer within one month.
INTERIM_REPLY_MONTHS = 1

# Days the law treats as public holidays for deadline purposes even where a
# holiday calendar might not list them (domstolloven § 149 second paragraph:
# "dager som i lov er bestemt å være offentlig høytidsdag").
_STATUTORY_DAYS = {(5, 1): "Offentlig høytidsdag (1. mai)", (5, 17): "Grunnlovsdag"}


def today_oslo() -> date:
    """Today's date in Norway (Europe/Oslo), whatever the server's time zone."""
    return datetime.now(OSLO).date()


def add_months(d: date, months: int) -> date:
    """The same date ``months`` months later (or earlier, when negative).

    When the target month is too short, the period ends on that month's last
    day: 31 January 2027 + 1 month = 28 February 2027, and 31 January 2028 +
    1 month = 29 February 2028.

    Raises :class:`OverflowError` when the result is outside the range of
    :class:`datetime.date`, as ``date + timedelta`` does.
    """
    index = d.year * 12 + (d.month - 1) + months
    year, month0 = divmod(index, 12)
    if not date.min.year <= year <= date.max.year:
        raise OverflowError("date value out of range")
    month = month0 + 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def add_weeks(d: date, weeks: int) -> date:
    """The same weekday ``weeks`` weeks later (domstolloven § 148)."""
    return d + timedelta(weeks=weeks)


#: Years the holiday calendar covers; outside them a deadline cannot be
#: computed reliably, so the functions below raise ValueError.
HOLIDAY_YEARS = range(
    max(Norway.start_year, 1947),
    getattr(Norway, "end_year", date.max.year) + 1,
)


@lru_cache(maxsize=256)
def _holidays_for_year(year: int) -> Mapping[date, str]:
    if year not in HOLIDAY_YEARS:
        raise ValueError(
            f"Norwegian public holidays are only known for {HOLIDAY_YEARS.start}"
            f"-{HOLIDAY_YEARS.stop - 1}, not {year}"
        )
    calendar_ = Norway(years=year, language="no", include_sundays=False)
    result: dict[date, str] = {}
    for day, name in calendar_.items():
        # Some versions of the package list every Sunday as "Søndag". An
        # ordinary Sunday is not a public holiday; weekends are handled
        # separately in is_working_day. Named Sundays (Easter Sunday,
        # Whit Sunday) are kept.
        if day.weekday() == 6 and name.strip().lower() in {"søndag", "sunday"}:
            continue
        result[day] = name
    for (month, day_of_month), name in _STATUTORY_DAYS.items():
        result.setdefault(date(year, month, day_of_month), name)
    return MappingProxyType(dict(sorted(result.items())))


def norwegian_public_holidays(year: int) -> dict[date, str]:
    """Norway's public holidays in ``year``, date → Norwegian name.

    Includes New Year's Day, Maundy Thursday, Good Friday, Easter Sunday and
    Monday, 1 May, Ascension Day, 17 May, Whit Sunday and Monday, and
    Christmas Day and Boxing Day. Ordinary Sundays are not included (use
    :func:`is_working_day` for weekends).

    Raises :class:`ValueError` for a year outside :data:`HOLIDAY_YEARS`
    (from 1947, when the current public holiday act took effect, to the last
    year the ``holidays`` package covers) rather than answer wrongly.
    """
    return dict(_holidays_for_year(year))


def is_public_holiday(d: date) -> bool:
    """True when ``d`` is a Norwegian public holiday (including 1 and 17 May)."""
    return d in _holidays_for_year(d.year)


def is_working_day(d: date) -> bool:
    """True for Monday to Friday unless the day is a public holiday.

    Raises :class:`ValueError` outside :data:`HOLIDAY_YEARS`.
    """
    return d.weekday() < 5 and not is_public_holiday(d)


def next_working_day(d: date) -> date:
    """The first working day on or after ``d``.

    Returns ``d`` itself when it is a working day; otherwise the first
    following day that is neither a weekend nor a public holiday. This is
    the rule in domstolloven § 149 for moving a deadline.
    """
    while not is_working_day(d):
        d += timedelta(days=1)
    return d


def interim_reply_due(received: date) -> date:
    """Last day to send an interim reply (foreløpig svar), fvl § 11 a.

    One month after the application was received. The date is *not* moved
    off weekends or holidays: it is the municipality's own deadline, and only
    a family's deadline moves to the next working day (domstolloven § 149).
    """
    return add_months(received, INTERIM_REPLY_MONTHS)


def complaint_deadline(notified: date) -> date:
    """Last day for the family to complain (pasient- og brukerrettighetsloven § 7-5).

    Four weeks from the day the family got, or should have got, the decision.
    The period ends on the same weekday (domstolloven § 148) and moves to the
    next working day when it ends on a Saturday, Sunday, public holiday or
    1 or 17 May (domstolloven § 149).
    """
    return next_working_day(add_weeks(notified, COMPLAINT_PERIOD_WEEKS))


def days_left(deadline: date, today: date | None = None) -> int:
    """Whole days from ``today`` to ``deadline``.

    0 on the deadline itself, negative once it has passed. ``today`` defaults
    to today's date in Europe/Oslo.
    """
    if today is None:
        today = today_oslo()
    return (deadline - today).days
