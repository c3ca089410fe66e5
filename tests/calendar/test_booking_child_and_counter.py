"""A booking request names the child it is for, and a service's counter-proposal reaches the coordinator:
as a notification (in Los and by e-mail through the outbox) and at the top of «Bookingforespørsler»."""

import datetime

from django.core import mail

from los.calendar.models import AppointmentStatus, BookingRequest, RequestState
from los.calendar.services import booking
from los.core import dates
from los.notifications import services as notifications
from los.notifications.models import Notification, OutboxMessage

from .world import MONDAY, appointment


def requested(tenant, **fields):
    booked = appointment(tenant, place=None, status=AppointmentStatus.REQUESTED, **fields)
    return booking.request_booking(booked, tenant.coordinator)


def test_the_service_reads_which_child_and_family_the_request_is_for(tenant, client_for):
    request = requested(tenant)
    assert booking.request_label(request) == "Fysioterapi for Emma (f. 2016)"
    html = client_for(tenant.provider).get("/kalender/foresporsler/").content.decode()
    assert "Fysioterapi for Emma (f. 2016) · Familien Fjordsen" in html
    told = Notification.objects.get(user=tenant.provider, kind="booking_request")
    assert told.child == tenant.family.children.get() and "Fysioterapi for Emma (f. 2016)" in told.text


def test_a_request_for_the_whole_family_names_the_service_alone(tenant):
    request = requested(tenant, child=None)
    assert booking.request_label(request) == "Fysioterapi"


def test_counter_proposal_notifies_the_coordinator_in_los_and_by_e_mail(tenant, client_for):
    request = requested(tenant)
    proposed = dates.at(MONDAY + datetime.timedelta(days=1), datetime.time(13))
    booking.propose_other_time(request, tenant.provider, proposed, "Vi har bare ledig tirsdag")

    told = Notification.objects.get(kind="booking_counter")
    assert told.user == tenant.coordinator
    assert told.family == tenant.family and told.child == tenant.family.children.get()
    assert "Fysioterapi for Emma (f. 2016)" in told.text and "kl. 13.00" in told.text
    assert "Vi har bare ledig tirsdag" in told.text
    assert told.url == "/kalender/foresporsler/"
    # The service that proposed is not told about its own proposal.
    assert not Notification.objects.filter(kind="booking_counter", user=tenant.provider).exists()

    # In the coordinator's list, with the family and the child.
    html = client_for(tenant.coordinator).get("/varsler/").content.decode()
    assert "Tjenesten foreslår et annet tidspunkt" in html and "Familien Fjordsen · Emma (f. 2016)" in html

    # By e-mail, through the outbox.
    tenant.coordinator.email = "kari@example.invalid"
    tenant.coordinator.save()
    mail.outbox.clear()
    notifications.deliver_immediate()
    message = OutboxMessage.objects.get(user=tenant.coordinator)
    assert "Familien Fjordsen" in message.subject and "Emma (f. 2016)" in message.body
    assert len(mail.outbox) == 1


def test_coordinator_s_requests_page_shows_what_waits_for_their_answer(tenant, client_for):
    request = requested(tenant)
    c = client_for(tenant.coordinator)
    html = c.get("/kalender/foresporsler/").content.decode()
    assert "Venter på ditt svar (0)" in html
    booking.propose_other_time(request, tenant.provider, dates.at(MONDAY, datetime.time(13)))
    html = c.get("/kalender/foresporsler/").content.decode()
    assert "Venter på ditt svar (1)" in html
    assert "Fysioterapi for Emma (f. 2016) · Familien Fjordsen" in html
    assert f"/kalender/familie/{tenant.family.pk}/foresporsel/{request.pk}/godta/" in html

    # Accepting it from there books the service's time, and it no longer waits.
    response = c.post(f"/kalender/familie/{tenant.family.pk}/foresporsel/{request.pk}/godta/")
    assert response.status_code == 302
    assert BookingRequest.objects.get(pk=request.pk).state == RequestState.CONFIRMED
    assert "Venter på ditt svar (0)" in c.get("/kalender/foresporsler/").content.decode()


def test_another_coordinator_sees_no_counter_proposal_of_a_family_they_do_not_coordinate(
    tenant, other_tenant, client_for
):
    request = requested(tenant)
    booking.propose_other_time(request, tenant.provider, dates.at(MONDAY, datetime.time(13)))
    html = client_for(other_tenant.coordinator).get("/kalender/foresporsler/").content.decode()
    assert "Venter på ditt svar (0)" in html and tenant.family.name not in html
