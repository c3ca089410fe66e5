from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("<int:family_id>/", views.plan_detail, name="plan"),
    path("<int:family_id>/ny/", views.plan_create, name="plan_create"),
    path("<int:family_id>/endre/", views.plan_edit, name="plan_edit"),
    path("<int:family_id>/deltakere/ny/", views.participant_add, name="participant_add"),
    path(
        "<int:family_id>/deltakere/<int:participant_id>/fjern/",
        views.participant_remove,
        name="participant_remove",
    ),
    path("<int:family_id>/mal/ny/", views.goal_edit, name="goal_add"),
    path("<int:family_id>/mal/<int:goal_id>/", views.goal_edit, name="goal_edit"),
    path("<int:family_id>/tiltak/ny/", views.measure_edit, name="measure_add"),
    path("<int:family_id>/tiltak/<int:measure_id>/", views.measure_edit, name="measure_edit"),
    path("<int:family_id>/tiltak/<int:measure_id>/evaluer/", views.evaluate, name="evaluate"),
    path("<int:family_id>/revider/", views.revise, name="revise"),
    path("<int:family_id>/versjon/<int:number>/", views.version_detail, name="version"),
    path("<int:family_id>/sammenlign/", views.compare, name="compare"),
    path("<int:family_id>/pdf/", views.pdf, name="pdf"),
    path("<int:family_id>/kommentarer/lest/", views.comments_seen, name="comments_seen"),
    path("<int:family_id>/familie/", views.portal_plan, name="portal_plan"),
]
