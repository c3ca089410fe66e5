"""The FHIR R4 endpoints: metadata, read (`/<Type>/<id>`) and search (`/<Type>?...`); and for Appointment
create (`POST /Appointment`) and update (`PUT /Appointment/<id>`), see `los.fhir.writes`.

Authentication is the JSON API's (`los.api.auth.AUTH`: a personal token as `Authorization: Bearer`, or
the browser session) for reading; a write takes the personal token only: the views are exempt from CSRF,
so a browser's session must never write here (a session's write answers 403, as the JSON API answers a
session's write without its CSRF token). Every record comes through the access policy
(`los.fhir.resources`). Every answer is application/fhir+json; an error is an OperationOutcome with its
reason in bokmål, never a 500 for bad input. A family one may not see answers exactly like one that does
not exist."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from los.api.auth import AUTH, PersonalToken
from los.core import access

from . import resources, writes
from .http import FhirError, count_of, error_response, fhir_response, not_found, offset_of, takes

logger = logging.getLogger(__name__)

PAGING = ("_count", "_offset")
READ_ONLY = ("read", "search-type")
INTERACTIONS = {"Appointment": ("read", "search-type", "create", "update")}
FHIR_VERSION = "4.0.1"


def _authenticated(request) -> bool:
    """The same authentication as the JSON API: a personal token, or the signed-in browser."""
    for method in AUTH:
        if method(request):
            return True
    return False


def _token_writer(request) -> None:
    """A write is the personal token's only: 401 without credentials, 403 for a browser session."""
    if PersonalToken()(request) is not None:
        return
    if request.user.is_authenticated:
        raise FhirError(
            403,
            "forbidden",
            _("Endringer gjennom FHIR krever en personlig API-nøkkel (Authorization: Bearer <nøkkel>)."),
        )
    raise FhirError(401, "login", _("Du må bruke en API-nøkkel."))


def _fhir_endpoint(*, anonymous: bool = False, writes: tuple[str, ...] = ()):
    """Reads (GET, HEAD) signed in (401), and the `writes` methods with a personal token; any other
    method answers 405; errors as OperationOutcome."""
    methods = ("GET", "HEAD", *writes)

    def decorator(view):
        # Exempt from CSRF: reads change nothing, and a write is taken only with a personal token, which
        # a browser never sends on its own (`_token_writer`).
        @csrf_exempt
        def wrapper(request, *args, **kwargs):
            try:
                if not takes(request, methods):
                    raise FhirError(
                        405, "not-supported", _("Denne adressen tar ikke imot denne metoden."), methods
                    )
                if not access.is_reading(request):
                    _token_writer(request)
                elif not anonymous and not _authenticated(request):
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
                "interaction": [{"code": code} for code in INTERACTIONS.get(resource_type, READ_ONLY)],
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
            "description": _(
                "Los: koordinator, barnekoordinator og individuell plan (lesing, og timeforespørsler fra "
                "tjenestene)."
            ),
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
                        "Personlig API-nøkkel (Authorization: Bearer <nøkkel>) eller innlogget nettleser for "
                        "lesing; endringer bare med personlig API-nøkkel."
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
    return _read(request, resource_type, resource_id)


def _read(request, resource_type: str, resource_id: str):
    kind = resources.RESOURCES[resource_type]
    return fhir_response(kind.read(request, resource_id))


@_fhir_endpoint(writes=("POST",))
def appointment_type(request, resource_type: str):
    """GET: search; POST: a new appointment from another system (201, with its address in Location)."""
    if access.is_reading(request):
        return _search(request, resource_type)
    resource, pk = writes.create(request)
    return fhir_response(resource, 201, Location=f"{_base(request)}Appointment/{pk}")


@_fhir_endpoint(writes=("PUT",))
def appointment_instance(request, resource_type: str, resource_id: str):
    """GET: read; PUT: move or cancel an appointment of the caller's own service."""
    if access.is_reading(request):
        return _read(request, resource_type, resource_id)
    return fhir_response(writes.update(request, resource_id))


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
    return _search(request, resource_type)


def _search(request, resource_type: str):
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
