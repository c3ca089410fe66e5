"""The access policy: the one place that decides who may see or change a family's data, and its records.

Deny by default. A user reaches a family only through one of these relations, and only inside their
own municipality (tenants never mix):

* caseworker in the coordinating unit  -> every family in their municipality: the registration and the
                                          case; the plan, minutes, calendar, team and relay log only
                                          with a stated need to know (`NeedToKnow`, one day)
* coordinator                          -> families they are currently assigned to
* professional on the family's team    -> only while an active consent covers their service, and inside
                                          the family only the records the consent covers
* guardian with parental responsibility -> their own family
* leader and admin                     -> no family content (leaders see aggregated figures only)

Records inside a family follow the record policy (`los.core.policy`, declared per app in `policy.py`).
Views, the API, feeds, PDFs, e-mails and notifications use only these calls:

    grant, meeting = access.get(request, Meeting, meeting_id)        # 404 if missing or forbidden; logs
    grant, family = access.get(request, Family, family_id, Capability.COORDINATE)
    items = access.visible(grant, ActionItem).filter(meeting=meeting) # rows this relation may see
    access.may_see(user, appointment)                                 # before anything leaves for a user
    access.consent_covers(family, service_id)                         # before anything leaves for a service

Reads are written to the access log by the guard (GET and HEAD only); changes by the service that made
them (`los.core.audit.changed`); a refused or invalid request writes nothing (Normen, fact sheet 15;
pasientjournalloven § 22).
"""

from __future__ import annotations

import datetime
import enum
import functools
from collections.abc import Iterable
from functools import cached_property

from django.db.models import Case, CharField, Exists, OuterRef, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from . import audit, policy
from .models import AccessAction, AccessReason, Role, User
from .policy import Area

STAFF_ROLES = {Role.CASEWORKER, Role.COORDINATOR, Role.PROVIDER}
NOT_FOUND = "Finnes ikke, eller du har ikke tilgang."


class NeedToKnowRequired(Http404):
    """A caseworker asked for a record the coordinating unit reads only with a stated need to know.

    It answers 404 like any refusal; on a web page the middleware offers the form to state the need."""

    def __init__(self, family_id: int):
        super().__init__(NOT_FOUND)
        self.family_id = family_id


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


def today() -> datetime.date:
    return timezone.localdate()


def _relations(user: User, day: datetime.date) -> list[tuple[Q, str]]:
    """The relations through which `user` may reach families, in order of precedence.

    Each is a plain condition (tenant AND relation), so the database can use the tenant index."""
    from los.consent.models import Consent
    from los.intake.models import CoordinatorAssignment
    from los.people.models import RESPONSIBILITY_HOLDERS, Guardian
    from los.team.models import TeamMember

    if not user.is_authenticated or not user.is_active:
        return []
    relations: list[tuple[Q, str]] = []
    tenant = Q(municipality_id=user.municipality_id)
    if user.role == Role.CASEWORKER and user.municipality_id:
        relations.append((tenant, AccessReason.CASEWORKER))
    if user.role in STAFF_ROLES and user.municipality_id:
        assigned = CoordinatorAssignment.objects.filter(
            family=OuterRef("pk"), coordinator=user, starts_on__lte=day
        ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        relations.append((tenant & Q(Exists(assigned)), AccessReason.COORDINATOR))
        covering_consent = Consent.objects.active_on(day).filter(
            family=OuterRef("family_id"), services=OuterRef("service_id")
        )
        on_team = TeamMember.objects.filter(
            family=OuterRef("pk"), professional__user=user, left_on__isnull=True
        ).filter(Exists(covering_consent))
        relations.append((tenant & Q(Exists(on_team)), AccessReason.TEAM_WITH_CONSENT))
    if user.role == Role.GUARDIAN:
        guardian_of = Guardian.objects.filter(
            family=OuterRef("pk"), user=user, parental_responsibility__in=RESPONSIBILITY_HOLDERS
        )
        relations.append((Q(Exists(guardian_of)), AccessReason.GUARDIAN))
    return relations


def visible_families(user: User, day: datetime.date | None = None) -> QuerySet:
    """Families `user` may see, each annotated with `access_reason` (the first relation that allows it)."""
    from los.people.models import Family

    relations = _relations(user, day or today())
    if not relations:
        return Family.objects.none()
    allowed = functools.reduce(lambda a, b: a | b, (condition for condition, _ in relations))
    reason = Case(*[When(rule, then=Value(str(code))) for rule, code in relations], output_field=CharField())
    return Family.objects.filter(allowed).annotate(access_reason=reason)


class Grant:
    """One user's checked access to one family: the relation, and what it opens inside the family."""

    def __init__(self, user: User, family, reason: str, day: datetime.date | None = None):
        self.user = user
        self.family = family
        self.reason = reason
        self.day = day or today()

    def __repr__(self) -> str:
        return f"<Grant {self.user.pk} family={self.family.pk} {self.reason}>"

    @property
    def capabilities(self) -> frozenset[Capability]:
        return CAPABILITIES.get(self.reason, frozenset())

    def can(self, capability: Capability | Iterable[Capability]) -> bool:
        needed = (capability,) if isinstance(capability, Capability) else tuple(capability)
        return all(c in self.capabilities for c in needed)

    @property
    def reason_label(self) -> str:
        return str(AccessReason(self.reason).label)

    @property
    def is_guardian(self) -> bool:
        return self.reason == AccessReason.GUARDIAN

    @property
    def is_coordinator(self) -> bool:
        return self.reason == AccessReason.COORDINATOR

    @property
    def is_caseworker(self) -> bool:
        return self.reason == AccessReason.CASEWORKER

    @property
    def is_provider(self) -> bool:
        return self.reason == AccessReason.TEAM_WITH_CONSENT

    @cached_property
    def _consents(self) -> list[tuple[frozenset[int], bool]]:
        from los.consent.models import Consent

        rows: dict[int, tuple[set[int], bool]] = {}
        for consent_id, service_id, plan in (
            Consent.objects.active_on(self.day)
            .filter(family_id=self.family.pk)
            .values_list("pk", "services", "covers_individual_plan")
        ):
            services, _plan = rows.setdefault(consent_id, (set(), plan))
            if service_id is not None:
                services.add(service_id)
        return [(frozenset(s), plan) for s, plan in rows.values()]

    @cached_property
    def covered_services(self) -> frozenset[int]:
        """Services an active consent of the family names."""
        return frozenset().union(*(s for s, _ in self._consents)) if self._consents else frozenset()

    @cached_property
    def own_services(self) -> frozenset[int]:
        """For a professional on the team: the services they serve the family in, now."""
        from los.team.models import TeamMember

        return frozenset(
            TeamMember.objects.filter(
                family_id=self.family.pk, professional__user=self.user, left_on__isnull=True
            ).values_list("service_id", flat=True)
        )

    @cached_property
    def plan_consent(self) -> bool:
        """An active consent covers the individual plan (and, for a professional, their own service)."""
        if self.is_provider:
            mine = self.own_services
            return any(plan and (services & mine) for services, plan in self._consents)
        return any(plan for _, plan in self._consents)

    @cached_property
    def need_to_know(self):
        """The caseworker's stated need to know for this family, in force now; else None."""
        if not self.is_caseworker:
            return None
        from .models import NeedToKnow

        now = timezone.now()
        return (
            NeedToKnow.objects.filter(
                user=self.user, family_id=self.family.pk, starts_at__lte=now, expires_at__gt=now
            )
            .order_by("-expires_at")
            .first()
        )

    def sees_service(self, service_id: int | None) -> bool:
        """Whether a record about `service_id` reaches this relation: for a professional only when an
        active consent covers that service; a record with no service only the family's own people see."""
        if self.is_provider:
            return service_id is not None and service_id in self.covered_services
        return True

    def service_filter(self, lookup: str = "service_id") -> Q:
        """The rows about services this relation may see (see `sees_service`), as a filter."""
        if self.is_provider:
            return Q(**{f"{lookup}__in": self.covered_services})
        return Q()

    def reaches(self, area: Area) -> bool:
        return policy.area_reached(self, area)

    def log_reason(self, record_type: str) -> tuple[str, str]:
        """The reason code and stated purpose a log row about `record_type` carries."""
        if self.is_caseworker and policy.area_of(record_type) in policy.NEED_TO_KNOW_AREAS:
            stated = self.need_to_know
            if stated is not None:
                return AccessReason.CASEWORKER_NEED_TO_KNOW, stated.summary
        return self.reason, ""


def grant_for(user: User, family_id, day: datetime.date | None = None) -> Grant | None:
    """The user's access to one family, or None. One query. Nothing is logged."""
    try:
        family_id = int(family_id)
    except (TypeError, ValueError):
        return None
    if not 0 < family_id < 2**63:
        return None
    family = visible_families(user, day).select_related("municipality").filter(pk=family_id).first()
    if family is None:
        return None
    return Grant(user=user, family=family, reason=family.access_reason, day=day)


def cached_grant(request, family_id) -> Grant | None:
    return getattr(request, "_los_grants", {}).get(family_id)


def grant_for_request(request, family_id) -> Grant | None:
    """Like `grant_for`, computed once per request and family."""
    grants = request.__dict__.setdefault("_los_grants", {})
    try:
        family_id = int(family_id)
    except (TypeError, ValueError):
        return None
    if family_id not in grants:
        grants[family_id] = grant_for(request.user, family_id)
    return grants[family_id]


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
    return request.method in {"GET", "HEAD"}


def log_read(
    request,
    grant: Grant | Iterable[Grant],
    record_type: str,
    record_id: object = "",
    channel: str | None = None,
) -> None:
    """Write one read row per grant (one INSERT for many): a page or list showing these families."""
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
    return Consent.objects.active_on(day or today()).filter(family_id=family_id, services=service_id).exists()


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
