"""Signing in: the login page, the throttle that locks an account or an address after too many wrong
passwords (django-axes, configured in settings.py), the lockout page, and unlocking.

Axes counts failures per account and, separately, per address. It compares one number with one limit
(AXES_FAILURE_LIMIT, the account's); `LoginThrottle` lets the address have its own, higher limit
(LOS_LOGIN_ADDRESS_FAILURE_LIMIT), because a town hall or a mobile network puts many people behind one
address and one person's typing should not lock out the others.
"""

from __future__ import annotations

from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q, Sum
from django.shortcuts import render
from django.utils import timezone

from .models import Role, User, UserAuditEntry

ACCOUNT = "username"
ADDRESS = "ip_address"


def lock_duration() -> timedelta:
    """How long a lock lasts after the last failed attempt (AXES_COOLOFF_TIME)."""
    return get_cool_off() or timedelta(0)


def client_address(request) -> str | None:
    """The address a request came from: REMOTE_ADDR, or behind LOS_TRUSTED_PROXY_COUNT reverse proxies
    of our own, the X-Forwarded-For entry the outermost of them added (entries further left are the
    client's own claims and can be forged)."""
    proxies = getattr(settings, "LOS_TRUSTED_PROXY_COUNT", 0)
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies > 0 and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


class LoginThrottle(AxesDatabaseHandler):
    """Axes' database handler with a limit per lockout parameter: the account's (AXES_FAILURE_LIMIT)
    and the address's (LOS_LOGIN_ADDRESS_FAILURE_LIMIT)."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        """The account's failures within the lock period; the account limit once the address has
        reached its own limit (axes locks when this number reaches AXES_FAILURE_LIMIT)."""
        counts = {
            parameter: attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for parameter, attempts in zip(
                settings.AXES_LOCKOUT_PARAMETERS, self.get_user_attempts(request, credentials), strict=True
            )
        }
        failures = counts.get(ACCOUNT, 0)
        if counts.get(ADDRESS, 0) >= settings.LOS_LOGIN_ADDRESS_FAILURE_LIMIT:
            failures = max(failures, get_failure_limit(request, credentials))
        return failures

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """After a successful login, forget that account's failures (a lock counts wrong passwords in a
        row), and only those. Axes' own reset also forgets every failure from the address, so anyone
        with one working account could reset the count for the accounts they are guessing at."""
        username = get_client_username(request, credentials)
        if not username:
            return 0
        removed, _ = AccessAttempt.objects.filter(username=username).delete()
        return removed


class LoginPage(auth_views.LoginView):
    """Django's login view on Los' page, which tells how many wrong passwords lock the account."""

    template_name = "core/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["failure_limit"] = settings.AXES_FAILURE_LIMIT
        context["lock_minutes"] = int(lock_duration().total_seconds() // 60)
        return context


def lockout_response(request, original_response=None, credentials=None):
    """The page shown instead of signing in while the account or the address is locked (429): how
    long, that a new attempt starts the wait again, and whom to contact."""
    attempt_time = getattr(request, "axes_attempt_time", None) or timezone.now()
    context = {
        "lock_minutes": int(lock_duration().total_seconds() // 60),
        "unlocks_at": attempt_time + lock_duration(),
        "support_contact": getattr(settings, "LOS_SUPPORT_CONTACT", ""),
    }
    return render(request, "core/login_locked.html", context, status=429)


def staff_usernames():
    """Usernames of the accounts the administrator may see: staff, never a guardian (a guardian's
    account says who is a parent in which family)."""
    return User.objects.exclude(role=Role.GUARDIAN).values("username")


def failures_now(attempts) -> int:
    """Failed attempts among these rows that still count (the last one within the lock period)."""
    since = timezone.now() - lock_duration()
    total = attempts.filter(attempt_time__gte=since).aggregate(total=Sum("failures_since_start"))["total"]
    return total or 0


def account_is_locked(username: str) -> bool:
    """Whether the account is locked now by its own failures."""
    return failures_now(AccessAttempt.objects.filter(username=username)) >= settings.AXES_FAILURE_LIMIT


def address_is_locked(address: str) -> bool:
    """Whether the address is locked now (LOS_LOGIN_ADDRESS_FAILURE_LIMIT failures from it)."""
    failures = failures_now(AccessAttempt.objects.filter(ip_address=address))
    return failures >= settings.LOS_LOGIN_ADDRESS_FAILURE_LIMIT


def unlock(
    *, username: str | None = None, address: str | None = None, unlocked_by: User | None = None
) -> int:
    """Forget the failed attempts of an account and/or an address, which lifts their lock; an
    administrator's unlock of a staff account is written to the user's audit trail. Returns the number
    of attempt rows removed."""
    if not username and not address:
        raise ValueError("unlock needs a username or an address")
    condition = Q()
    if username:
        condition |= Q(username=username)
    if address:
        condition |= Q(ip_address=address)
    removed, _ = AccessAttempt.objects.filter(condition).delete()
    if removed and unlocked_by is not None and username:
        user = User.objects.exclude(role=Role.GUARDIAN).filter(username=username).first()
        if user is not None:
            UserAuditEntry.objects.create(
                user=user, changed_by=unlocked_by, field="login_lock", old_value="låst", new_value="låst opp"
            )
    return removed


class UserBackend(ModelBackend):
    """Django's password backend, loading the signed-in user with their municipality in one query (every
    page shows the municipality in its header)."""

    def get_user(self, user_id):
        user = User._default_manager.select_related("municipality").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
