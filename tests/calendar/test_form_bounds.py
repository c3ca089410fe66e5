"""Issue 10: ids the database cannot hold in the appointment form's checkboxes and selects answered 500.
They are a form error now: 422 with the form, nothing saved; a date far away is refused on the field."""

import datetime as dt

import pytest
from django.urls import reverse

from los.calendar.models import Appointment
from los.core import dates

from .world import add_calendar

pytestmark = pytest.mark.django_db

BAD = [str(2**63), "99999999999999999999", "-1", "abc"]


def _entry(**extra):
    day = dates.today() + dt.timedelta(days=7)
    return {
        "title": "Skoletur",
        "kind": "school_event",
        "date": day.isoformat(),
        "start_time": "08:30",
        "end_time": "14:00",
        **extra,
    }


@pytest.mark.parametrize("bad", BAD)
def test_appointment_with_an_impossible_guardian_id_is_a_form_error(tenant, client_for, bad):
    add_calendar(tenant)
    guardian = client_for(tenant.guardian_user)
    guardian.raise_request_exception = False
    url = reverse("calendar:appointment_new", args=[tenant.family.pk])
    response = guardian.post(url, _entry(guardians=[bad]))
    assert response.status_code == 422
    assert not Appointment.objects.exists()
    assert guardian.post(url, _entry(guardians=[tenant.guardians[0].pk])).status_code == 302


@pytest.mark.parametrize("field", ["service", "place"])
def test_appointment_with_an_impossible_service_or_place_is_a_form_error(tenant, client_for, field):
    add_calendar(tenant)
    coordinator = client_for(tenant.coordinator)
    coordinator.raise_request_exception = False
    url = reverse("calendar:appointment_new", args=[tenant.family.pk])
    data = _entry(kind="treatment", service=tenant.physio.pk, title="Fysioterapi")
    response = coordinator.post(url, {**data, field: str(2**63)})
    assert response.status_code == 422
    assert not Appointment.objects.exists()


def test_appointment_on_9999_12_31_is_refused_on_the_date(tenant, client_for):
    add_calendar(tenant)
    guardian = client_for(tenant.guardian_user)
    url = reverse("calendar:appointment_new", args=[tenant.family.pk])
    response = guardian.post(url, _entry(date="9999-12-31"))
    assert response.status_code == 422 and "for langt fram i tid" in response.content.decode()
    assert not Appointment.objects.exists()
