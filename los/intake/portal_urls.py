from django.urls import path

from . import portal_views

app_name = "portal_case"

urlpatterns = [
    path("<int:family_id>/soknad/ny/", portal_views.apply, name="apply"),
    path("soknad/<int:application_id>/", portal_views.application, name="application"),
    path("vedtak/<int:decision_id>/brev.pdf", portal_views.decision_letter, name="decision_letter"),
    path("vedtak/<int:decision_id>/klage/", portal_views.complain, name="complain"),
    path("dokumenter/<int:document_id>/", portal_views.document, name="document"),
    path("<int:family_id>/ny-koordinator/", portal_views.change_coordinator, name="change_coordinator"),
]
