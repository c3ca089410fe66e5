"""Read queries for a user's own notifications."""

from django.db.models import QuerySet

from .models import Notification


def for_user(user) -> QuerySet:
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
