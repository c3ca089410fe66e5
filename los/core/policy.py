"""The record policy: how each record type hangs on a family, and which relation sees or changes it.

Each app declares its record types in its own `policy.py`, next to its models:

    register(RecordPolicy(
        model=Minutes,
        record_type="minutes",
        family="meeting__family_id",
        area=Area.MINUTES,
        visible=lambda grant: Q() if not grant.is_guardian else Q(shared_at__isnull=False),
    ))

`los.core.access` is the only caller: `access.get` fetches, authorises and logs one record, and
`access.visible` starts every list from the rows the relation may see. A record type with no entry
cannot be fetched at all (and a test fails when a model with a family has none).

Two layers decide:

* The **area** a record belongs to decides which relations reach it at all (`AREA_ACCESS` below): the
  coordinating unit sees the registration and the case, and the plan, minutes, calendar, team and relay
  log only with a stated need to know; a provider sees the plan only when a consent covers the plan.
* The record's own **visible** filter decides which rows inside the area (a provider sees an
  appointment only when the consent covers its service; the family sees minutes once shared).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q

if TYPE_CHECKING:  # pragma: no cover
    from .grants import Grant


class Area(enum.StrEnum):
    REGISTRATION = "registration"  # the family, children, guardians, consents, the access log
    CASE = "case"  # applications, assessments, decisions, complaints, the appointment of a coordinator
    TEAM = "team"  # the responsibility group, meetings, action items, contact with the family
    MINUTES = "minutes"  # minutes of meetings
    PLAN = "plan"  # the individual plan: versions, goals, measures, evaluations, comments
    CALENDAR = "calendar"  # appointments, needs, limits, bundling proposals, booking requests
    RELAY = "relay"  # the BTI relay log
    REFERRAL = "referral"  # referrals to services and organisations


# Areas the coordinating unit reads only with a stated need to know (tjenstlig behov).
NEED_TO_KNOW_AREAS = frozenset({Area.TEAM, Area.MINUTES, Area.PLAN, Area.CALENDAR, Area.RELAY, Area.REFERRAL})


def _area_access(grant: Grant, area: Area) -> bool:
    """Whether the relation of `grant` reaches records of `area` at all: the coordinating unit reads the
    areas with health information only with a stated need to know (helsepersonelloven § 21 a), a
    professional the plan only under a consent that covers it (helsepersonelloven §§ 21-22)."""
    from .models import AccessReason

    if grant.reason == AccessReason.GUARDIAN:
        return True
    if grant.reason == AccessReason.COORDINATOR:
        return area != Area.CASE
    if grant.reason == AccessReason.CASEWORKER:
        return area in (Area.REGISTRATION, Area.CASE) or grant.need_to_know is not None
    if grant.reason == AccessReason.TEAM_WITH_CONSENT:
        if area == Area.CASE:
            return False
        if area == Area.PLAN:
            return grant.plan_consent
        return True
    return False


def everything(grant: Grant) -> Q:
    """Every row of the family: the record type has no rule of its own beyond its area."""
    return Q()


def nothing_for_others(grant: Grant) -> bool:
    """A check that says no to every relation."""
    return False


@dataclass(frozen=True)
class RecordPolicy:
    """How a record type relates to a family and who sees or changes which rows of it."""

    model: type
    record_type: str  # the access log's name for it (core.models.RECORD_LABELS)
    family: str  # lookup from the record to the family's id, e.g. "family_id", "meeting__family_id"
    area: Area
    visible: Callable[[Grant], Q] = everything  # rows of one family this relation may see
    # Whether this relation may change this row (beyond the capability the view asks for).
    may_change: Callable[[Grant, object], bool] | None = None
    select_related: tuple[str, ...] = field(default_factory=tuple)

    def reaches(self, grant: Grant) -> bool:
        """Whether the relation reaches this record type's area at all."""
        return _area_access(grant, self.area)


_registry: dict[type, RecordPolicy] = {}
_record_types: dict[str, Area] = {}

# Pages that show a composed view rather than one record type, and the area whose rule applies.
PAGE_AREAS: dict[str, Area] = {
    "family": Area.REGISTRATION,
    "family_list": Area.REGISTRATION,
    "access_log": Area.REGISTRATION,
    "consents": Area.REGISTRATION,
    "need_to_know": Area.REGISTRATION,
    "follow_up": Area.TEAM,
    "caseload": Area.REGISTRATION,
}


def register(rule: RecordPolicy) -> RecordPolicy:
    """Declare the policy of one record type (from its app's `policy.py`)."""
    _registry[rule.model] = rule
    _record_types.setdefault(rule.record_type, rule.area)
    return rule


def register_page(record_type: str, area: Area) -> None:
    """Name the area of a page-level record type (a composed page such as the calendar week)."""
    PAGE_AREAS[record_type] = area


def rule_for(model: type) -> RecordPolicy:
    """The policy of `model`; LookupError when it has none, so an undeclared record cannot be fetched."""
    try:
        return _registry[model]
    except KeyError:
        raise LookupError(
            f"{model.__name__} has no record policy; declare it in its app's policy.py"
        ) from None


def registered() -> dict[type, RecordPolicy]:
    """Every declared record policy, by model (the access matrix walks them)."""
    return dict(_registry)


def area_of(record_type: str) -> Area:
    """The area of a record type or page, for the log's reason; unknown types count as the registration."""
    return _record_types.get(record_type) or PAGE_AREAS.get(record_type) or Area.REGISTRATION


def area_reached(grant: Grant, area: Area) -> bool:
    """Whether the relation of `grant` reaches records of `area` (see `_area_access`)."""
    return _area_access(grant, area)


def autodiscover() -> None:
    """Import every installed app's `policy` module (called once the apps are ready)."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("policy")
