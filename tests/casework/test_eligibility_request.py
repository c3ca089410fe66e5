"""The eligibility request: strict parsing, and every error names its field in bokmål."""

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from los.casework.eligibility_request import MAX_SERVICE_NAME_LENGTH, MAX_SERVICES, EligibilityRequest
from los.core import dates

D = date.fromisoformat

FIELDS = set(EligibilityRequest.model_fields)
DATE_FIELDS = ["assessed_on", "child_birth_date", "expected_due_date"]
BOOL_FIELDS = ["serious_condition", "long_term_needs", "complex_needs", "guardians_want_child_coordinator"]
LIST_FIELDS = ["health_and_care_services", "other_welfare_services"]

FULL_REQUEST = {
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


def errors_of(payload):
    with pytest.raises(ValidationError) as caught:
        EligibilityRequest.model_validate(payload)
    return caught.value.errors()


def test_the_contract_example_is_accepted():
    request = EligibilityRequest.model_validate(FULL_REQUEST)
    assert request.assessed_on == D("2026-11-23")
    assert request.child_birth_date == D("2015-04-02")
    assert request.expected_due_date is None
    assert request.complex_needs is False
    assert request.health_and_care_services == ["fysioterapi", "helsestasjon"]


def test_the_same_request_as_a_json_body():
    request = EligibilityRequest.model_validate_json(json.dumps(FULL_REQUEST))
    assert request == EligibilityRequest.model_validate(FULL_REQUEST)


def test_every_field_is_optional_and_assessed_on_defaults_to_today():
    request = EligibilityRequest.model_validate({})
    assert request.assessed_on in (dates.today(), date.fromordinal(dates.today().toordinal() - 1))
    assert request.child_birth_date is None
    assert request.serious_condition is None
    assert request.health_and_care_services is None
    assert EligibilityRequest.model_validate({"assessed_on": None}).assessed_on is not None


VALID_CASES = [
    # (payload, field, parsed value, why)
    ({"serious_condition": None}, "serious_condition", None, "null means unknown"),
    ({"serious_condition": False}, "serious_condition", False, "false is a known no"),
    ({"health_and_care_services": []}, "health_and_care_services", [], "an empty list means none"),
    ({"health_and_care_services": None}, "health_and_care_services", None, "null means not stated"),
    (
        {"other_welfare_services": ["  skole "]},
        "other_welfare_services",
        ["skole"],
        "service names are stripped",
    ),
    (
        {"expected_due_date": "2027-03-03", "assessed_on": "2026-11-23"},
        "expected_due_date",
        D("2027-03-03"),
        "a due date after the assessment date is normal",
    ),
    (
        {"child_birth_date": "2026-11-23", "assessed_on": "2026-11-23"},
        "child_birth_date",
        D("2026-11-23"),
        "born on the assessment date",
    ),
    ({"assessed_on": "2028-02-29"}, "assessed_on", D("2028-02-29"), "a leap day exists in 2028"),
]


@pytest.mark.parametrize(("payload", "field", "value", "why"), VALID_CASES)
def test_valid_values(payload, field, value, why):
    assert getattr(EligibilityRequest.model_validate(payload), field) == value, why


INVALID_CASES = [
    # (payload, field named in loc, message fragment, why)
    ({"assessed_on": 0}, "assessed_on", "ÅÅÅÅ-MM-DD", "lenient parsing would make 0 into 1970-01-01"),
    ({"assessed_on": "2026-02-30"}, "assessed_on", "ikke en gyldig dato", "30 February does not exist"),
    ({"assessed_on": "2027-02-29"}, "assessed_on", "ikke en gyldig dato", "2027 is not a leap year"),
    ({"child_birth_date": "23.11.2015"}, "child_birth_date", "ÅÅÅÅ-MM-DD", "Norwegian date format"),
    ({"child_birth_date": "20151123"}, "child_birth_date", "ÅÅÅÅ-MM-DD", "basic ISO format"),
    ({"child_birth_date": "2015-11-23T00:00:00"}, "child_birth_date", "ÅÅÅÅ-MM-DD", "a datetime"),
    ({"expected_due_date": "2027-W10-1"}, "expected_due_date", "ÅÅÅÅ-MM-DD", "an ISO week date"),
    ({"expected_due_date": "٢٠٢٧-٠٣-٠٣"}, "expected_due_date", "ÅÅÅÅ-MM-DD", "non-ASCII digits"),
    ({"assessed_on": "2026-11-23\n"}, "assessed_on", "ÅÅÅÅ-MM-DD", "trailing newline"),
    ({"assessed_on": 1700000000}, "assessed_on", "ÅÅÅÅ-MM-DD", "a Unix timestamp"),
    ({"serious_condition": "yes"}, "serious_condition", "true (ja), false (nei) eller null", "a string"),
    ({"long_term_needs": 1}, "long_term_needs", "true (ja)", "an integer"),
    ({"complex_needs": "false"}, "complex_needs", "true (ja)", "a string that looks like false"),
    ({"guardians_want_child_coordinator": 0}, "guardians_want_child_coordinator", "true (ja)", "0"),
    (
        {"health_and_care_services": "fysioterapi"},
        "health_and_care_services",
        "liste",
        "a string, not a list",
    ),
    ({"health_and_care_services": {"a": 1}}, "health_and_care_services", "liste", "an object"),
    ({"other_welfare_services": ["skole", 3]}, "other_welfare_services", "nummer 2", "a number in the list"),
    ({"other_welfare_services": [None]}, "other_welfare_services", "nummer 1", "null in the list"),
    ({"other_welfare_services": ["  "]}, "other_welfare_services", "mangler navn", "a blank name"),
    (
        {"health_and_care_services": ["x" * (MAX_SERVICE_NAME_LENGTH + 1)]},
        "health_and_care_services",
        "mer enn",
        "a name that is too long",
    ),
    (
        {"health_and_care_services": ["x"] * (MAX_SERVICES + 1)},
        "health_and_care_services",
        "høyst",
        "too many services",
    ),
    (
        {"child_birth_date": "2015-04-02", "expected_due_date": "2027-03-03"},
        "expected_due_date",
        "ikke begge",
        "a due date is only for a child not yet born",
    ),
    (
        {"assessed_on": "2026-11-23", "child_birth_date": "2026-11-24"},
        "child_birth_date",
        "Fødselsdatoen kan ikke være etter vurderingsdatoen",
        "a child cannot be born after the assessment",
    ),
    ({"child_birth_date": "2999-01-01"}, "child_birth_date", "etter vurderingsdatoen", "after today"),
    ({"koordinator": True}, "koordinator", "Ukjent felt", "extra fields are forbidden"),
]


@pytest.mark.parametrize(("payload", "field", "message", "why"), INVALID_CASES)
def test_invalid_values_are_reported_on_their_field(payload, field, message, why):
    errors = errors_of(payload)
    assert [e["loc"] for e in errors] == [(field,)], why
    assert message in errors[0]["msg"], why


def test_a_body_that_is_not_an_object_is_refused():
    (error,) = errors_of(["assessed_on"])
    assert error["loc"] == ()
    assert "JSON-objekt" in error["msg"]


def test_the_both_dates_error_names_both_fields():
    (error,) = errors_of({"child_birth_date": "2015-04-02", "expected_due_date": "2027-03-03"})
    assert "child_birth_date" in error["msg"] and "expected_due_date" in error["msg"]


def test_an_invalid_birth_date_does_not_also_raise_the_both_dates_error():
    errors = errors_of({"child_birth_date": "2015-02-30", "expected_due_date": "2027-03-03"})
    assert [e["loc"] for e in errors] == [("child_birth_date",)]


def test_an_invalid_assessment_date_is_reported_once():
    errors = errors_of({"assessed_on": "nå", "child_birth_date": "2015-04-02"})
    assert [e["loc"] for e in errors] == [("assessed_on",)]


def test_several_errors_are_reported_together():
    errors = errors_of({"assessed_on": 0, "serious_condition": "ja", "other_welfare_services": "skole"})
    assert {e["loc"] for e in errors} == {
        ("assessed_on",),
        ("serious_condition",),
        ("other_welfare_services",),
    }


# --- Arbitrary JSON ------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=10,
)


def assert_errors_name_fields_in_bokmal(error: ValidationError, allowed_fields):
    for e in error.errors():
        assert e["loc"] and e["loc"][0] in allowed_fields
        assert e["msg"] and "Input should" not in e["msg"]


@given(st.sampled_from(DATE_FIELDS), json_values)
def test_any_json_value_for_a_date_is_parsed_strictly(field, value):
    payload = {"assessed_on": "2026-11-23", field: value}
    try:
        request = EligibilityRequest.model_validate(payload)
    except ValidationError as e:
        assert_errors_name_fields_in_bokmal(e, {field})
        return
    assert value is None or isinstance(value, str)
    if value is not None:
        assert getattr(request, field).isoformat() == value


@given(st.sampled_from(BOOL_FIELDS), json_values)
def test_any_json_value_for_a_boolean_is_parsed_strictly(field, value):
    try:
        request = EligibilityRequest.model_validate({field: value})
    except ValidationError as e:
        assert value is not None and type(value) is not bool
        assert_errors_name_fields_in_bokmal(e, {field})
        return
    assert value is None or type(value) is bool
    assert getattr(request, field) is value


@given(st.sampled_from(LIST_FIELDS), json_values)
def test_any_json_value_for_a_service_list_is_parsed_strictly(field, value):
    try:
        request = EligibilityRequest.model_validate({field: value})
    except ValidationError as e:
        assert_errors_name_fields_in_bokmal(e, {field})
        return
    assert value is None or (isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value))
    assert getattr(request, field) == (None if value is None else [v.strip() for v in value])


@given(st.dates())
def test_every_real_date_round_trips(d):
    payload = {"assessed_on": date.max.isoformat(), "child_birth_date": d.isoformat()}
    assert EligibilityRequest.model_validate(payload).child_birth_date == d


@given(st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True))
def test_a_well_formed_string_is_accepted_only_if_the_date_exists(text):
    try:
        expected = date.fromisoformat(text)
    except ValueError:
        expected = None
    try:
        parsed = EligibilityRequest.model_validate({"expected_due_date": text}).expected_due_date
    except ValidationError as e:
        assert expected is None
        assert [x["loc"] for x in e.errors()] == [("expected_due_date",)]
    else:
        assert parsed == expected


@given(st.dictionaries(st.sampled_from(sorted(FIELDS)) | st.text(max_size=8), json_values, max_size=6))
def test_any_json_object_is_accepted_or_refused_field_by_field(payload):
    try:
        EligibilityRequest.model_validate(payload)
    except ValidationError as e:
        assert_errors_name_fields_in_bokmal(e, set(payload))
