"""Read queries for family pages, with their joins, so a page's query count does not grow with data."""

from django.db.models import Count, Prefetch, QuerySet

from los.consent.models import Consent
from los.intake.models import CoordinatorAssignment
from los.team.models import TeamMember

from .models import Family


def family_list(families: QuerySet) -> QuerySet:
    """Families for a list page: children and current coordinator prefetched, guardians counted."""
    return (
        families.select_related("municipality")
        .annotate(guardian_count=Count("guardians", distinct=True))
        .prefetch_related(
            "children",
            Prefetch(
                "coordinator_assignments",
                queryset=CoordinatorAssignment.objects.current().select_related("coordinator"),
                to_attr="current_assignments",
            ),
        )
        .order_by("name", "id")
    )


def family_detail(family_id: int, families: QuerySet) -> Family:
    """One family with everything its overview page shows."""
    return (
        families.select_related("municipality", "municipality__coordinating_unit")
        .prefetch_related(
            "children",
            "guardians",
            Prefetch(
                "team",
                queryset=TeamMember.objects.current().select_related(
                    "professional__user", "professional__organisation", "service__organisation"
                ),
                to_attr="current_team",
            ),
            Prefetch(
                "consents",
                queryset=Consent.objects.select_related("withdrawn_by")
                .prefetch_related("services", "signatures__guardian")
                .order_by("-created_at", "-id"),
                to_attr="all_consents",
            ),
            Prefetch(
                "coordinator_assignments",
                queryset=CoordinatorAssignment.objects.current().select_related("coordinator"),
                to_attr="current_assignments",
            ),
        )
        .get(pk=family_id)
    )
