"""Making and delivering notifications: in the app always; by e-mail at once, in a daily digest, or not.

E-mail goes through Django's e-mail backend (console in the demo, SMTP in production; see
docs/operations.md). Delivery claims the rows (status `sent`) in the same transaction that reads them and
sends after the commit: a crash between the two loses an e-mail rather than sending it twice, and the
notification is still in the user's list in Los.

Before a notification leaves by e-mail, Los checks that its user may still see the family and the record
it is about (`disclosure.deliverable`); one that is withheld stays in Los only, with a neutral text.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from los.core import access, dates

from . import disclosure
from .models import Delivery, DigestSent, EmailStatus, Notification, NotificationPreference

log = logging.getLogger(__name__)

BATCH = 1000


def absolute_url(path: str) -> str:
    """A link in an e-mail: the installation's address (LOS_BASE_URL) before a path inside Los."""
    return f"{settings.LOS_BASE_URL}{path}" if path.startswith("/") else path


def notify(
    users: Iterable,
    kind: str,
    text: str,
    url: str = "",
    family=None,
    action_item=None,
    email_status: str = EmailStatus.PENDING,
) -> list[Notification]:
    """One in-app notification per user (deduplicated); e-mail follows by each user's choice.

    A notification about a family is made only for users who may see it now (the action item, when there
    is one, else the family): the text names the family and its records. Callers check the record the
    notification is about (`access.may_see`) before calling; this is the last guard."""
    seen, rows = set(), []
    now = timezone.now()
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


def _email_body(user, notifications: list[Notification]) -> str:
    lines = [_("Hei %(name)s,") % {"name": user.first_name or user.username}, ""]
    for n in notifications:
        lines.append(f"- {n.get_kind_display()}: {n.text}")
        if n.url:
            lines.append(f"  {absolute_url(n.url)}")
    lines += [
        "",
        _("Logg inn i Los for å se mer: %(url)s") % {"url": absolute_url("/varsler/")},
        "",
        _("Du kan velge hvordan du får varsler under «Varsler» i Los."),
    ]
    return "\n".join(lines)


def _send(messages: list[mail.EmailMessage]) -> int:
    if not messages:
        return 0
    try:
        with mail.get_connection() as connection:
            return connection.send_messages(messages) or 0
    except Exception:  # the notifications stay in Los; the operator sees the failure in the log
        log.exception("Could not send %d notification e-mails", len(messages))
        return 0


def deliver_immediate(now: datetime.datetime | None = None) -> int:
    """E-mail pending notifications to users who want them at once; mark the rest `not_sent` or leave
    them for the digest. Bounded: a few queries per thousand notifications."""
    now = now or timezone.now()
    sent = 0
    while True:
        with transaction.atomic():
            rows = list(
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(email_status=EmailStatus.PENDING)
                .exclude(user__notification_preference__delivery=Delivery.DAILY_DIGEST)
                .select_related("user", "user__notification_preference")
                .order_by("id")[:BATCH]
            )
            if not rows:
                return sent
            wanted = [n for n in rows if n.user.email and _delivery(n.user) == Delivery.IMMEDIATE]
            allowed = disclosure.deliverable(wanted)
            to_send = [n for n in wanted if n.pk in allowed]
            sending = {n.pk for n in to_send}
            skipped = [n.pk for n in rows if n.pk not in sending]
            Notification.objects.filter(pk__in=[n.pk for n in to_send]).update(
                email_status=EmailStatus.SENT, emailed_at=now
            )
            Notification.objects.filter(pk__in=skipped).update(email_status=EmailStatus.NOT_SENT)
        by_user: dict[int, list[Notification]] = defaultdict(list)
        for n in to_send:
            by_user[n.user_id].append(n)
        messages = []
        with translation.override(settings.LANGUAGE_CODE):
            for group in by_user.values():
                user = group[0].user
                subject = (
                    _("Los: %(kind)s") % {"kind": group[0].get_kind_display()}
                    if len(group) == 1
                    else _("Los: %(count)d nye varsler") % {"count": len(group)}
                )
                messages.append(mail.EmailMessage(subject, _email_body(user, group), to=[user.email]))
        sent += _send(messages)


def _delivery(user) -> str:
    try:
        return user.notification_preference.delivery
    except user.__class__.notification_preference.RelatedObjectDoesNotExist:
        return Delivery.IMMEDIATE


def send_daily_digests(now: datetime.datetime | None = None) -> int:
    """One e-mail a day to each user who chose the daily digest and has something new, at the first
    sweep after LOS_DIGEST_HOUR (Europe/Oslo). `DigestSent` (unique per user and day) keeps a rerun
    from sending a second one."""
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
            .select_related("user")
            .order_by("user_id", "created_at", "id")
        )
        ids = [n.pk for n in rows]
        allowed = disclosure.deliverable([n for n in rows if n.user.email])
        Notification.objects.filter(pk__in=allowed).update(email_status=EmailStatus.IN_DIGEST, emailed_at=now)
        Notification.objects.filter(pk__in=ids).exclude(pk__in=allowed).update(
            email_status=EmailStatus.NOT_SENT
        )
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for n in rows:
        if n.pk in allowed:
            by_user[n.user_id].append(n)
    with translation.override(settings.LANGUAGE_CODE):
        messages = [
            mail.EmailMessage(
                _("Los: sammendrag for %(day)s") % {"day": day.strftime("%d.%m.%Y")},
                _email_body(group[0].user, group),
                to=[group[0].user.email],
            )
            for group in by_user.values()
        ]
    return _send(messages)


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
