"""Sending the queued messages and reading what the health network sends back.

Sending follows the e-mail outbox's discipline (`los.notifications.outbox`), with its retry schedule:

- **Claim.** A worker takes due rows (`FOR UPDATE SKIP LOCKED` on PostgreSQL) and sets them `sending`
  with a lease.
- **Send, then mark.** The message goes to the transport under its own message id; the row is `sent`
  only after the transport accepted it. A failure puts it back in the queue for later, and after the last
  attempt it is `failed`, with the error kept for the coordinator to see.
- **Consent.** Each message is checked again just before it leaves: if no active consent names the
  service any more, it is not sent (`failed`, with the reason), whatever the form saw.
- **Crash.** A worker killed between handing over and marking leaves the row `sending`; when the lease
  ends it is sent again with the same message id (the receiver drops the copy). Nothing is lost.

Reading: every file that arrives is handled once and then acknowledged. An application receipt (AppRec)
closes the message it answers: `receipt_ok`, or `rejected` with the receiver's error codes, and a
rejected message tells the coordinator. Incoming Dialogmelding are handled by `inbound`.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from dataclasses import dataclass, field

from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from los.core import access
from los.notifications import sweep
from los.notifications.outbox import lease, max_attempts, retry_delay

from . import kith, transport
from .models import Direction, HealthMessage, MessageState

log = logging.getLogger(__name__)

CLAIM_BATCH = 20
CONSENT_ENDED = "Ikke sendt: familien har ikke lenger samtykket til deling med tjenesten."
LEASE_STOPPED = "The worker stopped while sending (its lease ended); sent again with the same message id."


@dataclass
class Report:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    receipts: int = 0
    received: int = 0
    unsorted: int = 0
    errors: list[str] = field(default_factory=list)


def deliver(now: datetime.datetime | None = None, via: transport.Transport | None = None) -> Report:
    """Send every due message; safe to run in several workers at once."""
    now = now or timezone.now()
    via = via or transport.configured()
    report = Report()
    _expire_leases(now)
    while True:
        token, rows = _claim(now)
        if not rows:
            break
        for row in rows:
            if not access.consent_covers(row.family_id, row.service_id):
                # The consent ended between writing and sending: the message stays with Los.
                HealthMessage.objects.filter(pk=row.pk, claim=token).update(
                    state=MessageState.FAILED, claim="", last_error=CONSENT_ENDED
                )
                report.failed += 1
                continue
            try:
                via.send(row.msg_id, row.xml.encode("utf-8"))
            except transport.TransportError as error:
                log.warning("Message %s not sent (attempt %d): %s", row.msg_id, row.attempts, error)
                _failed(row, token, str(error), now, report)
                continue
            HealthMessage.objects.filter(pk=row.pk, claim=token).update(
                state=MessageState.SENT, sent_at=timezone.now(), claim="", last_error=""
            )
            report.sent += 1
    return report


def _expire_leases(now: datetime.datetime) -> None:
    expired = HealthMessage.objects.filter(state=MessageState.SENDING, next_attempt_at__lte=now)
    expired.filter(attempts__gte=max_attempts()).update(
        state=MessageState.FAILED, claim="", last_error=LEASE_STOPPED
    )
    expired.update(state=MessageState.QUEUED, claim="", last_error=LEASE_STOPPED)


def _claim(now: datetime.datetime) -> tuple[str, list[HealthMessage]]:
    token = uuid.uuid4().hex
    with transaction.atomic():
        due = HealthMessage.objects.filter(
            direction=Direction.OUT, state=MessageState.QUEUED, next_attempt_at__lte=now
        )
        if db_connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.order_by("next_attempt_at", "id").values_list("pk", flat=True)[:CLAIM_BATCH])
        if not ids:
            return token, []
        HealthMessage.objects.filter(pk__in=ids, state=MessageState.QUEUED).update(
            state=MessageState.SENDING, claim=token, attempts=F("attempts") + 1, next_attempt_at=now + lease()
        )
    return token, list(HealthMessage.objects.filter(pk__in=ids, claim=token).order_by("id"))


def _failed(row: HealthMessage, token: str, error: str, now: datetime.datetime, report: Report) -> None:
    if row.attempts >= max_attempts():
        state, report.failed = MessageState.FAILED, report.failed + 1
    else:
        state, report.retrying = MessageState.QUEUED, report.retrying + 1
    HealthMessage.objects.filter(pk=row.pk, claim=token).update(
        state=state, claim="", last_error=error[:2000], next_attempt_at=now + retry_delay(row.attempts)
    )


def receive(now: datetime.datetime | None = None, via: transport.Transport | None = None) -> Report:
    """Handle every file waiting for Los: receipts close messages, dialogue messages go to the family
    (`inbound.receive`). Each file is acknowledged once it is handled, so a crash handles it again."""
    from . import inbound

    now = now or timezone.now()
    via = via or transport.configured()
    report = Report()
    for item in via.incoming():
        if kith.is_apprec(item.content):
            _close_by_receipt(item.content, now, report)
        else:
            result = inbound.receive(item.content, now=now, via=via)
            report.received += result.status == inbound.MATCHED
            report.unsorted += result.status == inbound.UNSORTED
        item.done()
    return report


def _close_by_receipt(xml: bytes, now: datetime.datetime, report: Report) -> None:
    try:
        receipt = kith.parse_apprec(xml)
    except kith.KithError as error:
        report.errors.append(f"receipt not understood: {error.text}")
        log.warning("An application receipt could not be read: %s", error.text)
        return
    with transaction.atomic():
        message = (
            HealthMessage.objects.select_for_update()
            .filter(msg_id=receipt.original_msg_id, direction=Direction.OUT)
            .first()
        )
        if message is None:
            report.errors.append(f"receipt for an unknown message {receipt.original_msg_id}")
            return
        ok = receipt.status == "ok"
        message.state = MessageState.RECEIPT_OK if ok else MessageState.REJECTED
        message.receipt_errors = [list(e) for e in receipt.errors]
        message.receipt_at = now
        message.save(update_fields=["state", "receipt_errors", "receipt_at"])
        report.receipts += 1
        if not ok:
            from . import notify

            notify.rejected(message)


@sweep.register("health_network")
def sweep_health_network(now: datetime.datetime) -> int:
    """The sweep's job: send what is queued, then read what has arrived. Returns the messages received
    (each told to the family's coordinators). A transport that does not answer waits for the next sweep."""
    deliver()
    try:
        report = receive(now)
    except transport.TransportError as error:
        log.warning("The health network could not be read: %s", error)
        return 0
    return report.received
