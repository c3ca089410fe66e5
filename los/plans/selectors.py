"""Read queries for plan and relay-log pages, and `plan_attention` for lists of families (the caseload view).

Every selector loads a page's data in a fixed number of queries, however many goals, measures, evaluations
or families there are.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import (
    Evaluation,
    Goal,
    IndividualPlan,
    Measure,
    Participant,
    PlanComment,
    PlanVersion,
    RelayEntry,
    RelayHandover,
    RelayLog,
)

DUE_SOON_DAYS = 30


def _measures():
    return Measure.objects.select_related("responsible_service__organisation", "responsible_person")


def _goals():
    return Goal.objects.prefetch_related(Prefetch("measures", queryset=_measures()))


def versions_with_content():
    """Plan versions with participants, goals and measures, in a fixed number of queries."""
    return PlanVersion.objects.select_related("plan__family", "consent", "created_by").prefetch_related(
        Prefetch("participants", queryset=Participant.objects.select_related("service")),
        Prefetch("goals", queryset=_goals()),
        "consent__services",
    )


def plan_of(family_id) -> IndividualPlan | None:
    return IndividualPlan.objects.filter(family_id=family_id).select_related("family").first()


def version_list(plan: IndividualPlan) -> list[PlanVersion]:
    return list(plan.versions.select_related("created_by").order_by("-number"))


def version(plan: IndividualPlan, number: int | None = None) -> PlanVersion | None:
    """One version with its content; without `number`, the working (newest) version."""
    qs = versions_with_content().filter(plan=plan)
    return (
        qs.filter(number=number).first() if number is not None else qs.filter(frozen_at__isnull=True).first()
    )


def evaluations_by_lineage(plan: IndividualPlan) -> dict:
    """All evaluations of the plan's measures, across versions, grouped by measure lineage."""
    grouped = defaultdict(list)
    for e in Evaluation.objects.filter(measure__goal__version__plan=plan).select_related(
        "measure", "evaluated_by"
    ):
        grouped[e.measure.lineage].append(e)
    return grouped


def attach_evaluations(version: PlanVersion, grouped: dict) -> None:
    for goal in version.goals.all():
        for m in goal.measures.all():
            m.evaluation_history = grouped.get(m.lineage, [])


def comments(plan: IndividualPlan) -> list[PlanComment]:
    return list(PlanComment.objects.filter(version__plan=plan).select_related("author", "version", "seen_by"))


@dataclass
class Progress:
    """Progress at a glance: next revision, evaluations overdue and due soon, measures without a person."""

    next_revision_on: datetime.date
    revision_overdue: bool
    revision_due_soon: bool
    days_to_revision: int
    overdue: list = field(default_factory=list)
    due_soon: list = field(default_factory=list)
    without_person: list = field(default_factory=list)
    measure_count: int = 0


def progress(version: PlanVersion, today: datetime.date | None = None) -> Progress:
    """Computed from the prefetched version: no extra queries."""
    today = today or timezone.localdate()
    days = (version.next_revision_on - today).days
    result = Progress(
        next_revision_on=version.next_revision_on,
        revision_overdue=days < 0,
        revision_due_soon=0 <= days <= DUE_SOON_DAYS,
        days_to_revision=days,
    )
    for goal in version.goals.all():
        for m in goal.measures.all():
            result.measure_count += 1
            if m.responsible_person_id is None:
                result.without_person.append(m)
            if m.evaluate_on is None:
                continue
            if m.evaluate_on < today:
                result.overdue.append(m)
            elif (m.evaluate_on - today).days <= DUE_SOON_DAYS:
                result.due_soon.append(m)
    result.overdue.sort(key=lambda m: m.evaluate_on)
    result.due_soon.sort(key=lambda m: m.evaluate_on)
    return result


def plan_attention(family_ids: Iterable[int], today: datetime.date | None = None) -> dict[int, list[str]]:
    """What needs attention in each family's plan and relay log, as short bokmål lines, for lists of families.

    For each family id: the plan's revision overdue or due within 30 days, evaluations of measures that are
    overdue, measures without a responsible person, and relay-log handovers waiting for acceptance.
    Families with nothing to report are left out. Three queries, however many families.
    """
    today = today or timezone.localdate()
    ids = list(family_ids)
    out: dict[int, list[str]] = defaultdict(list)
    if not ids:
        return {}
    working = (
        PlanVersion.objects.filter(plan__family_id__in=ids, frozen_at__isnull=True)
        .values("plan__family_id", "next_revision_on")
        .annotate(
            overdue=Count("goals__measures", filter=Q(goals__measures__evaluate_on__lt=today)),
            without_person=Count(
                "goals__measures", filter=Q(goals__measures__responsible_person__isnull=True)
            ),
        )
    )
    for row in working:
        family_id, revision = row["plan__family_id"], row["next_revision_on"]
        days = (revision - today).days
        if days < 0:
            out[family_id].append(
                _("Revisjon av planen er forsinket (skulle vært %(date)s)")
                % {"date": date_format(revision, "j. F Y")}
            )
        elif days <= DUE_SOON_DAYS:
            out[family_id].append(
                _("Planen skal revideres innen %(date)s") % {"date": date_format(revision, "j. F Y")}
            )
        if row["overdue"]:
            out[family_id].append(
                ngettext(
                    "%(n)d evaluering av tiltak er forsinket",
                    "%(n)d evalueringer av tiltak er forsinket",
                    row["overdue"],
                )
                % {"n": row["overdue"]}
            )
        if row["without_person"]:
            out[family_id].append(
                ngettext(
                    "%(n)d tiltak mangler ansvarlig person",
                    "%(n)d tiltak mangler ansvarlig person",
                    row["without_person"],
                )
                % {"n": row["without_person"]}
            )
    pending = (
        RelayHandover.objects.filter(
            relay_log__family_id__in=ids,
            relay_log__closed_at__isnull=True,
            accepted_at__isnull=True,
            declined_at__isnull=True,
            withdrawn_at__isnull=True,
        )
        .values("relay_log__family_id")
        .annotate(n=Count("id"))
    )
    for row in pending:
        out[row["relay_log__family_id"]].append(_("Stafettloggen venter på at ny stafettholder godtar"))
    return dict(out)


# The relay log


def _pending_handovers():
    return RelayHandover.objects.filter(
        accepted_at__isnull=True, declined_at__isnull=True, withdrawn_at__isnull=True
    ).select_related("to_holder", "from_holder")


def relay_logs(family_id) -> list[RelayLog]:
    logs = list(
        RelayLog.objects.filter(family_id=family_id)
        .select_related("holder", "child", "carried_into__plan")
        .prefetch_related("services", Prefetch("handovers", queryset=_pending_handovers(), to_attr="pending"))
        .order_by("closed_at", "-opened_on", "-id")
    )
    return logs


def relay_log(family_id, log_id) -> RelayLog | None:
    log = (
        RelayLog.objects.filter(family_id=family_id, pk=log_id)
        .select_related("holder", "child", "opened_by", "closed_by", "carried_into__plan", "family")
        .prefetch_related(
            "services",
            Prefetch("goals", queryset=_goals()),
            Prefetch("entries", queryset=RelayEntry.objects.select_related("author")),
            Prefetch("handovers", queryset=_pending_handovers(), to_attr="pending"),
        )
        .first()
    )
    if log is not None:
        grouped = defaultdict(list)
        for e in Evaluation.objects.filter(measure__goal__relay_log=log).select_related("evaluated_by"):
            grouped[e.measure_id].append(e)
        for goal in log.goals.all():
            for m in goal.measures.all():
                m.evaluation_history = grouped.get(m.pk, [])
    return log


def family_summary(family_id) -> dict:
    """What the family pages show about the plan and relay logs, in three queries."""
    plan = (
        IndividualPlan.objects.filter(family_id=family_id)
        .annotate(
            unseen=Count(
                "versions__comments", filter=Q(versions__comments__seen_at__isnull=True), distinct=True
            )
        )
        .first()
    )
    working = None
    if plan is not None:
        working = PlanVersion.objects.filter(plan=plan, frozen_at__isnull=True).first()
    logs = relay_logs(family_id)
    return {
        "plan": plan,
        "working": working,
        "relay_logs": logs,
        "open_logs": [log for log in logs if log.is_open],
    }
