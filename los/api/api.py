"""The JSON API at /api/v1 (django-ninja). OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs."""

from ninja import NinjaAPI

from los.consent.api import router as consent_router
from los.people.api import router as people_router

from . import errors
from .auth import AUTH

api = NinjaAPI(
    title="Los API",
    version="1",
    description="Koordinator, barnekoordinator og individuell plan. Alle kall går gjennom tilgangsstyringen "
    "og skrives i familiens tilgangslogg.",
    auth=AUTH,
    urls_namespace="api",
)
errors.install(api)
api.add_router("", people_router)
api.add_router("", consent_router)
