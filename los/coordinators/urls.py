from django.urls import path

from . import views

app_name = "coordinators"

urlpatterns = [
    path("<int:application_id>/oppnevn/", views.appoint, name="appoint"),
    path("familie/<int:family_id>/koordinator/bytt/", views.replace, name="replace"),
    path("familie/<int:family_id>/koordinator/type/", views.change_kind, name="change_kind"),
    path("bytte/<int:request_id>/", views.change_request, name="change_request"),
    path("bytte/<int:request_id>/avslag/", views.change_request_decline, name="change_request_decline"),
    path("koordinatorer/", views.coordinators, name="coordinators"),
    path("koordinatorer/<int:user_id>/", views.coordinator_profile, name="coordinator_profile"),
    path("opplaering/", views.training, name="training"),
    path("opplaering/<int:course_id>/", views.training_course, name="training_course"),
]
