"""Goals, measures and participants of the plan's working version (and goals and measures of a relay log,
which share the models).

What the plan holds follows forskrift om habilitering og rehabilitering, individuell plan og koordinator
§ 19: the person's goals, who takes part in the planning, the measures with their scope, how they are
carried out and who is responsible for each. Every change needs a consent that covers the plan
(pasient- og brukerrettighetsloven § 2-5) and is logged as a change of the plan, or of the relay log.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from los.consent.models import Consent
from los.coordinators.models import CoordinatorAssignment
from los.core import audit, dates, versions
from los.core.errors import DomainError
from los.core.models import User
from los.people.models import Family, Service
from los.plans.models import Evaluation, Goal, Measure, Participant, PlanVersion, Voice
from los.team.models import RelayLog, TeamMember
from los.team.rules import check_relay_editable

from . import MEASURE_FIELDS, PLAN, RELAY
from .plan import check_editable


def _family_of(goal_or_version) -> Family:
    if isinstance(goal_or_version, PlanVersion):
        return goal_or_version.plan.family
    if goal_or_version.version_id:
        return goal_or_version.version.plan.family
    return goal_or_version.relay_log.family


def log_goal_change(goal: Goal, record_id) -> None:
    """A change to a goal or measure is a change of the plan, or of the relay log it belongs to."""
    if goal.version_id:
        audit.changed(goal.version.plan.family_id, PLAN, record_id)
    else:
        audit.changed(goal.relay_log.family_id, RELAY, record_id)


def claim_goal_row(row: Goal | Measure, lock_version: int | None, what: str, *, button: bool = False) -> None:
    """Take the next version of a goal or measure, or refuse: someone saved it after the page showed
    `lock_version` (`los.core.versions`)."""
    goal = row if isinstance(row, Goal) else row.goal
    versions.claim(
        row,
        lock_version,
        what=what,
        family_id=_family_of(goal).pk,
        record_type=PLAN if goal.version_id else RELAY,
        button=button,
    )


def check_goal_editable(goal: Goal) -> None:
    """Refuse a change to a goal (or its measures) in a frozen plan version or a closed relay log, or while
    no consent covers it."""
    if goal.version_id:
        check_editable(goal.version)
    else:
        check_relay_editable(goal.relay_log)


@transaction.atomic
def add_goal(
    *,
    text: str,
    voice: str = Voice.CHILD_AND_FAMILY,
    version: PlanVersion | None = None,
    relay_log: RelayLog | None = None,
    lock_version: int | None = None,
) -> Goal:
    """A goal in the words of the child and family (forskrift § 19, point 1), last in the version or log.
    (`lock_version` comes with the form and means nothing for a new goal.)"""
    if not text.strip():
        raise DomainError(_("Skriv målet, gjerne med barnets og familiens egne ord."), field="text")
    if voice not in Voice.values:
        raise DomainError(_("Velg hvem sine ord målet er skrevet med."), field="voice")
    goal = Goal(version=version, relay_log=relay_log, text=text.strip(), voice=voice)
    check_goal_editable(goal)
    owner = {"version": version} if version else {"relay_log": relay_log}
    goal.position = Goal.objects.filter(**owner).count()
    goal.save()
    log_goal_change(goal, goal.pk)
    return goal


@transaction.atomic
def update_goal(goal: Goal, *, text: str, voice: str, lock_version: int | None = None) -> Goal:
    """Reword a goal, or say whose words it is in; refused when someone saved the goal after the page
    showed `lock_version`."""
    check_goal_editable(goal)
    if not text.strip():
        raise DomainError(_("Skriv målet, gjerne med barnets og familiens egne ord."), field="text")
    claim_goal_row(goal, lock_version, _("målet"))
    goal.text, goal.voice = text.strip(), voice
    goal.save()
    log_goal_change(goal, goal.pk)
    return goal


@transaction.atomic
def remove_goal(goal: Goal, lock_version: int | None = None) -> None:
    """Remove a goal from the working version; refused once one of its measures is evaluated (the
    evaluation history is kept, so the measure is ended instead), or when someone changed the goal
    after the page showed `lock_version`."""
    check_goal_editable(goal)
    if Evaluation.objects.filter(measure__goal=goal).exists():
        raise DomainError(
            _("Målet har tiltak som er evaluert. Avslutt tiltakene i stedet for å slette målet.")
        )
    claim_goal_row(goal, lock_version, _("målet"), button=True)
    goal_id = goal.pk
    goal.delete()
    log_goal_change(goal, goal_id)


def responsible_people(family: Family, *, plan: bool = True, today: datetime.date | None = None) -> QuerySet:
    """Who may be named responsible for a measure: the family's team and nobody else.

    That is the professionals on the team whose service an active consent covers (for a measure in the
    plan: a consent that also covers the plan, pasient- og brukerrettighetsloven § 2-5), and the family's
    coordinator. Naming someone outside the team would show them the measure, and tell them about the
    family, without the family's consent (helsepersonelloven §§ 21-22)."""
    today = today or dates.today()
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
    """A measure linked to a goal, with responsible service and person, scope, how and evaluation date
    (forskrift § 19, points 5 and 6). The responsible person must be on the family's team
    (`responsible_people`)."""
    check_goal_editable(goal)
    _check_measure(_family_of(goal), fields, plan=goal.version_id is not None)
    measure = Measure(
        goal=goal, position=goal.measures.count(), **{k: fields.get(k) for k in MEASURE_FIELDS if k in fields}
    )
    measure.description = measure.description.strip()
    measure.scope = measure.scope or ""
    measure.how = measure.how or ""
    measure.save()
    log_goal_change(goal, measure.pk)
    return measure


@transaction.atomic
def update_measure(measure: Measure, *, lock_version: int | None = None, **fields) -> Measure:
    """Change a measure, or move it to another goal of the same version or log. A newly named responsible
    person must be on the family's team (`responsible_people`). Refused when someone saved the measure
    (or evaluated it) after the page showed `lock_version`."""
    check_goal_editable(measure.goal)
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
    claim_goal_row(measure, lock_version, _("tiltaket"))
    for name, value in merged.items():
        setattr(measure, name, value if value is not None or name not in ("scope", "how") else "")
    measure.save()
    log_goal_change(measure.goal, measure.pk)
    return measure


@transaction.atomic
def remove_measure(measure: Measure, lock_version: int | None = None) -> None:
    """Remove a measure from the working version; refused once it is evaluated (end it with an evaluation
    instead, so its history stays), or when someone changed it after the page showed `lock_version`."""
    check_goal_editable(measure.goal)
    if measure.evaluations.exists():
        raise DomainError(_("Tiltaket er evaluert. Avslutt det med en evaluering i stedet for å slette det."))
    claim_goal_row(measure, lock_version, _("tiltaket"), button=True)
    measure_id = measure.pk
    measure.delete()
    log_goal_change(measure.goal, measure_id)


@transaction.atomic
def add_participant(
    version: PlanVersion, *, name: str, role: str, service: Service | None = None
) -> Participant:
    """Someone who takes part in the planning (forskrift § 19, point 2), from a service in the family's
    municipality or without one (a grandmother, a sports coach)."""
    check_editable(version)
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
    """Take someone off the working version's list of participants (earlier versions keep them)."""
    check_editable(participant.version)
    participant_id = participant.pk
    participant.delete()
    audit.changed(participant.version.plan.family_id, PLAN, participant_id)
