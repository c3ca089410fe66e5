"""Appointing the family's coordinator, changing coordinator at the family's request, and training.

The municipality appoints a coordinator or child coordinator when a decision gives the right
(helse- og omsorgstjenesteloven §§ 7-2, 7-2 a); a family has one municipal coordinator at a time.
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
    ChangeOfCoordinatorRequest,
    ChangeRequestState,
    CoordinatorAssignment,
    CoordinatorKind,
    NeedLevel,
    TrainingCompletion,
    TrainingCourse,
)


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
    today=None,
) -> CoordinatorAssignment:
    """Appoint the family's coordinator (hol §§ 7-2, 7-2 a). A family has one municipal coordinator at a
    time: a new appointment replaces the current one only when the family asked to change."""
    today = today or dates.today()
    family = Family.objects.select_for_update(of=("self",)).get(pk=family.pk)
    if (
        coordinator is None
        or coordinator.role != Role.COORDINATOR
        or coordinator.municipality_id != family.municipality_id
    ):
        raise DomainError(_("Velg en koordinator i kommunen."), field="coordinator")
    if kind not in CoordinatorKind.values:
        raise DomainError(_("Velg koordinator eller barnekoordinator."), field="kind")
    if need_level not in NeedLevel.values:
        raise DomainError(_("Ugyldig behov."), field="need_level")
    if starts_on is None or starts_on < today - datetime.timedelta(days=31):
        raise DomainError(_("Startdatoen kan ikke være mer enn en måned tilbake i tid."), field="starts_on")
    if application is not None:
        kinds = coordinator_kinds(granted_rights(application))
        if not kinds:
            raise DomainError(
                _("Søknaden har ikke et vedtak som gir rett til koordinator eller barnekoordinator.")
            )
        if kind not in kinds:
            raise DomainError(_("Vedtaket gir rett til en annen type koordinator."), field="kind")
    current = (
        CoordinatorAssignment.objects.select_for_update(of=("self",))
        .filter(family=family, ends_on__isnull=True)
        .first()
    )
    if current is not None:
        if change_request is None:
            raise DomainError(
                _(
                    "Familien har allerede %(name)s som koordinator. "
                    "En familie har bare én koordinator fra kommunen om gangen."
                )
                % {"name": current.coordinator.get_full_name()},
                field="coordinator",
            )
        if current.coordinator_id == coordinator.pk:
            raise DomainError(_("Velg en annen koordinator enn den familien har nå."), field="coordinator")
        current.ends_on = max(current.starts_on, starts_on - datetime.timedelta(days=1))
        current.end_reason = _("Familien ba om å bytte koordinator.")
        current.save(update_fields=["ends_on", "end_reason"])
    if change_request is not None:
        change_request = ChangeOfCoordinatorRequest.objects.select_for_update(of=("self",)).get(
            pk=change_request.pk
        )
        if change_request.state != ChangeRequestState.OPEN or change_request.family_id != family.pk:
            raise DomainError(_("Ønsket om bytte er allerede besvart."))
    assignment = CoordinatorAssignment.objects.create(
        family=family,
        coordinator=coordinator,
        kind=kind,
        starts_on=starts_on,
        need_level=need_level,
        chosen_because=(chosen_because or "").strip(),
        application=application,
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
    audit.changed(family.pk, "assignment", assignment.pk)
    if change_request is not None:
        audit.changed(family.pk, "change_request", change_request.pk)
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
