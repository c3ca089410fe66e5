"""The access policy: the one place that decides who may see or change a family's data.

Deny by default. A user reaches a family only through one of these relations, and only inside their
own municipality (tenants never mix):

* caseworker in the coordinating unit  -> every family in their municipality
* coordinator                          -> families they are currently assigned to
* professional on the family's team    -> only while an active consent covers their service
* guardian with parental responsibility -> their own family
* leader and admin                     -> no family content (leaders see aggregated figures only)

Every grant is written to the access log by `log_access`, with the relation as the reason code, so
the family can see who looked and why (Normen, fact sheet 15; pasientjournalloven § 22).
Views use `family_view`, the API uses `require_family`; lists start from `visible_families`.
"""

from __future__ import annotations

import datetime
import enum
import functools
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, CharField, Exists, OuterRef, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from los.core.models import AccessAction, AccessLogEntry, AccessReason, Role, User

STAFF_ROLES = {Role.CASEWORKER, Role.COORDINATOR, Role.PROVIDER}


class Capability(enum.StrEnum):
    VIEW = "view"  # read the family's overview, children, guardians, services
    STAFF_VIEW = "staff_view"  # the staff pages of a family
    EDIT_FAMILY = "edit_family"  # register and correct children and guardians
    MANAGE_CONSENT = "manage_consent"  # give, sign and withdraw consents
    RECORD_CONSENT = "record_consent"  # register a consent given on paper, on the family's behalf
    READ_ACCESS_LOG = "read_access_log"
    MANAGE_CASE = "manage_case"  # applications, decisions, appointing the coordinator
    COORDINATE = "coordinate"  # the coordinator's work: team, meetings, plan
    ACT_AS_FAMILY = "act_as_family"  # apply, complain and ask for a change of coordinator


CAPABILITIES: dict[str, frozenset[Capability]] = {
    AccessReason.CASEWORKER: frozenset(
        {
            Capability.VIEW,
            Capability.STAFF_VIEW,
            Capability.EDIT_FAMILY,
            Capability.RECORD_CONSENT,
            Capability.READ_ACCESS_LOG,
            Capability.MANAGE_CASE,
        }
    ),
    AccessReason.COORDINATOR: frozenset(
        {Capability.VIEW, Capability.STAFF_VIEW, Capability.COORDINATE, Capability.RECORD_CONSENT}
    ),
    AccessReason.TEAM_WITH_CONSENT: frozenset({Capability.VIEW, Capability.STAFF_VIEW}),
    AccessReason.GUARDIAN: frozenset(
        {Capability.VIEW, Capability.MANAGE_CONSENT, Capability.READ_ACCESS_LOG, Capability.ACT_AS_FAMILY}
    ),
}


def _rules(user: User, today: datetime.date) -> list[tuple[Q | Exists, str]]:
    """The relations through which `user` may reach families, in order of precedence."""
    from los.consent.models import Consent
    from los.intake.models import CoordinatorAssignment
    from los.people.models import RESPONSIBILITY_HOLDERS, Guardian
    from los.team.models import TeamMember

    if not user.is_authenticated or not user.is_active:
        return []
    rules: list[tuple[Q | Exists, str]] = []
    tenant = Q(municipality_id=user.municipality_id)
    if user.role == Role.CASEWORKER and user.municipality_id:
        rules.append((tenant, AccessReason.CASEWORKER))
    if user.role in STAFF_ROLES and user.municipality_id:
        assigned = CoordinatorAssignment.objects.filter(
            family=OuterRef("pk"), coordinator=user, starts_on__lte=today
        ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        rules.append((tenant & Q(Exists(assigned)), AccessReason.COORDINATOR))
        covering_consent = Consent.objects.active_on(today).filter(
            family=OuterRef("family_id"), services=OuterRef("service_id")
        )
        on_team = TeamMember.objects.filter(
            family=OuterRef("pk"), professional__user=user, left_on__isnull=True
        ).filter(Exists(covering_consent))
        rules.append((tenant & Q(Exists(on_team)), AccessReason.TEAM_WITH_CONSENT))
    if user.role == Role.GUARDIAN:
        guardian_of = Guardian.objects.filter(
            family=OuterRef("pk"), user=user, parental_responsibility__in=RESPONSIBILITY_HOLDERS
        )
        rules.append((Q(Exists(guardian_of)), AccessReason.GUARDIAN))
    return rules


def visible_families(user: User, today: datetime.date | None = None) -> QuerySet:
    """Families `user` may see, each annotated with `access_reason` (the first relation that allows it)."""
    from los.people.models import Family

    rules = _rules(user, today or timezone.localdate())
    if not rules:
        return Family.objects.none()
    reason = Case(*[When(rule, then=Value(str(code))) for rule, code in rules], output_field=CharField())
    return Family.objects.annotate(access_reason=reason).filter(access_reason__isnull=False)


@dataclass(frozen=True)
class FamilyAccess:
    family: object
    reason: str

    @property
    def capabilities(self) -> frozenset[Capability]:
        return CAPABILITIES.get(self.reason, frozenset())

    @property
    def reason_label(self) -> str:
        return str(AccessReason(self.reason).label)

    def can(self, capability: Capability) -> bool:
        return capability in self.capabilities


def access_for(user: User, family_id) -> FamilyAccess | None:
    """The user's access to one family, or None. One query."""
    try:
        family_id = int(family_id)
    except (TypeError, ValueError):
        return None
    family = visible_families(user).select_related("municipality").filter(pk=family_id).first()
    if family is None:
        return None
    return FamilyAccess(family=family, reason=family.access_reason)


def client_address(request) -> str | None:
    address = request.META.get("REMOTE_ADDR") if request is not None else None
    return address or None


def log_access(
    request,
    accesses: FamilyAccess | Iterable[FamilyAccess],
    record_type: str,
    action: str = AccessAction.READ,
    record_id: object = "",
    channel: str | None = None,
) -> None:
    """Append one access-log row per family (one INSERT for many)."""
    if isinstance(accesses, FamilyAccess):
        accesses = [accesses]
    user = request.user
    address = client_address(request)
    if channel is None:
        channel = "api" if request.path.startswith("/api/") else "web"
    now = timezone.now()
    rows = [
        AccessLogEntry(
            at=now,
            user=user,
            family_id=a.family.pk,
            action=action,
            record_type=record_type,
            record_id=str(record_id or a.family.pk),
            reason=a.reason,
            channel=channel,
            ip_address=address,
        )
        for a in accesses
    ]
    if rows:
        AccessLogEntry.objects.bulk_create(rows)


def log_family_list(request, families: Iterable, record_type: str = "family_list") -> None:
    """Log a page that lists families: every family shown is a read of its name."""
    log_access(
        request,
        [FamilyAccess(family=f, reason=f.access_reason) for f in families],
        record_type=record_type,
    )


def require_family(
    request,
    family_id,
    capability: Capability | tuple[Capability, ...] = Capability.VIEW,
    record_type: str = "family",
    record_id: object = "",
    action: str | None = None,
) -> FamilyAccess:
    """Resolve a family the user may reach with `capability`, log the access, or raise Http404.

    A family the user may not see answers exactly as one that does not exist.
    """
    access = access_for(request.user, family_id)
    needed = capability if isinstance(capability, tuple) else (capability,)
    if access is None or not all(access.can(c) for c in needed):
        raise Http404("Familien finnes ikke, eller du har ikke tilgang.")
    if action is None:
        action = AccessAction.READ if request.method in {"GET", "HEAD"} else AccessAction.CHANGE
    log_access(request, access, record_type=record_type, action=action, record_id=record_id)
    return access


def family_view(
    capability: Capability | tuple[Capability, ...] = Capability.VIEW, record_type: str = "family"
):
    """Decorator for views taking `family_id`: passes the checked, logged `access` to the view.

    `capability` may be a tuple: the user must hold all of them."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, family_id, *args, **kwargs):
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            access = require_family(request, family_id, capability, record_type=record_type)
            return view(request, access, *args, **kwargs)

        return wrapper

    return decorator
