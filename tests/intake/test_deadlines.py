"""Deadline arithmetic: months, weeks, working days and Norwegian public holidays."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from holidays.countries import Norway
from hypothesis import given
from hypothesis import strategies as st

from los.intake import deadlines
from los.intake.deadlines import (
    HOLIDAY_YEARS,
    add_months,
    add_weeks,
    complaint_deadline,
    days_left,
    interim_reply_due,
    is_public_holiday,
    is_working_day,
    next_working_day,
    norwegian_public_holidays,
    today_oslo,
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


# --- Interim reply (fvl § 11 a) ----------------------------------------------

INTERIM_REPLY_CASES = [
    # (received, due, why)
    ("2026-11-23", "2026-12-23", "forvaltningsloven § 11 a: one month after receipt"),
    ("2027-01-31", "2027-02-28", "one month from 31 January in a common year"),
    ("2028-01-31", "2028-02-29", "one month from 31 January in a leap year"),
    ("2026-10-31", "2026-11-30", "November has 30 days"),
    ("2026-11-25", "2026-12-25", "the municipality's deadline stays on Christmas Day"),
    ("2027-02-27", "2027-03-27", "the municipality's deadline stays on Easter Saturday"),
    ("2026-10-24", "2026-11-24", "received on a Saturday: still one month"),
]


@pytest.mark.parametrize(("received", "due", "why"), INTERIM_REPLY_CASES)
def test_interim_reply_is_due_one_month_after_receipt_and_is_not_moved(received, due, why):
    assert interim_reply_due(D(received)) == D(due), why


@given(st.dates(max_value=date(9999, 11, 30)))
def test_interim_reply_is_between_28_and_31_days_after_receipt(received):
    due = interim_reply_due(received)
    assert due == add_months(received, 1)
    assert 28 <= (due - received).days <= 31


# --- Complaint deadline (pbrl § 7-5, domstolloven §§ 148-149) ----------------

COMPLAINT_CASES = [
    # (notified, four weeks later, deadline, why)
    ("2026-11-23", "2026-12-21", "2026-12-21", "domstolloven § 148: four weeks end on the same weekday"),
    ("2026-10-31", "2026-11-28", "2026-11-30", "domstolloven § 149: Saturday moves to Monday"),
    ("2027-02-24", "2027-03-24", "2027-03-24", "the Wednesday before Easter is a working day"),
    ("2027-02-25", "2027-03-25", "2027-03-30", "Skjærtorsdag, Langfredag, weekend, 2. påskedag"),
    ("2027-02-26", "2027-03-26", "2027-03-30", "Langfredag, weekend, 2. påskedag"),
    ("2027-02-27", "2027-03-27", "2027-03-30", "the Saturday before Easter Monday"),
    ("2027-03-01", "2027-03-29", "2027-03-30", "2. påskedag"),
    ("2026-11-27", "2026-12-25", "2026-12-28", "1. juledag, 2. juledag, Sunday"),
    ("2027-11-27", "2027-12-25", "2027-12-27", "Christmas on a weekend: the Monday is a working day"),
    ("2028-11-27", "2028-12-25", "2028-12-27", "1. juledag and 2. juledag on Monday and Tuesday"),
    ("2026-12-04", "2027-01-01", "2027-01-04", "1. nyttårsdag on a Friday, then the weekend"),
    ("2026-04-03", "2026-05-01", "2026-05-04", "domstolloven § 149: 1 May"),
    ("2028-04-19", "2028-05-17", "2028-05-18", "domstolloven § 149: 17 May on a Wednesday"),
    ("2027-04-08", "2027-05-06", "2027-05-07", "Kristi himmelfartsdag"),
    ("2026-04-27", "2026-05-25", "2026-05-26", "2. pinsedag"),
    ("2027-04-17", "2027-05-15", "2027-05-18", "Saturday, 1. pinsedag, then 2. pinsedag and 17 May together"),
]


@pytest.mark.parametrize(("notified", "four_weeks", "deadline", "why"), COMPLAINT_CASES)
def test_complaint_deadline_is_four_weeks_moved_off_non_working_days(notified, four_weeks, deadline, why):
    assert add_weeks(D(notified), 4) == D(four_weeks)
    assert complaint_deadline(D(notified)) == D(deadline), why


@given(calendar_dates)
def test_complaint_deadline_is_the_first_working_day_from_four_weeks_on(notified):
    four_weeks = notified + timedelta(weeks=4)
    deadline = complaint_deadline(notified)
    assert four_weeks.weekday() == notified.weekday()
    assert deadline >= four_weeks
    assert is_working_day(deadline)
    skipped = [four_weeks + timedelta(days=n) for n in range((deadline - four_weeks).days)]
    assert not any(is_working_day(day) for day in skipped)
    assert len(skipped) <= 5  # the longest Norwegian chain: Easter


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

    deadlines._holidays_for_year.cache_clear()
    monkeypatch.setattr(deadlines, "Norway", NorwayWithSundays)
    try:
        assert len(NorwayWithSundays(years=2027)) > 50  # the package really lists Sundays
        listed = norwegian_public_holidays(2027)
        assert D("2027-01-03") not in listed  # an ordinary Sunday
        assert D("2027-03-28") in listed  # Easter Sunday stays
        assert sorted(listed) == [D(day) for day, _ in PUBLIC_HOLIDAYS_2027]
    finally:
        deadlines._holidays_for_year.cache_clear()


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


# --- Days left and today -------------------------------------------------------

DAYS_LEFT_CASES = [
    # (deadline, today, days left, why)
    ("2026-12-23", "2026-11-23", 30, "a month ahead"),
    ("2026-11-23", "2026-11-23", 0, "the deadline is today"),
    ("2026-11-20", "2026-11-23", -3, "overdue by three days"),
    ("2027-03-01", "2027-02-28", 1, "across the end of February"),
]


@pytest.mark.parametrize(("deadline", "today", "left", "why"), DAYS_LEFT_CASES)
def test_days_left(deadline, today, left, why):
    assert days_left(D(deadline), D(today)) == left, why


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9000, 1, 1)), st.integers(-5000, 5000))
def test_days_left_counts_whole_days(today, n):
    assert days_left(today + timedelta(days=n), today) == n


def test_days_left_defaults_to_today_in_oslo():
    assert days_left(today_oslo()) in (0, -1)  # -1 only if midnight passes between calls


def test_today_is_the_date_in_oslo():
    before = datetime.now(ZoneInfo("Europe/Oslo")).date()
    today = today_oslo()
    after = datetime.now(ZoneInfo("Europe/Oslo")).date()
    assert today in (before, after)
