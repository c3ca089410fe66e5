"""Ranked suggestions for who should coordinate for a family, each with its reasons.

Pure functions on plain data; no Django import. The law asks that the family's and the child's wishes
are given weight when the person is chosen (pasient- og brukerrettighetsloven § 2-5 c, helse- og
omsorgstjenesteloven § 7-2 a), and the coordinating unit must make sure coordinators have time and
training (hol § 7-3). The score adds up, in order of weight:

* the family's named wish for a person: ``WISH`` points, more than all other reasons together;
* capacity headroom after taking the family: up to ``CAPACITY`` points, scaled by the share of the
  coordinator's capacity left; a coordinator the family would overload gets ``OVERLOAD`` (negative);
* speaking the family's language (other than Norwegian): ``LANGUAGE`` points;
* completed coordinator training: ``TRAINED`` points (untrained coordinators are marked);
* a service background that fits the child's needs: ``BACKGROUND`` points.

Ties break on name, then id, so the order is stable.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

WISH = 100
CAPACITY = 30
OVERLOAD = -40
LANGUAGE = 20
TRAINED = 15
BACKGROUND = 10

HEALTH_AND_CARE = "health_and_care"
OTHER_WELFARE = "other_welfare"
BOTH = "both"


@dataclass(frozen=True)
class Candidate:
    """A coordinator as the suggestions see them. Points: capacity and caseload weigh families by need."""

    id: int
    name: str
    capacity_points: int
    caseload_points: int
    languages: frozenset[str] = frozenset({"nb"})
    trained: bool = False
    service_background: str = HEALTH_AND_CARE
    accepts_new_families: bool = True

    @property
    def headroom(self) -> int:
        return self.capacity_points - self.caseload_points


@dataclass(frozen=True)
class FamilyNeeds:
    """What matters about the family for the choice."""

    need_points: int = 2
    wished_coordinator_id: int | None = None
    language: str = "nb"
    needs_health_and_care: bool = True
    needs_other_welfare: bool = False
    current_coordinator_id: int | None = None  # excluded when the family asked to change


@dataclass(frozen=True)
class Suggestion:
    """A ranked candidate: the score and the reasons the caseworker reads beside it."""

    candidate: Candidate
    score: float
    reasons: tuple[str, ...]
    warnings: tuple[str, ...] = field(default=())

    @property
    def headroom_after(self) -> int:
        return self.candidate.headroom


def _background_fits(background: str, needs: FamilyNeeds) -> bool:
    if background == BOTH:
        return True
    if needs.needs_health_and_care and needs.needs_other_welfare:
        return False
    if needs.needs_other_welfare:
        return background == OTHER_WELFARE
    return background == HEALTH_AND_CARE


def score(candidate: Candidate, needs: FamilyNeeds) -> Suggestion:
    """One candidate's score for the family, with the reasons in plain bokmål."""
    points = 0.0
    reasons: list[str] = []
    warnings: list[str] = []
    if needs.wished_coordinator_id is not None and candidate.id == needs.wished_coordinator_id:
        points += WISH
        reasons.append("Familien har ønsket denne personen.")
    after = candidate.headroom - needs.need_points
    if candidate.capacity_points <= 0:
        points += OVERLOAD
        warnings.append("Har ikke satt av tid til koordinering.")
    elif after < 0:
        points += OVERLOAD
        warnings.append(
            f"Har ikke kapasitet: {candidate.caseload_points} av {candidate.capacity_points} poeng "
            f"er i bruk, familien trenger {needs.need_points}."
        )
    else:
        points += CAPACITY * after / candidate.capacity_points
        reasons.append(
            f"Har kapasitet: {after} av {candidate.capacity_points} poeng ledig etter denne familien."
        )
    if not candidate.accepts_new_families:
        points += OVERLOAD
        warnings.append("Tar ikke imot nye familier nå.")
    language = (needs.language or "nb").lower()
    if language not in {"nb", "nn"}:
        if language in candidate.languages:
            points += LANGUAGE
            reasons.append("Snakker familiens språk.")
        else:
            warnings.append("Snakker ikke familiens språk – bestill tolk.")
    if candidate.trained:
        points += TRAINED
        reasons.append("Har fullført koordinatoropplæring.")
    else:
        warnings.append("Mangler koordinatoropplæring.")
    if _background_fits(candidate.service_background, needs):
        points += BACKGROUND
        reasons.append("Bakgrunnen passer barnets behov for tjenester.")
    return Suggestion(
        candidate=candidate, score=round(points, 2), reasons=tuple(reasons), warnings=tuple(warnings)
    )


def rank(candidates: Iterable[Candidate], needs: FamilyNeeds) -> list[Suggestion]:
    """All candidates, best first; the family's current coordinator is left out (they asked to change)."""
    scored = [score(c, needs) for c in candidates if c.id != needs.current_coordinator_id]
    return sorted(scored, key=lambda s: (-s.score, s.candidate.name, s.candidate.id))


def top(suggestions: Sequence[Suggestion], n: int = 3) -> list[Suggestion]:
    """The `n` best suggestions (the page shows the first few and the rest on request)."""
    return list(suggestions[:n])
