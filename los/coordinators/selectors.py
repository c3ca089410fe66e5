"""Read queries for the coordinator pages: caseloads, the ranking's inputs, assignments and change
requests, with their joins, so a page's query count does not grow with data."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from los.casework.models import Application
from los.core import access
from los.core.models import Role, User

from . import suggestions
from .models import (
    POINTS_PER_FULL_POSITION,
    ChangeOfCoordinatorRequest,
    ChangeRequestState,
    CoordinatorAssignment,
    TrainingCompletion,
)


def open_change_requests(families: QuerySet) -> QuerySet:
    """Families' open requests to change coordinator in the families given, oldest first."""
    return (
        ChangeOfCoordinatorRequest.objects.filter(
            family__in=families.values("pk"), state=ChangeRequestState.OPEN
        )
        .select_related("family", "assignment__coordinator")
        .order_by("requested_on", "id")
    )


def coordinators_with_caseload(municipality_id: int, today: datetime.date) -> QuerySet:
    """The municipality's coordinators with their profile, caseload in need points and training."""
    caseload = (
        CoordinatorAssignment.objects.current(today)
        .filter(coordinator=OuterRef("pk"))
        .values("coordinator")
        .annotate(points=Sum("need_level"))
        .values("points")
    )
    families = (
        CoordinatorAssignment.objects.current(today)
        .filter(coordinator=OuterRef("pk"))
        .values("coordinator")
        .annotate(n=Count("id"))
        .values("n")
    )
    trained = TrainingCompletion.objects.filter(
        coordinator=OuterRef("pk"), course__counts_as_coordinator_training=True
    )
    return (
        User.objects.filter(role=Role.COORDINATOR, municipality_id=municipality_id, is_active=True)
        .select_related("coordinator_profile")
        .annotate(
            caseload_points=Coalesce(caseload, Value(0)),
            family_count=Coalesce(families, Value(0)),
            trained=Exists(trained),
        )
        .order_by("first_name", "last_name", "id")
    )


def filter_coordinators(
    coordinators: QuerySet, query: str = "", training: str = "", capacity: str = ""
) -> QuerySet:
    """Narrow `coordinators_with_caseload` in the database: by name or user name, by coordinator training
    («mangler» / «fullfort») and by caseload against capacity («over» / «ledig»). Capacity is counted as
    `CoordinatorProfile.capacity_points` counts it (the share of a full position, rounded); a coordinator
    without a profile has none."""
    if query:
        for word in query.split()[:5]:
            coordinators = coordinators.filter(
                Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(username__icontains=word)
            )
    if training == "mangler":
        coordinators = coordinators.filter(trained=False)
    elif training == "fullfort":
        coordinators = coordinators.filter(trained=True)
    if capacity in ("over", "ledig"):
        # round(share * POINTS_PER_FULL_POSITION / 100) in integers: share / 5 never ends in .5.
        share = Coalesce(F("coordinator_profile__coordination_share"), Value(0), output_field=IntegerField())
        coordinators = coordinators.annotate(capacity=(share * POINTS_PER_FULL_POSITION * 2 + 100) / 200)
        if capacity == "over":
            coordinators = coordinators.filter(caseload_points__gt=F("capacity"))
        else:
            coordinators = coordinators.filter(caseload_points__lt=F("capacity"))
    return coordinators


def candidate_of(user) -> suggestions.Candidate:
    """A coordinator as the ranking sees them: capacity, caseload, languages, training and background."""
    profile = getattr(user, "coordinator_profile", None)
    return suggestions.Candidate(
        id=user.pk,
        name=user.get_full_name() or user.username,
        capacity_points=profile.capacity_points if profile else 0,
        caseload_points=user.caseload_points,
        languages=frozenset(profile.language_codes) if profile else frozenset({"nb"}),
        trained=user.trained,
        service_background=profile.service_background if profile else suggestions.HEALTH_AND_CARE,
        accepts_new_families=profile.accepts_new_families if profile else True,
    )


def needs_of(application: Application | None, family, need_points: int, current_coordinator_id=None):
    """The family's needs for the choice, from the application when there is one."""
    language = "nb"
    if application is not None:
        language = application.preferred_language
    else:
        for guardian in family.guardians.all():
            if guardian.preferred_language not in {"nb", "nn"}:
                language = guardian.preferred_language
                break
    return suggestions.FamilyNeeds(
        need_points=need_points,
        wished_coordinator_id=application.wished_coordinator_id if application else None,
        language=language,
        needs_health_and_care=bool(application.health_and_care_services) if application else True,
        needs_other_welfare=bool(application.other_welfare_services) if application else False,
        current_coordinator_id=current_coordinator_id,
    )


def current_assignment(grant) -> CoordinatorAssignment | None:
    """The family's current coordinator assignment as this grant may read it; None when there is none."""
    return (
        access.visible(grant, CoordinatorAssignment)
        .filter(ends_on__isnull=True)
        .select_related("coordinator")
        .first()
    )


def change_requests(grant) -> QuerySet:
    """The family's requests to change coordinator that this grant may read, newest first."""
    return access.visible(grant, ChangeOfCoordinatorRequest).order_by("-requested_on", "-id")


def coordinators_in(municipality_id: int) -> QuerySet:
    """The active coordinators of a municipality, by name."""
    return User.objects.filter(
        role=Role.COORDINATOR, municipality_id=municipality_id, is_active=True
    ).order_by("first_name", "last_name", "id")


def assignment_history(grant, limit: int = 20) -> list[CoordinatorAssignment]:
    """The family's coordinator appointments as this grant may read them, newest first: who, which kind,
    from when to when, why it ended, and for which application."""
    return list(
        access.visible(grant, CoordinatorAssignment)
        .select_related("coordinator", "application")
        .order_by("-starts_on", "-id")[:limit]
    )
