from django.urls import path

from . import views

app_name = "portal_coordinators"

urlpatterns = [
    path("<int:family_id>/ny-koordinator/", views.change_coordinator, name="change_coordinator"),
]
