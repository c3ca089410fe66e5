"""Appointing the family's coordinator, keeping or replacing them when a new decision comes, changing the
kind (koordinator / barnekoordinator), changing coordinator at the family's request, and training.

The municipality appoints a coordinator or child coordinator when a decision gives the right
(helse- og omsorgstjenesteloven §§ 7-2, 7-2 a); a family has one municipal coordinator at a time. A
change never overwrites: the current assignment ends with a reason and a new one starts.
Every function runs in one transaction and raises `DomainError` when a rule stops it.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from los.casework.models import Application
from los.casework.outcomes import coordinator_kinds
from los.casework.services.decisions import granted_rights
from los.core import audit, dates
from los.core.errors import DomainError
from los.core.models import Role
from los.people.models import Family

from .models import (
    AppointmentPath,
    ChangeOfCoordinatorRequest,
    ChangeRequestState,
    CoordinatorAssignment,
    CoordinatorKind,
    NeedLevel,
    TrainingCompletion,
    TrainingCourse,
)

#: What the coordinating unit may do for a decided application, given whether the family already has a
#: municipal coordinator (hol §§ 7-2, 7-2 a: the municipality appoints; pbrl § 2-5 c: one municipal
#: coordinator at a time). Every row ends in an appointment linked to the case, so no choice dead-ends.
APPOINTMENT_PATHS = {
    False: (AppointmentPath.APPOINT,),
    True: (AppointmentPath.KEEP, AppointmentPath.REPLACE),
}


def appointment_paths(has_current: bool) -> tuple[str, ...]:
    """The ways to appoint for a decided application: appoint someone when the family has no coordinator;
    keep the current one for this decision, or appoint someone else in their place, when it has one."""
    return APPOINTMENT_PATHS[bool(has_current)]


def kind_after_keep(current_kind: str, granted_kinds: list[str]) -> str:
    """The kind a kept coordinator has for the decision: unchanged when the decision gives that right,
    else the kind the decision gives (koordinator hol § 7-2, barnekoordinator hol § 7-2 a)."""
    if current_kind in granted_kinds or not granted_kinds:
        return current_kind
    return granted_kinds[0]


def _check_coordinator(coordinator, family) -> None:
    if (
        coordinator is None
        or coordinator.role != Role.COORDINATOR
        or coordinator.municipality_id != family.municipality_id
    ):
        raise DomainError(_("Velg en koordinator i kommunen."), field="coordinator")


def _check_kind(kind: str) -> None:
    if kind not in CoordinatorKind.values:
        raise DomainError(_("Velg koordinator eller barnekoordinator."), field="kind")


def _check_start(starts_on, today, current: CoordinatorAssignment | None) -> None:
    if starts_on is None or starts_on < today - datetime.timedelta(days=31):
        raise DomainError(_("Startdatoen kan ikke være mer enn en måned tilbake i tid."), field="starts_on")
    if current is not None and starts_on < current.starts_on:
        raise DomainError(
            _("Startdatoen kan ikke være før den nåværende oppnevningen begynte (%(date)s).")
            % {"date": dates.long_date(current.starts_on)},
            field="starts_on",
        )


def _granted_kinds(application: Application) -> list[str]:
    kinds = coordinator_kinds(granted_rights(application))
    if not kinds:
        raise DomainError(
            _("Søknaden har ikke et vedtak som gir rett til koordinator eller barnekoordinator.")
        )
    return kinds


def _lock(family: Family) -> tuple[Family, CoordinatorAssignment | None]:
    family = Family.objects.select_for_update(of=("self",)).get(pk=family.pk)
    current = (
        CoordinatorAssignment.objects.select_for_update(of=("self",))
        .select_related("coordinator")
        .filter(family=family, ends_on__isnull=True)
        .first()
    )
    return family, current


def _end(current: CoordinatorAssignment, next_starts_on, reason: str) -> None:
    """End the current assignment the day before the next one starts, with the reason; never deleted."""
    current.ends_on = max(current.starts_on, next_starts_on - datetime.timedelta(days=1))
    current.end_reason = reason.strip()[:200]
    current.save(update_fields=["ends_on", "end_reason"])


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Skriv hvorfor."), field="reason")
    return reason


@transaction.atomic
def appoint_coordinator(
    family: Family,
    by_user,
    *,
    coordinator,
    kind: str,
    starts_on,
    need_level: int = NeedLevel.MEDIUM,
    chosen_because: str = "",
    application: Application | None = None,
    change_request: ChangeOfCoordinatorRequest | None = None,
    replace_reason: str = "",
    today=None,
) -> CoordinatorAssignment:
    """Appoint the family's coordinator (hol §§ 7-2, 7-2 a). A family has one municipal coordinator at a
    time (pbrl § 2-5 c): a new appointment replaces the current one only when the family asked to change
    (`change_request`) or the unit states why (`replace_reason`). The replaced assignment ends with the
    reason and is kept; the new one carries on the case it belonged to unless `application` is given."""
    today = today or dates.today()
    family, current = _lock(family)
    _check_coordinator(coordinator, family)
    _check_kind(kind)
    if need_level not in NeedLevel.values:
        raise DomainError(_("Ugyldig behov."), field="need_level")
    _check_start(starts_on, today, current)
    if application is not None:
        if application.family_id != family.pk:
            raise DomainError(_("Søknaden gjelder en annen familie."))
        if kind not in _granted_kinds(application):
            raise DomainError(_("Vedtaket gir rett til en annen type koordinator."), field="kind")
    replace_reason = (replace_reason or "").strip()
    if current is not None:
        if change_request is None and not replace_reason:
            raise DomainError(
                _(
                    "Familien har allerede %(name)s som koordinator. "
                    "En familie har bare én koordinator fra kommunen om gangen: behold koordinatoren, "
                    "eller oppnevn en annen og skriv hvorfor."
                )
                % {"name": current.coordinator.get_full_name()},
                field="coordinator",
            )
        if current.coordinator_id == coordinator.pk:
            raise DomainError(_("Velg en annen koordinator enn den familien har nå."), field="coordinator")
    if change_request is not None:
        change_request = ChangeOfCoordinatorRequest.objects.select_for_update(of=("self",)).get(
            pk=change_request.pk
        )
        if change_request.state != ChangeRequestState.OPEN or change_request.family_id != family.pk:
            raise DomainError(_("Ønsket om bytte er allerede besvart."))
    if current is not None:
        _end(current, starts_on, replace_reason or _("Familien ba om å bytte koordinator."))
    assignment = CoordinatorAssignment.objects.create(
        family=family,
        coordinator=coordinator,
        kind=kind,
        starts_on=starts_on,
        need_level=need_level,
        chosen_because=(chosen_because or "").strip(),
        application=application or (current.application if current is not None else None),
        appointed_by=by_user,
    )
    if change_request is not None:
        change_request.state = ChangeRequestState.GRANTED
        change_request.resolved_on = today
        change_request.resolved_by = by_user
        change_request.new_assignment = assignment
        change_request.answer = change_request.answer or _("Dere har fått ny koordinator: %(name)s.") % {
            "name": coordinator.get_full_name()
        }
        change_request.save()
    if current is not None:
        audit.changed(family.pk, "assignment", current.pk)
    audit.changed(family.pk, "assignment", assignment.pk)
    if change_request is not None:
        audit.changed(family.pk, "change_request", change_request.pk)
    return assignment


@transaction.atomic
def replace_coordinator(
    family: Family,
    by_user,
    *,
    coordinator,
    kind: str,
    starts_on,
    reason: str,
    need_level: int = NeedLevel.MEDIUM,
    chosen_because: str = "",
    application: Application | None = None,
    today=None,
) -> CoordinatorAssignment:
    """Appoint another coordinator in place of the current one, without a request from the family, with
    the unit's reason (hol §§ 7-2, 7-2 a; the unit appoints, hol § 7-3). The old assignment ends with the
    reason; the new one starts. Nothing is overwritten."""
    reason = _reason(reason)
    if not CoordinatorAssignment.objects.filter(family=family, ends_on__isnull=True).exists():
        raise DomainError(_("Familien har ingen koordinator å bytte ut."))
    return appoint_coordinator(
        family,
        by_user,
        coordinator=coordinator,
        kind=kind,
        starts_on=starts_on,
        need_level=need_level,
        chosen_because=chosen_because,
        application=application,
        replace_reason=reason,
        today=today,
    )


@transaction.atomic
def change_kind(
    family: Family,
    by_user,
    *,
    kind: str,
    starts_on,
    reason: str,
    application: Application | None = None,
    today=None,
) -> CoordinatorAssignment:
    """Make the current coordinator a koordinator (hol § 7-2) or a barnekoordinator (hol § 7-2 a), for
    instance when a child turns 18 or a new decision gives the other right. The same person goes on: the
    old assignment ends with the reason, a new one of the other kind starts, and the case it belonged to
    goes with it."""
    today = today or dates.today()
    reason = _reason(reason)
    family, current = _lock(family)
    if current is None:
        raise DomainError(_("Familien har ingen koordinator."))
    _check_kind(kind)
    if kind == current.kind:
        raise DomainError(
            _("Koordinatoren er allerede %(kind)s.") % {"kind": CoordinatorKind(kind).label.lower()},
            field="kind",
        )
    _check_start(starts_on, today, current)
    if application is not None and kind not in _granted_kinds(application):
        raise DomainError(_("Vedtaket gir rett til en annen type koordinator."), field="kind")
    _end(current, starts_on, reason)
    assignment = CoordinatorAssignment.objects.create(
        family=family,
        coordinator=current.coordinator,
        kind=kind,
        starts_on=starts_on,
        need_level=current.need_level,
        chosen_because=current.chosen_because,
        application=application or current.application,
        appointed_by=by_user,
    )
    audit.changed(family.pk, "assignment", current.pk)
    audit.changed(family.pk, "assignment", assignment.pk)
    return assignment


@transaction.atomic
def keep_for_decision(
    application: Application, by_user, *, kind: str | None = None, starts_on=None, today=None
) -> CoordinatorAssignment:
    """The decision gives a right to a coordinator and the family already has one: the unit keeps that
    person for this decision (hol §§ 7-2, 7-2 a). The assignment is linked to the case; when the decision
    gives the other kind of coordinator, the kind changes (the old assignment ends, a new one starts, and
    both are kept). Keeping twice changes nothing."""
    today = today or dates.today()
    kinds = _granted_kinds(application)
    family, current = _lock(application.family)
    if current is None:
        raise DomainError(_("Familien har ingen koordinator å beholde. Oppnevn en koordinator."))
    kind = kind or kind_after_keep(current.kind, kinds)
    if kind not in kinds:
        raise DomainError(_("Vedtaket gir rett til en annen type koordinator."), field="kind")
    if current.kind == kind and current.application_id == application.pk:
        return current
    if current.kind == kind and current.application_id is None:
        current.application = application
        current.save(update_fields=["application"])
        audit.changed(family.pk, "assignment", current.pk)
        return current
    starts_on = starts_on or today
    _check_start(starts_on, today, current)
    if current.kind == kind:
        reason = _("Videreført for et nytt vedtak.")
    else:
        reason = _("Endret til %(kind)s etter vedtak.") % {"kind": CoordinatorKind(kind).label.lower()}
    _end(current, starts_on, reason)
    assignment = CoordinatorAssignment.objects.create(
        family=family,
        coordinator=current.coordinator,
        kind=kind,
        starts_on=starts_on,
        need_level=current.need_level,
        chosen_because=current.chosen_because,
        application=application,
        appointed_by=by_user,
    )
    audit.changed(family.pk, "assignment", current.pk)
    audit.changed(family.pk, "assignment", assignment.pk)
    return assignment


@transaction.atomic
def request_change_of_coordinator(family: Family, by_user, reason: str, wishes: str = "", today=None):
    """The family asks for another coordinator, with a reason; the request reaches the caseworker."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Skriv hvorfor dere ønsker å bytte."), field="reason")
    assignment = CoordinatorAssignment.objects.filter(family=family, ends_on__isnull=True).first()
    if assignment is None:
        raise DomainError(_("Familien har ingen koordinator å bytte."))
    if ChangeOfCoordinatorRequest.objects.filter(family=family, state=ChangeRequestState.OPEN).exists():
        raise DomainError(
            _("Dere har allerede bedt om å bytte. Koordinerende enhet svarer så snart som mulig.")
        )
    change_request = ChangeOfCoordinatorRequest.objects.create(
        family=family,
        assignment=assignment,
        reason=reason,
        wishes=(wishes or "").strip(),
        requested_by=by_user,
        requested_on=today or dates.today(),
    )
    audit.changed(family.pk, "change_request", change_request.pk)
    return change_request


@transaction.atomic
def decline_change_request(change_request: ChangeOfCoordinatorRequest, by_user, answer: str, today=None):
    """Answer a family's request to change coordinator with no, and why; the family reads the answer."""
    answer = (answer or "").strip()
    if not answer:
        raise DomainError(_("Skriv et svar til familien om hvorfor de ikke får bytte nå."), field="answer")
    change_request = ChangeOfCoordinatorRequest.objects.select_for_update(of=("self",)).get(
        pk=change_request.pk
    )
    if change_request.state != ChangeRequestState.OPEN:
        raise DomainError(_("Ønsket om bytte er allerede besvart."))
    change_request.state = ChangeRequestState.DECLINED
    change_request.answer = answer
    change_request.resolved_on = today or dates.today()
    change_request.resolved_by = by_user
    change_request.save()
    audit.changed(change_request.family_id, "change_request", change_request.pk)
    return change_request


# --- Training -----------------------------------------------------------------------------------


@transaction.atomic
def record_training(
    course: TrainingCourse, by_user, coordinator, completed_on, today=None
) -> TrainingCompletion:
    """Record that a coordinator of the municipality completed a course (the unit trains coordinators, hol §
    7-3)."""
    today = today or dates.today()
    if (
        coordinator is None
        or coordinator.role != Role.COORDINATOR
        or coordinator.municipality_id != course.municipality_id
    ):
        raise DomainError(_("Velg en koordinator i kommunen."), field="coordinator")
    if completed_on is None or completed_on > today:
        raise DomainError(_("Fullført dato kan ikke være etter i dag."), field="completed_on")
    if TrainingCompletion.objects.filter(course=course, coordinator=coordinator).exists():
        raise DomainError(_("Koordinatoren er allerede registrert med dette kurset."), field="coordinator")
    return TrainingCompletion.objects.create(
        course=course, coordinator=coordinator, completed_on=completed_on, recorded_by=by_user
    )
