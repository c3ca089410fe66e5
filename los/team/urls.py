from django.urls import path

from los.consent import views as consent_views

from .views import follow_up, group, meetings

app_name = "team"

urlpatterns = [
    path("", follow_up.follow_up, name="follow_up"),
    path("mine-familier/", follow_up.caseload, name="caseload"),
    path("familie/<int:family_id>/", group.overview, name="overview"),
    path("familie/<int:family_id>/fagperson/ny/", group.add_professional, name="add_professional"),
    path("familie/<int:family_id>/fra-familien/ny/", group.add_family_member, name="add_family_member"),
    # Asking the family to extend the consent is the consent's page; it keeps its team address.
    path("familie/<int:family_id>/samtykke/spor/", consent_views.request_consent, name="request_consent"),
    path("familie/<int:family_id>/moter/nytt/", meetings.meeting_new, name="meeting_new"),
    path("familie/<int:family_id>/punkter/nytt/", follow_up.action_item_new, name="action_item_new"),
    path("familie/<int:family_id>/kontakt/ny/", follow_up.contact_new, name="contact_new"),
    path("samtykke/<int:request_id>/", consent_views.answer_consent_request, name="consent_request_answer"),
    path("moter/<int:meeting_id>/", meetings.meeting_detail, name="meeting"),
    path("moter/<int:meeting_id>/svar/", meetings.meeting_reply, name="meeting_reply"),
    path(
        "familie/<int:family_id>/medlem/<str:kind>/<int:member_id>/avslutt/",
        group.end_membership,
        name="end_membership",
    ),
    path("moter/<int:meeting_id>/endre/", meetings.meeting_reschedule, name="meeting_reschedule"),
    path("moter/<int:meeting_id>/avlys/", meetings.meeting_cancel, name="meeting_cancel"),
    path("moter/<int:meeting_id>/referat/", meetings.minutes_edit, name="minutes_edit"),
    path("punkter/<int:item_id>/", follow_up.action_item_detail, name="action_item"),
    path("punkter/<int:item_id>/kommentar/", follow_up.action_item_comment, name="action_item_comment"),
    path("punkter/<int:item_id>/status/", follow_up.action_item_status, name="action_item_status"),
]
