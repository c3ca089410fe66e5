"""The texts of the e-mails that carry notifications: one e-mail with a user's new notifications, and the
daily digest. Written in the installation's language (LANGUAGE_CODE), whoever triggered them."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from .about import about
from .models import Notification


def _about(n: Notification) -> str:
    """Which family and child the notification is about. The e-mail carries only notifications its user
    may still see (`disclosure.deliverable`), so naming the family here tells them nothing new."""
    return about(n.family, n.child) if n.family_id else ""


def absolute_url(path: str) -> str:
    """A link in an e-mail: the installation's address (LOS_BASE_URL) before a path inside Los."""
    return f"{settings.LOS_BASE_URL}{path}" if path.startswith("/") else path


def body(user, notifications: list[Notification]) -> str:
    """The text of an e-mail that carries `notifications` to `user`: each one, its link, and where to
    choose how notifications arrive."""
    with translation.override(settings.LANGUAGE_CODE):
        lines = [_("Hei %(name)s,") % {"name": user.first_name or user.username}, ""]
        for n in notifications:
            where = _about(n)
            kind = f"{n.get_kind_display()} ({where})" if where else str(n.get_kind_display())
            lines.append(f"- {kind}: {n.text}")
            if n.url:
                lines.append(f"  {absolute_url(n.url)}")
        lines += [
            "",
            _("Logg inn i Los for å se mer: %(url)s") % {"url": absolute_url("/varsler/")},
            "",
            _("Du kan velge hvordan du får varsler under «Varsler» i Los."),
        ]
        return "\n".join(lines)


def notifications_subject(notifications: list[Notification]) -> str:
    """The subject of an e-mail with a user's new notifications: the kind of one and which family and
    child it is about, or how many."""
    with translation.override(settings.LANGUAGE_CODE):
        if len(notifications) == 1:
            where = _about(notifications[0])
            if where:
                return _("Los: %(kind)s – %(about)s") % {
                    "kind": notifications[0].get_kind_display(),
                    "about": where,
                }
            return _("Los: %(kind)s") % {"kind": notifications[0].get_kind_display()}
        return _("Los: %(count)d nye varsler") % {"count": len(notifications)}


def digest_subject(day: datetime.date) -> str:
    """The subject of the daily digest for `day`."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Los: sammendrag for %(day)s") % {"day": day.strftime("%d.%m.%Y")}
