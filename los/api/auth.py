"""API authentication: the browser session, or a personal token (Authorization: Bearer <token>)."""

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from los.core.models import ApiToken


class PersonalToken(HttpBearer):
    def authenticate(self, request, token):
        if not token:
            return None
        row = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash_key(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if row is None:
            return None
        now = timezone.now()
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        return row.user


class BrowserSession(SessionAuth):
    """The signed-in browser. Its CSRF token is checked only when there is a session to protect, so a
    call without any credentials answers 401, and a session's POST without the token 403."""

    def __call__(self, request):
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


AUTH = [PersonalToken(), BrowserSession()]
