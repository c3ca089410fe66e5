from django.urls import path

from .views import comments, goals, plan

app_name = "plans"

urlpatterns = [
    path("<int:family_id>/", plan.plan_detail, name="plan"),
    path("<int:family_id>/ny/", plan.plan_create, name="plan_create"),
    path("<int:family_id>/endre/", plan.plan_edit, name="plan_edit"),
    path("<int:family_id>/deltakere/ny/", goals.participant_add, name="participant_add"),
    path(
        "<int:family_id>/deltakere/<int:participant_id>/fjern/",
        goals.participant_remove,
        name="participant_remove",
    ),
    path("<int:family_id>/mal/ny/", goals.goal_edit, name="goal_add"),
    path("<int:family_id>/mal/<int:goal_id>/", goals.goal_edit, name="goal_edit"),
    path("<int:family_id>/tiltak/ny/", goals.measure_edit, name="measure_add"),
    path("<int:family_id>/tiltak/<int:measure_id>/", goals.measure_edit, name="measure_edit"),
    path("<int:family_id>/tiltak/<int:measure_id>/evaluer/", goals.evaluate, name="evaluate"),
    path("<int:family_id>/revider/", plan.revise, name="revise"),
    path("<int:family_id>/versjon/<int:number>/", plan.version_detail, name="version"),
    path("<int:family_id>/sammenlign/", plan.compare, name="compare"),
    path("<int:family_id>/pdf/", plan.pdf, name="pdf"),
    path("<int:family_id>/kommentarer/lest/", comments.comments_seen, name="comments_seen"),
    path("<int:family_id>/familie/", comments.portal_plan, name="portal_plan"),
]
