"""What a decision may say about each right, checked without a request or a database.

Pasient- og brukerrettighetsloven §§ 2-5, 2-5 b and 2-5 c give the rights; the municipality may be more
generous than the law but must say why, and must give reasons for a partial grant or a refusal
(forvaltningsloven §§ 24-25). A family has one municipal coordinator (pbrl § 2-5 c)."""

import pytest

from los.casework import outcomes
from los.casework.models import CoordinatorKind, Outcome, Right
from los.core.errors import DomainError

YES, NO, UNKNOWN = "yes", "no", "unknown"


def rights(individual_plan=YES, coordinator=YES, child_coordinator=YES):
    found = {
        Right.INDIVIDUAL_PLAN: individual_plan,
        Right.COORDINATOR: coordinator,
        Right.CHILD_COORDINATOR: child_coordinator,
    }
    return {right: {"status": status, "criteria": [], "reviewed": True} for right, status in found.items()}


REFUSED_CASES = [
    # (finding, chosen outcome, reasons, more generous, field of the error, why)
    (
        YES,
        Outcome.REFUSED,
        "Ikke behov",
        "",
        "coordinator_outcome",
        "a right the law gives cannot be refused",
    ),
    (NO, Outcome.GRANTED, "", "", "coordinator_more_generous", "more generous than the law needs a reason"),
    (UNKNOWN, Outcome.PARTLY, "Delvis", "", "coordinator_more_generous", "unclear counts as not met"),
    (NO, Outcome.REFUSED, "", "", "coordinator_reasons", "a refusal needs reasons (fvl § 24)"),
    (YES, Outcome.PARTLY, "", "", "coordinator_reasons", "a partial grant needs reasons (fvl § 24)"),
    (YES, "maybe", "", "", "coordinator_outcome", "an outcome the law does not know"),
]


@pytest.mark.parametrize("finding, outcome, reasons, generous, field, why", REFUSED_CASES)
def test_the_law_refuses_an_outcome(finding, outcome, reasons, generous, field, why):
    with pytest.raises(DomainError) as error:
        outcomes.judge(rights(coordinator=finding), {Right.COORDINATOR: (outcome, reasons, generous)})
    assert error.value.field == field, why


ALLOWED_CASES = [
    (YES, Outcome.GRANTED, "", "", "a right the law gives is granted"),
    (NO, Outcome.GRANTED, "", "Familien trenger det likevel", "more generous with a reason"),
    (NO, Outcome.REFUSED, "Vilkårene er ikke oppfylt", "", "a refusal with reasons"),
]


@pytest.mark.parametrize("finding, outcome, reasons, generous, why", ALLOWED_CASES)
def test_the_law_allows_an_outcome(finding, outcome, reasons, generous, why):
    judged = outcomes.judge(rights(coordinator=finding), {Right.COORDINATOR: (outcome, reasons, generous)})
    coordinator = next(r for r in judged if r.right == Right.COORDINATOR)
    assert coordinator.outcome == outcome, why
    assert coordinator.more_generous_than_law == generous
    assert coordinator.law == list(outcomes.RIGHT_LAW[Right.COORDINATOR])
    assert outcomes.legal_basis(judged) == list(outcomes.RIGHT_LAW[Right.COORDINATOR])


def test_a_decision_must_decide_at_least_one_right():
    with pytest.raises(DomainError) as error:
        outcomes.judge(rights(), {})
    assert error.value.field == "coordinator_outcome"


def test_a_family_gets_one_municipal_coordinator_not_both_kinds():
    chosen = {
        Right.COORDINATOR: (Outcome.GRANTED, "", ""),
        Right.CHILD_COORDINATOR: (Outcome.GRANTED, "", ""),
    }
    with pytest.raises(DomainError) as error:
        outcomes.judge(rights(), chosen)
    assert error.value.field == "child_coordinator_outcome"


@pytest.mark.parametrize(
    "finding, wanted, proposed",
    [
        (YES, True, Outcome.GRANTED),
        (NO, True, Outcome.REFUSED),
        (UNKNOWN, True, Outcome.REFUSED),
        (YES, False, Outcome.NOT_APPLIED),
    ],
)
def test_the_form_proposes_an_outcome_from_the_reviewed_finding(finding, wanted, proposed):
    wanted_rights = {Right.COORDINATOR} if wanted else set()
    assert (
        outcomes.proposed_outcomes(rights(coordinator=finding), wanted_rights)[Right.COORDINATOR] == proposed
    )


def test_without_an_assessment_every_wanted_right_is_proposed_as_refused():
    assert outcomes.proposed_outcomes(None, {Right.INDIVIDUAL_PLAN}) == {
        Right.INDIVIDUAL_PLAN: Outcome.REFUSED,
        Right.COORDINATOR: Outcome.NOT_APPLIED,
        Right.CHILD_COORDINATOR: Outcome.NOT_APPLIED,
    }


@pytest.mark.parametrize(
    "granted, kinds",
    [
        (set(), []),
        ({Right.INDIVIDUAL_PLAN}, []),
        ({Right.COORDINATOR}, [CoordinatorKind.COORDINATOR]),
        ({Right.CHILD_COORDINATOR, Right.INDIVIDUAL_PLAN}, [CoordinatorKind.CHILD_COORDINATOR]),
    ],
)
def test_the_granted_rights_decide_which_kind_of_coordinator_may_be_appointed(granted, kinds):
    assert outcomes.coordinator_kinds(granted) == kinds
