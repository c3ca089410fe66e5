"""Strict input types for API bodies: dates only from ISO strings (lenient pydantic turns 0 into 1970)."""

import datetime
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict


def _iso_date(value):
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if not isinstance(value, str):
        raise ValueError("Datoen må skrives som tekst på formen ÅÅÅÅ-MM-DD.")
    try:
        return datetime.date.fromisoformat(value) if len(value) == 10 else _bad_date()
    except ValueError:
        raise ValueError(f"«{value}» er ikke en gyldig dato (ÅÅÅÅ-MM-DD).")


def _bad_date():
    raise ValueError


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date)]


class Body(BaseModel):
    """Base for request bodies: unknown fields are refused, types are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True)


class Message(BaseModel):
    message: str


class ErrorDetail(BaseModel):
    field: str
    message: str
    type: str


class ValidationMessage(BaseModel):
    message: str
    detail: list[ErrorDetail]
