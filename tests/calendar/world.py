# ruff: noqa: E501  (scenario tables read best one case per line)
"""Calendar data on top of the test tenant: places, travel times, opening hours and needs."""

import datetime as dt

from los.calendar.models import (
    Appointment,
    AppointmentNeed,
    AppointmentStatus,
    OpeningHours,
    Place,
    ServiceCalendar,
    TravelTime,
)
from los.core import dates

# A Monday well clear of public holidays.
MONDAY = dt.date(2027, 1, 4)


def add_calendar(tenant, weekdays=(0, 1, 2, 3, 4)):
    m = tenant.municipality
    health_house = Place.objects.create(municipality=m, name="Helsehuset")
    school = Place.objects.create(municipality=m, name="Skolen")
    TravelTime.objects.create(municipality=m, place_a=health_house, place_b=school, minutes=30)
    ServiceCalendar.objects.create(service=tenant.physio, place=health_house)
    ServiceCalendar.objects.create(service=tenant.school, place=school)
    for service in (tenant.physio, tenant.school):
        for wd in weekdays:
            OpeningHours.objects.create(service=service, weekday=wd, opens=dt.time(8), closes=dt.time(15))
    tenant.health_house, tenant.school_place = health_house, school
    return tenant


def need(tenant, service=None, **fields):
    values = {
        "title": "Fysioterapi",
        "duration_minutes": 45,
        "count": 2,
        "window_from": MONDAY,
        "window_to": MONDAY + dt.timedelta(days=13),
        "min_days_between": 5,
        "max_days_between": 9,
    }
    values.update(fields)
    return AppointmentNeed.objects.create(
        family=tenant.family, service=service or tenant.physio, created_by=tenant.coordinator, **values
    )


def appointment(tenant, day=MONDAY, start=dt.time(9), minutes=45, service="physio", **fields):
    service_obj = getattr(tenant, service) if isinstance(service, str) else service
    values = {
        "family": tenant.family,
        "child": tenant.family.children.first(),
        "service": service_obj,
        "starts_at": dates.at(day, start),
        "ends_at": dates.at(day, start) + dt.timedelta(minutes=minutes),
        "status": AppointmentStatus.CONFIRMED,
        "place": getattr(tenant, "health_house", None),
        "created_by": tenant.coordinator,
    }
    values.update(fields)
    return Appointment.objects.create(**values)


def matrix_appointment(tenant):
    """A physiotherapy appointment the team's physiotherapist may see (for the access matrix)."""
    return appointment(tenant, place=None)


def matrix_proposal(tenant):
    from los.calendar.models import BundlingProposal

    return BundlingProposal.objects.create(
        family=tenant.family,
        start=MONDAY,
        days=14,
        status="infeasible",
        instance={"needs": []},
        result={"appointments": [], "infeasible_needs": []},
        created_by=tenant.coordinator,
    )


def matrix_request(tenant):
    from los.calendar.models import BookingRequest

    booked = appointment(tenant, place=None, status=AppointmentStatus.REQUESTED)
    return BookingRequest.objects.create(
        appointment=booked, service=tenant.physio, requested_by=tenant.coordinator
    )


def state_need_to_know(tenant, explanation="Koordinator er syk, familien trenger hjelp"):
    """The caseworker's stated need to know for the family (tjenstlig behov), in force for a day."""
    from django.utils import timezone

    from los.core.models import NeedToKnow, NeedToKnowReason

    now = timezone.now()
    return NeedToKnow.objects.create(
        user=tenant.caseworker,
        family=tenant.family,
        reason=NeedToKnowReason.COORDINATOR_ABSENT,
        explanation=explanation,
        starts_at=now - dt.timedelta(minutes=1),
        expires_at=now + dt.timedelta(days=1),
    )


def shared_calendar(tenant):
    """One appointment of each kind the policy tells apart: a service the consent covers (physio), a
    service it does not cover (school), and the family's own entry (no service). Returns them by name."""
    return {
        "covered": appointment(tenant, title="Trening i bassenget"),
        "uncovered": appointment(
            tenant, service="school", start=dt.time(12), title="Foreldremøte", place=tenant.school_place
        ),
        "own": appointment(
            tenant, service=None, start=dt.time(14), title="Bursdag", place=None, source="family"
        ),
    }
