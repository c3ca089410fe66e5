"""FHIR's answers on the wire: JSON as application/fhir+json, errors as OperationOutcome, and the search
parameters every search shares (`_count`, `_offset`, `_id`).

An error is raised as `FhirError` anywhere below the view and answered by the view; the words a person
reads (`diagnostics`) are bokmål."""

from __future__ import annotations

import json
import re

from django.http import HttpResponse
from django.utils.translation import gettext as _

FHIR_JSON = "application/fhir+json; charset=utf-8"
DEFAULT_COUNT = 50
MAX_COUNT = 100
# Far beyond any family's records; keeps a hostile offset from reaching the database as a huge number.
MAX_OFFSET = 1_000_000

# FHIR's id datatype: 1-64 of [A-Za-z0-9-.] (http://hl7.org/fhir/R4/datatypes.html#id).
ID_PATTERN = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")


class FhirError(Exception):
    """An answer other than 200: the HTTP status and an OperationOutcome issue (code, diagnostics)."""

    def __init__(self, status: int, code: str, diagnostics: str, allow: tuple[str, ...] = ("GET", "HEAD")):
        super().__init__(diagnostics)
        self.status = status
        self.code = code
        self.diagnostics = diagnostics
        self.allow = allow  # the methods the address takes (the Allow header of a 405)


def not_found() -> FhirError:
    """Missing and not allowed answer alike (a family one may not see looks like one that does not exist)."""
    return FhirError(404, "not-found", _("Finnes ikke, eller du har ikke tilgang."))


def bad_request(diagnostics: str) -> FhirError:
    return FhirError(400, "invalid", diagnostics)


def fhir_response(resource: dict, status: int = 200, **headers) -> HttpResponse:
    response = HttpResponse(
        json.dumps(resource, ensure_ascii=False, separators=(",", ":")),
        status=status,
        content_type=FHIR_JSON,
    )
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def operation_outcome(status: int, code: str, diagnostics: str) -> dict:
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": code, "diagnostics": diagnostics}],
    }


def error_response(error: FhirError) -> HttpResponse:
    headers = {}
    if error.status == 401:
        headers["WWW_Authenticate"] = 'Bearer realm="los"'
    if error.status == 405:
        headers["Allow"] = ", ".join(error.allow)
    return fhir_response(
        operation_outcome(error.status, error.code, error.diagnostics), error.status, **headers
    )


def takes(request, methods: tuple[str, ...]) -> bool:
    """Whether the request's method is one of `methods` (those the address takes)."""
    return request.method in methods


def single(params, name: str) -> str | None:
    """The one value of search parameter `name`, or None; a parameter given twice is refused."""
    values = params.getlist(name)
    if not values:
        return None
    if len(values) > 1:
        raise bad_request(_("Søkeparameteren %(name)s kan bare oppgis én gang.") % {"name": name})
    return values[0]


def _whole_number(params, name: str, default: int, maximum: int) -> int:
    value = single(params, name)
    if value is None or value == "":
        return default
    if not value.isascii() or not value.isdigit():
        raise bad_request(_("%(name)s må være et helt tall fra 0 og oppover.") % {"name": name})
    # A number longer than any page or offset is simply more than the maximum (no huge int parsing).
    return maximum if len(value) > 12 else min(int(value), maximum)


def count_of(params) -> int:
    """`_count`: how many entries a page holds (default 50; more than 100 gives 100, as FHIR allows)."""
    return _whole_number(params, "_count", DEFAULT_COUNT, MAX_COUNT)


def offset_of(params) -> int:
    """`_offset`: how many matches the page skips (the next and previous links carry it)."""
    value = _whole_number(params, "_offset", 0, MAX_OFFSET + 1)
    if value > MAX_OFFSET:
        raise bad_request(_("_offset er for stort."))
    return value


def read_id(value: str, resource_type: str) -> int | None:
    """The id in a read's address: anything that is not one of ours names nothing (404, not 400)."""
    try:
        return resource_id(value, resource_type)
    except FhirError:
        return None


def resource_id(value: str, resource_type: str) -> int | None:
    """Our ids are positive whole numbers; any other FHIR id names nothing here (None). A value that is no
    FHIR id at all is bad input. A reference `Type/id` is accepted where the type fits."""
    if value.startswith(f"{resource_type}/"):
        value = value.removeprefix(f"{resource_type}/")
    if not ID_PATTERN.match(value):
        raise bad_request(
            _("«%(value)s» er ikke en gyldig id for %(type)s.") % {"value": value[:80], "type": resource_type}
        )
    if not value.isdigit() or len(value) > 18:
        return None
    number = int(value)
    return number if 0 < number < 2**63 else None
