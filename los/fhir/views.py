"""The FHIR R4 endpoints: metadata, read (`/<Type>/<id>`) and search (`/<Type>?...`). Read-only.

Authentication is the JSON API's (`los.api.auth.AUTH`: a personal token as `Authorization: Bearer`, or
the browser session); every record comes through the access policy (`los.fhir.resources`). Every answer
is application/fhir+json; an error is an OperationOutcome with its reason in bokmål, never a 500 for bad
input. A family one may not see answers exactly like one that does not exist."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from los.api.auth import AUTH
from los.core import access

from . import resources
from .http import FhirError, count_of, error_response, fhir_response, not_found, offset_of

logger = logging.getLogger(__name__)

PAGING = ("_count", "_offset")
FHIR_VERSION = "4.0.1"


def _authenticated(request) -> bool:
    """The same authentication as the JSON API: a personal token, or the signed-in browser."""
    for method in AUTH:
        if method(request):
            return True
    return False


def _fhir_endpoint(*, anonymous: bool = False):
    """Reads only (a write answers 405), signed in (401), errors as OperationOutcome."""

    def decorator(view):
        @csrf_exempt  # nothing here changes anything: a write answers 405 before any work
        def wrapper(request, *args, **kwargs):
            try:
                if not access.is_reading(request):
                    raise FhirError(405, "not-supported", _("Dette FHIR-grensesnittet kan bare lese (GET)."))
                if not anonymous and not _authenticated(request):
                    raise FhirError(401, "login", _("Du må logge inn eller bruke en API-nøkkel."))
                return view(request, *args, **kwargs)
            except FhirError as error:
                return error_response(error)
            except Http404:
                return error_response(not_found())

        wrapper.__name__ = view.__name__
        wrapper.__doc__ = view.__doc__
        return wrapper

    return decorator


def _base(request) -> str:
    return request.build_absolute_uri(reverse("fhir:metadata")).removesuffix("metadata")


@_fhir_endpoint(anonymous=True)
def metadata(request):
    """The CapabilityStatement: exactly the resource types, interactions and search parameters served."""
    resource_entries = []
    for resource_type, kind in resources.RESOURCES.items():
        params = [
            {"name": name, "type": kind_of, "documentation": text}
            for name, kind_of, text in resources.search_parameters(resource_type)
        ]
        params += [
            {
                "name": "_count",
                "type": "number",
                "documentation": _("Treff per side (standard 50, høyst 100)."),
            },
            {"name": "_offset", "type": "number", "documentation": _("Hvor mange treff siden hopper over.")},
        ]
        resource_entries.append(
            {
                "type": resource_type,
                "documentation": str(kind.description),
                "interaction": [{"code": "read"}, {"code": "search-type"}],
                "searchParam": params,
            }
        )
    statement = {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": timezone.now().date().isoformat(),
        "publisher": "Los",
        "kind": "instance",
        "software": {"name": "Los"},
        "implementation": {
            "description": _("Los: koordinator, barnekoordinator og individuell plan (kun lesing)."),
            "url": _base(request),
        },
        "fhirVersion": FHIR_VERSION,
        "format": ["application/fhir+json", "json"],
        "rest": [
            {
                "mode": "server",
                "documentation": _(
                    "Alt går gjennom tilgangsstyringen, og hver lesing skrives i familiens tilgangslogg."
                ),
                "security": {
                    "description": _(
                        "Personlig API-nøkkel (Authorization: Bearer <nøkkel>) eller innlogget nettleser."
                    )
                },
                "resource": resource_entries,
            }
        ],
    }
    return fhir_response(statement)


@_fhir_endpoint()
def read(request, resource_type: str, resource_id: str):
    """One resource by id (404 if it does not exist or the user may not see it)."""
    kind = resources.RESOURCES[resource_type]
    return fhir_response(kind.read(request, resource_id))


def _check_parameters(resource_type: str, params) -> None:
    known = {name for name, _kind, _text in resources.search_parameters(resource_type)} | set(PAGING)
    unknown = sorted(set(params) - known)
    if unknown:
        raise FhirError(
            400,
            "not-supported",
            _("Ukjent søkeparameter for %(type)s: %(names)s. Tillatt: %(known)s.")
            % {
                "type": resource_type,
                "names": ", ".join(n[:60] for n in unknown[:5]),
                "known": ", ".join(sorted(known)),
            },
        )


@_fhir_endpoint()
def search(request, resource_type: str):
    """A searchset Bundle, a page at a time (`_count`, `_offset`), with total and self/next/previous links."""
    params = request.GET
    _check_parameters(resource_type, params)
    count = count_of(params)
    offset = offset_of(params)
    kind = resources.RESOURCES[resource_type]
    page = kind.search(request, params, count, offset)
    base = _base(request)

    def link(relation: str, at: int) -> dict:
        query = [(k, v) for k, v in params.lists() for v in v if k not in PAGING]
        query += [("_count", str(count)), ("_offset", str(at))]
        return {"relation": relation, "url": f"{base}{resource_type}?{urlencode(query)}"}

    links = [link("self", offset)]
    if count and offset + count < page.total:
        links.append(link("next", offset + count))
    if offset > 0:
        links.append(link("previous", max(offset - count, 0)))
    bundle = {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": page.total,
        "link": links,
        "entry": [
            {
                "fullUrl": f"{base}{resource['resourceType']}/{resource['id']}",
                "resource": resource,
                "search": {"mode": "match"},
            }
            for resource in page.resources
        ],
    }
    if not bundle["entry"]:
        del bundle["entry"]
    return fhir_response(bundle)


@_fhir_endpoint()
def unknown(request, rest: str = ""):
    """Any other path under /fhir/R4/: a resource type or operation this server does not have."""
    raise FhirError(
        404, "not-supported", _("Ukjent ressurstype eller adresse: %(path)s") % {"path": rest[:80]}
    )
