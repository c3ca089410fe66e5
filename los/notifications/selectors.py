"""Read queries for a user's own notifications."""

from django.db.models import QuerySet

from .models import Notification, NotificationPreference


def for_user(user) -> QuerySet:
    """The user's own notifications, newest first."""
    return (
        Notification.objects.filter(user=user)
        .select_related("family", "child")
        .order_by("-created_at", "-id")
    )


def unread_count(user) -> int:
    """How many of the user's notifications are unread."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def preference_of(user) -> NotificationPreference:
    """How the user wants notifications by e-mail; unsaved with the default (at once) when not chosen."""
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(user=user)
