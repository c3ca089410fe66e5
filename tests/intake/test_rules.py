"""The eligibility engine, scenario by scenario, with the law each case protects."""

import dataclasses
import json
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from los.intake.eligibility_schema import EligibilityRequest
from los.intake.rules import (
    CHILD_COORDINATOR_LAW,
    COORDINATOR_LAW,
    INDIVIDUAL_PLAN_LAW,
    EligibilityFacts,
    Status,
    age_on,
    assess,
    assessment_to_dict,
    birthday,
    facts_from_request,
    format_date_nb,
    tv_and,
    tv_or,
)

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


# --- Criterion texts: plain bokmål with the finding --------------------------------

TEXT_CASES = [
    # (right, code, changes, expected text fragment)
    (
        "child_coordinator",
        "child_under_18_or_expected",
        {},
        "Barnet er under 18 år (fyller 18 år 2. april 2033).",
    ),
    (
        "child_coordinator",
        "child_under_18_or_expected",
        {"child_birth_date": D("2008-01-10")},
        "Barnet er ikke under 18 år (fylte 18 år 10. januar 2026).",
    ),
    (
        "child_coordinator",
        "child_under_18_or_expected",
        {"child_birth_date": None, "expected_due_date": D("2027-03-03")},
        "Familien venter barn (termin 3. mars 2027).",
    ),
    (
        "child_coordinator",
        "child_under_18_or_expected",
        {"child_birth_date": None, "expected_due_date": D("2026-11-01")},
        "Termindatoen er passert",
    ),
    ("child_coordinator", "serious_condition", {"serious_condition": None}, "ingen diagnose"),
    (
        "child_coordinator",
        "health_and_other_welfare_services",
        {},
        "både helse- og omsorgstjenester (fysioterapi og helsestasjon) "
        "og andre velferdstjenester (barnehage)",
    ),
    (
        "child_coordinator",
        "health_and_other_welfare_services",
        {"other_welfare_services": ()},
        "Barnet trenger ingen andre velferdstjenester.",
    ),
    (
        "individual_plan",
        "coordinated_health_services",
        {"health_and_care_services": ("fysioterapi",)},
        "Barnet trenger bare én helse- og omsorgstjeneste (fysioterapi).",
    ),
    (
        "individual_plan",
        "coordinated_health_services",
        {"health_and_care_services": None},
        "Det er ikke oppgitt hvilke helse- og omsorgstjenester barnet trenger.",
    ),
    (
        "coordinator",
        "complex_or_long_term_needs",
        {"complex_needs": None, "long_term_needs": False},
        "(komplekse: ikke vurdert, langvarige: nei)",
    ),
]


@pytest.mark.parametrize(("right", "code", "changes", "text"), TEXT_CASES)
def test_criterion_texts_state_the_finding(right, code, changes, text):
    found = criterion(getattr(assess(facts(**changes)), right), code)
    assert text in found.text


# --- Ages by birthdays ----------------------------------------------------------------

AGE_CASES = [
    # (born, on, age, why)
    ("2015-04-02", "2026-11-23", 11, "counted by birthdays"),
    ("2008-11-23", "2026-11-23", 18, "the 18th birthday"),
    ("2008-11-24", "2026-11-23", 17, "the day before the 18th birthday"),
    ("2008-02-29", "2026-02-28", 17, "born on a leap day: not 18 on 28 February"),
    ("2008-02-29", "2026-03-01", 18, "born on a leap day: 18 on 1 March in a common year"),
    ("2008-02-29", "2012-02-29", 4, "born on a leap day: the birthday itself in a leap year"),
    ("2026-11-23", "2026-11-23", 0, "born today"),
]


@pytest.mark.parametrize(("born", "on", "age", "why"), AGE_CASES)
def test_age_is_counted_by_birthdays(born, on, age, why):
    assert age_on(D(born), D(on)) == age, why


LEAP_DAY_CASES = [
    ("2026-02-28", "yes", "a leap-day child is still 17 on 28 February 2026"),
    ("2026-03-01", "no", "and turns 18 on 1 March 2026 (Norwegian practice)"),
]


@pytest.mark.parametrize(("on", "status", "why"), LEAP_DAY_CASES)
def test_a_child_born_on_29_february_turns_18_on_1_march(on, status, why):
    right = assess(facts(assessed_on=D(on), child_birth_date=D("2008-02-29"))).child_coordinator
    assert right.status == status, why


@given(st.dates(), st.integers(min_value=1, max_value=120))
def test_a_birthday_is_the_first_day_of_the_new_age(born, years):
    day = birthday(born, years)
    if day is None:
        assert born.year + years > date.max.year
        return
    assert age_on(born, day) == years
    assert age_on(born, day - timedelta(days=1)) == years - 1


# --- Notes -------------------------------------------------------------------------------

NOTE_CASES = [
    # (scenario, changes, code, present?, why)
    (
        "both coordinator rights hold",
        {},
        "choose_one_coordinator",
        True,
        f"{BK}: a family should not have two coordinators from the municipality",
    ),
    (
        "both hold although the guardians do not want a child coordinator",
        {"guardians_want_child_coordinator": False},
        "choose_one_coordinator",
        True,
        "the note follows the rights; the family chooses",
    ),
    (
        "one health service: child coordinator only",
        {"health_and_care_services": ("fysioterapi",)},
        "choose_one_coordinator",
        False,
        f"{KOORD}: no coordinator without coordinated health services",
    ),
    (
        "child coordinator unknown",
        {"serious_condition": None},
        "choose_one_coordinator",
        False,
        "only when both rights are yes",
    ),
    (
        "18th birthday exactly six months ahead",
        {"assessed_on": D("2026-05-23"), "child_birth_date": D("2008-11-23")},
        "turns_18_within_6_months",
        True,
        f"{BK}: the right ends at 18; plan the transition",
    ),
    (
        "18th birthday six months and a day ahead",
        {"assessed_on": D("2026-05-22"), "child_birth_date": D("2008-11-23")},
        "turns_18_within_6_months",
        False,
        "outside the six months",
    ),
    (
        "18th birthday tomorrow",
        {"assessed_on": D("2026-11-22"), "child_birth_date": D("2008-11-23")},
        "turns_18_within_6_months",
        True,
        f"{BK}: the right ends tomorrow",
    ),
    (
        "18th birthday today",
        {"assessed_on": D("2026-11-23"), "child_birth_date": D("2008-11-23")},
        "turns_18_within_6_months",
        False,
        "already 18",
    ),
    (
        "six months from 31 August ends on the last day of February",
        {"assessed_on": D("2025-08-31"), "child_birth_date": D("2008-02-28")},
        "turns_18_within_6_months",
        True,
        "month arithmetic as for deadlines: 31 August + 6 months = 28 February",
    ),
    (
        "six months from 27 August ends on 27 February",
        {"assessed_on": D("2025-08-27"), "child_birth_date": D("2008-02-28")},
        "turns_18_within_6_months",
        False,
        "the 18th birthday is a day later",
    ),
    (
        "leap-day child, six months from 1 September",
        {"assessed_on": D("2025-09-01"), "child_birth_date": D("2008-02-29")},
        "turns_18_within_6_months",
        True,
        "turns 18 on 1 March 2026",
    ),
    (
        "leap-day child, six months from 31 August",
        {"assessed_on": D("2025-08-31"), "child_birth_date": D("2008-02-29")},
        "turns_18_within_6_months",
        False,
        "28 February 2026 is before the 18th birthday on 1 March",
    ),
    (
        "expecting a child",
        {"child_birth_date": None, "expected_due_date": D("2027-03-03")},
        "expecting_child",
        True,
        f"{BK}: the right holds before the child is born",
    ),
    ("a born child", {}, "expecting_child", False, "a birth date is given"),
    (
        "no dates at all",
        {"child_birth_date": None},
        "expecting_child",
        False,
        "no due date",
    ),
]


@pytest.mark.parametrize(("scenario", "changes", "code", "present", "why"), NOTE_CASES)
def test_notes(scenario, changes, code, present, why):
    assert (code in note_codes(assess(facts(**changes)))) is present, f"{scenario}: {why}"


def test_turning_18_note_names_the_birthday():
    a = assess(facts(assessed_on=D("2026-10-01"), child_birth_date=D("2008-11-23")))
    (note,) = [n for n in a.notes if n.code == "turns_18_within_6_months"]
    assert "23. november 2026" in note.text


# --- The response body ---------------------------------------------------------------------

CONTRACT_EXAMPLE = {
    "assessed_on": "2026-11-23",
    "child_birth_date": "2015-04-02",
    "expected_due_date": None,
    "serious_condition": True,
    "long_term_needs": True,
    "complex_needs": False,
    "health_and_care_services": ["fysioterapi", "helsestasjon"],
    "other_welfare_services": ["barnehage"],
    "guardians_want_child_coordinator": True,
}


def test_the_contract_example_end_to_end():
    request = EligibilityRequest.model_validate(CONTRACT_EXAMPLE)
    body = assessment_to_dict(assess(facts_from_request(request)))
    assert json.loads(json.dumps(body)) == body
    assert body["assessed_on"] == "2026-11-23"
    assert set(body) == {"assessed_on", "rights", "notes"}
    assert set(body["rights"]) == {"individual_plan", "coordinator", "child_coordinator"}
    for name, right in body["rights"].items():
        expected_keys = {"status", "law", "criteria"} | (
            {"appoint"} if name == "child_coordinator" else set()
        )
        assert set(right) == expected_keys
        assert right["status"] == "yes"
        for c in right["criteria"]:
            assert set(c) == {"code", "text", "status", "law"}
    assert body["rights"]["child_coordinator"]["law"] == [
        "pasient- og brukerrettighetsloven § 2-5 c",
        "helse- og omsorgstjenesteloven § 7-2 a",
    ]
    assert body["rights"]["child_coordinator"]["appoint"] is True
    assert [n["code"] for n in body["notes"]] == ["choose_one_coordinator"]
    assert set(body["notes"][0]) == {"code", "text"}


def test_a_missing_assessment_date_means_today():
    request = EligibilityRequest.model_validate({})
    assert facts_from_request(request).assessed_on == request.assessed_on
    unset = EligibilityRequest.model_construct(assessed_on=None)
    assert facts_from_request(unset, today=D("2027-01-05")).assessed_on == D("2027-01-05")


def test_nothing_known_gives_unknown_everywhere():
    body = assessment_to_dict(assess(EligibilityFacts(assessed_on=ASSESSED_ON)))
    assert {r["status"] for r in body["rights"].values()} == {"unknown"}
    assert body["rights"]["child_coordinator"]["appoint"] is None
    assert body["notes"] == []


def test_format_date_nb():
    assert format_date_nb(D("2033-04-02")) == "2. april 2033"
    assert format_date_nb(D("2026-12-24")) == "24. desember 2026"


# --- Properties over arbitrary facts ---------------------------------------------------------

unknown_bool = st.none() | st.booleans()
services = st.none() | st.lists(
    st.sampled_from(
        ["fysioterapi", "Fysioterapi", "helsestasjon", "fastlege", " ", "skole", "barnehage", "PPT"]
    ),
    max_size=4,
).map(tuple)


@st.composite
def any_facts(draw):
    assessed_on = draw(st.dates())
    birth = draw(st.none() | st.dates())
    due = draw(st.none() | st.dates()) if birth is None else None
    return EligibilityFacts(
        assessed_on=assessed_on,
        child_birth_date=birth,
        expected_due_date=due,
        serious_condition=draw(unknown_bool),
        long_term_needs=draw(unknown_bool),
        complex_needs=draw(unknown_bool),
        health_and_care_services=draw(services),
        other_welfare_services=draw(services),
        guardians_want_child_coordinator=draw(unknown_bool),
    )


@given(any_facts())
def test_every_right_follows_its_criteria_and_cites_the_law(f):
    a = assess(f)
    for right in (a.individual_plan, a.coordinator, a.child_coordinator):
        statuses = {c.status for c in right.criteria}
        if Status.NO in statuses:
            assert right.status == "no"
        elif Status.UNKNOWN in statuses:
            assert right.status == "unknown"
        else:
            assert right.status == "yes"
        assert right.law and all(c.law in right.law for c in right.criteria)
        assert all(c.text.strip() for c in right.criteria)
    wish = f.guardians_want_child_coordinator
    appoint = a.child_coordinator.appoint
    if a.child_coordinator.status == "no" or wish is False:
        assert appoint is False
    elif a.child_coordinator.status == "yes" and wish is True:
        assert appoint is True
    else:
        assert appoint is None
    body = assessment_to_dict(a)
    assert json.loads(json.dumps(body)) == body
    assert {n["code"] for n in body["notes"]} <= {
        "choose_one_coordinator",
        "turns_18_within_6_months",
        "expecting_child",
    }


@given(any_facts(), st.data())
def test_learning_an_unknown_fact_never_overturns_a_settled_answer(f, data):
    """Three-valued logic is monotone: yes and no stay; only unknown can change."""
    filled = {}
    for field in (
        "serious_condition",
        "long_term_needs",
        "complex_needs",
        "guardians_want_child_coordinator",
    ):
        if getattr(f, field) is None:
            filled[field] = data.draw(st.booleans())
    for field in ("health_and_care_services", "other_welfare_services"):
        if getattr(f, field) is None:
            filled[field] = data.draw(services.filter(lambda s: s is not None))
    if f.child_birth_date is None and f.expected_due_date is None:
        filled["child_birth_date"] = data.draw(st.dates(max_value=f.assessed_on))
    before, after = assess(f), assess(dataclasses.replace(f, **filled))
    for name in ("individual_plan", "coordinator", "child_coordinator"):
        old = getattr(before, name).status
        if old != "unknown":
            assert getattr(after, name).status == old
    if before.child_coordinator.appoint is not None:
        assert after.child_coordinator.appoint is before.child_coordinator.appoint
