"""Error answers of the API: 4xx with a clear message in the caller's language, never a 500 for bad input."""

from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, ValidationError

from los.core.errors import DomainError
from los.core.versions import StaleEdit

# Bokmål for the pydantic error types a caller meets most often.
_BOKMAL = {
    "missing": "Feltet må fylles ut.",
    "extra_forbidden": "Ukjent felt.",
    "string_type": "Verdien må være en tekst.",
    "int_type": "Verdien må være et heltall.",
    "int_parsing": "Verdien må være et heltall.",
    "bool_type": "Verdien må være true eller false.",
    "bool_parsing": "Verdien må være true eller false.",
    "list_type": "Verdien må være en liste.",
    "date_type": "Verdien må være en dato (ÅÅÅÅ-MM-DD).",
    "date_parsing": "Verdien må være en dato (ÅÅÅÅ-MM-DD).",
    "date_from_datetime_parsing": "Verdien må være en dato (ÅÅÅÅ-MM-DD).",
    "date_from_datetime_inexact": "Verdien må være en dato (ÅÅÅÅ-MM-DD).",
    "datetime_parsing": "Verdien må være et tidspunkt (ÅÅÅÅ-MM-DDTTT:MM).",
    "datetime_type": "Verdien må være et tidspunkt (ÅÅÅÅ-MM-DDTTT:MM).",
    "string_too_long": "Teksten er for lang.",
    "string_too_short": "Teksten er for kort.",
    "string_pattern_mismatch": "Verdien har feil form.",
    "too_short": "Listen har for få elementer.",
    "too_long": "Listen har for mange elementer.",
    "int_from_float": "Verdien må være et heltall.",
    "int_parsing_size": "Tallet er for stort.",
    "float_type": "Verdien må være et tall.",
    "float_parsing": "Verdien må være et tall.",
    "json_invalid": "Forespørselen er ikke gyldig JSON.",
    "json_type": "Forespørselen er ikke gyldig JSON.",
    "model_attributes_type": "Forespørselen må være et JSON-objekt.",
    "dict_type": "Forespørselen må være et JSON-objekt.",
    "model_type": "Forespørselen må være et JSON-objekt.",
    "enum": "Ugyldig verdi.",
    "literal_error": "Ugyldig verdi.",
    "greater_than_equal": "Verdien er for liten.",
    "greater_than": "Verdien er for liten.",
    "less_than_equal": "Verdien er for stor.",
    "less_than": "Verdien er for stor.",
}


def _field(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "payload", "query", "path")]
    return ".".join(parts)


def describe_errors(errors) -> list[dict]:
    """Pydantic/ninja errors as [{field, message, type}] in the active language."""
    bokmal = (get_language() or "nb").startswith(("nb", "no", "nn"))
    described = []
    for err in errors:
        kind = err.get("type", "")
        message = str(err.get("msg", ""))
        if message.startswith("Value error, "):
            message = message.removeprefix("Value error, ")
        elif bokmal and kind in _BOKMAL:
            message = _BOKMAL[kind]
        described.append({"field": _field(err.get("loc", ())), "message": message, "type": kind})
    return described


def install(api) -> None:
    """Answer bad input and refusals with a 4xx and a message in the user's language, never a 500."""

    @api.exception_handler(ValidationError)
    def validation_error(request, exc):
        details = describe_errors(exc.errors)
        summary = "; ".join(f"{d['field']}: {d['message']}" if d["field"] else d["message"] for d in details)
        return api.create_response(request, {"detail": details, "message": summary}, status=422)

    @api.exception_handler(DomainError)
    def domain_error(request, exc):
        detail = [{"field": exc.field or "", "message": str(exc.message), "type": "domain"}]
        return api.create_response(request, {"detail": detail, "message": str(exc.message)}, status=422)

    @api.exception_handler(StaleEdit)
    def stale_edit(request, exc):
        # Someone changed the record between this request's read and its write: a conflict, not bad input.
        return api.create_response(request, {"message": str(exc.message)}, status=409)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(
            request, {"message": _("Du må logge inn eller bruke en API-nøkkel.")}, status=401
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(
            request, {"message": _("Finnes ikke, eller du har ikke tilgang.")}, status=404
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        message = str(exc.message)
        if message.startswith("Cannot parse request body"):
            message = _("Forespørselen er ikke gyldig JSON.")
        elif exc.status_code == 403 and message.startswith("CSRF"):
            message = _("Skjemaet mangler CSRF-nøkkelen. Last siden på nytt, eller bruk en API-nøkkel.")
        return api.create_response(request, {"message": message}, status=exc.status_code)
