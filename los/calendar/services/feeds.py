"""The secret addresses of calendar feeds: issuing a new one (the old stops working) and turning one off.
The address stands in for its owner's login, so it is stored only as a hash; a family feed's changes
are written to the family's access log.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from los.core import audit

from ..models import CalendarFeed


@transaction.atomic
def issue_feed(user, kind: str, family=None) -> tuple[CalendarFeed, str]:
    """A new secret feed address; any earlier address of the same feed stops working."""
    _revoke(user, kind, family)
    token = CalendarFeed.new_token()
    feed = CalendarFeed.objects.create(
        user=user, family=family, kind=kind, token_hash=CalendarFeed.hash_token(token)
    )
    if family is not None:
        audit.changed(family.pk, "calendar_feed", feed.pk, user=user)
    return feed, token


def _revoke(user, kind: str, family=None) -> int:
    return CalendarFeed.objects.filter(user=user, kind=kind, family=family, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def revoke_feed(user, kind: str, family=None) -> int:
    """Turn off the user's feed address of this kind (and family); returns how many were turned off."""
    revoked = _revoke(user, kind, family)
    if revoked and family is not None:
        audit.changed(family.pk, "calendar_feed", user=user)
    return revoked


def record_read(feed: CalendarFeed) -> None:
    """Note when the feed was last fetched, so its owner sees whether a calendar still subscribes."""
    CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=timezone.now())
