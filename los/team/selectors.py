"""Read queries for the team pages, with their joins: page query counts do not grow with the data.

The caseload view asks every registered *attention provider* what needs attention in the coordinator's
families. This app provides late action items, meetings this week and no recent contact; other apps add
their rows with `register_attention` in their AppConfig.ready, e.g. the individual plan's revisions due:

    from los.team.selectors import Attention, register_attention

    @register_attention
    def plan_revisions_due(family_ids, today):
        # one query for all families -> {family_id: [Attention(rank=..., text=..., url=...)]}
        ...

A provider gets all family ids at once and must answer with a fixed number of queries.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from los.consent.models import ConsentExtensionRequest, RequestStatus
from los.coordinators.models import CoordinatorAssignment
from los.core import access, dates
from los.core.models import AccessReason
from los.people.models import Family
from los.plans.models import Goal, Measure

from .models import (
    ActionItem,
    ActionItemStatus,
    ContactLogEntry,
    FamilyMember,
    Meeting,
    MeetingStatus,
    Minutes,
    RelayEntry,
    RelayEvaluation,
    RelayHandover,
    RelayLog,
    TeamMember,
)
from .policy import sees_contact_log


@dataclass(frozen=True)
class Attention:
    """One thing that needs the coordinator's attention in a family. Lower `rank` comes first."""

    rank: int
    text: str
    url: str = ""


AttentionProvider = Callable[[list[int], datetime.date], dict[int, list[Attention]]]
_PROVIDERS: list[AttentionProvider] = []


def register_attention(provider: AttentionProvider) -> AttentionProvider:
    """Add an app's rows to the caseload view (see the module's docstring)."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


# --- One family --------------------------------------------------------------------------------------


def week_bounds(today: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """Monday 00:00 to next Monday 00:00, Europe/Oslo."""
    monday = today - datetime.timedelta(days=today.weekday())
    start = dates.at(monday, datetime.time())
    return start, start + datetime.timedelta(days=7)


def responsibility_group(grant, today: datetime.date) -> dict:
    """The group: the coordinator who leads it, the professionals, and the family's own members."""
    return {
        "coordinators": list(
            CoordinatorAssignment.objects.current(today)
            .filter(family_id=grant.family.pk)
            .select_related("coordinator")
        ),
        "professionals": list(
            access.visible(grant, TeamMember)
            .current()
            .select_related("professional__user", "professional__organisation", "service__organisation")
        ),
        "family_members": list(
            access.visible(grant, FamilyMember).current().select_related("guardian", "child")
        ),
    }


def action_items(grant) -> QuerySet:
    """The family's action items this relation may see, open ones first, with their comment counts."""
    return (
        access.visible(grant, ActionItem)
        .select_related("responsible", "meeting", "child")
        .annotate(comment_count=Count("comments"))
        .order_by("status", "due_on", "id")
    )


def who_does_what(items: Iterable[ActionItem]) -> list[tuple[str, list[ActionItem]]]:
    """Open items grouped by the responsible person, in the order of their first due date."""
    groups: dict[str, list[ActionItem]] = defaultdict(list)
    for item in items:
        if item.status == ActionItemStatus.OPEN:
            groups[item.responsible.display_name].append(item)
    return sorted(groups.items(), key=lambda g: (g[1][0].due_on, g[0]))


def meetings(grant) -> QuerySet:
    """The family's meetings this relation may see, newest first, marked when it may read the minutes."""
    return (
        access.visible(grant, Meeting)
        .annotate(minutes_shown=Exists(access.visible(grant, Minutes).filter(meeting=OuterRef("pk"))))
        .order_by("-starts_at", "-id")
    )


def follow_up(grant, today: datetime.date) -> dict:
    """Everything the family's follow-up page shows, as far as this relation may see it."""
    items = list(action_items(grant))
    return {
        "group": responsibility_group(grant, today),
        "items": items,
        "who_does_what": who_does_what(items),
        "meetings": list(meetings(grant)),
        "contacts": list(access.visible(grant, ContactLogEntry)[:10]) if sees_contact_log(grant) else None,
        "consent_requests": list(
            access.visible(grant, ConsentExtensionRequest).filter(status=RequestStatus.PENDING)
        ),
    }


def summary(grant, today: datetime.date, with_requests: bool = False) -> dict:
    """The short follow-up summary of the family pages: open and late items, the next meeting, and (for
    the family) the questions about extending the consent. A fixed number of queries; nothing logged."""
    counts = access.visible(grant, ActionItem).aggregate(
        open_items=Count("pk", filter=Q(status=ActionItemStatus.OPEN)),
        late_items=Count("pk", filter=Q(status=ActionItemStatus.OPEN, due_on__lt=today)),
    )
    next_meeting = (
        access.visible(grant, Meeting)
        .filter(starts_at__gte=timezone.now(), status=MeetingStatus.PLANNED)
        .order_by("starts_at")
        .first()
    )
    requests = (
        list(access.visible(grant, ConsentExtensionRequest).filter(status=RequestStatus.PENDING))
        if with_requests
        else []
    )
    return {**counts, "next_meeting": next_meeting, "consent_requests": requests}


# --- The coordinator's families ----------------------------------------------------------------------


def coordinated_families(visible: QuerySet) -> QuerySet:
    """The families the user coordinates (current assignment), from the access policy's queryset."""
    return visible.filter(access_reason=AccessReason.COORDINATOR)


def families_shown(visible: QuerySet, family_ids: Iterable[int]) -> list[Family]:
    """The families among `family_ids` as the access policy's queryset gives them (with the relation that
    lets the user see each), for logging a list page: one read per family named on it."""
    ids = set(family_ids)
    return list(visible.filter(pk__in=ids)) if ids else []


def late_items(visible: QuerySet, today: datetime.date) -> QuerySet:
    """ "Til oppfølging": all late, open items in the families the user coordinates."""
    return (
        ActionItem.objects.filter(
            family__in=coordinated_families(visible).values("pk"),
            status=ActionItemStatus.OPEN,
            due_on__lt=today,
        )
        .select_related("family", "responsible", "meeting", "child")
        .order_by("due_on", "family__name", "id")
    )


def caseload(visible: QuerySet, today: datetime.date) -> list[Family]:
    """The user's families, each with `attention` (most urgent first) and its key figures, most urgent
    family first. A fixed number of queries whatever the number of families."""
    week_start, week_end = week_bounds(today)
    open_items = ActionItem.objects.filter(family=OuterRef("pk"), status=ActionItemStatus.OPEN)
    # Started from the access policy's families; each keeps the relation it was seen through (for the log).
    reasons = dict(coordinated_families(visible).values_list("pk", "access_reason"))
    families = list(
        Family.objects.filter(pk__in=list(reasons))
        .annotate(
            late_count=Count(
                "action_items",
                filter=Q(action_items__status=ActionItemStatus.OPEN, action_items__due_on__lt=today),
                distinct=True,
            ),
            last_contact=Max("contacts__contacted_on"),
            has_open_items=Exists(open_items),
        )
        .order_by("name", "id")
    )
    ids = [f.pk for f in families]
    for f in families:
        f.access_reason = reasons[f.pk]
    week_meetings = defaultdict(list)
    for m in (
        Meeting.objects.filter(family_id__in=ids, starts_at__gte=week_start, starts_at__lt=week_end)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("starts_at")
    ):
        week_meetings[m.family_id].append(m)
    starts = dict(
        CoordinatorAssignment.objects.current(today)
        .filter(family_id__in=ids)
        .values("family_id")
        .annotate(first=Max("starts_on"))
        .values_list("family_id", "first")
    )
    extra: dict[int, list[Attention]] = defaultdict(list)
    for provider in _PROVIDERS:
        for family_id, rows in provider(ids, today).items():
            extra[family_id].extend(rows)
    quiet_limit = settings.LOS_NO_CONTACT_DAYS
    for f in families:
        rows: list[Attention] = []
        if f.late_count:
            rows.append(
                Attention(
                    10,
                    ngettext("%(n)d oppgave er forsinket", "%(n)d oppgaver er forsinket", f.late_count)
                    % {"n": f.late_count},
                    reverse("team:overview", args=[f.pk]) + "#oppgaver",
                )
            )
        for m in week_meetings.get(f.pk, []):
            local = dates.local(m.starts_at)
            rows.append(
                Attention(
                    20,
                    _("Møte %(day)s kl. %(time)s")
                    % {"day": date_format(local, "l j. F"), "time": f"{local:%H.%M}"},
                    reverse("team:meeting", args=[m.pk]),
                )
            )
        since = f.last_contact or starts.get(f.pk)
        f.days_since_contact = (today - since).days if since else None
        if f.days_since_contact is not None and f.days_since_contact >= quiet_limit:
            rows.append(
                Attention(
                    30,
                    _("Ingen kontakt på %(n)d dager") % {"n": f.days_since_contact},
                    reverse("team:contact_new", args=[f.pk]),
                )
            )
        rows.extend(extra.get(f.pk, []))
        f.attention = sorted(rows, key=lambda a: a.rank)
        f.week_meetings = week_meetings.get(f.pk, [])
    families.sort(key=lambda f: (f.attention[0].rank if f.attention else 1000, f.name, f.pk))
    return families


# --- The relay log ------------------------------------------------------------------------------------


def _pending_handovers() -> QuerySet:
    return RelayHandover.objects.filter(
        accepted_at__isnull=True, declined_at__isnull=True, withdrawn_at__isnull=True
    ).select_related("to_holder", "from_holder")


def _relay_goals() -> QuerySet:
    measures = Measure.objects.select_related("responsible_service__organisation", "responsible_person")
    return Goal.objects.prefetch_related(Prefetch("measures", queryset=measures))


def relay_logs(grant) -> list[RelayLog]:
    """The family's relay logs this relation may read, open ones first, each with its waiting handover
    (`pending`)."""
    return list(
        access.visible(grant, RelayLog)
        .select_related("holder", "child", "carried_into__plan")
        .prefetch_related("services", Prefetch("handovers", queryset=_pending_handovers(), to_attr="pending"))
        .order_by("closed_at", "-opened_on", "-id")
    )


def relay_log(grant, log_id) -> RelayLog | None:
    """One relay log with its goals, measures, their evaluations (those this relation may read), entries
    and a waiting handover; None when missing or not visible."""
    log = (
        access.visible(grant, RelayLog)
        .filter(pk=log_id)
        .select_related("holder", "child", "opened_by", "closed_by", "carried_into__plan", "family")
        .prefetch_related(
            "services",
            Prefetch("goals", queryset=_relay_goals()),
            Prefetch("entries", queryset=RelayEntry.objects.select_related("author")),
            Prefetch("handovers", queryset=_pending_handovers(), to_attr="pending"),
        )
        .first()
    )
    if log is not None:
        grouped = defaultdict(list)
        for e in (
            access.visible(grant, RelayEvaluation)
            .filter(measure__goal__relay_log=log)
            .select_related("evaluated_by")
        ):
            grouped[e.measure_id].append(e)
        for goal in log.goals.all():
            for m in goal.measures.all():
                m.evaluation_history = grouped.get(m.pk, [])
    return log
