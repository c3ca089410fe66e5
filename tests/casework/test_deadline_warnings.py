"""`los run-due` warns the coordinating unit before and after the interim-reply date (fvl § 11 a), once."""

import datetime

import pytest

from los.casework.models import InterimReply
from los.casework.services.reminders import BEFORE, OVERDUE, warning_stage
from los.core.dates import OSLO
from los.notifications.models import Kind, Notification
from los.notifications.sweep import run_due

from .helpers import apply_for


@pytest.mark.parametrize(
    "received, today, stage, why",
    [
        (datetime.date(2027, 1, 31), datetime.date(2027, 2, 20), None, "more than a week before 28 Feb"),
        (
            datetime.date(2027, 1, 31),
            datetime.date(2027, 2, 21),
            BEFORE,
            "a week before: 31 Jan + 1 month = 28 Feb",
        ),
        (datetime.date(2027, 1, 31), datetime.date(2027, 2, 28), BEFORE, "the last day is still in time"),
        (
            datetime.date(2027, 1, 31),
            datetime.date(2027, 3, 1),
            OVERDUE,
            "the day after one month has passed",
        ),
    ],
)
def test_warning_stage_follows_the_one_month_rule(received, today, stage, why):
    assert warning_stage(received, today) == stage, why


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(8), tzinfo=OSLO)


# Received in the past (the form refuses future dates); one month later is 30 November 2026.
RECEIVED = datetime.date(2026, 10, 31)


def test_caseworkers_are_warned_once_before_and_once_after_the_interim_reply_date(tenant):
    application = apply_for(tenant, received_on=RECEIVED)
    warnings = Notification.objects.filter(kind=Kind.INTERIM_REPLY_DEADLINE, user=tenant.caseworker)
    run_due(at(datetime.date(2026, 11, 20)), deliver=False)
    assert not warnings.exists()
    for _ in range(3):
        run_due(at(datetime.date(2026, 11, 24)), deliver=False)
    assert warnings.count() == 1 and "30. november 2026" in warnings.get().text
    run_due(at(datetime.date(2026, 12, 1)), deliver=False)
    run_due(at(datetime.date(2026, 12, 8)), deliver=False)
    assert warnings.count() == 2
    assert not Notification.objects.filter(kind=Kind.INTERIM_REPLY_DEADLINE, user=tenant.coordinator).exists()
    assert warnings.latest("id").url.endswith(f"/{application.pk}/")


def test_no_warning_once_an_interim_reply_is_sent(tenant):
    application = apply_for(tenant, received_on=RECEIVED)
    InterimReply.objects.create(
        application=application,
        sent_on=datetime.date(2026, 11, 15),
        reason="Vi venter på opplysninger fra sykehuset.",
        expected_by=datetime.date(2026, 12, 31),
        letter_text="Foreløpig svar.",
        sent_by=tenant.caseworker,
    )
    run_due(at(datetime.date(2026, 12, 1)), deliver=False)
    assert not Notification.objects.filter(kind=Kind.INTERIM_REPLY_DEADLINE).exists()
