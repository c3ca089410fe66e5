"""«Bookingforespørsler» for a service a page at a time: 50 requests a page, soonest first, only requests
the consent covers, and a query count that does not grow with the requests of a family."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from los.calendar.models import Appointment, AppointmentStatus, BookingRequest
from los.core import dates

from .world import MONDAY

pytestmark = pytest.mark.django_db

URL = "/kalender/foresporsler/"


def add_requests(tenant, n, start=0, service=None):
    service = service or tenant.physio
    appointments = Appointment.objects.bulk_create(
        [
            Appointment(
                family=tenant.family,
                child=tenant.family.children.first(),
                service=service,
                starts_at=dates.at(MONDAY + dt.timedelta(days=i), dt.time(9)),
                ends_at=dates.at(MONDAY + dt.timedelta(days=i), dt.time(10)),
                status=AppointmentStatus.REQUESTED,
                created_by=tenant.coordinator,
            )
            for i in range(start, start + n)
        ]
    )
    BookingRequest.objects.bulk_create(
        [
            BookingRequest(appointment=a, service=service, requested_by=tenant.coordinator)
            for a in appointments
        ],
    )


def request_ids(html):
    return [int(n) for n in re.findall(r'action="/kalender/foresporsler/(\d+)/bekreft/"', html)]


def test_page_two_shows_requests_51_to_100(tenant, client_for):
    add_requests(tenant, 120)
    html = client_for(tenant.provider).get(URL + "?side=2").content.decode()
    soonest_first = list(
        BookingRequest.objects.order_by("appointment__starts_at", "id").values_list("pk", flat=True)
    )
    assert request_ids(html) == soonest_first[50:100]
    assert "Side 2 av 3" in html


@pytest.mark.parametrize("side", ["abc", "99999"])
def test_any_page_parameter_answers(tenant, client_for, side):
    add_requests(tenant, 60)
    assert client_for(tenant.provider).get(URL + f"?side={side}").status_code == 200


def test_a_service_the_consent_does_not_cover_sees_none(tenant, client_for):
    add_requests(tenant, 3, service=tenant.school)  # the consent covers physiotherapy only
    html = client_for(tenant.school_provider).get(URL).content.decode()
    assert 'action="/kalender/foresporsler/' not in html


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_query_count_is_the_same_for_3_and_60_requests(tenant, client_for):
    c = client_for(tenant.provider)
    add_requests(tenant, 3)
    c.get(URL)
    with_3 = count(c, URL)
    add_requests(tenant, 57, start=3)
    assert count(c, URL) == with_3
