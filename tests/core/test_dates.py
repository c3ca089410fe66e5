"""The one clock and calendar: months, weeks, working days, Norwegian public holidays, today in Oslo and
dates in Norwegian text."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from holidays.countries import Norway
from hypothesis import given
from hypothesis import strategies as st

from los.core import dates
from los.core.dates import (
    HOLIDAY_YEARS,
    add_months,
    age_on,
    birthday,
    is_public_holiday,
    is_working_day,
    long_date,
    next_working_day,
    norwegian_public_holidays,
)

D = date.fromisoformat

# Dates for which the holiday calendar is known.
calendar_dates = st.dates(
    min_value=date(HOLIDAY_YEARS.start, 1, 1), max_value=date(HOLIDAY_YEARS.stop - 2, 11, 30)
)


# --- Months -----------------------------------------------------------------

ADD_MONTHS_CASES = [
    # (start, months, expected, why)
    ("2026-11-23", 1, "2026-12-23", "same date in the next month"),
    ("2026-12-15", 1, "2027-01-15", "across the turn of the year"),
    ("2027-01-31", 1, "2027-02-28", "31 January + 1 month = 28 February in a common year"),
    ("2028-01-31", 1, "2028-02-29", "31 January + 1 month = 29 February in a leap year"),
    ("2026-03-31", 1, "2026-04-30", "April has no 31st: the month's last day"),
    ("2026-12-31", 2, "2027-02-28", "two months from New Year's Eve"),
    ("2026-08-31", 6, "2027-02-28", "six months from the end of August"),
    ("2028-02-29", 12, "2029-02-28", "a year from a leap day"),
    ("2026-05-31", -1, "2026-04-30", "one month back"),
    ("2026-01-15", 0, "2026-01-15", "no months"),
]


@pytest.mark.parametrize(("start", "months", "expected", "why"), ADD_MONTHS_CASES)
def test_a_period_in_months_ends_on_the_same_date_or_the_months_last_day(start, months, expected, why):
    assert add_months(D(start), months) == D(expected), why


@given(st.dates(), st.integers(min_value=-2400, max_value=2400))
def test_add_months_keeps_the_date_or_clips_to_the_last_day(d, months):
    try:
        result = add_months(d, months)
    except OverflowError:
        return
    assert (result.year * 12 + result.month) - (d.year * 12 + d.month) == months
    if result.day != d.day:
        assert result.day < d.day
        assert (result + timedelta(days=1)).day == 1  # the last day of its month


def test_add_months_outside_the_calendar_overflows_like_date_arithmetic():
    with pytest.raises(OverflowError):
        add_months(date.max, 1)


# --- Ages by birthdays -----------------------------------------------------

AGE_CASES = [
    # (born, on, age, why)
    ("2015-04-02", "2026-11-23", 11, "counted by birthdays"),
    ("2008-11-23", "2026-11-23", 18, "the 18th birthday"),
    ("2008-11-24", "2026-11-23", 17, "the day before the 18th birthday"),
    ("2008-02-29", "2026-02-28", 17, "born on a leap day: not 18 on 28 February"),
    ("2008-02-29", "2026-03-01", 18, "born on a leap day: 18 on 1 March in a common year"),
    ("2008-02-29", "2012-02-29", 4, "born on a leap day: the birthday itself in a leap year"),
    ("2026-11-23", "2026-11-23", 0, "born today"),
]


@pytest.mark.parametrize(("born", "on", "age", "why"), AGE_CASES)
def test_age_is_counted_by_birthdays(born, on, age, why):
    assert age_on(D(born), D(on)) == age, why


@given(st.dates(), st.integers(min_value=1, max_value=120))
def test_a_birthday_is_the_first_day_of_the_new_age(born, years):
    day = birthday(born, years)
    if day is None:
        assert born.year + years > date.max.year
        return
    assert age_on(born, day) == years
    assert age_on(born, day - timedelta(days=1)) == years - 1


# --- Working days and holidays -----------------------------------------------

PUBLIC_HOLIDAYS_2027 = [
    # (date, name in the law / calendar)
    ("2027-01-01", "1. nyttårsdag"),
    ("2027-03-25", "Skjærtorsdag"),
    ("2027-03-26", "Langfredag"),
    ("2027-03-28", "1. påskedag"),
    ("2027-03-29", "2. påskedag"),
    ("2027-05-01", "1. mai (domstolloven § 149)"),
    ("2027-05-06", "Kristi himmelfartsdag"),
    ("2027-05-16", "1. pinsedag"),
    ("2027-05-17", "2. pinsedag and 17. mai (domstolloven § 149)"),
    ("2027-12-25", "1. juledag"),
    ("2027-12-26", "2. juledag"),
]


@pytest.mark.parametrize(("day", "name"), PUBLIC_HOLIDAYS_2027)
def test_norwegian_public_holidays_2027(day, name):
    assert D(day) in norwegian_public_holidays(2027), name
    assert is_public_holiday(D(day))
    assert not is_working_day(D(day))


def test_the_2027_calendar_has_exactly_the_public_holidays():
    assert sorted(norwegian_public_holidays(2027)) == [D(day) for day, _ in PUBLIC_HOLIDAYS_2027]


WORKING_DAY_CASES = [
    # (date, working?, why)
    ("2026-11-23", True, "an ordinary Monday"),
    ("2026-11-28", False, "Saturday"),
    ("2026-11-29", False, "an ordinary Sunday"),
    ("2026-12-24", True, "Christmas Eve is not a public holiday"),
    ("2026-12-31", True, "New Year's Eve is not a public holiday"),
    ("2027-03-24", True, "the Wednesday before Easter"),
    ("2027-03-30", True, "the Tuesday after Easter"),
    ("2028-05-17", False, "17 May"),
    ("2026-05-01", False, "1 May"),
]


@pytest.mark.parametrize(("day", "working", "why"), WORKING_DAY_CASES)
def test_is_working_day(day, working, why):
    assert is_working_day(D(day)) is working, why


NEXT_WORKING_DAY_CASES = [
    # (from, next working day on or after, why)
    ("2026-11-23", "2026-11-23", "a working day is its own next working day"),
    ("2026-11-28", "2026-11-30", "Saturday → Monday"),
    ("2027-03-25", "2027-03-30", "Skjærtorsdag → the Tuesday after Easter"),
    ("2026-12-25", "2026-12-28", "1. juledag → Monday 28 December"),
]


@pytest.mark.parametrize(("start", "expected", "why"), NEXT_WORKING_DAY_CASES)
def test_next_working_day_is_on_or_after_the_date(start, expected, why):
    assert next_working_day(D(start)) == D(expected), why


@pytest.mark.parametrize("year", list(HOLIDAY_YEARS))
def test_ordinary_sundays_are_not_counted_as_public_holidays(year):
    sundays = [d for d in norwegian_public_holidays(year) if d.weekday() == 6]
    # Only named days can fall on a Sunday: Easter Sunday, Whit Sunday, and
    # fixed-date holidays that happen to be Sundays that year.
    assert len(sundays) <= 6
    assert len(norwegian_public_holidays(year)) <= 12


def test_sundays_listed_by_the_holiday_package_are_filtered_out(monkeypatch):
    """Some versions of holidays.Norway list every Sunday as "Søndag"."""

    class NorwayWithSundays(Norway):
        def __init__(self, *args, **kwargs):
            kwargs["include_sundays"] = True
            super().__init__(*args, **kwargs)

    dates._holidays_for_year.cache_clear()
    monkeypatch.setattr(dates, "Norway", NorwayWithSundays)
    try:
        assert len(NorwayWithSundays(years=2027)) > 50  # the package really lists Sundays
        listed = norwegian_public_holidays(2027)
        assert D("2027-01-03") not in listed  # an ordinary Sunday
        assert D("2027-03-28") in listed  # Easter Sunday stays
        assert sorted(listed) == [D(day) for day, _ in PUBLIC_HOLIDAYS_2027]
    finally:
        dates._holidays_for_year.cache_clear()


@given(calendar_dates)
def test_weekends_are_never_working_days(d):
    if d.weekday() >= 5:
        assert not is_working_day(d)
    assert next_working_day(d) >= d
    assert is_working_day(next_working_day(d))


def test_years_outside_the_holiday_calendar_are_refused():
    with pytest.raises(ValueError):
        norwegian_public_holidays(HOLIDAY_YEARS.stop)
    with pytest.raises(ValueError):
        is_working_day(date(1900, 1, 2))


def test_the_returned_holiday_dict_is_a_copy():
    norwegian_public_holidays(2027).clear()
    assert norwegian_public_holidays(2027)


# --- Today and dates in text -------------------------------------------


def test_today_is_the_date_in_oslo():
    before = datetime.now(ZoneInfo("Europe/Oslo")).date()
    today = dates.today()
    after = datetime.now(ZoneInfo("Europe/Oslo")).date()
    assert today in (before, after)


@pytest.mark.parametrize(
    "language, expected",
    [("nb", "2. april 2033"), ("en", "2. April 2033")],
)
def test_a_date_in_running_text_uses_the_languages_month_names(language, expected):
    assert dates.long_date(date(2033, 4, 2), language) == expected


def test_a_date_in_running_text_reads_as_in_bokmal():
    assert long_date(D("2033-04-02"), "nb") == "2. april 2033"
    assert long_date(D("2026-12-24"), "nb") == "24. desember 2026"


def test_local_day_is_the_norwegian_date_of_a_moment():
    late_evening_utc = datetime(2027, 6, 30, 22, 30, tzinfo=ZoneInfo("UTC"))
    assert dates.local_day(late_evening_utc) == date(2027, 7, 1)
