"""The guard: the one place that fetches, authorises and logs a family's data for a request.

Who reaches which family, and what each relation may do, is decided in `los.core.grants` (re-exported
here: `Capability`, `Grant`, `grant_for`, `visible_families`, `STAFF_ROLES`); records inside a family
follow the record policy (`los.core.policy`, declared per app in `policy.py`). Views, the API, feeds,
PDFs, e-mails and notifications use only these calls:

    grant, meeting = access.get(request, Meeting, meeting_id)        # 404 if missing or forbidden; logs
    grant, family = access.get(request, Family, family_id, Capability.COORDINATE)
    items = access.visible(grant, ActionItem).filter(meeting=meeting) # rows this relation may see
    access.may_see(user, appointment)                                 # before anything leaves for a user
    access.consent_covers(family, service_id)                         # before anything leaves for a service

Reads are written to the access log by the guard (GET and HEAD only); changes by the service that made
them (`los.core.audit.changed`); a refused or invalid request writes nothing (Normen, fact sheet 15;
pasientjournalloven § 22; the family reads the log under personopplysningsloven / GDPR art. 15).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable

from django.db.models import QuerySet
from django.http import Http404

from . import audit, dates, policy
from .grants import (
    CAPABILITIES,
    STAFF_ROLES,
    Capability,
    Grant,
    cached_grant,
    families_among,
    grant_for,
    grant_for_request,
    visible_families,
)
from .models import AccessAction, User

__all__ = [
    "CAPABILITIES",
    "NOT_FOUND",
    "STAFF_ROLES",
    "Capability",
    "Grant",
    "NeedToKnowRequired",
    "cached_grant",
    "consent_covers",
    "family",
    "families_among",
    "family_for",
    "family_view",
    "get",
    "grant_for",
    "grant_for_request",
    "is_reading",
    "log_export",
    "log_family_list",
    "log_read",
    "login_first",
    "may_see",
    "visible",
    "visible_families",
]

NOT_FOUND = "Finnes ikke, eller du har ikke tilgang."


class NeedToKnowRequired(Http404):
    """A caseworker asked for a record the coordinating unit reads only with a stated need to know.

    It answers 404 like any refusal; on a web page the middleware offers the form to state the need."""

    def __init__(self, family_id: int):
        super().__init__(NOT_FOUND)
        self.family_id = family_id


def _needed(capability) -> tuple[Capability, ...]:
    return (capability,) if isinstance(capability, Capability) else tuple(capability)


def visible(grant: Grant, model: type) -> QuerySet:
    """The rows of `model` in the grant's family that the grant's relation may see."""
    rule = policy.rule_for(model)
    manager = model._default_manager
    if not rule.reaches(grant):
        return manager.none()
    rows = manager.filter(**{rule.family: grant.family.pk}).filter(rule.visible(grant))
    if rule.select_related:
        rows = rows.select_related(*rule.select_related)
    return rows


def is_reading(request) -> bool:
    """Whether the request only reads (GET or HEAD): only those are logged as reads by the guard."""
    return request.method in {"GET", "HEAD"}


def log_read(
    request,
    grant: Grant | Iterable[Grant],
    record_type: str,
    record_id: object = "",
    channel: str | None = None,
) -> None:
    """Write one read row per grant (one INSERT for many): a page or list showing these families
    (pasientjournalloven § 22; the family's right to see who read it, GDPR art. 15)."""
    grants = [grant] if isinstance(grant, Grant) else list(grant)
    audit.write(_row(request, g, AccessAction.READ, record_type, record_id, channel) for g in grants)


def log_export(request, grant: Grant, record_type: str, record_id: object = "") -> None:
    """A file leaving Los with family data (a PDF, a bundle) is logged as an export."""
    audit.write([_row(request, grant, AccessAction.EXPORT, record_type, record_id)])


def _row(request, grant: Grant, action: str, record_type: str, record_id: object, channel=None):
    reason, purpose = grant.log_reason(record_type)
    return audit.LogRow(
        user=request.user,
        family_id=grant.family.pk,
        action=action,
        record_type=record_type,
        record_id=str(record_id or grant.family.pk),
        reason=reason,
        purpose=purpose,
        channel=channel or audit.channel_of(request),
        ip_address=audit.client_address(request),
    )


def log_family_list(request, families: Iterable, record_type: str = "family_list") -> None:
    """Log a page that lists families (from `visible_families`): every family shown is a read of its name."""
    log_read(request, [Grant(request.user, f, f.access_reason) for f in families], record_type)


def family_for(request, family_id, allowed: Callable[[Grant], bool], *, record_type: str) -> Grant:
    """The grant for a page or endpoint only some relations use (adding an appointment, the family's
    limits, an import), or Http404. A relation `allowed` refuses is turned away first, before any
    need-to-know question and without a trace; then `get` checks the area and logs the read."""
    found = grant_for_request(request, family_id)
    if found is None or not allowed(found):
        raise Http404(NOT_FOUND)
    grant, _family = get(request, _family_model(), family_id, Capability.VIEW, record_type=record_type)
    return grant


def family(
    request,
    family_id,
    capability: Capability | Iterable[Capability] = Capability.VIEW,
    *,
    record_type="family",
) -> Grant:
    """The user's grant for a family named in the address, or Http404; logs a read on GET."""
    grant, _ = get(request, _family_model(), family_id, capability, record_type=record_type)
    return grant


def _family_model():
    from los.people.models import Family

    return Family


def get(
    request,
    model: type,
    pk,
    capability: Capability | Iterable[Capability] = Capability.VIEW,
    *,
    record_type: str | None = None,
    change: bool | None = None,
    log: bool = True,
    queryset: QuerySet | None = None,
) -> tuple[Grant, object]:
    """Fetch one record, authorise it for `capability`, log the read: (grant, record), else Http404.

    A record that does not exist and one the user may not see answer alike. `change` (default: the
    request is not a GET) also asks the record policy's `may_change`. Reads are logged on GET and HEAD
    only; a change is logged by the service that makes it."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404(NOT_FOUND) from None
    if not 0 < pk < 2**63:
        raise Http404(NOT_FOUND)
    rule = policy.rule_for(model)
    family_model = _family_model()
    if model is family_model:
        family_id = pk
    else:
        family_id = (
            (queryset if queryset is not None else model._default_manager)
            .filter(pk=pk)
            .values_list(rule.family, flat=True)
            .first()
        )
    if family_id is None or not request.user.is_authenticated:
        raise Http404(NOT_FOUND)
    grant = grant_for_request(request, family_id)
    if grant is None or not grant.can(_needed(capability)):
        raise Http404(NOT_FOUND)
    area = policy.area_of(record_type) if record_type else rule.area
    for needed_area in {rule.area, area}:
        if not grant.reaches(needed_area):
            if grant.is_caseworker and needed_area in policy.NEED_TO_KNOW_AREAS:
                raise NeedToKnowRequired(grant.family.pk)
            raise Http404(NOT_FOUND)
    if model is family_model:
        record = grant.family
    else:
        rows = visible(grant, model)
        if queryset is not None:
            rows = rows & queryset
        record = rows.filter(pk=pk).first()
        if record is None:
            raise Http404(NOT_FOUND)
    if change is None:
        change = not is_reading(request)
    if change and rule.may_change is not None and not rule.may_change(grant, record):
        raise Http404(NOT_FOUND)
    if log and is_reading(request):
        log_read(request, grant, record_type or rule.record_type, record_id=pk)
    return grant, record


def may_see(user: User, record, day: datetime.date | None = None) -> bool:
    """Whether `record` may reach `user` (before an invitation, e-mail or notification leaves). No log."""
    rule = policy.rule_for(type(record))
    family_id = record.pk if type(record) is _family_model() else _family_id_of(record, rule)
    grant = grant_for(user, family_id, day)
    if grant is None or not rule.reaches(grant):
        return False
    if type(record) is _family_model():
        return True
    return visible(grant, type(record)).filter(pk=record.pk).exists()


def _family_id_of(record, rule) -> int | None:
    value = record
    for part in rule.family.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def consent_covers(family, service_id: int | None, day: datetime.date | None = None) -> bool:
    """Whether an active consent of `family` names `service_id`: nothing about the family leaves for a
    service it does not cover (invitations, e-mail, notifications, messages)."""
    from los.consent.models import Consent

    if service_id is None:
        return False
    family_id = getattr(family, "pk", family)
    return (
        Consent.objects.active_on(day or dates.today())
        .filter(family_id=family_id, services=service_id)
        .exists()
    )


def family_view(
    capability: Capability | tuple[Capability, ...] = Capability.VIEW, record_type: str = "family"
):
    """Decorator for views addressed by `family_id`: passes the checked grant to the view (logged on GET).

    `capability` may be a tuple: the user must hold all of them."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, family_id, *args, **kwargs):
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            grant = family(request, family_id, capability, record_type=record_type)
            return view(request, grant, *args, **kwargs)

        return wrapper

    return decorator


def login_first(view):
    """Send a visitor who is not logged in to the login page (before any lookup)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
