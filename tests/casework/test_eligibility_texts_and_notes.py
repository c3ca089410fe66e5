"""The eligibility engine's criterion texts and notes: plain bokmål stating the finding, with the law
each case protects."""

import pytest

from los.casework.eligibility import assess

from .eligibility_cases import BK, KOORD, D, criterion, facts, note_codes

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
