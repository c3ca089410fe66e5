"""The e-mail outbox: an e-mail is written with its notifications, sent by the worker, marked sent only
after the mail server accepted it, retried with backoff, and never lost; a second copy after a crash
carries the same Message-ID."""

import datetime
from collections import Counter
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from los.core.models import Role
from los.notifications import emails, outbox
from los.notifications import services as notification_services
from los.notifications.models import (
    Delivery,
    DigestSent,
    EmailStatus,
    Kind,
    Notification,
    NotificationPreference,
    OutboxKind,
    OutboxMessage,
    OutboxState,
)
from los.notifications.services import notify
from los.notifications.sweep import run_due
from tests.factories import make_user

from . import backends

MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture(autouse=True)
def locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def recipients(tenant, count, prefix="mottaker"):
    users = [
        make_user(f"{prefix}{i}", Role.PROVIDER, tenant.municipality, email=f"{prefix}{i}@example.invalid")
        for i in range(count)
    ]
    for i, user in enumerate(users):
        notify([user], Kind.REMINDER, f"Husk oppgave {i}")
    return users


def later(minutes: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(minutes=minutes)


def states() -> Counter:
    return Counter(OutboxMessage.objects.values_list("state", flat=True))


def statuses() -> Counter:
    return Counter(Notification.objects.values_list("email_status", flat=True))


def message_ids(messages) -> list[str]:
    return [m.message()["Message-ID"] for m in messages]


def test_a_failing_mail_server_marks_nothing_sent_and_a_later_run_sends_each_once(tenant, settings):
    """The reproduction: with the server down, one run marked 8,236 notifications sent and sent nothing."""
    recipients(tenant, 25)
    settings.EMAIL_BACKEND = "tests.notifications.backends.DownBackend"
    result = run_due()
    assert result.emailed == 0 and result.retrying == 3  # three failures in a row stop the run
    assert states() == {OutboxState.QUEUED: 25}
    assert statuses() == {EmailStatus.QUEUED: 25}
    assert not Notification.objects.filter(emailed_at__isnull=False).exists()
    tried = OutboxMessage.objects.filter(attempts=1)
    assert tried.count() == 3 and all("421" in row.last_error for row in tried)
    assert all(row.next_attempt_at > timezone.now() for row in tried)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.deliver(now=later(2)).total_sent == 25
    assert outbox.deliver(now=later(3)).total_sent == 0
    assert len(mail.outbox) == 25
    assert len(set(message_ids(mail.outbox))) == 25
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"mottaker{i}@example.invalid" for i in range(25))
    assert states() == {OutboxState.SENT: 25}
    assert statuses() == {EmailStatus.SENT: 25}
    for n in Notification.objects.select_related("outbox"):
        assert n.emailed_at == n.outbox.sent_at


def test_retries_wait_1_5_25_minutes_and_longer_then_give_up_with_the_error_kept(tenant, settings):
    recipients(tenant, 1)
    settings.EMAIL_BACKEND = "tests.notifications.backends.DownBackend"
    notification_services.queue_immediate()
    row = OutboxMessage.objects.get()
    waits = []
    moment = timezone.now()
    for _attempt in range(outbox.max_attempts()):
        outbox.deliver(now=moment)
        row.refresh_from_db()
        if row.state == OutboxState.FAILED:
            break
        assert outbox.deliver(now=row.next_attempt_at - datetime.timedelta(seconds=1)).retrying == 0
        waits.append(round((row.next_attempt_at - moment) / MINUTE))
        moment = row.next_attempt_at
    assert waits == [1, 5, 25, 125, 360, 360, 360]
    assert row.state == OutboxState.FAILED and row.attempts == 8
    assert "SMTPConnectError" in row.last_error and "421" in row.last_error
    assert statuses() == {EmailStatus.FAILED: 1}

    # The operator mends the server and puts the failed e-mail back: it goes once, with its Message-ID.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("outbox", "--retry-failed")
    assert outbox.deliver().total_sent == 1
    assert message_ids(mail.outbox) == [row.message_id]
    assert statuses() == {EmailStatus.SENT: 1}


def test_an_address_the_server_refuses_does_not_hold_up_the_others(tenant, settings):
    recipients(tenant, 4)
    refusing = make_user("nei", Role.PROVIDER, tenant.municipality, email="nei@example.invalid")
    notify([refusing], Kind.REMINDER, "Husk")
    settings.EMAIL_BACKEND = "tests.notifications.backends.RefusesOneAddress"
    report = run_due()
    assert report.emailed == 4 and report.retrying == 1
    refused = OutboxMessage.objects.get(recipients=["nei@example.invalid"])
    assert refused.state == OutboxState.QUEUED and "550" in refused.last_error


@pytest.mark.parametrize("after_accepting, duplicated", [(True, 1), (False, 0)])
def test_a_worker_killed_half_way_loses_nothing_and_doubles_at_most_the_one_in_flight(
    tenant, settings, after_accepting, duplicated
):
    """Simulated kill: the worker is gone just after (or just before) the server accepted the 4th e-mail.
    The rows it held stay `sending` until its lease ends; then the next run sends them."""
    recipients(tenant, 10)
    notification_services.queue_immediate()
    settings.EMAIL_BACKEND = "tests.notifications.backends.DyingBackend"
    backends.ACCEPTED.clear()
    backends.DIE_AT.update(n=4, after_accepting=after_accepting)
    with pytest.raises(backends.Killed):
        outbox.deliver()
    assert states() == {OutboxState.SENT: 3, OutboxState.SENDING: 7}
    assert outbox.deliver(now=later(1)).total_sent == 0  # the lease holds: no second worker sends them

    backends.DIE_AT.update(n=0)
    assert outbox.deliver(now=timezone.now() + outbox.lease() + MINUTE).total_sent == 7
    ids = dict(OutboxMessage.objects.values_list("message_id", "state"))
    accepted = Counter(backends.ACCEPTED)
    assert set(accepted) == set(ids) and set(ids.values()) == {OutboxState.SENT}  # none lost
    assert sum(n - 1 for n in accepted.values()) == duplicated
    if duplicated:  # the copy carries the same Message-ID: the receiving server can drop it
        assert backends.ACCEPTED[3] == backends.ACCEPTED[4]
    assert statuses() == {EmailStatus.SENT: 10}
    assert OutboxMessage.objects.filter(attempts=2).count() == 7  # the rows the dead worker held


def test_a_worker_killed_with_sigkill_loses_no_email(db):
    """The real thing, in subprocesses and a database of its own (PostgreSQL when the suite runs on it):
    SIGKILL the sender twice half-way through 60 e-mails, then let the next run finish."""
    import os

    from los.notifications import crash_check

    result = crash_check.run(mails=60, kills=2, database_url=os.environ.get("DATABASE_URL"), seed=3)
    assert result["mails"] == result["queued"] == 60
    assert result["kills"] == 2
    assert result["lost"] == 0 and result["not_marked_sent"] == 0
    assert result["duplicated"] <= result["kills"]  # at most the one e-mail in flight per kill
    assert result["duplicates_with_other_message_id"] == 0
    assert result["sent_exactly_once"] == 60 - result["duplicated"]
    assert result["inconsistent_notifications"] == 0


def test_the_email_is_written_in_the_same_transaction_as_its_notifications(tenant):
    recipients(tenant, 3)
    real_body = emails.body

    def power_cut(user, rows):
        if user.username == "mottaker2":
            raise RuntimeError("the power went")
        return real_body(user, rows)

    with mock.patch.object(emails, "body", power_cut), pytest.raises(RuntimeError):
        notification_services.queue_immediate()
    assert not OutboxMessage.objects.exists()
    assert statuses() == {EmailStatus.PENDING: 3}  # nothing half written: the next sweep does it all
    assert notification_services.queue_immediate() == 3
    assert all(n.outbox.recipients == [n.user.email] for n in Notification.objects.select_related("outbox"))


def test_one_email_per_user_per_sweep_with_all_their_new_notifications(tenant, monkeypatch):
    monkeypatch.setattr(notification_services, "BATCH", 4)
    users = recipients(tenant, 3)
    for user in users:
        notify([user], Kind.CHASE, "Purring")
    assert notification_services.queue_immediate() == 3  # batches of 4 never split a user
    assert [len(m.notifications.all()) for m in OutboxMessage.objects.order_by("id")] == [2, 2, 2]
    assert OutboxMessage.objects.first().subject == "Los: 2 nye varsler"


def test_a_digest_is_one_outbox_row_sent_once(tenant):
    user = make_user("sammendrag", Role.PROVIDER, tenant.municipality, email="sammendrag@example.invalid")
    NotificationPreference.objects.create(user=user, delivery=Delivery.DAILY_DIGEST)
    for i in range(3):
        notify([user], Kind.REMINDER, f"Husk {i}")
    morning = datetime.datetime.combine(timezone.localdate(), datetime.time(8), tzinfo=datetime.UTC)
    result = run_due(morning)
    assert result.digests == 1 and result.emailed == 0
    row = OutboxMessage.objects.get()
    assert row.kind == OutboxKind.DIGEST and row.state == OutboxState.SENT
    assert row.notifications.count() == 3 and DigestSent.objects.filter(user=user).count() == 1
    assert len(mail.outbox) == 1 and all(f"Husk {i}" in mail.outbox[0].body for i in range(3))
    assert message_ids(mail.outbox) == [row.message_id]
    assert statuses() == {EmailStatus.IN_DIGEST: 3}
    assert run_due(morning + datetime.timedelta(hours=1)).digests == 0
    assert OutboxMessage.objects.count() == 1


def test_a_retry_leaves_out_what_the_user_may_no_longer_see(tenant, settings):
    from los.consent import services as consent_services
    from tests.team.helpers import make_item

    tenant.provider.email = "fysio@example.invalid"
    tenant.provider.save()
    item = make_item(tenant, title="Treningsprogram for Emma")
    notify(
        [tenant.provider], Kind.REMINDER, "Treningsprogram for Emma", family=tenant.family, action_item=item
    )
    notify([tenant.provider], Kind.REMINDER, "Husk å oppdatere profilen")
    settings.EMAIL_BACKEND = "tests.notifications.backends.DownBackend"
    run_due()
    assert OutboxMessage.objects.get().notifications.count() == 2
    consent_services.withdraw_consent(tenant.consent, tenant.guardian_user, reason="Vil ikke dele lenger")

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.deliver(now=later(2)).total_sent == 1
    assert "Treningsprogram for Emma" not in mail.outbox[0].body and "profilen" in mail.outbox[0].body
    assert dict(Notification.objects.values_list("text", "email_status")) == {
        "Treningsprogram for Emma": EmailStatus.NOT_SENT,
        "Husk å oppdatere profilen": EmailStatus.SENT,
    }


def test_a_retry_with_nothing_left_to_show_is_withdrawn(tenant, settings):
    from los.consent import services as consent_services
    from tests.team.helpers import make_item

    tenant.provider.email = "fysio@example.invalid"
    tenant.provider.save()
    item = make_item(tenant, title="Treningsprogram for Emma")
    notify(
        [tenant.provider], Kind.REMINDER, "Treningsprogram for Emma", family=tenant.family, action_item=item
    )
    settings.EMAIL_BACKEND = "tests.notifications.backends.DownBackend"
    run_due()
    consent_services.withdraw_consent(tenant.consent, tenant.guardian_user, reason="Vil ikke dele lenger")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    report = outbox.deliver(now=later(2))
    assert report.total_sent == 0 and report.withdrawn == 1 and mail.outbox == []
    assert OutboxMessage.objects.get().state == OutboxState.WITHDRAWN
    assert statuses() == {EmailStatus.NOT_SENT: 1}


def test_other_apps_can_send_an_email_with_an_attachment_through_the_outbox(db):
    invitation = mail.EmailMessage(
        "Innkalling", "Hei", to=["a@example.invalid"], reply_to=["k@example.invalid"]
    )
    invitation.attach(
        "invitasjon.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar; method=REQUEST"
    )
    row = outbox.enqueue(invitation)
    assert outbox.deliver().sent[OutboxKind.OTHER] == 1
    sent = mail.outbox[0]
    assert sent.to == ["a@example.invalid"] and sent.reply_to == ["k@example.invalid"]
    assert sent.attachments[0][0] == "invitasjon.ics" and "VCALENDAR" in str(sent.attachments[0][1])
    assert sent.message()["Message-ID"] == row.message_id


def test_two_workers_never_hold_the_same_email(tenant):
    recipients(tenant, 30)
    notification_services.queue_immediate()
    now = timezone.now()
    first_token, first = outbox._claim(now, 20)
    second_token, second = outbox._claim(now, 20)
    assert len(first) == 20 and len(second) == 10
    assert not {r.pk for r in first} & {r.pk for r in second}


def test_sent_emails_are_forgotten_after_the_keeping_time(tenant, settings):
    settings.LOS_OUTBOX_KEEP_DAYS = 30
    recipients(tenant, 2)
    run_due()
    OutboxMessage.objects.update(created_at=timezone.now() - datetime.timedelta(days=31))
    outbox.deliver()
    assert not OutboxMessage.objects.exists()
    assert statuses() == {EmailStatus.SENT: 2}  # the notifications keep when they were sent


def test_outbox_command_shows_the_queue(tenant, settings, capsys):
    recipients(tenant, 2)
    settings.EMAIL_BACKEND = "tests.notifications.backends.DownBackend"
    run_due()
    call_command("outbox", "--json")
    out = capsys.readouterr().out
    assert '"queued": 2' in out


def test_delivery_costs_one_query_per_email_and_a_few_per_batch(tenant):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    users = recipients(tenant, 60)
    for user in users:
        notify([user], Kind.CHASE, "Purring")
    with CaptureQueriesContext(connection) as queued:
        assert notification_services.queue_immediate() == 60
    with CaptureQueriesContext(connection) as sent:
        assert outbox.deliver().total_sent == 60
    print(f"queue: {len(queued.captured_queries)} queries, deliver: {len(sent.captured_queries)} queries")
    assert len(queued.captured_queries) <= 20  # batches of 1,000 notifications, not a query per e-mail
    assert len(sent.captured_queries) <= 60 + 8 * 3 + 10  # one mark per e-mail (the crash window)
