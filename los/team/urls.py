from django.urls import path

from . import views

app_name = "team"

urlpatterns = [
    path("", views.follow_up, name="follow_up"),
    path("mine-familier/", views.caseload, name="caseload"),
    path("familie/<int:family_id>/", views.overview, name="overview"),
    path("familie/<int:family_id>/fagperson/ny/", views.add_professional, name="add_professional"),
    path("familie/<int:family_id>/fra-familien/ny/", views.add_family_member, name="add_family_member"),
    path("familie/<int:family_id>/samtykke/spor/", views.request_consent, name="request_consent"),
    path("familie/<int:family_id>/moter/nytt/", views.meeting_new, name="meeting_new"),
    path("familie/<int:family_id>/punkter/nytt/", views.action_item_new, name="action_item_new"),
    path("familie/<int:family_id>/kontakt/ny/", views.contact_new, name="contact_new"),
    path("samtykke/<int:request_id>/", views.answer_consent_request, name="consent_request_answer"),
    path("moter/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("moter/<int:meeting_id>/svar/", views.meeting_reply, name="meeting_reply"),
    path(
        "familie/<int:family_id>/medlem/<str:kind>/<int:member_id>/avslutt/",
        views.end_membership,
        name="end_membership",
    ),
    path("moter/<int:meeting_id>/endre/", views.meeting_reschedule, name="meeting_reschedule"),
    path("moter/<int:meeting_id>/avlys/", views.meeting_cancel, name="meeting_cancel"),
    path("moter/<int:meeting_id>/referat/", views.minutes_edit, name="minutes_edit"),
    path("punkter/<int:item_id>/", views.action_item_detail, name="action_item"),
    path("punkter/<int:item_id>/kommentar/", views.action_item_comment, name="action_item_comment"),
    path("punkter/<int:item_id>/status/", views.action_item_status, name="action_item_status"),
]
