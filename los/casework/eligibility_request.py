"""Request and answer of ``POST /api/v1/eligibility``: the request model, and the engine's facts and
result made from and into JSON.

Pure pydantic v2; no django-ninja import. Every field is optional;
a boolean that is ``null`` or absent is *unknown*, a service list that is
``null`` or absent means the services have not been stated yet, and an empty
list means none.

Validation is strict, so a mistake in the request is reported rather than
guessed at:

* dates must be strings in the form ``YYYY-MM-DD`` and a real date
  (``0`` or ``"2026-02-30"`` are rejected);
* booleans must be ``true``, ``false`` or ``null`` (``"yes"`` or ``1`` are
  rejected);
* service lists must be lists of non-blank strings (at most
  :data:`MAX_SERVICES` names of at most :data:`MAX_SERVICE_NAME_LENGTH`
  characters); names are stripped of surrounding spaces;
* unknown fields are rejected;
* ``child_birth_date`` and ``expected_due_date`` cannot both be given (the
  error is on ``expected_due_date``), and the birth date cannot be after
  ``assessed_on`` (the error is on ``child_birth_date``).

Every error in ``ValidationError.errors()`` carries the field name as
``loc[0]`` (an empty ``loc`` only when the body is not a JSON object), and its
``msg`` is in Norwegian bokmål.

``assessed_on`` defaults to today in Europe/Oslo; after validation it is
always set.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from los.core import dates

from .eligibility_facts import Assessment, Criterion, EligibilityFacts, RightAssessment

__all__ = [
    "MAX_SERVICES",
    "MAX_SERVICE_NAME_LENGTH",
    "EligibilityRequest",
    "assessment_to_dict",
    "facts_from_request",
]

MAX_SERVICES = 100
MAX_SERVICE_NAME_LENGTH = 200

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

_DATE_FIELDS = ("assessed_on", "child_birth_date", "expected_due_date")
_BOOL_FIELDS = (
    "serious_condition",
    "long_term_needs",
    "complex_needs",
    "guardians_want_child_coordinator",
)
_LIST_FIELDS = ("health_and_care_services", "other_welfare_services")


def _parse_date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise PydanticCustomError(
            "date_format",
            "Datoen må skrives som ÅÅÅÅ-MM-DD, for eksempel 2026-11-23.",
        )
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(
            "date_invalid", "{value} er ikke en gyldig dato.", {"value": value}
        ) from None


def _parse_bool(value: Any) -> bool | None:
    if value is None or type(value) is bool:
        return value
    raise PydanticCustomError(
        "bool_type",
        "Svaret må være true (ja), false (nei) eller null (ikke kjent).",
    )


def _parse_services(value: Any) -> list[str] | None:
    if value is None:
        return None
    if not isinstance(value, (list, tuple)):
        raise PydanticCustomError(
            "list_type", 'Tjenestene må oppgis som en liste med navn, for eksempel ["fysioterapi"].'
        )
    if len(value) > MAX_SERVICES:
        raise PydanticCustomError("too_long", "Listen kan ha høyst {max} tjenester.", {"max": MAX_SERVICES})
    names: list[str] = []
    for position, item in enumerate(value, start=1):
        if not isinstance(item, str):
            raise PydanticCustomError(
                "string_type",
                "Tjeneste nummer {position} i listen må være et navn (tekst).",
                {"position": position},
            )
        name = item.strip()
        if not name:
            raise PydanticCustomError(
                "string_blank",
                "Tjeneste nummer {position} i listen mangler navn.",
                {"position": position},
            )
        if len(name) > MAX_SERVICE_NAME_LENGTH:
            raise PydanticCustomError(
                "string_too_long",
                "Tjeneste nummer {position} i listen har et navn på mer enn {max} tegn.",
                {"position": position, "max": MAX_SERVICE_NAME_LENGTH},
            )
        names.append(name)
    return names


class EligibilityRequest(BaseModel):
    """What the caseworker knows about the child and family. All fields optional."""

    model_config = ConfigDict(extra="forbid")

    assessed_on: date | None = Field(
        default=None,
        validate_default=True,
        description="Vurderingsdato (ÅÅÅÅ-MM-DD). Standard: dagens dato.",
    )
    child_birth_date: date | None = Field(default=None, description="Barnets fødselsdato (ÅÅÅÅ-MM-DD).")
    expected_due_date: date | None = Field(
        default=None,
        description="Termindato når familien venter barn (ÅÅÅÅ-MM-DD). Ikke sammen med fødselsdato.",
    )
    serious_condition: bool | None = Field(
        default=None,
        description="Barnet har alvorlig sykdom, skade eller nedsatt funksjonsevne. null: ikke vurdert.",
    )
    long_term_needs: bool | None = Field(
        default=None, description="Barnet har behov for langvarige tjenester. null: ikke vurdert."
    )
    complex_needs: bool | None = Field(
        default=None, description="Barnet har behov for komplekse tjenester. null: ikke vurdert."
    )
    health_and_care_services: list[str] | None = Field(
        default=None,
        description="Helse- og omsorgstjenester barnet trenger. null: ikke oppgitt; []: ingen.",
    )
    other_welfare_services: list[str] | None = Field(
        default=None,
        description="Andre velferdstjenester (barnehage, skole, PPT, barnevern, NAV ...). "
        "null: ikke oppgitt; []: ingen.",
    )
    guardians_want_child_coordinator: bool | None = Field(
        default=None,
        description="Foreldrene (de som samtykker for barnet) ønsker barnekoordinator. null: ikke kjent.",
    )

    @model_validator(mode="before")
    @classmethod
    def _object_with_known_fields(cls, data: Any) -> Any:
        if isinstance(data, BaseModel):
            return data
        if not isinstance(data, dict):
            raise PydanticCustomError("model_type", "Forespørselen må være et JSON-objekt.")
        unknown = [key for key in data if key not in cls.model_fields]
        if unknown:
            raise ValidationError.from_exception_data(
                cls.__name__,
                [
                    {
                        "type": PydanticCustomError(
                            "extra_forbidden", "Ukjent felt: {name}.", {"name": str(key)}
                        ),
                        "loc": (str(key),),
                        "input": data[key],
                    }
                    for key in unknown
                ],
            )
        return data

    @field_validator(*_DATE_FIELDS, mode="before")
    @classmethod
    def _strict_date(cls, value: Any) -> date | None:
        return _parse_date(value)

    @field_validator(*_BOOL_FIELDS, mode="before")
    @classmethod
    def _strict_bool(cls, value: Any) -> bool | None:
        return _parse_bool(value)

    @field_validator(*_LIST_FIELDS, mode="before")
    @classmethod
    def _services(cls, value: Any) -> list[str] | None:
        return _parse_services(value)

    @field_validator("assessed_on", mode="after")
    @classmethod
    def _default_today(cls, value: date | None) -> date:
        return dates.today() if value is None else value

    @field_validator("child_birth_date", mode="after")
    @classmethod
    def _born_by_assessment(cls, value: date | None, info: ValidationInfo) -> date | None:
        assessed_on = info.data.get("assessed_on")
        if value is not None and assessed_on is not None and value > assessed_on:
            raise PydanticCustomError(
                "birth_after_assessment",
                "Fødselsdatoen kan ikke være etter vurderingsdatoen ({assessed_on}).",
                {"assessed_on": assessed_on.isoformat()},
            )
        return value

    @field_validator("expected_due_date", mode="after")
    @classmethod
    def _not_both_birth_and_due(cls, value: date | None, info: ValidationInfo) -> date | None:
        if value is not None and "child_birth_date" not in info.data:
            # The birth date was invalid; its own error is reported.
            return value
        if value is not None and info.data.get("child_birth_date") is not None:
            raise PydanticCustomError(
                "birth_and_due_date",
                "Oppgi enten fødselsdato (child_birth_date) eller termindato "
                "(expected_due_date), ikke begge. Termindato brukes bare før barnet er født.",
            )
        return value


def _criterion_to_dict(c: Criterion) -> dict[str, Any]:
    return {"code": c.code, "text": c.text, "status": c.status.value, "law": c.law}


def _right_to_dict(r: RightAssessment) -> dict[str, Any]:
    return {
        "status": r.status.value,
        "law": list(r.law),
        "criteria": [_criterion_to_dict(c) for c in r.criteria],
    }


def assessment_to_dict(a: Assessment) -> dict[str, Any]:
    """The JSON body of ``POST /api/v1/eligibility`` (dates as ISO strings)."""
    child = _right_to_dict(a.child_coordinator)
    child["appoint"] = a.child_coordinator.appoint
    return {
        "assessed_on": a.assessed_on.isoformat(),
        "rights": {
            "individual_plan": _right_to_dict(a.individual_plan),
            "coordinator": _right_to_dict(a.coordinator),
            "child_coordinator": child,
        },
        "notes": [{"code": n.code, "text": n.text} for n in a.notes],
    }


def facts_from_request(request: EligibilityRequest, *, today: date | None = None) -> EligibilityFacts:
    """Turn a validated :class:`EligibilityRequest` into :class:`EligibilityFacts`.

    A missing ``assessed_on`` becomes ``today`` (default: today in
    Europe/Oslo). Lists become tuples so the facts are immutable.
    """
    assessed_on = request.assessed_on or today or dates.today()
    health = request.health_and_care_services
    other = request.other_welfare_services
    return EligibilityFacts(
        assessed_on=assessed_on,
        child_birth_date=request.child_birth_date,
        expected_due_date=request.expected_due_date,
        serious_condition=request.serious_condition,
        long_term_needs=request.long_term_needs,
        complex_needs=request.complex_needs,
        health_and_care_services=None if health is None else tuple(health),
        other_welfare_services=None if other is None else tuple(other),
        guardians_want_child_coordinator=request.guardians_want_child_coordinator,
    )
