from django.urls import path

from los.consent import views as consent_views

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("<int:family_id>/", views.family, name="family"),
    path("<int:family_id>/tilgangslogg/", views.access_log, name="access_log"),
    path("<int:family_id>/samtykke/nytt/", consent_views.portal_new_consent, name="consent_new"),
    path("samtykke/<int:consent_id>/trekk-tilbake/", consent_views.consent_withdraw, name="consent_withdraw"),
    path("samtykke/<int:consent_id>/gi/", consent_views.consent_sign, name="consent_sign"),
]
