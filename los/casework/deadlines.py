"""Deadline arithmetic for case handling.

Pure functions on :class:`datetime.date`. The calendar they count on (months, weeks, holidays,
working days, today in Oslo) is `los.core.dates`.

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

"""

from __future__ import annotations

from datetime import date

from los.core import dates

#: pasient- og brukerrettighetsloven § 7-5: four weeks to complain.
COMPLAINT_PERIOD_WEEKS = 4

#: forvaltningsloven § 11 a: interim reply when no answer within one month.
INTERIM_REPLY_MONTHS = 1


def interim_reply_due(received: date) -> date:
    """Last day to send an interim reply (foreløpig svar), fvl § 11 a.

    One month after the application was received. The date is *not* moved
    off weekends or holidays: it is the municipality's own deadline, and only
    a family's deadline moves to the next working day (domstolloven § 149).
    """
    return dates.add_months(received, INTERIM_REPLY_MONTHS)


def complaint_deadline(notified: date) -> date:
    """Last day for the family to complain (pasient- og brukerrettighetsloven § 7-5).

    Four weeks from the day the family got, or should have got, the decision.
    The period ends on the same weekday (domstolloven § 148) and moves to the
    next working day when it ends on a Saturday, Sunday, public holiday or
    1 or 17 May (domstolloven § 149).
    """
    return dates.next_working_day(dates.add_weeks(notified, COMPLAINT_PERIOD_WEEKS))


def days_left(deadline: date, today: date | None = None) -> int:
    """Whole days from ``today`` to ``deadline``.

    0 on the deadline itself, negative once it has passed. ``today`` defaults
    to today's date in Europe/Oslo.
    """
    if today is None:
        today = dates.today()
    return (deadline - today).days
