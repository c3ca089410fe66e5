from django.urls import path

from .views import applications, assessment, decisions, transitions

app_name = "casework"

urlpatterns = [
    path("", applications.worklist, name="worklist"),
    path("overganger/", transitions.transitions, name="transitions"),
    path("familie/<int:family_id>/ny/", applications.application_register, name="application_register"),
    path("<int:application_id>/", applications.application_detail, name="application"),
    path("<int:application_id>/endre/", applications.application_edit, name="application_edit"),
    path("<int:application_id>/dokumenter/", applications.document_upload, name="document_upload"),
    path("dokumenter/<int:document_id>/", applications.document_download, name="document"),
    path("<int:application_id>/vurdering/", assessment.assessment, name="assessment"),
    path("<int:application_id>/vurdering/vilkar/", assessment.assessment_review, name="assessment_review"),
    path("<int:application_id>/forelopig-svar/", assessment.interim_reply, name="interim_reply"),
    path("<int:application_id>/vedtak/", decisions.decision_new, name="decision_new"),
    path("vedtak/<int:decision_id>/brev.pdf", decisions.decision_letter, name="decision_letter"),
    path("vedtak/<int:decision_id>/klage/", decisions.complaint_register, name="complaint_register"),
    path("klager/<int:complaint_id>/", decisions.complaint_detail, name="complaint"),
    path(
        "klager/<int:complaint_id>/ny-vurdering/", decisions.complaint_reconsider, name="complaint_reconsider"
    ),
    path("klager/<int:complaint_id>/send/", decisions.complaint_forward, name="complaint_forward"),
    path("klager/<int:complaint_id>/oversendelse.pdf", decisions.complaint_bundle, name="complaint_bundle"),
]
