"""Read queries for the family's messages with the health services, through the record policy."""

from django.db.models import QuerySet

from los.core import access

from .models import HealthMessage


def messages(grant) -> QuerySet:
    """The family's messages this relation may read, newest first (without the stored XML)."""
    return access.visible(grant, HealthMessage).defer("xml").order_by("-created_at", "-id")
