from django.urls import path

from .views import relay as views

app_name = "relay"

urlpatterns = [
    path("<int:family_id>/", views.relay_list, name="list"),
    path("<int:family_id>/ny/", views.relay_create, name="create"),
    path("<int:family_id>/<int:log_id>/", views.relay_detail, name="detail"),
    path("<int:family_id>/<int:log_id>/endre/", views.relay_edit, name="edit"),
    path("<int:family_id>/<int:log_id>/notat/", views.entry_add, name="entry_add"),
    path("<int:family_id>/<int:log_id>/mal/ny/", views.goal_add, name="goal_add"),
    path("<int:family_id>/<int:log_id>/tiltak/ny/", views.measure_add, name="measure_add"),
    path("<int:family_id>/<int:log_id>/overlever/", views.handover, name="handover"),
    path(
        "<int:family_id>/<int:log_id>/overlevering/<int:handover_id>/",
        views.handover_answer,
        name="handover_answer",
    ),
    path("<int:family_id>/<int:log_id>/avslutt/", views.close, name="close"),
    path("<int:family_id>/<int:log_id>/til-plan/", views.carry_into_plan, name="carry_into_plan"),
    path("<int:family_id>/<int:log_id>/familie/", views.portal_detail, name="portal_detail"),
    path("<int:family_id>/<int:log_id>/familie/avslutt/", views.portal_close, name="portal_close"),
]
