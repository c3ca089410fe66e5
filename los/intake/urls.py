from django.urls import path

from . import staffing_views, views

app_name = "intake"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("familie/<int:family_id>/ny/", views.application_register, name="application_register"),
    path("<int:application_id>/", views.application_detail, name="application"),
    path("<int:application_id>/endre/", views.application_edit, name="application_edit"),
    path("<int:application_id>/dokumenter/", views.document_upload, name="document_upload"),
    path("dokumenter/<int:document_id>/", views.document_download, name="document"),
    path("<int:application_id>/vurdering/", views.assessment, name="assessment"),
    path("<int:application_id>/vurdering/vilkar/", views.assessment_review, name="assessment_review"),
    path("<int:application_id>/forelopig-svar/", views.interim_reply, name="interim_reply"),
    path("<int:application_id>/vedtak/", views.decision_new, name="decision_new"),
    path("vedtak/<int:decision_id>/brev.pdf", views.decision_letter, name="decision_letter"),
    path("vedtak/<int:decision_id>/klage/", views.complaint_register, name="complaint_register"),
    path("klager/<int:complaint_id>/", views.complaint_detail, name="complaint"),
    path("klager/<int:complaint_id>/ny-vurdering/", views.complaint_reconsider, name="complaint_reconsider"),
    path("klager/<int:complaint_id>/send/", views.complaint_forward, name="complaint_forward"),
    path("klager/<int:complaint_id>/oversendelse.pdf", views.complaint_bundle, name="complaint_bundle"),
    path("<int:application_id>/oppnevn/", staffing_views.appoint, name="appoint"),
    path("bytte/<int:request_id>/", staffing_views.change_request, name="change_request"),
    path(
        "bytte/<int:request_id>/avslag/", staffing_views.change_request_decline, name="change_request_decline"
    ),
    path("koordinatorer/", staffing_views.coordinators, name="coordinators"),
    path("koordinatorer/<int:user_id>/", staffing_views.coordinator_profile, name="coordinator_profile"),
    path("opplaering/", staffing_views.training, name="training"),
    path("opplaering/<int:course_id>/", staffing_views.training_course, name="training_course"),
]
