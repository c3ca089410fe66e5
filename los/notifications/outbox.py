"""The e-mail outbox: every e-mail Los sends is first a row (`OutboxMessage`), written in the same
transaction as the notifications it carries; the worker sends it and marks it sent only after Django's
mail backend accepted it.

- **Claim.** `deliver` takes a few due rows at a time (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so two
  workers never take the same row; on SQLite the claim runs in an IMMEDIATE transaction, one writer at a
  time) and sets them `sending` with a lease (`next_attempt_at` = when the lease ends).
- **Send, then mark.** Each e-mail goes to the backend with its own stable Message-ID; the row is marked
  `sent` right after the backend returned, one row at a time. A failing backend marks nothing sent.
- **Retry.** A failure puts the row back in the queue after 1, 5, 25, 125 minutes ... (at most
  LOS_EMAIL_RETRY_MAX_SECONDS); after LOS_EMAIL_MAX_ATTEMPTS attempts it is `failed`, the error kept.
  Three failures in a row stop the run: the server is down, the rest wait for the next sweep.
- **Crash.** A worker killed after the backend accepted an e-mail but before the row was marked leaves
  it `sending`; when the lease ends the next run sends it once more with the same Message-ID (the
  receiving server can drop the copy). A kill costs at most the one e-mail in flight, never a lost one.
- **Access.** An e-mail sent again after a failure is checked again (`disclosure.deliverable`): a
  notification the user may no longer see is taken out of it, and an e-mail with nothing left is
  withdrawn.
"""

from __future__ import annotations

import base64
import datetime
import logging
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core import mail
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.utils import timezone

from . import disclosure, emails
from .models import EmailStatus, Notification, OutboxKind, OutboxMessage, OutboxState

log = logging.getLogger(__name__)

CLAIM_BATCH = 20  # rows a worker holds at a time: a lease must outlast sending them all
STOP_AFTER_FAILURES = 3
LEASE_STOPPED = "The worker stopped while sending (its lease ended); sent again with the same Message-ID."


def _setting(name: str, default):
    return getattr(settings, name, default)


def max_attempts() -> int:
    """How many times an e-mail is tried before it is `failed` (LOS_EMAIL_MAX_ATTEMPTS, default 8)."""
    return int(_setting("LOS_EMAIL_MAX_ATTEMPTS", 8))


def lease() -> datetime.timedelta:
    """How long a worker holds the rows it claimed (LOS_EMAIL_LEASE_SECONDS, default 15 minutes)."""
    return datetime.timedelta(seconds=int(_setting("LOS_EMAIL_LEASE_SECONDS", 15 * 60)))


def retry_delay(attempts: int) -> datetime.timedelta:
    """The wait after the `attempts`-th failed attempt: 1, 5, 25, 125 minutes ..., capped
    (LOS_EMAIL_RETRY_SECONDS, default 60; LOS_EMAIL_RETRY_MAX_SECONDS, default 6 hours)."""
    base = int(_setting("LOS_EMAIL_RETRY_SECONDS", 60))
    cap = int(_setting("LOS_EMAIL_RETRY_MAX_SECONDS", 6 * 3600))
    return datetime.timedelta(seconds=min(base * 5 ** max(attempts - 1, 0), cap))


# --- Writing -----------------------------------------------------------------------------------------


def message(
    subject: str,
    body: str,
    to: Iterable[str],
    *,
    user=None,
    kind: str = OutboxKind.OTHER,
    reply_to: Iterable[str] = (),
    from_email: str = "",
) -> OutboxMessage:
    """An unsaved outbox row (for `bulk_create` in the caller's transaction). Line breaks in the subject
    are flattened: the mail backend refuses them, and a retry would not help."""
    return OutboxMessage(
        kind=kind,
        user=user,
        from_email=from_email or "",
        recipients=list(to),
        reply_to=list(reply_to),
        subject=" ".join(str(subject).split())[:300],
        body=body,
    )


def enqueue(email: mail.EmailMessage, *, user=None, kind: str = OutboxKind.OTHER) -> OutboxMessage:
    """Write a Django e-mail to the outbox in the caller's transaction; the worker sends it. For apps
    whose e-mail is not a notification (a meeting invitation with its .ics, say)."""
    attachments = []
    for attachment in email.attachments:
        name, content, mimetype = attachment[0], attachment[1], attachment[2]
        if isinstance(content, bytes):
            attachments.append(
                {"name": name, "mimetype": mimetype, "base64": base64.b64encode(content).decode("ascii")}
            )
        else:
            attachments.append({"name": name, "mimetype": mimetype, "text": str(content)})
    row = message(
        email.subject,
        email.body,
        email.to + email.cc + email.bcc,
        user=user,
        kind=kind,
        reply_to=email.reply_to,
        from_email=email.from_email if email.from_email != settings.DEFAULT_FROM_EMAIL else "",
    )
    row.attachments = attachments
    row.save()
    return row


def as_email(row: OutboxMessage) -> mail.EmailMessage:
    """The row as the e-mail the backend gets, with its Message-ID."""
    email = mail.EmailMessage(
        row.subject,
        row.body,
        from_email=row.from_email or None,
        to=row.recipients,
        reply_to=row.reply_to or None,
        headers={"Message-ID": row.message_id},
    )
    for attachment in row.attachments:
        content = (
            base64.b64decode(attachment["base64"]) if "base64" in attachment else attachment.get("text", "")
        )
        email.attach(attachment["name"], content, attachment.get("mimetype"))
    return email


# --- Sending -----------------------------------------------------------------------------------------


@dataclass
class DeliveryReport:
    """What one delivery run did: e-mails the backend accepted (by kind), put back for a retry, given
    up (`failed`), and withdrawn because nothing in them may still be sent."""

    sent: Counter = field(default_factory=Counter)
    retrying: int = 0
    failed: int = 0
    withdrawn: int = 0

    @property
    def total_sent(self) -> int:
        """E-mails the backend accepted in this run."""
        return sum(self.sent.values())


def deliver(now: datetime.datetime | None = None, limit: int | None = None) -> DeliveryReport:
    """Send every due e-mail in the outbox (at most `limit`), each marked sent only once the backend has
    accepted it. `now` replaces the clock (tests); safe to run in several workers at once."""
    clock: Callable[[], datetime.datetime] = (lambda: now) if now is not None else timezone.now
    report = DeliveryReport()
    expire_leases(clock())
    settle()
    tried = 0
    while limit is None or tried < limit:
        size = CLAIM_BATCH if limit is None else min(CLAIM_BATCH, limit - tried)
        token, rows = _claim(clock(), size)
        if not rows:
            break
        tried += len(rows)
        stop = _send_claimed(rows, token, clock, report)
        settle([r.pk for r in rows])
        if stop:
            break
    purge(clock())
    return report


def expire_leases(now: datetime.datetime) -> int:
    """Rows left `sending` by a worker that stopped: back in the queue when the lease has ended (or
    `failed` once out of attempts). They may have been delivered; the next send has the same Message-ID."""
    expired = OutboxMessage.objects.filter(state=OutboxState.SENDING, next_attempt_at__lte=now)
    given_up = expired.filter(attempts__gte=max_attempts()).update(
        state=OutboxState.FAILED, claim="", last_error=LEASE_STOPPED
    )
    return given_up + expired.update(state=OutboxState.QUEUED, claim="", last_error=LEASE_STOPPED)


def _claim(now: datetime.datetime, size: int) -> tuple[str, list[OutboxMessage]]:
    token = uuid.uuid4().hex
    with transaction.atomic():
        due = OutboxMessage.objects.filter(state=OutboxState.QUEUED, next_attempt_at__lte=now)
        if db_connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.order_by("next_attempt_at", "id").values_list("pk", flat=True)[:size])
        if not ids:
            return token, []
        OutboxMessage.objects.filter(pk__in=ids, state=OutboxState.QUEUED).update(
            state=OutboxState.SENDING,
            claim=token,
            attempts=F("attempts") + 1,
            next_attempt_at=now + lease(),
        )
    return token, list(
        OutboxMessage.objects.filter(pk__in=ids, claim=token).order_by("next_attempt_at", "id")
    )


def _send_claimed(rows: list[OutboxMessage], token: str, clock, report: DeliveryReport) -> bool:
    """Send the claimed rows one by one; True when the run should stop (the server is not answering)."""
    rows = _recheck_retries(rows, token, report)
    if not rows:
        return False
    timeout = _setting("EMAIL_TIMEOUT", None) or 30
    connection = mail.get_connection(fail_silently=False, timeout=timeout)
    failures = 0
    try:
        for index, row in enumerate(rows):
            try:
                if failures or index == 0:
                    connection.open()
                if not connection.send_messages([as_email(row)]):
                    raise RuntimeError("The mail backend accepted nothing.")
            except Exception as error:  # the backend's own errors (SMTP, socket, TLS): retry later
                log.warning("E-mail %s not sent (attempt %d): %r", row.message_id, row.attempts, error)
                _close(connection)
                _failed(row, token, error, clock(), report)
                failures += 1
                if failures >= STOP_AFTER_FAILURES:
                    _release(rows[index + 1 :], token, clock())
                    return True
                continue
            failures = 0
            # The one moment a kill can double an e-mail: accepted above, not yet marked here.
            OutboxMessage.objects.filter(pk=row.pk, claim=token).update(
                state=OutboxState.SENT, sent_at=timezone.now(), claim="", last_error=""
            )
            report.sent[row.kind] += 1
    finally:
        _close(connection)
    return False


def _close(connection) -> None:
    try:
        connection.close()
    except Exception:  # a connection that broke cannot be closed politely; it is dropped
        log.debug("Could not close the mail connection", exc_info=True)


def _failed(row: OutboxMessage, token: str, error: Exception, now: datetime.datetime, report) -> None:
    text = f"{type(error).__name__}: {error}"[:2000]
    mine = OutboxMessage.objects.filter(pk=row.pk, claim=token)
    if row.attempts >= max_attempts():
        mine.update(state=OutboxState.FAILED, claim="", last_error=text)
        report.failed += 1
        log.error("E-mail %s given up after %d attempts: %s", row.message_id, row.attempts, text)
    else:
        mine.update(
            state=OutboxState.QUEUED,
            claim="",
            last_error=text,
            next_attempt_at=now + retry_delay(row.attempts),
        )
        report.retrying += 1


def _release(rows: list[OutboxMessage], token: str, now: datetime.datetime) -> None:
    """Rows claimed but not tried (the run stopped): back in the queue, the attempt not counted."""
    if rows:
        OutboxMessage.objects.filter(pk__in=[r.pk for r in rows], claim=token).update(
            state=OutboxState.QUEUED, claim="", attempts=F("attempts") - 1, next_attempt_at=now
        )


def _recheck_retries(rows: list[OutboxMessage], token: str, report: DeliveryReport) -> list[OutboxMessage]:
    """Check again, before a retry leaves, that its user may still see what each notification is about:
    take out those withheld now (their text is rewritten without them), withdraw an e-mail left empty."""
    again = {r.pk: r for r in rows if r.attempts > 1 and r.kind != OutboxKind.OTHER}
    if not again:
        return rows
    carried: dict[int, list[Notification]] = defaultdict(list)
    for n in (
        Notification.objects.filter(outbox_id__in=list(again))
        .select_related("user")
        .order_by("created_at", "id")
    ):
        carried[n.outbox_id].append(n)
    allowed = disclosure.deliverable([n for group in carried.values() for n in group])
    keep = []
    for row in rows:
        group = carried.get(row.pk, [])
        kept = [n for n in group if n.pk in allowed]
        if row.pk not in again or len(kept) == len(group):
            keep.append(row)
            continue
        Notification.objects.filter(pk__in=[n.pk for n in group if n.pk not in allowed]).update(
            email_status=EmailStatus.NOT_SENT, outbox=None
        )
        if not kept:
            OutboxMessage.objects.filter(pk=row.pk, claim=token).update(
                state=OutboxState.WITHDRAWN, claim="", body="", last_error="Withdrawn: nothing left to send."
            )
            report.withdrawn += 1
            continue
        row.body = emails.body(kept[0].user, kept)
        if row.kind == OutboxKind.NOTIFICATIONS:
            row.subject = emails.notifications_subject(kept)
        OutboxMessage.objects.filter(pk=row.pk, claim=token).update(subject=row.subject, body=row.body)
        keep.append(row)
    return keep


def settle(outbox_ids: list[int] | None = None) -> int:
    """Bring the notifications in line with the e-mails that carry them: `sent` (or `in_digest`) with
    the moment the server accepted the e-mail, `failed` when it was given up. Runs after every batch and
    at the start of every run, which also mends what a killed worker left half done."""
    queued = Notification.objects.filter(email_status=EmailStatus.QUEUED)
    if outbox_ids is not None:
        queued = queued.filter(outbox_id__in=outbox_ids)
    sent_at = Subquery(OutboxMessage.objects.filter(pk=OuterRef("outbox_id")).values("sent_at")[:1])
    changed = queued.filter(outbox__state=OutboxState.SENT, outbox__kind=OutboxKind.DIGEST).update(
        email_status=EmailStatus.IN_DIGEST, emailed_at=sent_at
    )
    changed += (
        queued.filter(outbox__state=OutboxState.SENT)
        .exclude(outbox__kind=OutboxKind.DIGEST)
        .update(email_status=EmailStatus.SENT, emailed_at=sent_at)
    )
    return changed + queued.filter(outbox__state=OutboxState.FAILED).update(email_status=EmailStatus.FAILED)


def purge(now: datetime.datetime) -> int:
    """Forget e-mails sent or withdrawn more than LOS_OUTBOX_KEEP_DAYS (default 30) ago: their text names
    families, and the notifications keep when they were sent."""
    keep = datetime.timedelta(days=int(_setting("LOS_OUTBOX_KEEP_DAYS", 30)))
    old = OutboxMessage.objects.filter(
        state__in=[OutboxState.SENT, OutboxState.WITHDRAWN], created_at__lt=now - keep
    )
    if not old.exists():
        return 0
    return old.delete()[1].get(OutboxMessage._meta.label, 0)


# --- For operators ------------------------------------------------------------------------------------


def counts() -> dict[str, int]:
    """How many e-mails are in each state."""
    rows = OutboxMessage.objects.values_list("state").order_by().annotate(n=Count("id"))
    return {state: n for state, n in rows}


@transaction.atomic
def retry_failed(now: datetime.datetime | None = None) -> int:
    """Put every `failed` e-mail back in the queue with fresh attempts (after the mail server is mended);
    they keep their Message-ID."""
    now = now or timezone.now()
    ids = list(OutboxMessage.objects.filter(state=OutboxState.FAILED).values_list("pk", flat=True))
    Notification.objects.filter(outbox_id__in=ids, email_status=EmailStatus.FAILED).update(
        email_status=EmailStatus.QUEUED
    )
    return OutboxMessage.objects.filter(pk__in=ids).update(
        state=OutboxState.QUEUED, attempts=0, next_attempt_at=now
    )
