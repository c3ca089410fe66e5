from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("organisasjoner/", views.directory, name="directory"),
    path("organisasjoner/ny/", views.organisation_edit, name="organisation_add"),
    path("organisasjoner/<int:organisation_id>/", views.organisation_edit, name="organisation_edit"),
    path("<int:family_id>/", views.referral_list, name="list"),
    path("<int:family_id>/ny/", views.referral_create, name="create"),
    path("<int:family_id>/<int:referral_id>/svar/", views.referral_answer, name="answer"),
]
