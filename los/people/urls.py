from django.urls import path

from los.consent import views as consent_views

from . import views

app_name = "people"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("ny/", views.family_create, name="family_create"),
    path("<int:family_id>/", views.family_detail, name="family"),
    path("<int:family_id>/barn/ny/", views.child_edit, name="child_add"),
    path("<int:family_id>/barn/<int:child_id>/", views.child_edit, name="child_edit"),
    path("<int:family_id>/foresatte/ny/", views.guardian_edit, name="guardian_add"),
    path("<int:family_id>/foresatte/<int:guardian_id>/", views.guardian_edit, name="guardian_edit"),
    path("<int:family_id>/tilgangslogg/", views.access_log, name="access_log"),
    path("<int:family_id>/samtykker/nytt/", consent_views.staff_register_consent, name="consent_register"),
]
