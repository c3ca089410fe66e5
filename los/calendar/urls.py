from django.urls import path

from . import views, views_feeds, views_planning

app_name = "calendar"

urlpatterns = [
    path("familie/<int:family_id>/uke/", views.week, name="week"),
    path("familie/<int:family_id>/maned/", views.month, name="month"),
    path("familie/<int:family_id>/liste/", views.agenda, name="agenda"),
    path("familie/<int:family_id>/dagsark/", views.day_sheet, name="day_sheet"),
    path("familie/<int:family_id>/ny/", views.appointment_new, name="appointment_new"),
    path(
        "familie/<int:family_id>/avtale/<int:appointment_id>/",
        views.appointment_edit,
        name="appointment_edit",
    ),
    path(
        "familie/<int:family_id>/avtale/<int:appointment_id>/avlys/",
        views.appointment_cancel,
        name="appointment_cancel",
    ),
    path("familie/<int:family_id>/behov/", views_planning.needs, name="needs"),
    path("familie/<int:family_id>/behov/ny/", views_planning.need_new, name="need_new"),
    path(
        "familie/<int:family_id>/behov/<int:need_id>/avslutt/", views_planning.need_close, name="need_close"
    ),
    path("familie/<int:family_id>/begrensninger/", views_planning.limits, name="limits"),
    path("familie/<int:family_id>/forslag/ny/", views_planning.propose, name="propose"),
    path("familie/<int:family_id>/forslag/<int:proposal_id>/", views_planning.proposal, name="proposal"),
    path(
        "familie/<int:family_id>/forslag/<int:proposal_id>/send/",
        views_planning.proposal_send,
        name="proposal_send",
    ),
    path(
        "familie/<int:family_id>/foresporsel/<int:request_id>/godta/",
        views_planning.counter_accept,
        name="counter_accept",
    ),
    path("familie/<int:family_id>/import/", views_planning.import_ics, name="import_ics"),
    path("foresporsler/", views_planning.requests, name="requests"),
    path("foresporsler/<int:request_id>/bekreft/", views_planning.request_confirm, name="request_confirm"),
    path(
        "foresporsler/<int:request_id>/nytt-tidspunkt/",
        views_planning.request_counter,
        name="request_counter",
    ),
    path("abonnement/", views_feeds.feeds, name="feeds"),
    path("ics/<str:token>/", views_feeds.feed, name="feed"),
]
