"""The eligibility engine's response body (the contract) and its properties over arbitrary facts."""

import dataclasses
import json

from hypothesis import given
from hypothesis import strategies as st

from los.casework.eligibility import EligibilityFacts, Status, assess
from los.casework.eligibility_request import EligibilityRequest, assessment_to_dict, facts_from_request

from .eligibility_cases import ASSESSED_ON, D

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
