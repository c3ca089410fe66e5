"""Read queries for plan and relay-log pages, and `plan_attention` for lists of families (the caseload view).

Selectors for one family take the reader's grant and start from the record policy's rows
(`access.visible`): they never log (the page's guard did). Every selector loads a page's data in a fixed
number of queries, however many goals, measures, evaluations or families there are.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from los.core import access, dates
from los.team.models import RelayHandover, RelayMeasure
from los.team.selectors import relay_logs

from .models import (
    Evaluation,
    Goal,
    IndividualPlan,
    Measure,
    Participant,
    PlanComment,
    PlanVersion,
)

DUE_SOON_DAYS = 30


def _measures():
    return Measure.objects.select_related("responsible_service__organisation", "responsible_person")


def _goals():
    return Goal.objects.prefetch_related(Prefetch("measures", queryset=_measures()))


def versions_with_content():
    """Plan versions with participants, goals and measures, in a fixed number of queries."""
    return PlanVersion.objects.select_related(
        "plan__family", "plan__child", "consent", "created_by"
    ).prefetch_related(
        Prefetch("participants", queryset=Participant.objects.select_related("service")),
        Prefetch("goals", queryset=_goals()),
        "consent__services",
    )


def plan_of(grant) -> IndividualPlan | None:
    """The family's plan, if there is one and the grant's relation reaches it."""
    return access.visible(grant, IndividualPlan).select_related("family", "child").first()


def version_list(plan: IndividualPlan) -> list[PlanVersion]:
    """Every version of the plan, newest first, with who made it (the history is never overwritten)."""
    return list(plan.versions.select_related("created_by").order_by("-number"))


def version(plan: IndividualPlan, number: int | None = None) -> PlanVersion | None:
    """One version with its content; without `number`, the working (newest) version."""
    qs = versions_with_content().filter(plan=plan)
    return (
        qs.filter(number=number).first() if number is not None else qs.filter(frozen_at__isnull=True).first()
    )


def evaluable_measures(family_id, measure_id) -> tuple[type, QuerySet]:
    """The record type of a measure (in the plan, or in a relay log) and the family's measures of that type
    that may still be evaluated: in the plan's working version, or in an open relay log. Says nothing
    about who may see it: `access.get` decides that, and answers alike for a missing measure."""
    in_relay_log = Measure.objects.filter(pk=measure_id, goal__relay_log__isnull=False).exists()
    if in_relay_log:
        return RelayMeasure, RelayMeasure.objects.filter(
            goal__relay_log__family_id=family_id, goal__relay_log__closed_at__isnull=True
        )
    return Measure, Measure.objects.filter(
        goal__version__plan__family_id=family_id, goal__version__frozen_at__isnull=True
    )


def working_rows(model, family_id) -> QuerySet:
    """Goals, measures or participants of the working version of the family's plan: the only rows that may
    change (an earlier version is never changed). Says nothing about who may see them: `access.get`
    decides that."""
    prefix = {Goal: "version", Measure: "goal__version", Participant: "version"}[model]
    return model.objects.filter(
        **{f"{prefix}__plan__family_id": family_id, f"{prefix}__frozen_at__isnull": True}
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
    """Give each measure of `version` its evaluation history across versions (`evaluation_history`)."""
    for goal in version.goals.all():
        for m in goal.measures.all():
            m.evaluation_history = grouped.get(m.lineage, [])


def comments(plan: IndividualPlan) -> list[PlanComment]:
    """The family's comments on every version of the plan, newest first."""
    return list(PlanComment.objects.filter(version__plan=plan).select_related("author", "version", "seen_by"))


def unseen_comments(comments: Iterable[PlanComment], reader) -> list[PlanComment]:
    """The comments that are new to `reader`: not yet marked as read, and written by someone else (the
    same rule `services.evaluations.mark_comments_seen` marks them by)."""
    return [c for c in comments if c.seen_at is None and c.author_id != reader.pk]


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
    """Where the plan stands: the next revision (overdue, or due within DUE_SOON_DAYS), evaluations overdue
    and due soon, and measures without a responsible person (forskrift om habilitering og rehabilitering,
    individuell plan og koordinator § 19: each measure has someone responsible, the plan a revision date).
    Computed from the prefetched version: no extra queries."""
    today = today or dates.today()
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


def plan_attention(
    family_ids: Iterable[int],
    today: datetime.date | None = None,
    *,
    versions: QuerySet | None = None,
    handovers: QuerySet | None = None,
) -> dict[int, list[str]]:
    """What needs attention in each family's plan and relay log, as short bokmål lines, for lists of families.

    For each family id: the plan's revision overdue or due within 30 days, evaluations of measures that are
    overdue, measures without a responsible person, and relay-log handovers waiting for acceptance.
    Families with nothing to report are left out. Three queries, however many families. `versions` and
    `handovers` narrow what is counted to the rows a reader may see (`access.visible`).
    """
    today = today or dates.today()
    ids = list(family_ids)
    out: dict[int, list[str]] = defaultdict(list)
    if not ids:
        return {}
    versions = PlanVersion.objects.all() if versions is None else versions
    handovers = RelayHandover.objects.all() if handovers is None else handovers
    working = (
        versions.filter(plan__family_id__in=ids, frozen_at__isnull=True)
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
                % {"date": dates.long_date(revision)}
            )
        elif days <= DUE_SOON_DAYS:
            out[family_id].append(
                _("Planen skal revideres innen %(date)s") % {"date": dates.long_date(revision)}
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
        handovers.filter(
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


def family_summary(grant) -> dict:
    """What the family pages show about the plan and the relay logs this relation may read. No log."""
    plan = (
        access.visible(grant, IndividualPlan)
        .select_related("child")
        .annotate(
            unseen=Count(
                "versions__comments", filter=Q(versions__comments__seen_at__isnull=True), distinct=True
            )
        )
        .first()
    )
    working = None
    if plan is not None:
        working = access.visible(grant, PlanVersion).filter(plan=plan, frozen_at__isnull=True).first()
    logs = relay_logs(grant)
    return {
        "plan": plan,
        "working": working,
        "relay_logs": logs,
        "open_logs": [log for log in logs if log.is_open],
    }


def family_attention(grant) -> list[str]:
    """`plan_attention` for one family, counting only the plan and relay logs this relation may read."""
    family_id = grant.family.pk
    return plan_attention(
        [family_id],
        versions=access.visible(grant, PlanVersion),
        handovers=access.visible(grant, RelayHandover),
    ).get(family_id, [])
