"""«Mine oppgaver» (mounted at /mine-oppgaver/): the staff user's own open work."""

from django.urls import path

from .views import work

app_name = "work"

urlpatterns = [
    path("", work.my_work, name="mine"),
    path("<slug:group>/", work.my_work_group, name="group"),
]
