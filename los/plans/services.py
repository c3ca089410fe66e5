"""Workflows of the individual plan: create (only with consent), edit the working version, evaluate
measures, revise (copy-on-revise), comment.

Law: pasient- og brukerrettighetsloven § 2-5 and helse- og omsorgstjenesteloven § 7-1 (the right to a plan;
no plan without consent), forskrift om habilitering, rehabilitering, individuell plan og koordinator
§§ 19-21 (what the plan contains and how it is worked out with the person).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from los.consent.models import Consent
from los.core import access, audit
from los.core.errors import DomainError
from los.core.models import User
from los.intake.models import CoordinatorAssignment
from los.people.models import Family, Service
from los.team.models import TeamMember

from .models import (
    Evaluation,
    EvaluationOutcome,
    Goal,
    IndividualPlan,
    Measure,
    Participant,
    PlanComment,
    PlanVersion,
    RelayLog,
    Voice,
)

VERSION_FIELDS = (
    "resources",
    "needs",
    "child_contribution",
    "relatives_contribution",
    "services_contribution",
    "others_contribution",
    "period_start",
    "period_end",
    "next_revision_on",
    "cooperation",
)
PLAN = "individual_plan"  # the access log's name for the plan and everything in it
RELAY = "relay_log"

MEASURE_FIELDS = (
    "description",
    "responsible_service",
    "responsible_person",
    "scope",
    "how",
    "starts_on",
    "ends_on",
    "evaluate_on",
)


def no_consent_message() -> str:
    return _(
        "Det finnes ikke et gyldig samtykke til individuell plan. Planen kan ikke lages før familien har "
        "samtykket (pasient- og brukerrettighetsloven § 2-5). Foresatte gir samtykke på sine sider i Los, "
        "eller dere registrerer et samtykke gitt på papir, med «Samtykke til individuell plan» krysset av."
    )


def plan_consent(family: Family, today: datetime.date | None = None) -> Consent | None:
    """The consent in force that covers the individual plan (pbrl § 2-5: no plan without consent)."""
    return (
        Consent.objects.active_on(today or timezone.localdate())
        .filter(family=family, covers_individual_plan=True)
        .order_by("-effective_at", "-id")
        .first()
    )


def require_plan_consent(family: Family) -> Consent:
    consent = plan_consent(family)
    if consent is None:
        raise DomainError(no_consent_message())
    return consent


def current_coordinator(family: Family) -> User | None:
    """The named coordinator for the plan (point 3): the family's current coordinator assignment."""
    assignment = (
        CoordinatorAssignment.objects.current()
        .filter(family=family)
        .select_related("coordinator")
        .order_by("-starts_on", "-id")
        .first()
    )
    return assignment.coordinator if assignment else None


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
    """Make the plan with its first version. Refused without a consent to the plan (pbrl § 2-5)."""
    if IndividualPlan.objects.filter(family=family).exists():
        raise DomainError(_("Familien har allerede en individuell plan. Lag en ny versjon i stedet."))
    consent = require_plan_consent(family)
    _check_period(period_start, period_end, next_revision_on)
    plan = IndividualPlan.objects.create(family=family, created_by=by_user, child=fields.pop("child", None))
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
    return plan.versions.get(frozen_at__isnull=True)


def _editable(version: PlanVersion) -> None:
    if version.frozen_at is not None:
        raise DomainError(_("Dette er en tidligere versjon av planen. Den kan ikke endres."))
    require_plan_consent(version.plan.family)


@transaction.atomic
def update_version(version: PlanVersion, by_user: User, **fields) -> PlanVersion:
    """Change the working version's text, period and revision date."""
    version = (
        PlanVersion.objects.select_for_update(of=("self",)).select_related("plan__family").get(pk=version.pk)
    )
    _editable(version)
    for name, value in fields.items():
        if name in VERSION_FIELDS:
            setattr(version, name, value)
    _check_period(version.period_start, version.period_end, version.next_revision_on)
    _set_coordinator(version)
    version.save()
    audit.changed(version.plan.family_id, PLAN, version.pk)
    return version


def _family_of(goal_or_version) -> Family:
    if isinstance(goal_or_version, PlanVersion):
        return goal_or_version.plan.family
    if goal_or_version.version_id:
        return goal_or_version.version.plan.family
    return goal_or_version.relay_log.family


def _log_goal_change(goal: Goal, record_id) -> None:
    """A change to a goal or measure is a change of the plan, or of the relay log it belongs to."""
    if goal.version_id:
        audit.changed(goal.version.plan.family_id, PLAN, record_id)
    else:
        audit.changed(goal.relay_log.family_id, RELAY, record_id)


def _check_goal_editable(goal: Goal) -> None:
    if goal.version_id:
        _editable(goal.version)
    else:
        from .relay import check_relay_editable

        check_relay_editable(goal.relay_log)


@transaction.atomic
def add_goal(
    *,
    text: str,
    voice: str = Voice.CHILD_AND_FAMILY,
    version: PlanVersion | None = None,
    relay_log: RelayLog | None = None,
) -> Goal:
    if not text.strip():
        raise DomainError(_("Skriv målet, gjerne med barnets og familiens egne ord."), field="text")
    if voice not in Voice.values:
        raise DomainError(_("Velg hvem sine ord målet er skrevet med."), field="voice")
    goal = Goal(version=version, relay_log=relay_log, text=text.strip(), voice=voice)
    _check_goal_editable(goal)
    owner = {"version": version} if version else {"relay_log": relay_log}
    goal.position = Goal.objects.filter(**owner).count()
    goal.save()
    _log_goal_change(goal, goal.pk)
    return goal


@transaction.atomic
def update_goal(goal: Goal, *, text: str, voice: str) -> Goal:
    _check_goal_editable(goal)
    if not text.strip():
        raise DomainError(_("Skriv målet, gjerne med barnets og familiens egne ord."), field="text")
    goal.text, goal.voice = text.strip(), voice
    goal.save()
    _log_goal_change(goal, goal.pk)
    return goal


@transaction.atomic
def remove_goal(goal: Goal) -> None:
    _check_goal_editable(goal)
    if Evaluation.objects.filter(measure__goal=goal).exists():
        raise DomainError(
            _("Målet har tiltak som er evaluert. Avslutt tiltakene i stedet for å slette målet.")
        )
    goal_id = goal.pk
    goal.delete()
    _log_goal_change(goal, goal_id)


def responsible_people(family: Family, *, plan: bool = True, today: datetime.date | None = None) -> QuerySet:
    """Who may be named responsible for a measure: the family's team and nobody else.

    That is the professionals on the team whose service an active consent covers (for a measure in the
    plan: a consent that also covers the plan, pasient- og brukerrettighetsloven § 2-5), and the family's
    coordinator. Naming someone outside the team would show them the measure, and tell them about the
    family, without the family's consent (helsepersonelloven §§ 21-22)."""
    today = today or timezone.localdate()
    consents = Consent.objects.active_on(today).filter(family=family, services=OuterRef("service_id"))
    if plan:
        consents = consents.filter(covers_individual_plan=True)
    team = (
        TeamMember.objects.filter(family=family, left_on__isnull=True)
        .filter(Exists(consents))
        .values("professional__user_id")
    )
    coordinators = CoordinatorAssignment.objects.current(today).filter(family=family).values("coordinator_id")
    return User.objects.filter(Q(pk__in=team) | Q(pk__in=coordinators), is_active=True).order_by(
        "first_name", "last_name", "username"
    )


def may_evaluate(grant, measure: Measure) -> bool:
    """Who evaluates a measure: the person responsible for it, and in the plan the coordinator, in a relay
    log the relay holder (who leads the log). The record policy asks this before any change to a measure."""
    if measure.responsible_person_id is not None and measure.responsible_person_id == grant.user.pk:
        return True
    goal = measure.goal
    if goal.relay_log_id is not None:
        return goal.relay_log.holder_id == grant.user.pk
    return grant.is_coordinator


def _check_measure(family: Family, fields: dict, *, plan: bool, person_changed: bool = True) -> None:
    service = fields.get("responsible_service")
    if service is not None:
        if not isinstance(service, Service) or service.organisation.municipality_id != family.municipality_id:
            raise DomainError(_("Tjenesten finnes ikke i kommunen."), field="responsible_service")
    person = fields.get("responsible_person")
    if person is not None and person_changed:
        if not responsible_people(family, plan=plan).filter(pk=person.pk).exists():
            raise DomainError(
                _(
                    "Den ansvarlige må være med i familiens team: koordinatoren eller en fagperson "
                    "som samtykket gjelder for."
                ),
                field="responsible_person",
            )
    starts, ends = fields.get("starts_on"), fields.get("ends_on")
    if starts and ends and ends < starts:
        raise DomainError(_("Tiltaket kan ikke slutte før det starter."), field="ends_on")
    if not (fields.get("description") or "").strip():
        raise DomainError(_("Beskriv tiltaket."), field="description")


@transaction.atomic
def add_measure(goal: Goal, **fields) -> Measure:
    """A measure linked to a goal, with responsible service and person, scope, how and evaluation date."""
    _check_goal_editable(goal)
    _check_measure(_family_of(goal), fields, plan=goal.version_id is not None)
    measure = Measure(
        goal=goal, position=goal.measures.count(), **{k: fields.get(k) for k in MEASURE_FIELDS if k in fields}
    )
    measure.description = measure.description.strip()
    measure.scope = measure.scope or ""
    measure.how = measure.how or ""
    measure.save()
    _log_goal_change(goal, measure.pk)
    return measure


@transaction.atomic
def update_measure(measure: Measure, **fields) -> Measure:
    _check_goal_editable(measure.goal)
    merged = {k: getattr(measure, k) for k in MEASURE_FIELDS} | {
        k: v for k, v in fields.items() if k in MEASURE_FIELDS
    }
    person = merged.get("responsible_person")
    _check_measure(
        _family_of(measure.goal),
        merged,
        plan=measure.goal.version_id is not None,
        person_changed=(person.pk if person else None) != measure.responsible_person_id,
    )
    new_goal = fields.get("goal")
    if new_goal is not None and new_goal.pk != measure.goal_id:
        if (new_goal.version_id, new_goal.relay_log_id) != (
            measure.goal.version_id,
            measure.goal.relay_log_id,
        ):
            raise DomainError(_("Målet hører ikke til denne planen."), field="goal")
        measure.goal = new_goal
    for name, value in merged.items():
        setattr(measure, name, value if value is not None or name not in ("scope", "how") else "")
    measure.save()
    _log_goal_change(measure.goal, measure.pk)
    return measure


@transaction.atomic
def remove_measure(measure: Measure) -> None:
    _check_goal_editable(measure.goal)
    if measure.evaluations.exists():
        raise DomainError(_("Tiltaket er evaluert. Avslutt det med en evaluering i stedet for å slette det."))
    measure_id = measure.pk
    measure.delete()
    _log_goal_change(measure.goal, measure_id)


@transaction.atomic
def add_participant(
    version: PlanVersion, *, name: str, role: str, service: Service | None = None
) -> Participant:
    _editable(version)
    if not name.strip() or not role.strip():
        raise DomainError(_("Skriv navn og rolle."), field="name")
    if service is not None and service.organisation.municipality_id != version.plan.family.municipality_id:
        raise DomainError(_("Tjenesten finnes ikke i kommunen."), field="service")
    participant = Participant.objects.create(
        version=version,
        name=name.strip(),
        role=role.strip(),
        service=service,
        position=version.participants.count() + 30,
    )
    audit.changed(version.plan.family_id, PLAN, participant.pk)
    return participant


@transaction.atomic
def remove_participant(participant: Participant) -> None:
    _editable(participant.version)
    participant_id = participant.pk
    participant.delete()
    audit.changed(participant.version.plan.family_id, PLAN, participant_id)


@transaction.atomic
def evaluate_measure(
    measure: Measure,
    by_user: User,
    *,
    evaluated_on: datetime.date,
    text: str,
    outcome: str,
    next_evaluation_on: datetime.date | None = None,
) -> Evaluation:
    """Record how a measure went on its evaluation date and set the next one (or end the measure)."""
    measure = (
        Measure.objects.select_for_update(of=("self",))
        .select_related("goal__version__plan__family", "goal__relay_log")
        .get(pk=measure.pk)
    )
    _check_goal_editable(measure.goal)
    if outcome not in EvaluationOutcome.values:
        raise DomainError(_("Velg hva som skjer videre med tiltaket."), field="outcome")
    if not text.strip():
        raise DomainError(_("Skriv kort hvordan det har gått."), field="text")
    if evaluated_on > timezone.localdate():
        raise DomainError(_("En evaluering kan ikke dateres fram i tid."), field="evaluated_on")
    if outcome == EvaluationOutcome.END:
        next_evaluation_on = None
    elif next_evaluation_on is None:
        raise DomainError(
            _("Sett dato for neste evaluering, eller avslutt tiltaket."), field="next_evaluation_on"
        )
    elif next_evaluation_on <= evaluated_on:
        raise DomainError(_("Neste evaluering må være etter denne."), field="next_evaluation_on")
    evaluation = Evaluation.objects.create(
        measure=measure,
        due_on=measure.evaluate_on,
        evaluated_on=evaluated_on,
        text=text.strip(),
        outcome=outcome,
        evaluated_by=by_user,
    )
    measure.evaluate_on = next_evaluation_on
    if outcome == EvaluationOutcome.END and (measure.ends_on is None or measure.ends_on > evaluated_on):
        measure.ends_on = max(evaluated_on, measure.starts_on or evaluated_on)
    measure.save()
    _log_goal_change(measure.goal, evaluation.pk)
    return evaluation


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
    """A revision freezes the working version and continues in a copy of it (history is never overwritten)."""
    if not note.strip():
        raise DomainError(_("Skriv kort hva som endres, og hvorfor."), field="revision_note")
    consent = require_plan_consent(plan.family)
    current = PlanVersion.objects.select_for_update(of=("self",)).get(plan=plan, frozen_at__isnull=True)
    now = timezone.now()
    PlanVersion.objects.filter(pk=current.pk).update(frozen_at=now)
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


@transaction.atomic
def add_comment(version: PlanVersion, by_user: User, text: str) -> PlanComment:
    """A guardian's comment on the plan; the coordinator sees it as new until marked as read."""
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Skriv kommentaren før du sender den."), field="text")
    if len(text) > 4000:
        raise DomainError(_("Kommentaren er for lang (høyst 4000 tegn)."), field="text")
    comment = PlanComment.objects.create(version=version, author=by_user, text=text)
    audit.changed(version.plan.family_id, PLAN, comment.pk)
    _notify_coordinator(version, by_user)
    return comment


def _notify_coordinator(version: PlanVersion, by_user: User) -> None:
    """Tell the coordinator in Los (and by e-mail as they chose); the plan page shows new comments too."""
    from django.urls import reverse

    from los.notifications.services import notify

    coordinator = current_coordinator(version.plan.family)
    if coordinator is None or coordinator.pk == by_user.pk or not access.may_see(coordinator, version):
        return
    family = version.plan.family
    notify(
        [coordinator],
        "comment",
        _("%(name)s har kommentert den individuelle planen til %(family)s.")
        % {"name": by_user.display_name, "family": family.name},
        url=reverse("plans:plan", args=[family.pk]),
        family=family,
    )


def mark_comments_seen(plan: IndividualPlan, by_user: User) -> int:
    """The coordinator has read the family's new comments."""
    marked = (
        PlanComment.objects.filter(version__plan=plan, seen_at__isnull=True)
        .exclude(author=by_user)
        .update(seen_at=timezone.now(), seen_by=by_user)
    )
    if marked:
        audit.changed(plan.family_id, PLAN, plan.pk)
    return marked
