"""What a decision may say about each right, given what the assessment found.

The eligibility engine (`los.casework.eligibility`) states the law's minimum. On that ground a decision
gives each right an outcome (`Outcome`):

* a right the law gives cannot be refused (pasient- og brukerrettighetsloven §§ 2-5, 2-5 b, 2-5 c);
* a right may be granted beyond the law's minimum, but only with a recorded reason (the municipality may
  be more generous than the law, and the letter must say why; forvaltningsloven § 25);
* a partial grant or a refusal needs reasons (forvaltningsloven § 24);
* a family gets one municipal coordinator, not both a coordinator and a child coordinator (pbrl § 2-5 c
  third paragraph); the decision must decide at least one right.

Pure functions: no database, no request. `decisions.decide` calls `judge` and stores what it returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from los.core.errors import DomainError

from . import eligibility
from .models import CoordinatorKind, Outcome, Right

#: The rights a decision decides, in the order the letter lists them.
RIGHTS = (Right.INDIVIDUAL_PLAN, Right.COORDINATOR, Right.CHILD_COORDINATOR)

#: The provisions each right rests on, as the letter cites them.
RIGHT_LAW = {
    Right.INDIVIDUAL_PLAN: eligibility.INDIVIDUAL_PLAN_LAW,
    Right.COORDINATOR: eligibility.COORDINATOR_LAW,
    Right.CHILD_COORDINATOR: eligibility.CHILD_COORDINATOR_LAW,
}

#: The right to a coordinator gives the kind of assignment.
KIND_OF_RIGHT = {
    Right.COORDINATOR: CoordinatorKind.COORDINATOR,
    Right.CHILD_COORDINATOR: CoordinatorKind.CHILD_COORDINATOR,
}

#: The outcome a decision form proposes for a right the family applied for, from the reviewed finding.
#: Unclear is proposed as refused: the caseworker must clear up the facts or grant with a reason.
OUTCOME_OF_STATUS = {
    eligibility.Status.YES: Outcome.GRANTED,
    eligibility.Status.NO: Outcome.REFUSED,
    eligibility.Status.UNKNOWN: Outcome.REFUSED,
}


@dataclass(frozen=True)
class RightOutcome:
    """One right's outcome as the decision records it."""

    right: str
    outcome: str
    reasons: str
    assessed_status: str
    more_generous_than_law: str
    criteria: list = field(default_factory=list)
    law: list = field(default_factory=list)

    @property
    def granted(self) -> bool:
        return self.outcome in (Outcome.GRANTED, Outcome.PARTLY)


def coordinator_kinds(granted: set[str]) -> list[str]:
    """The kinds of coordinator the granted rights allow the unit to appoint, child coordinator first."""
    return [KIND_OF_RIGHT[r] for r in (Right.CHILD_COORDINATOR, Right.COORDINATOR) if r in granted]


def proposed_outcomes(rights: dict | None, wanted: set[str]) -> dict[str, str]:
    """The outcome to propose for each right: from the reviewed finding for what the family applied for,
    "not applied for" for the rest (the caseworker decides; this is only the form's starting point)."""
    proposed = {}
    for right in RIGHTS:
        status = rights[right]["status"] if rights else eligibility.Status.UNKNOWN
        proposed[right] = (
            OUTCOME_OF_STATUS[eligibility.Status(status)] if right in wanted else Outcome.NOT_APPLIED
        )
    return proposed


def judge(rights: dict[str, dict], outcomes: dict) -> list[RightOutcome]:
    """Check the outcomes chosen for each right against the reviewed assessment (`rights`, from
    `assessments.final_rights`) and return them as the decision records them.

    `outcomes` maps a right to (outcome, reasons, more_generous_than_law); a right left out is "not
    applied for". Raises DomainError naming the form field when the law does not allow the choice."""
    result = []
    for right in RIGHTS:
        outcome, reasons, generous = outcomes.get(right, (Outcome.NOT_APPLIED, "", ""))
        reasons, generous = (reasons or "").strip(), (generous or "").strip()
        if outcome not in Outcome.values:
            raise DomainError(_("Ugyldig resultat."), field=f"{right}_outcome")
        status = rights[right]["status"]
        label = str(Right(right).label).lower()
        if outcome in (Outcome.GRANTED, Outcome.PARTLY) and status != eligibility.Status.YES and not generous:
            raise DomainError(
                _(
                    "Vilkårene for %(right)s er ikke oppfylt etter loven. "
                    "Skriv hvorfor kommunen likevel innvilger."
                )
                % {"right": label},
                field=f"{right}_more_generous",
            )
        if outcome == Outcome.REFUSED and status == eligibility.Status.YES:
            raise DomainError(
                _(
                    "Vurderingen viser at familien har rett til %(right)s. "
                    "En rett etter loven kan ikke avslås; endre vurderingen hvis den er feil."
                )
                % {"right": label},
                field=f"{right}_outcome",
            )
        if outcome in (Outcome.PARTLY, Outcome.REFUSED) and not reasons:
            raise DomainError(_("Begrunn resultatet."), field=f"{right}_reasons")
        result.append(
            RightOutcome(
                right=right,
                outcome=outcome,
                reasons=reasons,
                assessed_status=status,
                more_generous_than_law=generous if outcome in (Outcome.GRANTED, Outcome.PARTLY) else "",
                criteria=rights[right]["criteria"],
                law=list(RIGHT_LAW[right]),
            )
        )
    if all(r.outcome == Outcome.NOT_APPLIED for r in result):
        raise DomainError(_("Vedtaket må avgjøre minst én rettighet."), field=f"{Right.COORDINATOR}_outcome")
    granted = {r.right for r in result if r.granted}
    if {Right.COORDINATOR, Right.CHILD_COORDINATOR} <= granted:
        raise DomainError(
            _(
                "En familie skal ikke ha to koordinatorer fra kommunen. "
                "Avklar med familien om de vil ha koordinator eller barnekoordinator, og innvilg én av dem."
            ),
            field=f"{Right.CHILD_COORDINATOR}_outcome",
        )
    return result


def legal_basis(judged: list[RightOutcome]) -> list[str]:
    """The provisions the decision rests on: those of every right it decides."""
    return [law for r in judged if r.outcome != Outcome.NOT_APPLIED for law in r.law]
