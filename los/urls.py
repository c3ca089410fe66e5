from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from los.api.api import api
from los.casework.views import self_check
from los.core import health
from los.core import views as core_views
from los.core.login import LoginPage

urlpatterns = [
    path("", core_views.home, name="home"),
    path("helse/", health.alive, name="health"),
    path("helse/db/", health.database, name="health_db"),
    path("logg-inn/", LoginPage.as_view(), name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("familier/<int:family_id>/tjenstlig-behov/", core_views.need_to_know, name="need_to_know"),
    path("familier/", include("los.people.urls")),
    path("familie/", include("los.portal.urls")),
    path("familie/", include("los.casework.portal_urls")),
    path("familie/", include("los.coordinators.portal_urls")),
    path("familie/sporsmal/", include("los.surveys.urls")),
    path("saker/", include("los.casework.urls")),
    path("saker/", include("los.coordinators.urls")),
    path("har-vi-rett/", self_check.self_check, name="self_check"),
    path("leder/", include("los.reports.urls")),
    path("oppfolging/", include("los.team.urls")),
    path("mine-oppgaver/", include("los.team.work_urls")),
    path("varsler/", include("los.notifications.urls")),
    path("kalender/", include("los.calendar.urls")),
    path("plan/", include("los.plans.urls")),
    path("stafettlogg/", include("los.team.relay_urls")),
    path("henvisninger/", include("los.referrals.urls")),
    path("meldinger/", include("los.messaging.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("fhir/R4/", include("los.fhir.urls")),
]

handler404 = "los.core.errors_views.not_found"
handler403 = "los.core.errors_views.forbidden"
handler400 = "los.core.errors_views.bad_request"
