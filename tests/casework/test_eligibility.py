"""The eligibility engine, scenario by scenario, with the law each case protects: the three rights and
whether to appoint a child coordinator."""

import pytest

from los.casework.eligibility import (
    CHILD_COORDINATOR_LAW,
    COORDINATOR_LAW,
    INDIVIDUAL_PLAN_LAW,
    assess,
    tv_and,
    tv_or,
)

from .eligibility_cases import ASSESSED_ON, BK, IP, KOORD, D, facts, note_codes

# --- Three-valued logic ----------------------------------------------------------

THREE_VALUED_CASES = [
    # (a, b, a AND b, a OR b)
    (True, True, True, True),
    (True, False, False, True),
    (True, None, None, True),
    (False, False, False, False),
    (False, None, False, None),
    (None, None, None, None),
]


@pytest.mark.parametrize(("a", "b", "both", "either"), THREE_VALUED_CASES)
def test_unknown_facts_combine_by_three_valued_logic(a, b, both, either):
    assert tv_and(a, b) is both and tv_and(b, a) is both
    assert tv_or(a, b) is either and tv_or(b, a) is either


# --- Individual plan (pbrl § 2-5, hol § 7-1) ---------------------------------------

INDIVIDUAL_PLAN_CASES = [
    # (scenario, changes, status, law / why)
    ("long-term and two health services", {}, "yes", f"{IP}: long-term and coordinated"),
    ("not long-term", {"long_term_needs": False}, "no", f"{IP}: the needs must be long-term"),
    ("long-term not assessed", {"long_term_needs": None}, "unknown", f"{IP}: unknown fact"),
    (
        "only one health service",
        {"health_and_care_services": ("fysioterapi",)},
        "no",
        f"{IP}: coordinated means two or more health and care services",
    ),
    (
        "no health services",
        {"health_and_care_services": ()},
        "no",
        f"{IP}: an empty list means none",
    ),
    (
        "health services not stated",
        {"health_and_care_services": None},
        "unknown",
        f"{IP}: an absent list is unknown",
    ),
    (
        "the same service twice",
        {"health_and_care_services": ("fysioterapi", " Fysioterapi ")},
        "no",
        f"{IP}: one service named twice is still one service",
    ),
    (
        "not long-term, services not stated",
        {"long_term_needs": False, "health_and_care_services": None},
        "no",
        f"{IP}: false and unknown is false",
    ),
    (
        "needs only other welfare services",
        {"health_and_care_services": (), "other_welfare_services": ("skole", "PPT")},
        "no",
        f"{IP}: the right concerns health and care services",
    ),
    (
        "complex but not long-term",
        {"long_term_needs": False, "complex_needs": True},
        "no",
        f"{IP}: complex needs alone do not give an individual plan",
    ),
]


@pytest.mark.parametrize(("scenario", "changes", "status", "why"), INDIVIDUAL_PLAN_CASES)
def test_individual_plan(scenario, changes, status, why):
    right = assess(facts(**changes)).individual_plan
    assert right.status == status, f"{scenario}: {why}"
    assert right.law == INDIVIDUAL_PLAN_LAW


# --- Coordinator (pbrl § 2-5 b, hol § 7-2) ---------------------------------------

COORDINATOR_CASES = [
    ("complex and long-term, coordinated", {}, "yes", f"{KOORD}"),
    (
        "complex only, coordinated",
        {"complex_needs": True, "long_term_needs": False},
        "yes",
        f"{KOORD}: complex OR long-term",
    ),
    (
        "long-term only, coordinated",
        {"complex_needs": False, "long_term_needs": True},
        "yes",
        f"{KOORD}: complex OR long-term",
    ),
    (
        "neither complex nor long-term",
        {"complex_needs": False, "long_term_needs": False},
        "no",
        f"{KOORD}: needs must be complex or long-term",
    ),
    (
        "complex unknown, long-term yes",
        {"complex_needs": None, "long_term_needs": True},
        "yes",
        f"{KOORD}: true or unknown is true",
    ),
    (
        "complex unknown, long-term no",
        {"complex_needs": None, "long_term_needs": False},
        "unknown",
        f"{KOORD}: false or unknown is unknown",
    ),
    (
        "one health service",
        {"health_and_care_services": ("fysioterapi",)},
        "no",
        f"{KOORD}: coordinated means two or more health and care services",
    ),
    (
        "health services not stated",
        {"health_and_care_services": None},
        "unknown",
        f"{KOORD}: an absent list is unknown",
    ),
    (
        "adult (the coordinator has no age limit)",
        {"child_birth_date": D("1950-01-01")},
        "yes",
        f"{KOORD}: any age",
    ),
]


@pytest.mark.parametrize(("scenario", "changes", "status", "why"), COORDINATOR_CASES)
def test_coordinator(scenario, changes, status, why):
    right = assess(facts(**changes)).coordinator
    assert right.status == status, f"{scenario}: {why}"
    assert right.law == COORDINATOR_LAW


# --- Child coordinator (pbrl § 2-5 c, hol § 7-2 a) --------------------------------

CHILD_COORDINATOR_CASES = [
    ("every condition holds", {}, "yes", f"{BK}: conditions 1-3"),
    (
        "the day before the 18th birthday",
        {"child_birth_date": D("2008-11-24")},
        "yes",
        f"{BK}: a child under 18",
    ),
    (
        "the 18th birthday",
        {"child_birth_date": D("2008-11-23")},
        "no",
        f"{BK}: on the 18th birthday the child is no longer under 18",
    ),
    ("born today", {"child_birth_date": ASSESSED_ON}, "yes", f"{BK}: a newborn is a child"),
    (
        "expecting a child",
        {"child_birth_date": None, "expected_due_date": D("2027-03-03")},
        "yes",
        f"{BK}: a family expecting a child",
    ),
    (
        "no birth date and no due date",
        {"child_birth_date": None},
        "unknown",
        f"{BK}: condition 1 cannot be assessed",
    ),
    (
        "birth date after the assessment date",
        {"child_birth_date": D("2027-01-01")},
        "unknown",
        f"{BK}: the dates contradict each other",
    ),
    ("no serious condition", {"serious_condition": False}, "no", f"{BK}: condition 2"),
    ("serious condition not assessed", {"serious_condition": None}, "unknown", f"{BK}: condition 2"),
    ("not long-term", {"long_term_needs": False}, "no", f"{BK}: condition 3, long-term"),
    (
        "complex but not long-term",
        {"long_term_needs": False, "complex_needs": True},
        "no",
        f"{BK}: condition 3 requires long-term needs",
    ),
    (
        "health services only (parents' organisations want more, the law does not)",
        {"other_welfare_services": ()},
        "no",
        f"{BK}: condition 3, both health and other welfare services",
    ),
    (
        "other welfare services only",
        {"health_and_care_services": ()},
        "no",
        f"{BK}: condition 3, both health and other welfare services",
    ),
    (
        "no health services, other welfare services not stated",
        {"health_and_care_services": (), "other_welfare_services": None},
        "no",
        f"{BK}: false and unknown is false",
    ),
    (
        "health services not stated, kindergarten given",
        {"health_and_care_services": None},
        "unknown",
        f"{BK}: true and unknown is unknown",
    ),
    (
        "one health service and school is enough",
        {"health_and_care_services": ("fysioterapi",), "other_welfare_services": ("skole",)},
        "yes",
        f"{BK}: at least one of each kind",
    ),
    (
        "neither list stated",
        {"health_and_care_services": None, "other_welfare_services": None},
        "unknown",
        f"{BK}: services not yet stated",
    ),
    (
        "guardians do not want it: the family still has the right",
        {"guardians_want_child_coordinator": False},
        "yes",
        f"{BK}: the status reports conditions 1-3; the wish goes to appoint",
    ),
]


@pytest.mark.parametrize(("scenario", "changes", "status", "why"), CHILD_COORDINATOR_CASES)
def test_child_coordinator(scenario, changes, status, why):
    right = assess(facts(**changes)).child_coordinator
    assert right.status == status, f"{scenario}: {why}"
    assert right.law == CHILD_COORDINATOR_LAW


def test_child_coordinator_reports_its_conditions_as_criteria():
    right = assess(facts()).child_coordinator
    assert [c.code for c in right.criteria] == [
        "child_under_18_or_expected",
        "serious_condition",
        "long_term_needs",
        "health_and_other_welfare_services",
    ]
    assert {c.law for c in right.criteria} == {BK}


def test_a_birth_date_wins_over_a_due_date_in_stored_facts():
    """Both dates can be stored once the child is born; the birth date decides."""
    adult = facts(child_birth_date=D("2000-01-01"), expected_due_date=D("2027-01-01"))
    assert assess(adult).child_coordinator.status == "no"
    assert "expecting_child" not in note_codes(assess(adult))


# --- appoint = status yes AND the guardians' wish (condition 4) ------------------

APPOINT_CASES = [
    # (changes giving the status, status, wish, appoint, why)
    ({}, "yes", True, True, f"{BK}: the right holds and the guardians want it"),
    ({}, "yes", False, False, f"{BK}: condition 4, the guardians do not want it"),
    ({}, "yes", None, None, f"{BK}: the guardians have not said"),
    ({"serious_condition": False}, "no", True, False, f"{BK}: no right"),
    ({"serious_condition": False}, "no", None, False, f"{BK}: no right, whatever the wish"),
    ({"serious_condition": False}, "no", False, False, f"{BK}: no right, not wanted"),
    ({"serious_condition": None}, "unknown", True, None, f"{BK}: the right is not settled"),
    ({"serious_condition": None}, "unknown", False, False, f"{BK}: not wanted settles it"),
    ({"serious_condition": None}, "unknown", None, None, f"{BK}: nothing settled"),
]


@pytest.mark.parametrize(("changes", "status", "wish", "appoint", "why"), APPOINT_CASES)
def test_appoint_combines_the_right_and_the_guardians_wish(changes, status, wish, appoint, why):
    right = assess(facts(guardians_want_child_coordinator=wish, **changes)).child_coordinator
    assert right.status == status
    assert right.appoint is appoint, why


LEAP_DAY_CASES = [
    ("2026-02-28", "yes", "a leap-day child is still 17 on 28 February 2026"),
    ("2026-03-01", "no", "and turns 18 on 1 March 2026 (Norwegian practice)"),
]


@pytest.mark.parametrize(("on", "status", "why"), LEAP_DAY_CASES)
def test_a_child_born_on_29_february_turns_18_on_1_march(on, status, why):
    right = assess(facts(assessed_on=D(on), child_birth_date=D("2008-02-29"))).child_coordinator
    assert right.status == status, why
