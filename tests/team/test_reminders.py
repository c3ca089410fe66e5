"""Reminders and chases: on time, exactly once per period, however often the sweep runs or if it
stops half-way."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command

from los.core.dates import OSLO
from los.notifications.models import Kind, Notification
from los.notifications.sweep import run_due
from los.team.models import ActionItem, ActionItemStatus, ContactLogEntry
from los.team.services import reminders

from .helpers import make_item

DUE = datetime.date(2027, 3, 10)


def at(day: datetime.date, hour=8) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=OSLO)


@pytest.mark.parametrize(
    "today, expected",
    [
        (DUE - datetime.timedelta(days=4), None),  # too early
        (DUE - datetime.timedelta(days=3), "reminder"),  # three days before (the default lead)
        (DUE - datetime.timedelta(days=1), "reminder"),
        (DUE, "reminder"),  # on the day, if the sweep had not run before
        (DUE + datetime.timedelta(days=1), ("chase", 0)),  # the day after: first chase
        (DUE + datetime.timedelta(days=7), ("chase", 0)),  # still the first interval
        (DUE + datetime.timedelta(days=8), ("chase", 1)),  # a week later: the second chase
        (DUE + datetime.timedelta(days=15), ("chase", 2)),
    ],
)
def test_reminder_and_chase_timing(today, expected):
    lead, interval = 3, 7
    reminder = reminders.reminder_due(DUE, today, lead)
    chase = reminders.chase_period(DUE, today, interval)
    if expected is None:
        assert not reminder and chase is None
    elif expected == "reminder":
        assert reminder and chase is None
    else:
        assert not reminder and chase == expected[1]


@pytest.mark.parametrize(
    "days_quiet, period",
    [(0, None), (27, None), (28, 0), (55, 0), (56, 1), (84, 2)],
)
def test_no_contact_period(days_quiet, period):
    today = datetime.date(2027, 3, 1)
    assert reminders.no_contact_period(today - datetime.timedelta(days=days_quiet), today, 28) == period


def kinds_for(item):
    return sorted(Notification.objects.filter(action_item=item).values_list("kind", "period"))


def test_responsible_gets_one_reminder_then_a_chase_per_week(tenant):
    item = make_item(tenant, due_on=DUE)
    for day_offset in [-5, -3, -3, -2, 0, 1, 1, 3, 7, 8, 8, 20]:
        run_due(at(DUE + datetime.timedelta(days=day_offset)))
    assert kinds_for(item) == [("chase", 0), ("chase", 1), ("chase", 2), ("reminder", 0)]
    assert set(Notification.objects.filter(action_item=item).values_list("user_id", flat=True)) == {
        tenant.provider.pk
    }


def test_done_items_are_not_chased(tenant):
    item = make_item(tenant, due_on=DUE)
    ActionItem.objects.filter(pk=item.pk).update(status=ActionItemStatus.DONE)
    run_due(at(DUE + datetime.timedelta(days=2)))
    assert kinds_for(item) == []


def test_running_twice_at_the_same_moment_sends_nothing_twice(tenant, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    tenant.provider.email = "fysio@example.invalid"
    tenant.provider.save()
    items = [make_item(tenant, due_on=DUE - datetime.timedelta(days=i)) for i in range(5)]
    moment = at(DUE + datetime.timedelta(days=1))
    first = run_due(moment)
    second = run_due(moment)
    assert first.made["chases"] == 5 and second.made["chases"] == 0
    assert Notification.objects.filter(kind=Kind.CHASE).count() == 5
    assert first.emailed == 1 and second.emailed == 0  # one e-mail with the five chases
    assert len(mail.outbox) == 1
    assert all(kinds_for(i) == [("chase", 0)] for i in items)


def test_a_crash_half_way_sends_nothing_twice_on_the_next_run(tenant, monkeypatch):
    monkeypatch.setattr(reminders, "BATCH", 3)
    for i in range(8):
        make_item(tenant, due_on=DUE - datetime.timedelta(days=i), title=f"Punkt {i}")
    moment = at(DUE + datetime.timedelta(days=1))
    real_insert = reminders._insert
    calls = []

    def crash_after_first_batch(rows):
        calls.append(len(rows))
        if len(calls) == 2:
            raise RuntimeError("the power went")
        return real_insert(rows)

    with mock.patch.object(reminders, "_insert", crash_after_first_batch):
        with pytest.raises(RuntimeError):
            run_due(moment)
    assert Notification.objects.filter(kind=Kind.CHASE).count() == 3  # the first batch was kept
    result = run_due(moment)
    assert result.made["chases"] == 5
    pairs = list(Notification.objects.filter(kind=Kind.CHASE).values_list("action_item_id", "period"))
    assert len(pairs) == len(set(pairs)) == 8


def test_the_database_refuses_a_second_chase_for_the_same_period(tenant):
    from django.db import IntegrityError, transaction

    item = make_item(tenant, due_on=DUE)
    run_due(at(DUE + datetime.timedelta(days=2)))
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            user=tenant.provider, kind=Kind.CHASE, action_item=item, period=0, text="igjen"
        )


def test_coordinator_is_reminded_when_the_family_has_not_been_heard_from(tenant):
    from los.coordinators.models import CoordinatorAssignment

    CoordinatorAssignment.objects.filter(family=tenant.family).update(starts_on=datetime.date(2027, 1, 1))
    ContactLogEntry.objects.create(
        family=tenant.family,
        contacted_on=datetime.date(2027, 1, 20),
        channel="phone",
        needs_now="Avlastning",
        logged_by=tenant.coordinator,
    )
    run_due(at(datetime.date(2027, 2, 16)))  # 27 days: not yet
    assert not Notification.objects.filter(kind=Kind.NO_CONTACT).exists()
    run_due(at(datetime.date(2027, 2, 17)))  # 28 days
    run_due(at(datetime.date(2027, 2, 18)))
    rows = list(
        Notification.objects.filter(kind=Kind.NO_CONTACT).values_list("user_id", "family_id", "period")
    )
    assert rows == [(tenant.coordinator.pk, tenant.family.pk, 0)]


def test_run_due_command_processes_as_of_the_given_moment(tenant):
    item = make_item(tenant, due_on=datetime.date(2027, 2, 26))
    call_command("run-due", "--now", "2027-03-01T08:00:00+01:00")
    assert kinds_for(item) == [("chase", 0)]
    call_command("run-due", "--now", "2027-03-01T08:00:00+01:00")
    assert kinds_for(item) == [("chase", 0)]


def test_daily_digest_goes_out_once_a_day(tenant, settings):
    from los.notifications.models import Delivery, NotificationPreference

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    tenant.provider.email = "fysio@example.invalid"
    tenant.provider.save()
    NotificationPreference.objects.create(user=tenant.provider, delivery=Delivery.DAILY_DIGEST)
    make_item(tenant, due_on=DUE)
    run_due(at(DUE + datetime.timedelta(days=1), hour=6))  # before the digest hour
    assert len(mail.outbox) == 0
    run_due(at(DUE + datetime.timedelta(days=1), hour=8))
    run_due(at(DUE + datetime.timedelta(days=1), hour=9))
    assert len(mail.outbox) == 1
    assert "Purring" in mail.outbox[0].body
