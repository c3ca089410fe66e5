from django.urls import path

from .views import portal

app_name = "portal_case"

urlpatterns = [
    path("<int:family_id>/soknad/ny/", portal.apply, name="apply"),
    path("soknad/<int:application_id>/", portal.application, name="application"),
    path("vedtak/<int:decision_id>/brev.pdf", portal.decision_letter, name="decision_letter"),
    path("vedtak/<int:decision_id>/klage/", portal.complain, name="complain"),
    path("dokumenter/<int:document_id>/", portal.document, name="document"),
]
