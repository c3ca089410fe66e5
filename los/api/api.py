"""The JSON API at /api/v1 (django-ninja). OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs."""

from ninja import NinjaAPI

from los.calendar.api import router as calendar_router
from los.casework.api import router as casework_router
from los.consent.api import router as consent_router
from los.notifications.api import router as notifications_router
from los.people.api import router as people_router
from los.plans.api import router as plans_router
from los.referrals.api import router as referrals_router
from los.reports.api import router as reports_router
from los.surveys.api import router as surveys_router
from los.team.api import router as team_router

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
api.add_router("", casework_router)
api.add_router("", team_router)
api.add_router("", notifications_router)
api.add_router("", calendar_router)
api.add_router("", plans_router)
api.add_router("", referrals_router)
api.add_router("", reports_router)
api.add_router("", surveys_router)
