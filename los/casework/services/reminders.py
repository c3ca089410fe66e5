"""Deadline warnings for the coordinating unit, run by the sweep (`los run-due`).

Forvaltningsloven § 11 a: an application that cannot be answered within one month of receipt must get an
interim reply (foreløpig svar). The caseworkers of the municipality are warned a week before that date and
again when it has passed, for each open application that has had no interim reply. Each warning is sent
once: the notification's `period` encodes the application and the stage, and the database refuses a
second row for the same family, user, kind and period.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from los.casework import deadlines
from los.casework.models import Application, ApplicationStatus
from los.core import dates
from los.core.models import Role, User
from los.notifications.models import Kind, Notification
from los.notifications.sweep import register

WARN_DAYS_BEFORE = 7
BEFORE, OVERDUE = 0, 1


def warning_stage(received_on: datetime.date, today: datetime.date) -> int | None:
    """BEFORE in the week up to the interim-reply date, OVERDUE after it, else None (fvl § 11 a)."""
    due = deadlines.interim_reply_due(received_on)
    if today > due:
        return OVERDUE
    if today >= due - datetime.timedelta(days=WARN_DAYS_BEFORE):
        return BEFORE
    return None


def period_for(application_id: int, stage: int) -> int:
    """The notification period that makes a warning unique: one per application and stage."""
    return application_id * 2 + stage


@register("interim_reply_deadlines")
def send_interim_reply_warnings(now: datetime.datetime) -> int:
    """Warn caseworkers about open applications near or past the interim-reply date without one."""
    today = now.astimezone(dates.OSLO).date()
    # Older cases have long since been warned about; the bound keeps the query small.
    earliest_received = today - datetime.timedelta(days=400)
    open_apps = list(
        Application.objects.filter(
            status__in=[ApplicationStatus.RECEIVED, ApplicationStatus.ASSESSING],
            interim_replies__isnull=True,
            received_on__gte=earliest_received,
        ).values("pk", "family_id", "family__municipality_id", "received_on")
    )
    due = [(a, stage) for a in open_apps if (stage := warning_stage(a["received_on"], today)) is not None]
    if not due:
        return 0
    municipalities = {a["family__municipality_id"] for a, _stage in due}
    caseworkers: dict[int, list[int]] = {}
    for user_id, municipality_id in User.objects.filter(
        role=Role.CASEWORKER, is_active=True, municipality_id__in=municipalities
    ).values_list("pk", "municipality_id"):
        caseworkers.setdefault(municipality_id, []).append(user_id)
    sent = set(
        Notification.objects.filter(
            kind=Kind.INTERIM_REPLY_DEADLINE, period__in=[period_for(a["pk"], s) for a, s in due]
        ).values_list("user_id", "period")
    )
    rows = []
    with translation.override(settings.LANGUAGE_CODE):
        for a, stage in due:
            due_on = date_format(deadlines.interim_reply_due(a["received_on"]), "j. F Y")
            text = (
                _("Søknaden trenger foreløpig svar innen %(day)s (forvaltningsloven § 11 a).")
                if stage == BEFORE
                else _(
                    "Fristen for foreløpig svar var %(day)s. "
                    "Send foreløpig svar nå (forvaltningsloven § 11 a)."
                )
            ) % {"day": due_on}
            period = period_for(a["pk"], stage)
            for user_id in caseworkers.get(a["family__municipality_id"], []):
                if (user_id, period) in sent:
                    continue
                rows.append(
                    Notification(
                        user_id=user_id,
                        kind=Kind.INTERIM_REPLY_DEADLINE,
                        family_id=a["family_id"],
                        period=period,
                        created_at=now,
                        text=text,
                        url=reverse("casework:application", args=[a["pk"]]),
                    )
                )
    with transaction.atomic():
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
