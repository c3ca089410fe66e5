"""A short follow-up summary for the staff family page and the family's own page."""

from django import template
from django.utils import timezone

from los.intake.deadlines import today_oslo
from los.team.models import (
    ActionItem,
    ActionItemStatus,
    ConsentExtensionRequest,
    Meeting,
    MeetingStatus,
    RequestStatus,
)

register = template.Library()


@register.inclusion_tag("team/_family_section.html")
def team_summary(family, portal=False):
    today = today_oslo()
    open_items = ActionItem.objects.filter(family=family, status=ActionItemStatus.OPEN)
    return {
        "family": family,
        "portal": portal,
        "summary": {
            "open_items": open_items.count(),
            "late_items": open_items.filter(due_on__lt=today).count(),
            "next_meeting": Meeting.objects.filter(
                family=family, starts_at__gte=timezone.now(), status=MeetingStatus.PLANNED
            )
            .order_by("starts_at")
            .first(),
            "consent_requests": list(
                ConsentExtensionRequest.objects.filter(
                    family=family, status=RequestStatus.PENDING
                ).select_related("service")
            )
            if portal
            else [],
        },
    }
