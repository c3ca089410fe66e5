"""Deadlines of the case: the interim reply (fvl § 11 a), the complaint deadline (pbrl § 7-5,
domstolloven §§ 148-149) and days left."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from los.casework.deadlines import complaint_deadline, days_left, interim_reply_due
from los.core import dates
from los.core.dates import (
    HOLIDAY_YEARS,
    add_months,
    add_weeks,
    is_working_day,
)

D = date.fromisoformat

# Dates for which the holiday calendar is known.
calendar_dates = st.dates(
    min_value=date(HOLIDAY_YEARS.start, 1, 1), max_value=date(HOLIDAY_YEARS.stop - 2, 11, 30)
)


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
    assert days_left(dates.today()) in (0, -1)  # -1 only if midnight passes between calls
