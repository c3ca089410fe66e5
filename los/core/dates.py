"""The one clock and the one calendar: today and now in Norway, Norwegian public holidays, and dates
written the Norwegian way.

Every "today" in Los is today in Europe/Oslo, whatever the server's time zone: a deadline that ends at
midnight in Oslo must not end at 01.00 because a server runs in UTC. Holidays come from the `holidays`
package, with 1 and 17 May added as the law treats them as public holidays for deadlines (domstolloven
§ 149 second paragraph). Dates in text go through Django's localisation (`date_format`), so a date reads
"2. april 2033" in bokmål and "2 April 2033" in English without hand-written month names.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType
from zoneinfo import ZoneInfo

from holidays.countries import Norway

OSLO = ZoneInfo("Europe/Oslo")

#: Days the law treats as public holidays for deadlines even where a holiday calendar might not list them
#: (domstolloven § 149 second paragraph: "dager som i lov er bestemt å være offentlig høytidsdag").
_STATUTORY_DAYS = {(5, 1): "Offentlig høytidsdag (1. mai)", (5, 17): "Grunnlovsdag"}

#: Years the holiday calendar covers; outside them a deadline cannot be computed reliably, so the
#: functions below raise ValueError.
HOLIDAY_YEARS = range(max(Norway.start_year, 1947), getattr(Norway, "end_year", datetime.date.max.year) + 1)


# --- The clock ------------------------------------------------------------------------------------


def now() -> datetime.datetime:
    """This moment, as an aware datetime in Europe/Oslo."""
    return datetime.datetime.now(OSLO)


def today() -> datetime.date:
    """Today's date in Norway (Europe/Oslo), whatever the server's time zone."""
    return now().date()


def local(moment: datetime.datetime) -> datetime.datetime:
    """`moment` as Norwegian wall-clock time."""
    return moment.astimezone(OSLO)


def local_day(moment: datetime.datetime) -> datetime.date:
    """The Norwegian date `moment` falls on."""
    return moment.astimezone(OSLO).date()


def at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """The moment a Norwegian wall clock shows `time` on `day`."""
    return datetime.datetime.combine(day, time, tzinfo=OSLO)


# --- Calendar arithmetic --------------------------------------------------------------------------


def add_months(d: datetime.date, months: int) -> datetime.date:
    """The same date `months` months later (or earlier): a period in months ends on the same date in the
    month it ends in, or on that month's last day when the date does not exist (31 January + 1 month =
    28 or 29 February). Raises OverflowError outside the range of `datetime.date`, as `date + timedelta`
    does."""
    index = d.year * 12 + (d.month - 1) + months
    year, month0 = divmod(index, 12)
    if not datetime.date.min.year <= year <= datetime.date.max.year:
        raise OverflowError("date value out of range")
    month = month0 + 1
    return datetime.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def add_months_or_max(d: datetime.date, months: int) -> datetime.date:
    """`add_months`, or the last date there is when the result would lie beyond it."""
    try:
        return add_months(d, months)
    except OverflowError:
        return datetime.date.max


def add_weeks(d: datetime.date, weeks: int) -> datetime.date:
    """The same weekday `weeks` weeks later: a period in weeks ends on the same weekday (domstolloven
    § 148)."""
    return d + datetime.timedelta(weeks=weeks)


def birthday(birth: datetime.date, age: int) -> datetime.date | None:
    """The day a person born on `birth` turns `age`: someone born on 29 February turns a year older on
    1 March in years that are not leap years. None when that day lies beyond the last date there is."""
    year = birth.year + age
    if year > datetime.date.max.year:
        return None
    if birth.month == 2 and birth.day == 29 and not calendar.isleap(year):
        return datetime.date(year, 3, 1)
    return datetime.date(year, birth.month, birth.day)


def age_on(birth: datetime.date, on: datetime.date) -> int:
    """Age in whole years on `on`, counted by birthdays (see `birthday`); meaningful when `on` is not
    before `birth`."""
    years = on.year - birth.year
    this_years_birthday = birthday(birth, years)
    if this_years_birthday is not None and on < this_years_birthday:
        years -= 1
    return years


# --- Public holidays and working days ---------------------------------------------------------------


@lru_cache(maxsize=256)
def _holidays_for_year(year: int) -> Mapping[datetime.date, str]:
    if year not in HOLIDAY_YEARS:
        raise ValueError(
            f"Norwegian public holidays are only known for {HOLIDAY_YEARS.start}"
            f"-{HOLIDAY_YEARS.stop - 1}, not {year}"
        )
    result: dict[datetime.date, str] = {}
    for day, name in Norway(years=year, language="no", include_sundays=False).items():
        # Some versions of the package list every Sunday as "Søndag". An ordinary Sunday is not a public
        # holiday (weekends are handled in is_working_day); named Sundays (Easter, Whitsun) are kept.
        if day.weekday() == 6 and name.strip().lower() in {"søndag", "sunday"}:
            continue
        result[day] = name
    for (month, day_of_month), name in _STATUTORY_DAYS.items():
        result.setdefault(datetime.date(year, month, day_of_month), name)
    return MappingProxyType(dict(sorted(result.items())))


def norwegian_public_holidays(year: int) -> dict[datetime.date, str]:
    """Norway's public holidays in `year`, date to Norwegian name (lov om helgedager og helgedagsfred;
    1 and 17 May by lov om 1. og 17. mai som høgtidsdager). Ordinary Sundays are not included. Raises
    ValueError for a year outside HOLIDAY_YEARS rather than answer wrongly."""
    return dict(_holidays_for_year(year))


def is_public_holiday(d: datetime.date) -> bool:
    """True when `d` is a Norwegian public holiday (including 1 and 17 May)."""
    return d in _holidays_for_year(d.year)


def is_working_day(d: datetime.date) -> bool:
    """True for Monday to Friday unless the day is a public holiday (ValueError outside HOLIDAY_YEARS)."""
    return d.weekday() < 5 and not is_public_holiday(d)


def next_working_day(d: datetime.date) -> datetime.date:
    """The first working day on or after `d`: how a family's deadline that ends on a weekend or holiday
    moves (domstolloven § 149)."""
    while not is_working_day(d):
        d += datetime.timedelta(days=1)
    return d


# --- Dates in text --------------------------------------------------------------------------------


def long_date(d: datetime.date, language: str | None = None) -> str:
    """`d` as running text writes it: "2. april 2033" in bokmål. In the active language, or in
    `language` when given (the eligibility engine writes its notes in bokmål)."""
    from django.utils import translation
    from django.utils.formats import date_format

    if language is None:
        return date_format(d, "j. F Y")
    with translation.override(language):
        return date_format(d, "j. F Y")
