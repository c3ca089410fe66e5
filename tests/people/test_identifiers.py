"""National identity numbers and organisation numbers, checked with python-stdnum.

Synthetic test numbers (Skatteetaten: month + 80) are accepted only when synthetic ids are allowed.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from los.people.identifiers import (
    make_org_number,
    make_synthetic_national_id,
    national_id_birth_date,
    validate_national_id,
    validate_org_number,
)

SYNTHETIC = make_synthetic_national_id(datetime.date(2016, 5, 17), 612)


@pytest.mark.parametrize(
    "number, allow_synthetic, ok, why",
    [
        (SYNTHETIC, True, True, "synthetic number, month + 80, allowed in demo and tests"),
        (SYNTHETIC, False, False, "synthetic numbers are refused in production"),
        (SYNTHETIC[:-1] + str((int(SYNTHETIC[-1]) + 1) % 10), True, False, "second control digit wrong"),
        (
            SYNTHETIC[:9] + str((int(SYNTHETIC[9]) + 1) % 10) + SYNTHETIC[10],
            True,
            False,
            "first control digit wrong",
        ),
        ("1234567890", True, False, "ten digits"),
        ("123456789012", True, False, "twelve digits"),
        ("abcdefghijk", True, False, "not digits"),
        ("", True, False, "empty"),
    ],
)
def test_national_id_checks(number, allow_synthetic, ok, why):
    if ok:
        assert validate_national_id(number, allow_synthetic=allow_synthetic) == number
    else:
        with pytest.raises(ValidationError):
            validate_national_id(number, allow_synthetic=allow_synthetic)


def test_synthetic_d_number_is_accepted_when_allowed():
    # D-nummer: first digit + 4. Build one from a synthetic number's date and recompute control digits.
    from stdnum.no import fodselsnummer

    base = f"{17 + 40:02d}{5 + 80:02d}16612"
    k1 = fodselsnummer.calc_check_digit1(base)
    k2 = fodselsnummer.calc_check_digit2(base + k1) if len(k1) == 1 else "xx"
    if len(k1) == 1 and len(k2) == 1:
        assert validate_national_id(base + k1 + k2, allow_synthetic=True)


@given(
    st.dates(min_value=datetime.date(1940, 1, 1), max_value=datetime.date(2039, 12, 31)), st.integers(0, 999)
)
def test_every_generated_synthetic_number_validates_and_keeps_its_birth_date(birth, individual):
    number = make_synthetic_national_id(birth, individual)
    assert int(number[2:4]) > 80
    assert validate_national_id(number, allow_synthetic=True) == number
    assert national_id_birth_date(number) == birth


@given(st.text(max_size=20))
def test_free_text_never_crashes_the_check(text):
    try:
        validate_national_id(text, allow_synthetic=True)
    except ValidationError:
        pass


@pytest.mark.parametrize(
    "number, ok",
    [
        (make_org_number(91000000), True),
        ("974760673", True),  # a well-formed number: nine digits, mod 11 holds
        ("974760674", False),
        ("97476067", False),
        ("", False),
    ],
)
def test_organisation_number(number, ok):
    if ok:
        assert validate_org_number(number) == number
    else:
        with pytest.raises(ValidationError):
            validate_org_number(number)
