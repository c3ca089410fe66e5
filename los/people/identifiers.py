"""Checks of Norwegian identifiers: fødselsnummer, D-nummer, organisasjonsnummer, HPR and HER-id.

python-stdnum does the checksum work. It rejects Skatteetaten's synthetic test numbers (month + 80),
so those are checked here with the same control digits, and only when synthetic ids are allowed
(LOS_ALLOW_SYNTHETIC_IDS=1, which demo and tests set).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.no import fodselsnummer, orgnr

SYNTHETIC_MONTH_OFFSET = 80
D_NUMBER_DAY_OFFSET = 40


def _control_digits_ok(number: str) -> bool:
    return (
        fodselsnummer.calc_check_digit1(number[:9]) == number[9]
        and fodselsnummer.calc_check_digit2(number[:10]) == number[10]
    )


def _birth_date(number: str) -> datetime.date | None:
    """The birth date encoded in a (possibly synthetic or D-) number, or None if it is not a date."""
    day, month, year2 = int(number[0:2]), int(number[2:4]), int(number[4:6])
    individual = int(number[6:9])
    if day > D_NUMBER_DAY_OFFSET:
        day -= D_NUMBER_DAY_OFFSET
    if month > SYNTHETIC_MONTH_OFFSET:
        month -= SYNTHETIC_MONTH_OFFSET
    if individual <= 499:
        century = 1900
    elif individual <= 749 and year2 >= 54:
        century = 1800
    elif year2 <= 39:
        century = 2000
    else:
        century = 1900 if individual >= 900 else 2000
    try:
        return datetime.date(century + year2, month, day)
    except ValueError:
        return None


def is_synthetic(number: str) -> bool:
    """Whether `number` is one of Skatteetaten's synthetic test numbers (month + 80)."""
    return len(number) == 11 and number.isdigit() and int(number[2:4]) > SYNTHETIC_MONTH_OFFSET


def validate_national_id(value: str, allow_synthetic: bool | None = None) -> str:
    """Return the compact number if it is a valid fødselsnummer or D-nummer; raise ValidationError.

    A synthetic test number (month + 80) is accepted only when synthetic ids are allowed.
    """
    if allow_synthetic is None:
        allow_synthetic = getattr(settings, "LOS_ALLOW_SYNTHETIC_IDS", False)
    number = fodselsnummer.compact(value or "")
    if len(number) != 11 or not number.isdigit():
        raise ValidationError(_("Fødselsnummeret må ha 11 sifre."), code="length")
    if is_synthetic(number):
        if not allow_synthetic:
            raise ValidationError(_("Syntetiske testnumre er ikke tillatt her."), code="synthetic")
        if not _control_digits_ok(number):
            raise ValidationError(_("Kontrollsifrene i fødselsnummeret stemmer ikke."), code="checksum")
        if _birth_date(number) is None:
            raise ValidationError(_("Fødselsnummeret inneholder ikke en gyldig dato."), code="date")
        return number
    try:
        return fodselsnummer.validate(number)
    except stdnum_exceptions.InvalidChecksum:
        raise ValidationError(_("Kontrollsifrene i fødselsnummeret stemmer ikke."), code="checksum")
    except stdnum_exceptions.ValidationError:
        raise ValidationError(_("Fødselsnummeret inneholder ikke en gyldig dato."), code="date")


def national_id_birth_date(value: str) -> datetime.date | None:
    """The birth date a fødselsnummer, D-nummer or synthetic number encodes; None when it encodes none."""
    number = fodselsnummer.compact(value or "")
    if len(number) != 11 or not number.isdigit():
        return None
    return _birth_date(number)


def make_synthetic_national_id(birth_date: datetime.date, individual: int) -> str:
    """Build a synthetic test fødselsnummer (month + 80) for demo and test data; never a real one.

    `individual` (0-999) must fit the century rules; tries the following numbers until the
    control digits can be formed (about one in eleven cannot).
    """
    year2 = birth_date.year % 100
    for offset in range(0, 1000):
        ind = (individual + offset) % 1000
        if birth_date.year >= 2000 and not 500 <= ind <= 999:
            continue
        if birth_date.year < 2000 and not 0 <= ind <= 499:
            continue
        base = f"{birth_date.day:02d}{birth_date.month + SYNTHETIC_MONTH_OFFSET:02d}{year2:02d}{ind:03d}"
        k1 = fodselsnummer.calc_check_digit1(base)
        if len(k1) != 1:
            continue
        k2 = fodselsnummer.calc_check_digit2(base + k1)
        if len(k2) != 1:
            continue
        return base + k1 + k2
    raise ValueError("no synthetic number available for that date")


def validate_org_number(value: str) -> str:
    """Return the compact organisasjonsnummer (9 digits, mod 11) or raise ValidationError."""
    try:
        return orgnr.validate(value or "")
    except stdnum_exceptions.InvalidLength:
        raise ValidationError(_("Organisasjonsnummeret må ha 9 sifre."), code="length")
    except stdnum_exceptions.ValidationError:
        raise ValidationError(_("Organisasjonsnummeret er ikke gyldig (kontrollsifferet stemmer ikke)."))


def make_org_number(base8: int) -> str:
    """A valid organisasjonsnummer from eight digits (for demo data); tries the next base if needed."""
    for candidate in range(base8, base8 + 100):
        digits = f"{candidate:08d}"
        for check in "0123456789":
            if orgnr.is_valid(digits + check):
                return digits + check
    raise ValueError("no organisation number available")
