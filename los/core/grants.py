"""Who reaches which family, and what the relation opens: the grants behind `los.core.access`.

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

The relation decides the capabilities (`CAPABILITIES`); the record policy (`los.core.policy`) decides
which records inside the family each relation sees. Confidentiality: helsepersonelloven § 21 and § 21 a
(no one reads health information without a need in their work), forvaltningsloven § 13; sharing with a
service only under consent, helsepersonelloven §§ 21-22. Nothing here logs: the guard does
(`los.core.access`).
"""

from __future__ import annotations

import datetime
import enum
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Case, CharField, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from . import dates, policy
from .models import AccessReason, Role, User
from .policy import Area

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


@dataclass(frozen=True)
class _Relation:
    """One way a user reaches families: the families it reaches as a filter (`reaches`, None: every
    family in the tenant), and the same test per family row for the `access_reason` annotation (`test`)."""

    reason: str
    test: Q
    reaches: QuerySet | None


def _relations(user: User, day: datetime.date) -> list[_Relation]:
    """The relations through which `user` may reach families, in order of precedence."""
    from los.consent.models import Consent
    from los.coordinators.models import CoordinatorAssignment
    from los.people.models import RESPONSIBILITY_HOLDERS, Guardian
    from los.team.models import TeamMember

    if not user.is_authenticated or not user.is_active:
        return []
    relations: list[_Relation] = []
    if user.role == Role.CASEWORKER and user.municipality_id:
        relations.append(_Relation(AccessReason.CASEWORKER, Q(pk__isnull=False), None))
    if user.role in STAFF_ROLES and user.municipality_id:
        assigned = CoordinatorAssignment.objects.filter(coordinator=user, starts_on__lte=day).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=day)
        )
        relations.append(
            _Relation(
                AccessReason.COORDINATOR,
                Q(Exists(assigned.filter(family=OuterRef("pk")))),
                assigned.order_by().values("family_id"),
            )
        )
        covering_consent = Consent.objects.active_on(day).filter(
            family=OuterRef("family_id"), services=OuterRef("service_id")
        )
        on_team = TeamMember.objects.filter(professional__user=user, left_on__isnull=True).filter(
            Exists(covering_consent)
        )
        relations.append(
            _Relation(
                AccessReason.TEAM_WITH_CONSENT,
                Q(Exists(on_team.filter(family=OuterRef("pk")))),
                on_team.order_by().values("family_id"),
            )
        )
    if user.role == Role.GUARDIAN:
        guardian_of = Guardian.objects.filter(user=user, parental_responsibility__in=RESPONSIBILITY_HOLDERS)
        relations.append(
            _Relation(
                AccessReason.GUARDIAN,
                Q(Exists(guardian_of.filter(family=OuterRef("pk")))),
                guardian_of.order_by().values("family_id"),
            )
        )
    return relations


def _reason(relations: list[_Relation]):
    if relations[0].reaches is None:  # the first relation reaches every family in the tenant
        return Value(str(relations[0].reason), output_field=CharField())
    return Case(*[When(r.test, then=Value(str(r.reason))) for r in relations], output_field=CharField())


def _in_tenant(user: User, families: QuerySet) -> QuerySet:
    return families.filter(municipality_id=user.municipality_id) if user.role in STAFF_ROLES else families


def visible_families(user: User, day: datetime.date | None = None) -> QuerySet:
    """Families `user` may see on `day` (default today in Oslo), each annotated with `access_reason`
    (the first relation that allows it); deny by default, never across municipalities.

    Staff reach families only in their own municipality (the tenant index); a relation to single families
    (coordinator, team member, guardian) is a semi-join on the family ids it names, so the database reads
    only those families, however many the municipality and the installation hold."""
    from los.people.models import Family

    relations = _relations(user, day or dates.today())
    if not relations:
        return Family.objects.none()
    families = _in_tenant(user, Family.objects.all())
    if all(r.reaches is not None for r in relations):
        ids = functools.reduce(lambda a, b: a.union(b), (r.reaches for r in relations))
        families = families.filter(pk__in=ids)
    return families.annotate(access_reason=_reason(relations))


def families_among(user: User, family_ids: Iterable[int], day: datetime.date | None = None) -> QuerySet:
    """Those of the families `family_ids` that `user` may see, each with its `access_reason`: the rows by
    their keys, and the relations tested on those rows only (a cheaper query, to build and to run, than
    `visible_families` when the families are known: a page about one family, a batch of notifications)."""
    from los.people.models import Family

    relations = _relations(user, day or dates.today())
    if not relations:
        return Family.objects.none()
    return (
        _in_tenant(user, Family.objects.filter(pk__in=list(family_ids)))
        .annotate(access_reason=_reason(relations))
        .filter(access_reason__isnull=False)
    )


def one_family(user: User, family_id: int, day: datetime.date | None = None) -> QuerySet:
    """The family `family_id` with its `access_reason` if `user` may see it, else no row."""
    return families_among(user, [family_id], day)


class Grant:
    """One user's checked access to one family: the relation, and what it opens inside the family."""

    def __init__(self, user: User, family, reason: str, day: datetime.date | None = None):
        self.user = user
        self.family = family
        self.reason = reason
        self.day = day or dates.today()

    def __repr__(self) -> str:
        return f"<Grant {self.user.pk} family={self.family.pk} {self.reason}>"

    @property
    def capabilities(self) -> frozenset[Capability]:
        """What the relation may do in the family (`CAPABILITIES`)."""
        return CAPABILITIES.get(self.reason, frozenset())

    def can(self, capability: Capability | Iterable[Capability]) -> bool:
        """Whether the relation holds `capability` (all of them, when several are given)."""
        needed = (capability,) if isinstance(capability, Capability) else tuple(capability)
        return all(c in self.capabilities for c in needed)

    @property
    def reason_label(self) -> str:
        """The relation in words, as the family's access log names it."""
        return str(AccessReason(self.reason).label)

    @property
    def is_guardian(self) -> bool:
        """The relation is a guardian with parental responsibility."""
        return self.reason == AccessReason.GUARDIAN

    @property
    def is_coordinator(self) -> bool:
        """The relation is the family's current coordinator."""
        return self.reason == AccessReason.COORDINATOR

    @property
    def is_caseworker(self) -> bool:
        """The relation is a caseworker in the coordinating unit."""
        return self.reason == AccessReason.CASEWORKER

    @property
    def is_provider(self) -> bool:
        """The relation is a professional on the team under the family's consent."""
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
        """The caseworker's stated need to know for this family, in force now; else None
        (helsepersonelloven § 21 a)."""
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
        """Whether the relation reaches records of `area` at all (`los.core.policy`)."""
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
    family = (
        one_family(user, family_id, day)
        .select_related("municipality", "municipality__coordinating_unit")
        .first()
    )
    if family is None:
        return None
    return Grant(user=user, family=family, reason=family.access_reason, day=day)


def cached_grant(request, family_id) -> Grant | None:
    """The grant this request has already computed for the family, if any (no query)."""
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
