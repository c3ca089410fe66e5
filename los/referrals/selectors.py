"""Read queries for referrals. Every list starts from the record policy (`access.visible`)."""

from los.core import access

from .models import Referral


def referrals(grant, limit: int | None = None) -> list[Referral]:
    """The family's referrals this relation may see, newest first, with what the pages show joined."""
    rows = access.visible(grant, Referral).order_by("-sent_on", "-id")
    return list(rows[:limit] if limit else rows)
