"""Shared scenario builders for the eligibility tests: a family that meets every condition, and the
law each case quotes."""

from datetime import date

from los.casework.eligibility import EligibilityFacts

D = date.fromisoformat
ASSESSED_ON = D("2026-11-23")

IP = "pasient- og brukerrettighetsloven § 2-5"
KOORD = "pasient- og brukerrettighetsloven § 2-5 b"
BK = "pasient- og brukerrettighetsloven § 2-5 c"

# A family that meets every condition of every right.
EVERYTHING_HOLDS = {
    "assessed_on": ASSESSED_ON,
    "child_birth_date": D("2015-04-02"),
    "expected_due_date": None,
    "serious_condition": True,
    "long_term_needs": True,
    "complex_needs": True,
    "health_and_care_services": ("fysioterapi", "helsestasjon"),
    "other_welfare_services": ("barnehage",),
    "guardians_want_child_coordinator": True,
}


def facts(**changes):
    return EligibilityFacts(**{**EVERYTHING_HOLDS, **changes})


def criterion(right, code):
    (found,) = [c for c in right.criteria if c.code == code]
    return found


def note_codes(assessment):
    return [n.code for n in assessment.notes]
