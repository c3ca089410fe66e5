"""Making notifications and writing the e-mails that carry them: in the app always; by e-mail at once,
in a daily digest, or not.

`notify` makes the notifications (`pending`). The sweep then writes, per user, one e-mail with their
new notifications (or the day's digest) to the outbox and links the notifications to it (`queued`), in
one transaction: a crash leaves either both or neither. The outbox (`outbox.deliver`) sends it through
Django's e-mail backend and marks it, and then its notifications, sent only after the backend accepted
it (docs/operations.md, "The e-mail outbox").

Before a notification leaves by e-mail, Los checks that its user may still see the family and the record
it is about (`disclosure.deliverable`); one that is withheld stays in Los only, with a neutral text.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from los.core import access, dates

from . import disclosure, emails, outbox
from .emails import absolute_url  # noqa: F401  (other apps' e-mails link into Los with it)
from .models import (
    Delivery,
    DigestSent,
    EmailStatus,
    Notification,
    NotificationPreference,
    OutboxKind,
    OutboxMessage,
)

log = logging.getLogger(__name__)

BATCH = 1000


def notify(
    users: Iterable,
    kind: str,
    text: str,
    url: str = "",
    family=None,
    action_item=None,
    email_status: str = EmailStatus.PENDING,
    child=None,
) -> list[Notification]:
    """One in-app notification per user (deduplicated); e-mail follows by each user's choice.

    `child` names the child it is about (an action item's child is taken when none is given); the list
    and the e-mail say "Familien Moen · Ola (f. 2016)" beside the text while the user may see the family.

    A notification about a family is made only for users who may see it now (the action item, when there
    is one, else the family): the text names the family and its records. Callers check the record the
    notification is about (`access.may_see`) before calling; this is the last guard."""
    seen, rows = set(), []
    now = timezone.now()
    if child is None and action_item is not None and getattr(action_item, "child_id", None):
        child = action_item.child
    if child is not None and family is not None and child.family_id != family.pk:
        child = None  # never name a child of another family
    for user in users:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        if not _may_be_told(user, family, action_item):
            continue
        rows.append(
            Notification(
                user=user,
                kind=kind,
                text=text[:400],
                url=url,
                family=family,
                child=child,
                action_item=action_item,
                created_at=now,
                email_status=email_status,
                emailed_at=now if email_status == EmailStatus.SENT else None,
            )
        )
    return Notification.objects.bulk_create(rows)


def _may_be_told(user, family, action_item) -> bool:
    if action_item is not None:
        return access.may_see(user, action_item)
    if family is not None:
        return access.grant_for(user, family.pk) is not None
    return True


class _Taken(Exception):
    """Another sweep queued some of these notifications first: this batch is rolled back and read again."""


def _queue(rows: list[Notification], kind: str, subject) -> int:
    """Write one outbox e-mail per user carrying their `rows` and link the rows to it (`queued`), in the
    caller's transaction. Only rows still `pending` are taken; if another sweep took one, roll back."""
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for n in rows:
        by_user[n.user_id].append(n)
    messages = OutboxMessage.objects.bulk_create(
        [
            outbox.message(
                subject(group),
                emails.body(group[0].user, group),
                [group[0].user.email],
                user=group[0].user,
                kind=kind,
            )
            for group in by_user.values()
        ]
    )
    carrier = OutboxMessage.objects.filter(pk__in=[m.pk for m in messages], user=OuterRef("user")).values(
        "pk"
    )
    linked = Notification.objects.filter(
        pk__in=[n.pk for n in rows], email_status=EmailStatus.PENDING
    ).update(email_status=EmailStatus.QUEUED, outbox=Subquery(carrier[:1]))
    if linked != len(rows):
        raise _Taken
    return len(messages)


def _whole_users(rows: list[Notification]) -> list[Notification]:
    """A full batch without its last user's rows (they open the next batch), so each user gets one
    e-mail per sweep; a user with more than a batch gets one e-mail per batch."""
    if len(rows) < BATCH or rows[0].user_id == rows[-1].user_id:
        return rows
    last = rows[-1].user_id
    return [n for n in rows if n.user_id != last]


def queue_immediate(now: datetime.datetime | None = None) -> int:
    """Write one e-mail per user who wants notifications at once, carrying their pending notifications,
    to the outbox; mark the rest `not_sent` or leave them for the digest. Returns the e-mails written.
    A few queries per thousand notifications. (`now` is the sweep's moment; nothing here depends on it.)"""
    written = 0
    while True:
        try:
            with transaction.atomic():
                rows = _whole_users(
                    list(
                        Notification.objects.select_for_update(skip_locked=True, of=("self",))
                        .filter(email_status=EmailStatus.PENDING)
                        .exclude(user__notification_preference__delivery=Delivery.DAILY_DIGEST)
                        .select_related("user", "user__notification_preference", "family", "child")
                        .order_by("user_id", "id")[:BATCH]
                    )
                )
                if not rows:
                    return written
                wanted = [n for n in rows if n.user.email and _delivery(n.user) == Delivery.IMMEDIATE]
                allowed = disclosure.deliverable(wanted)
                to_send = [n for n in wanted if n.pk in allowed]
                sending = {n.pk for n in to_send}
                Notification.objects.filter(
                    pk__in=[n.pk for n in rows if n.pk not in sending], email_status=EmailStatus.PENDING
                ).update(email_status=EmailStatus.NOT_SENT)
                if to_send:
                    written += _queue(to_send, OutboxKind.NOTIFICATIONS, emails.notifications_subject)
        except _Taken:
            continue


def _delivery(user) -> str:
    try:
        return user.notification_preference.delivery
    except user.__class__.notification_preference.RelatedObjectDoesNotExist:
        return Delivery.IMMEDIATE


def queue_daily_digests(now: datetime.datetime | None = None) -> int:
    """Write one digest e-mail a day to the outbox for each user who chose the daily digest and has
    something new, at the first sweep after LOS_DIGEST_HOUR (Europe/Oslo). The digest is one outbox
    row; `DigestSent` (unique per user and day), written in the same transaction, keeps a rerun from
    writing a second one."""
    now = now or timezone.now()
    local = dates.local(now)
    if local.hour < settings.LOS_DIGEST_HOUR:
        return 0
    day = local.date()
    with transaction.atomic():
        user_ids = set(
            Notification.objects.filter(
                email_status=EmailStatus.PENDING,
                user__notification_preference__delivery=Delivery.DAILY_DIGEST,
            ).values_list("user_id", flat=True)
        )
        user_ids -= set(
            DigestSent.objects.filter(day=day, user_id__in=user_ids).values_list("user_id", flat=True)
        )
        if not user_ids:
            return 0
        DigestSent.objects.bulk_create(
            [DigestSent(user_id=u, day=day) for u in user_ids], ignore_conflicts=True
        )
        rows = list(
            Notification.objects.select_for_update(of=("self",))
            .filter(email_status=EmailStatus.PENDING, user_id__in=user_ids)
            .select_related("user", "family", "child")
            .order_by("user_id", "created_at", "id")
        )
        allowed = disclosure.deliverable([n for n in rows if n.user.email])
        Notification.objects.filter(pk__in=[n.pk for n in rows if n.pk not in allowed]).update(
            email_status=EmailStatus.NOT_SENT
        )
        to_send = [n for n in rows if n.pk in allowed]
        if not to_send:
            return 0
        try:
            with transaction.atomic():
                return _queue(to_send, OutboxKind.DIGEST, lambda _group: emails.digest_subject(day))
        except _Taken:  # another sweep wrote these digests; DigestSent keeps it to one a day
            transaction.set_rollback(True)
            return 0


def deliver_immediate(now: datetime.datetime | None = None) -> int:
    """Queue the e-mails for users who want notifications at once and send what is due in the outbox;
    returns the e-mails with notifications the mail backend accepted."""
    queue_immediate(now)
    report = outbox.deliver()
    return report.sent[OutboxKind.NOTIFICATIONS]


def send_daily_digests(now: datetime.datetime | None = None) -> int:
    """Queue the day's digests (see `queue_daily_digests`) and send what is due; returns the digests the
    mail backend accepted."""
    queue_daily_digests(now)
    return outbox.deliver().sent[OutboxKind.DIGEST]


def mark_read(user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all unread when no ids are given)."""
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        rows = rows.filter(pk__in=list(notification_ids))
    return rows.update(read_at=timezone.now())


def set_delivery(user, delivery: str) -> NotificationPreference:
    """Save how the user wants notifications by e-mail: at once, in a daily digest, or not at all (they
    are always in Los)."""
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"delivery": delivery}
    )
    return preference
