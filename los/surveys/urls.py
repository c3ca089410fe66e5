from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [path("<int:invitation_id>/", views.answer, name="answer")]
