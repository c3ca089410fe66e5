"""Reminders, chases and the no-contact reminder: the follow-up that chases itself.

Timing (days count in Europe/Oslo; N = LOS_REMINDER_LEAD_DAYS, I = LOS_CHASE_INTERVAL_DAYS,
C = LOS_NO_CONTACT_DAYS):

* reminder: one, to the responsible person, from N days before the due date until the due date;
* chase (purring): from the day after the due date, one per interval of I days while the item is open
  (period p covers late days p*I+1 .. (p+1)*I);
* no contact: to the family's coordinator when the family has had no logged contact for C days (counted
  from the assignment's start when there is none), again every C days.

Each notification carries its period; the unique constraints on Notification make a second run, or a
run after a crash half-way, add nothing that is already there. Work is done in batches of `BATCH` items,
each in its own transaction: a crash keeps the finished batches and the next run does the rest.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from los.coordinators.models import CoordinatorAssignment
from los.core import dates
from los.notifications.models import Kind, Notification
from los.notifications.sweep import register
from los.team.models import ActionItem, ActionItemStatus

BATCH = 2000


def chase_period(due_on: datetime.date, today: datetime.date, interval: int) -> int | None:
    """Which chase period `today` falls in for an item due on `due_on`; None when it is not late."""
    late_days = (today - due_on).days
    if late_days < 1:
        return None
    return (late_days - 1) // interval


def reminder_due(due_on: datetime.date, today: datetime.date, lead: int) -> bool:
    """True on the days a reminder may go out: from `lead` days before the due date to the due date."""
    return 0 <= (due_on - today).days <= lead


def no_contact_period(last: datetime.date, today: datetime.date, days: int) -> int | None:
    """Which no-contact period `today` falls in when the last contact was on `last`; None while the
    family has been in touch within `days` days."""
    quiet = (today - last).days
    if quiet < days:
        return None
    return (quiet - days) // days


def _insert(rows: list[Notification]) -> int:
    if rows:
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _item_batches(queryset):
    """Open items in id order, `BATCH` at a time, as plain values (no model instances for 100,000 rows)."""
    last_id = 0
    while True:
        batch = list(
            queryset.filter(pk__gt=last_id)
            .order_by("pk")
            .values("pk", "title", "due_on", "responsible_id", "family_id", "child_id")[:BATCH]
        )
        if not batch:
            return
        yield batch
        last_id = batch[-1]["pk"]


@register("reminders")
def send_reminders(now: datetime.datetime) -> int:
    """One reminder per open item, to the responsible person, in the days before its due date."""
    today = dates.local_day(now)
    lead = settings.LOS_REMINDER_LEAD_DAYS
    already = Notification.objects.filter(action_item=OuterRef("pk"), kind=Kind.REMINDER, period=0)
    items = ActionItem.objects.filter(
        status=ActionItemStatus.OPEN,
        due_on__gte=today,
        due_on__lte=today + datetime.timedelta(days=lead),
        responsible__is_active=True,
    ).exclude(Exists(already))
    made = 0
    with translation.override(settings.LANGUAGE_CODE):
        for batch in _item_batches(items):
            rows = [
                Notification(
                    user_id=i["responsible_id"],
                    kind=Kind.REMINDER,
                    action_item_id=i["pk"],
                    family_id=i["family_id"],
                    child_id=i["child_id"],
                    period=0,
                    created_at=now,
                    text=_("Husk: «%(title)s» skal være gjort innen %(day)s.")
                    % {"title": i["title"], "day": dates.long_date(i["due_on"])},
                    url=reverse("team:action_item", args=[i["pk"]]),
                )
                for i in batch
            ]
            with transaction.atomic():
                made += _insert(rows)
    return made


@register("chases")
def send_chases(now: datetime.datetime) -> int:
    """A chase (purring) per open, late item and interval, to the responsible person."""
    today = dates.local_day(now)
    interval = settings.LOS_CHASE_INTERVAL_DAYS
    items = ActionItem.objects.filter(
        status=ActionItemStatus.OPEN, due_on__lt=today, responsible__is_active=True
    )
    made = 0
    with translation.override(settings.LANGUAGE_CODE):
        for batch in _item_batches(items):
            periods = {i["pk"]: chase_period(i["due_on"], today, interval) for i in batch}
            sent = set(
                Notification.objects.filter(
                    kind=Kind.CHASE, action_item_id__in=list(periods), period__in=set(periods.values())
                ).values_list("action_item_id", "period")
            )
            rows = [
                Notification(
                    user_id=i["responsible_id"],
                    kind=Kind.CHASE,
                    action_item_id=i["pk"],
                    family_id=i["family_id"],
                    child_id=i["child_id"],
                    period=periods[i["pk"]],
                    created_at=now,
                    text=_(
                        "Purring: «%(title)s» skulle vært gjort innen %(day)s. Marker det som gjort, "
                        "eller skriv hvordan det går."
                    )
                    % {"title": i["title"], "day": dates.long_date(i["due_on"])},
                    url=reverse("team:action_item", args=[i["pk"]]),
                )
                for i in batch
                if (i["pk"], periods[i["pk"]]) not in sent
            ]
            with transaction.atomic():
                made += _insert(rows)
    return made


@register("no_contact")
def send_no_contact_reminders(now: datetime.datetime) -> int:
    """Remind each current coordinator of families they have not been in touch with for a while."""
    today = dates.local_day(now)
    days = settings.LOS_NO_CONTACT_DAYS
    assignments = (
        CoordinatorAssignment.objects.current(today)
        .filter(coordinator__is_active=True)
        .annotate(last_contact=Max("family__contacts__contacted_on"))
        .values("family_id", "family__name", "coordinator_id", "starts_on", "last_contact")
    )
    due = []
    for a in assignments:
        last = a["last_contact"] or a["starts_on"]
        period = no_contact_period(last, today, days)
        if period is not None:
            due.append((a, last, period))
    if not due:
        return 0
    sent = set(
        Notification.objects.filter(
            kind=Kind.NO_CONTACT, action_item__isnull=True, period__in={p for _a, _l, p in due}
        ).values_list("family_id", "user_id", "period")
    )
    with translation.override(settings.LANGUAGE_CODE):
        rows = [
            Notification(
                user_id=a["coordinator_id"],
                kind=Kind.NO_CONTACT,
                family_id=a["family_id"],
                period=period,
                created_at=now,
                text=_(
                    "Det er %(days)d dager siden sist kontakt med %(family)s. "
                    "Ta kontakt og hør hva de trenger nå."
                )
                % {"days": (today - last).days, "family": a["family__name"]},
                url=reverse("team:contact_new", args=[a["family_id"]]),
            )
            for a, last, period in due
            if (a["family_id"], a["coordinator_id"], period) not in sent
        ]
    with transaction.atomic():
        return _insert(rows)
