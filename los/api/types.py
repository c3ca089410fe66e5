"""Strict input types for API bodies, and the answers an endpoint declares.

Ids, texts and lists take their bounds from `los.core.bounds` (the same as the forms). Dates are read
only from ISO strings (lenient pydantic turns 0 into 1970) and must lie in the range of their kind
(`DateIn(APPOINTMENT)`); times of day are local Norwegian time written YYYY-MM-DDTHH:MM.
"""

import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, WithJsonSchema, field_validator

from los.core import dates
from los.core.bounds import DateRange, in_range

#: The highest page number a list takes (a larger one is refused, not turned into a huge OFFSET).
MAX_PAGE = 100_000

_DATE_SCHEMA = {"type": "string", "format": "date"}
_LOCAL_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$"


def _iso_date(value):
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if not isinstance(value, str):
        raise ValueError("Datoen må skrives som tekst på formen ÅÅÅÅ-MM-DD.")
    try:
        return datetime.date.fromisoformat(value) if len(value) == 10 else _bad_date()
    except ValueError:
        raise ValueError(f"«{value[:30]}» er ikke en gyldig dato (ÅÅÅÅ-MM-DD).") from None


def _bad_date():
    raise ValueError


def _local_time(value):
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dates.OSLO)
    if not isinstance(value, str):
        raise ValueError("Tidspunktet må skrives som tekst på formen ÅÅÅÅ-MM-DDTTT:MM.")
    try:
        if len(value) != 16:
            raise ValueError
        moment = datetime.datetime.strptime(value, "%Y-%m-%dT%H:%M")
    except ValueError:
        raise ValueError(f"«{value[:30]}» er ikke et tidspunkt på formen ÅÅÅÅ-MM-DDTTT:MM.") from None
    return moment.replace(tzinfo=dates.OSLO)


def DateIn(kind: DateRange, description: str = ""):  # noqa: N802 - a type, read like one
    """A date YYYY-MM-DD within the range of `kind` (e.g. `bounds.APPOINTMENT`: five years either way)."""
    first, last = kind.days_back, kind.days_ahead
    text = f"{description} YYYY-MM-DD, from {first} days before to {last} days after today.".strip()
    return Annotated[
        datetime.date,
        BeforeValidator(_iso_date),
        in_range(kind),
        WithJsonSchema({**_DATE_SCHEMA, "description": text}),
    ]


def LocalTimeIn(kind: DateRange, description: str = ""):  # noqa: N802 - a type, read like one
    """A local time in Norway, YYYY-MM-DDTHH:MM (Europe/Oslo), whose date lies within `kind`."""

    def within(moment: datetime.datetime) -> datetime.datetime:
        kind.check(moment.date())
        return moment

    text = f"{description} Local time in Norway, YYYY-MM-DDTHH:MM (Europe/Oslo).".strip()
    return Annotated[
        datetime.datetime,
        BeforeValidator(_local_time),
        AfterValidator(within),
        WithJsonSchema({"type": "string", "pattern": _LOCAL_PATTERN, "description": text}),
    ]


class Body(BaseModel):
    """Base for request bodies: unknown fields are refused, types are not coerced, and no text holds
    the NUL character (PostgreSQL cannot store it)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value):
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("Teksten kan ikke inneholde tegnet NUL (\\x00).")
        return value


class Message(BaseModel):
    message: str


class ErrorDetail(BaseModel):
    field: str
    message: str
    type: str


class ValidationMessage(BaseModel):
    message: str
    detail: list[ErrorDetail]


# What each error status means (the message is in the user's language, see errors.py):
# 400 the body is not JSON; 401 no valid token or session; 403 a session without its CSRF token (POST);
# 404 missing or not yours (the same answer); 409 someone changed it since you read it;
# 422 a path, query or body value is not valid, or a rule of the domain stopped it.
_ERROR_BODIES = {400: Message, 401: Message, 403: Message, 404: Message, 409: Message, 422: ValidationMessage}


def answers(ok: dict, *errors: int) -> dict:
    """The `response=` of an endpoint: its success answers and the error statuses it can give."""
    return {**ok, **{status: _ERROR_BODIES[status] for status in sorted(errors)}}


#: A read of a family's records: no credentials, not found (or not yours), a bad id in the path.
READ = (401, 404, 422)
#: A write with a JSON body: also a body that is not JSON and a session without its CSRF token.
WRITE = (400, 401, 403, 404, 422)
#: A write that changes a record others may change at the same time (`los.core.versions.StaleEdit`).
CONFLICT = 409
