"""The plan and its versions: consent to the plan, create it, edit the working version, revise it.

A plan is made only with a consent that covers it (pasient- og brukerrettighetsloven § 2-5, helse- og
omsorgstjenesteloven § 7-1). History is never overwritten: a revision freezes the working version and the
work continues in a copy of it (copy-on-revise), so every earlier version stays as it was.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from los.consent.models import Consent
from los.coordinators.models import CoordinatorAssignment
from los.core import audit, dates, versions
from los.core.errors import DomainError
from los.core.models import User
from los.people.models import Family
from los.plans.models import Goal, IndividualPlan, Measure, Participant, PlanVersion
from los.team.models import RelayLog

from . import MEASURE_FIELDS, PLAN, VERSION_FIELDS

#: A new plan is first revised this many months after it starts, unless the coordinator sets another date.
FIRST_REVISION_MONTHS = 12


def no_consent_message() -> str:
    """Why a plan cannot be made or changed without consent, and how the family gives it (pbrl § 2-5)."""
    return _(
        "Det finnes ikke et gyldig samtykke til individuell plan. Planen kan ikke lages før familien har "
        "samtykket (pasient- og brukerrettighetsloven § 2-5). Foresatte gir samtykke på sine sider i Los, "
        "eller dere registrerer et samtykke gitt på papir, med «Samtykke til individuell plan» krysset av."
    )


def plan_consent(family: Family, today: datetime.date | None = None) -> Consent | None:
    """The consent in force that covers the individual plan (pbrl § 2-5: no plan without consent)."""
    return (
        Consent.objects.active_on(today or dates.today())
        .filter(family=family, covers_individual_plan=True)
        .order_by("-effective_at", "-id")
        .first()
    )


def require_plan_consent(family: Family) -> Consent:
    """The consent that covers the plan; refuses (DomainError) when there is none (pbrl § 2-5)."""
    consent = plan_consent(family)
    if consent is None:
        raise DomainError(no_consent_message())
    return consent


def current_coordinator(family: Family) -> User | None:
    """The named coordinator for the plan (forskrift om habilitering og rehabilitering, individuell plan og
    koordinator § 19, point 3): the family's current coordinator assignment."""
    assignment = (
        CoordinatorAssignment.objects.current()
        .filter(family=family)
        .select_related("coordinator")
        .order_by("-starts_on", "-id")
        .first()
    )
    return assignment.coordinator if assignment else None


def first_revision_on(period_start: datetime.date) -> datetime.date:
    """The revision date a new plan proposes: the plan names its period and when it is revised (forskrift
    § 19, point 7); Los proposes a year after the start, and the coordinator may choose another date."""
    return dates.add_months(period_start, FIRST_REVISION_MONTHS)


def new_plan_defaults(today: datetime.date | None = None, family: Family | None = None) -> dict:
    """What the form for a new plan starts with: the period starts today, the first revision follows
    `first_revision_on`, and the plan is for the family's child when it has exactly one."""
    start = today or dates.today()
    defaults = {"period_start": start, "next_revision_on": first_revision_on(start)}
    if family is not None:
        children = list(family.children.all()[:2])
        if len(children) == 1:
            defaults["child"] = children[0].pk
    return defaults


def _check_period(start, end, next_revision) -> None:
    if start and end and end < start:
        raise DomainError(_("Planperioden kan ikke slutte før den starter."), field="period_end")
    if start and next_revision and next_revision < start:
        raise DomainError(_("Neste revisjon kan ikke være før planen starter."), field="next_revision_on")
    if end and next_revision and next_revision > end:
        raise DomainError(_("Neste revisjon må være innenfor planperioden."), field="next_revision_on")


def _set_coordinator(version: PlanVersion) -> None:
    coordinator = current_coordinator(version.plan.family)
    version.coordinator = coordinator
    version.coordinator_name = coordinator.display_name if coordinator else ""


@transaction.atomic
def create_plan(
    family: Family, by_user: User, *, period_start, next_revision_on, period_end=None, **fields
) -> IndividualPlan:
    """Make the plan with its first version. Refused without a consent to the plan (pbrl § 2-5), when the
    family already has one, or when the period and revision date do not fit together (forskrift § 19).
    Two coordinators making the plan at once: the family's row is locked, so the second is told."""
    Family.objects.select_for_update().filter(pk=family.pk).first()
    if IndividualPlan.objects.filter(family=family).exists():
        raise DomainError(_("Familien har allerede en individuell plan. Lag en ny versjon i stedet."))
    consent = require_plan_consent(family)
    _check_period(period_start, period_end, next_revision_on)
    child = fields.pop("child", None)
    if child is not None and child.family_id != family.pk:
        raise DomainError(_("Velg et av barna i familien, eller hele familien."), field="child")
    plan = IndividualPlan.objects.create(family=family, created_by=by_user, child=child)
    version = PlanVersion(
        plan=plan,
        number=1,
        created_by=by_user,
        consent=consent,
        period_start=period_start,
        period_end=period_end,
        next_revision_on=next_revision_on,
        **{k: v for k, v in fields.items() if k in VERSION_FIELDS},
    )
    _set_coordinator(version)
    version.save()
    _default_participants(version)
    audit.changed(family.pk, PLAN, plan.pk)
    return plan


def _default_participants(version: PlanVersion) -> None:
    """The child, the guardians and the coordinator take part in the planning from the start."""
    family = version.plan.family
    rows = [
        Participant(version=version, name=c.full_name, role=_("barnet"), position=i)
        for i, c in enumerate(family.children.all())
    ]
    rows += [
        Participant(version=version, name=g.full_name, role=_("foresatt"), position=10 + i)
        for i, g in enumerate(family.guardians.all())
        if g.has_parental_responsibility
    ]
    if version.coordinator_name:
        rows.append(
            Participant(version=version, name=version.coordinator_name, role=_("koordinator"), position=20)
        )
    Participant.objects.bulk_create(rows)


def working_version(plan: IndividualPlan) -> PlanVersion:
    """The plan's working version: the one version that is not frozen, the only one that changes."""
    return plan.versions.get(frozen_at__isnull=True)


def check_editable(version: PlanVersion) -> None:
    """Refuse a change to a frozen (earlier) version, and any change while no consent covers the plan
    (pbrl § 2-5)."""
    if version.frozen_at is not None:
        raise DomainError(_("Dette er en tidligere versjon av planen. Den kan ikke endres."))
    require_plan_consent(version.plan.family)


@transaction.atomic
def update_version(
    version: PlanVersion, by_user: User, *, lock_version: int | None = None, **fields
) -> PlanVersion:
    """Change the working version's text, period and revision date; the named coordinator follows the
    family's current assignment (forskrift § 19). `lock_version` is the version the coordinator's page
    showed: when someone saved the plan since, nothing is saved and they are told who (`versions`)."""
    version = (
        PlanVersion.objects.select_for_update(of=("self",)).select_related("plan__family").get(pk=version.pk)
    )
    check_editable(version)
    versions.claim(
        version, lock_version, what=_("planen"), family_id=version.plan.family_id, record_type=PLAN
    )
    for name, value in fields.items():
        if name in VERSION_FIELDS:
            setattr(version, name, value)
    _check_period(version.period_start, version.period_end, version.next_revision_on)
    _set_coordinator(version)
    version.save()
    audit.changed(version.plan.family_id, PLAN, version.pk)
    return version


def _copy_goals(
    goals,
    *,
    version: PlanVersion | None = None,
    relay_log: RelayLog | None = None,
    start: int = 0,
    keep_lineage: bool = True,
) -> None:
    """Copy goals with their measures (two bulk inserts per level), keeping their lineage."""
    goals = list(goals)
    new_goals = Goal.objects.bulk_create(
        [
            Goal(
                version=version,
                relay_log=relay_log,
                text=g.text,
                voice=g.voice,
                position=start + i,
                **({"lineage": g.lineage} if keep_lineage else {}),
            )
            for i, g in enumerate(goals)
        ]
    )
    if not all(g.pk for g in new_goals):  # backends without RETURNING on bulk insert
        new_goals = list(
            Goal.objects.filter(version=version, relay_log=relay_log).order_by("position", "id")
        )[start:]
    measures = []
    for old, new in zip(goals, new_goals, strict=True):
        for m in old.measures.all():
            measures.append(
                Measure(
                    goal=new,
                    **({"lineage": m.lineage} if keep_lineage else {}),
                    **{k: getattr(m, k) for k in MEASURE_FIELDS},
                    position=m.position,
                )
            )
    Measure.objects.bulk_create(measures)


@transaction.atomic
def revise(plan: IndividualPlan, by_user: User, note: str) -> PlanVersion:
    """A revision freezes the working version and continues in a copy of it (history is never overwritten).
    Needs a consent that covers the plan (pbrl § 2-5) and a note saying what changes and why."""
    if not note.strip():
        raise DomainError(_("Skriv kort hva som endres, og hvorfor."), field="revision_note")
    consent = require_plan_consent(plan.family)
    current = PlanVersion.objects.select_for_update(of=("self",)).get(plan=plan, frozen_at__isnull=True)
    PlanVersion.objects.filter(pk=current.pk).update(
        frozen_at=dates.now(), lock_version=F("lock_version") + 1
    )
    new = PlanVersion(
        plan=plan,
        number=current.number + 1,
        created_by=by_user,
        revision_note=note.strip(),
        consent=consent,
        **{name: getattr(current, name) for name in VERSION_FIELDS},
    )
    _set_coordinator(new)
    new.save()
    Participant.objects.bulk_create(
        [
            Participant(version=new, name=p.name, role=p.role, service_id=p.service_id, position=p.position)
            for p in current.participants.all()
        ]
    )
    _copy_goals(current.goals.prefetch_related("measures"), version=new)
    audit.changed(plan.family_id, PLAN, new.pk)
    return new
