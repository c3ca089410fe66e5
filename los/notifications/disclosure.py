"""What a notification may show, and to whom it may still be e-mailed.

A notification is the user's own, but its text names a family and one of its records (an action item's
title, a meeting's time, the family's name). It shows that content only while the user may still see the
record: the family through the access policy (`access.visible_families`), and the record itself through
the record policy (`access.visible`). When the relation has ended (a consent withdrawn, a professional
taken out of the group, a coordinator replaced), the notification stays in the user's list with a
neutral text, no family and no link, so the list and its unread count stay the user's own while nothing
about the family is shown (Normen; helsepersonelloven § 21; forvaltningsloven § 13).

The same check runs before a notification leaves Los by e-mail, at once or in the daily digest: a
withheld notification is not e-mailed.

Which record a notification is about: its action item, else the record its link names (apps register
the links of their record pages with `register_link`), else the family alone.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.apps import apps
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _

from los.core import access

from .about import about
from .models import Notification

WITHHELD_TEXT = _("Varsel om en familie du ikke lenger har tilgang til. Innholdet vises ikke.")

# The access log's name for a list of notifications that shows a family's content.
RECORD_TYPE = "notifications"

# url name -> (model label "app.Model", the url's keyword that holds the record's id)
_LINKS: dict[str, tuple[str, str]] = {}


def register_link(url_name: str, model_label: str, kwarg: str) -> None:
    """Say that a notification linking to `url_name` is about the record `kwarg` names."""
    _LINKS[url_name] = (model_label, kwarg)


@dataclass
class Shown:
    """A notification as this user may see it now."""

    notification: Notification
    withheld: bool

    @property
    def pk(self) -> int:
        """The notification's id."""
        return self.notification.pk

    @property
    def text(self) -> str:
        """The notification's text, or a neutral one when it is withheld."""
        return str(WITHHELD_TEXT) if self.withheld else self.notification.text

    @property
    def url(self) -> str:
        """Its link, or none when it is withheld."""
        return "" if self.withheld else self.notification.url

    @property
    def about(self) -> str:
        """Which family and child it is about ("Familien Moen · Ola (f. 2016)"), or nothing when it is
        withheld or about no family."""
        if self.withheld or self.notification.family_id is None:
            return ""
        return about(self.notification.family, self.notification.child)

    @property
    def child_id(self) -> int | None:
        """The child it is about, or none when it is withheld."""
        return None if self.withheld else self.notification.child_id

    @property
    def family_id(self) -> int | None:
        """The family it is about, or none when it is withheld."""
        return None if self.withheld else self.notification.family_id

    @property
    def action_item_id(self) -> int | None:
        """The action item it is about, or none when it is withheld."""
        return None if self.withheld else self.notification.action_item_id

    def __getattr__(self, name):  # kind, created_at, read_at, is_read, get_kind_display ...
        if name == "notification":
            raise AttributeError(name)
        return getattr(self.notification, name)


def _linked_record(notification: Notification) -> tuple[type, int] | None:
    """The record the notification is about: its action item, else the record its link names."""
    if notification.action_item_id:
        return apps.get_model("team", "ActionItem"), notification.action_item_id
    if not notification.url:
        return None
    try:
        match = resolve(urlsplit(notification.url).path)
    except Resolver404:
        return None
    link = _LINKS.get(match.view_name)
    if link is None or link[1] not in match.kwargs:
        return None
    return apps.get_model(link[0]), int(match.kwargs[link[1]])


def screen(
    user, notifications: Iterable[Notification], day: datetime.date | None = None
) -> tuple[list[Shown], list[access.Grant]]:
    """Each notification as `user` may see it now, and the grants of the families whose content is shown
    (for the access log). A fixed number of queries per family and record type, not per notification."""
    rows = list(notifications)
    family_of: dict[int, int | None] = {}
    missing_family = [n.action_item_id for n in rows if n.family_id is None and n.action_item_id]
    item_families: dict[int, int] = {}
    if missing_family:
        item_model = apps.get_model("team", "ActionItem")
        item_families = dict(item_model.objects.filter(pk__in=missing_family).values_list("pk", "family_id"))
    for n in rows:
        family_of[n.pk] = n.family_id or item_families.get(n.action_item_id)
    family_ids = {f for f in family_of.values() if f is not None}
    grants: dict[int, access.Grant] = {}
    if family_ids and user.is_authenticated:
        for family in access.families_among(user, family_ids, day).select_related("municipality"):
            grants[family.pk] = access.Grant(user=user, family=family, reason=family.access_reason, day=day)

    records: dict[int, tuple[type, int]] = {}
    wanted: dict[tuple[int, type], set[int]] = defaultdict(set)
    for n in rows:
        family_id = family_of[n.pk]
        if family_id not in grants:
            continue
        record = _linked_record(n)
        if record is not None:
            records[n.pk] = record
            wanted[(family_id, record[0])].add(record[1])
    seen: set[tuple[type, int]] = set()
    for (family_id, model), ids in wanted.items():
        for pk in access.visible(grants[family_id], model).filter(pk__in=ids).values_list("pk", flat=True):
            seen.add((model, pk))

    shown, families_shown = [], {}
    for n in rows:
        family_id = family_of[n.pk]
        if family_id is None:
            shown.append(Shown(n, withheld=False))  # about no family: nothing to withhold
            continue
        visible = family_id in grants and (n.pk not in records or records[n.pk] in seen)
        shown.append(Shown(n, withheld=not visible))
        if visible:
            families_shown[family_id] = grants[family_id]
    return shown, list(families_shown.values())


def show(request, notifications: Iterable[Notification]) -> list[Shown]:
    """The notifications of a page or an API answer, as the signed-in user may see them now; logs one
    read per family whose content is shown."""
    shown, grants = screen(request.user, notifications)
    if grants:
        access.log_read(request, grants, RECORD_TYPE)
    return shown


def deliverable(notifications: Iterable[Notification]) -> set[int]:
    """The notifications that may still be e-mailed to their user (ids): withheld ones stay in Los only."""
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for n in notifications:
        by_user[n.user_id].append(n)
    allowed: set[int] = set()
    for group in by_user.values():
        shown, _grants = screen(group[0].user, group)
        allowed.update(s.pk for s in shown if not s.withheld)
    return allowed
