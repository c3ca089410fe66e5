from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:notification_id>/lest/", views.mark_read, name="mark_read"),
    path("alle-lest/", views.mark_all_read, name="mark_all_read"),
    path("valg/", views.preferences, name="preferences"),
]
