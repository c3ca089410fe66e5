"""What the eligibility engine (`los.casework.eligibility`) reasons over and what it answers: the facts
known about a family, each criterion's finding and the assessment of the three rights.

A fact may be unknown (`None`). The engine reasons in three-valued (Kleene) logic, so a right is "yes",
"no" or "not yet clear" and the caseworker sees which fact is missing instead of a guess.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

# --- Three-valued logic -----------------------------------------------------


class Status(StrEnum):
    """A criterion's or a right's finding."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


def tv_and(*values: bool | None) -> bool | None:
    """Three-valued AND: False beats unknown (None), unknown beats True."""
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True


def tv_or(*values: bool | None) -> bool | None:
    """Three-valued OR: True beats unknown (None), unknown beats False."""
    if any(v is True for v in values):
        return True
    if any(v is None for v in values):
        return None
    return False


def status_of(value: bool | None) -> Status:
    """True → yes, False → no, None → unknown."""
    if value is None:
        return Status.UNKNOWN
    return Status.YES if value else Status.NO


def combined_status(statuses: Iterable[Status]) -> Status:
    """no if any is no, else unknown if any is unknown, else yes."""
    found = set(statuses)
    if Status.NO in found:
        return Status.NO
    if Status.UNKNOWN in found:
        return Status.UNKNOWN
    return Status.YES


# --- Data -----------------------------------------------------------------


@dataclass(frozen=True)
class EligibilityFacts:
    """What is known about the child and family on ``assessed_on``.

    ``None`` means unknown. For the service lists, ``None`` means "not stated
    yet" and an empty sequence means "none".
    """

    assessed_on: date
    child_birth_date: date | None = None
    expected_due_date: date | None = None
    serious_condition: bool | None = None
    long_term_needs: bool | None = None
    complex_needs: bool | None = None
    health_and_care_services: Sequence[str] | None = None
    other_welfare_services: Sequence[str] | None = None
    guardians_want_child_coordinator: bool | None = None


@dataclass(frozen=True)
class Criterion:
    """One condition of a right, the finding, and the provision it comes from."""

    code: str
    text: str
    status: Status
    law: str


@dataclass(frozen=True)
class RightAssessment:
    """One right's finding: yes, no or not yet clear, the provisions it rests on and each criterion."""

    status: Status
    law: tuple[str, ...]
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class ChildCoordinatorAssessment(RightAssessment):
    #: Three-valued AND of "status is yes" and the guardians' wish
    #: (condition 4 of pasient- og brukerrettighetsloven § 2-5 c).
    """The child coordinator right's finding, and whether to appoint: only when the guardians want one (pbrl §
    2-5 c fourth condition)."""

    appoint: bool | None


@dataclass(frozen=True)
class Note:
    """Something the caseworker should know beside the findings (e.g. the child turns 18 soon, the due date is
    near)."""

    code: str
    text: str


@dataclass(frozen=True)
class Assessment:
    """The engine's answer for all three rights on one date, with its notes."""

    assessed_on: date
    individual_plan: RightAssessment
    coordinator: RightAssessment
    child_coordinator: ChildCoordinatorAssessment
    notes: tuple[Note, ...]
