from django.urls import path

from .views import appointments, calendar, feeds, places, planning, requests

app_name = "calendar"

urlpatterns = [
    path("familie/<int:family_id>/uke/", calendar.week, name="week"),
    path("familie/<int:family_id>/maned/", calendar.month, name="month"),
    path("familie/<int:family_id>/liste/", calendar.agenda, name="agenda"),
    path("familie/<int:family_id>/dagsark/", calendar.day_sheet, name="day_sheet"),
    path("familie/<int:family_id>/ny/", appointments.appointment_new, name="appointment_new"),
    path(
        "familie/<int:family_id>/avtale/<int:appointment_id>/",
        appointments.appointment_edit,
        name="appointment_edit",
    ),
    path(
        "familie/<int:family_id>/avtale/<int:appointment_id>/avlys/",
        appointments.appointment_cancel,
        name="appointment_cancel",
    ),
    path("familie/<int:family_id>/behov/", planning.needs, name="needs"),
    path("familie/<int:family_id>/behov/ny/", planning.need_new, name="need_new"),
    path("familie/<int:family_id>/behov/<int:need_id>/avslutt/", planning.need_close, name="need_close"),
    path("familie/<int:family_id>/begrensninger/", planning.limits, name="limits"),
    path("familie/<int:family_id>/forslag/ny/", planning.propose, name="propose"),
    path("familie/<int:family_id>/forslag/<int:proposal_id>/", planning.proposal, name="proposal"),
    path(
        "familie/<int:family_id>/forslag/<int:proposal_id>/send/",
        planning.proposal_send,
        name="proposal_send",
    ),
    path(
        "familie/<int:family_id>/forslag/<int:proposal_id>/time/<int:index>/",
        planning.proposal_adjust,
        name="proposal_adjust",
    ),
    path(
        "familie/<int:family_id>/foresporsel/<int:request_id>/godta/",
        planning.counter_accept,
        name="counter_accept",
    ),
    path("familie/<int:family_id>/import/", planning.import_ics, name="import_ics"),
    path("foresporsler/", requests.requests, name="requests"),
    path("foresporsler/<int:request_id>/bekreft/", requests.request_confirm, name="request_confirm"),
    path(
        "foresporsler/<int:request_id>/nytt-tidspunkt/",
        requests.request_counter,
        name="request_counter",
    ),
    path("abonnement/", feeds.feeds, name="feeds"),
    path("ics/<str:token>/", feeds.feed, name="feed"),
    # The coordinating unit's places, travel times and opening hours (no family data).
    path("steder/", places.places, name="places"),
    path("steder/nytt/", places.place_new, name="place_new"),
    path("steder/<int:place_id>/", places.place_edit, name="place_edit"),
    path("steder/reisetid/ny/", places.travel_new, name="travel_new"),
    path("steder/reisetid/<int:travel_id>/", places.travel_edit, name="travel_edit"),
    path("steder/tjeneste/<int:service_id>/", places.service_hours, name="service_hours"),
    path("steder/tjeneste/<int:service_id>/apningstid/ny/", places.opening_new, name="opening_new"),
    path(
        "steder/tjeneste/<int:service_id>/apningstid/<int:hours_id>/",
        places.opening_edit,
        name="opening_edit",
    ),
    path(
        "steder/tjeneste/<int:service_id>/apningstid/<int:hours_id>/slett/",
        places.opening_delete,
        name="opening_delete",
    ),
    path("steder/tjeneste/<int:service_id>/stengt/ny/", places.closed_new, name="closed_new"),
    path(
        "steder/tjeneste/<int:service_id>/stengt/<int:closed_id>/slett/",
        places.closed_delete,
        name="closed_delete",
    ),
]
