"""Demo data for the child's calendar (called from `los.people.demo`). Deterministic: no randomness, dates
relative to the seed's `today`.

Every municipality gets places, a travel-time table, and a place and opening hours for each service. In
demo mode, `forelder`'s family gets limits, needs over the next twelve weeks that the optimiser can bundle,
a confirmed physiotherapy appointment, a requested control and one of the family's own entries: from
there a coordinator bundles in the browser, the services confirm, and the guardian's feed shows it.
"""

import datetime as dt

from los.consent.models import Consent
from los.core import dates
from los.core.models import User
from los.people.models import Family, Service
from los.team.models import TeamMember

from .models import (
    Appointment,
    AppointmentKind,
    AppointmentNeed,
    AppointmentStatus,
    BookingRequest,
    ClosedDate,
    FamilyLimits,
    OpeningHours,
    Place,
    ServiceCalendar,
    TravelTime,
)

PLACES = ["Helsehuset", "Sykehuset", "Rådhuset", "Skolen", "Legesenteret", "Barnehagen"]
TRAVEL = {
    ("Helsehuset", "Sykehuset"): 30,
    ("Helsehuset", "Rådhuset"): 15,
    ("Rådhuset", "Sykehuset"): 30,
    ("Helsehuset", "Skolen"): 20,
    ("Skolen", "Sykehuset"): 35,
    ("Rådhuset", "Skolen"): 15,
}
DEFAULT_TRAVEL = 30

# service name -> (place, [(weekdays, opens, closes)])
WEEKDAYS = (0, 1, 2, 3, 4)
HOURS = {
    "Fysioterapi for barn": ("Helsehuset", [((0, 1, 2, 3), "08:00", "15:30")]),
    "Ergoterapi": ("Helsehuset", [((0, 2), "09:00", "14:30")]),
    "Helsestasjon og skolehelsetjeneste": ("Helsehuset", [((1, 3), "08:30", "15:00")]),
    "Barneklinikken": ("Sykehuset", [((1, 2, 3), "08:30", "14:00")]),
    "Habiliteringstjenesten for barn": ("Sykehuset", [((0, 2), "09:00", "15:00")]),
    "PPT": ("Rådhuset", [((1, 3), "09:00", "15:00")]),
    "Fastlegekontoret": ("Legesenteret", [(WEEKDAYS, "08:00", "15:30")]),
    "Skolen": ("Skolen", [(WEEKDAYS, "08:30", "14:00")]),
    "Barnehagen": ("Barnehagen", [(WEEKDAYS, "07:30", "16:00")]),
}
# service name -> (least days, least minutes same day) between two of its appointments for one family
SPACING = {
    "Fysioterapi for barn": (2, 0),  # never two physiotherapy sessions within two days
    "Ergoterapi": (1, 0),
}
# Needs for the demo family: (service name, title, kind, count, minutes, from week, to week, min gap, max gap)
NEEDS = [
    ("Fysioterapi for barn", "Fysioterapi, fast serie", AppointmentKind.TREATMENT, 8, 45, 0, 12, 6, 9),
    ("Barneklinikken", "Kontroll på barneklinikken", AppointmentKind.CONTROL, 2, 30, 1, 12, 21, 42),
    (
        "Habiliteringstjenesten for barn",
        "Habilitering, oppfølging",
        AppointmentKind.TREATMENT,
        3,
        60,
        0,
        12,
        14,
        28,
    ),
    ("Ergoterapi", "Ergoterapi, hjelpemidler", AppointmentKind.CONTROL, 1, 60, 2, 8, 0, None),
]


def _put_on_team(family, services, providers_of, today) -> None:
    """The services with needs join the team, and the family's consent (given in the same seed) covers
    them, so their professionals receive and answer the booking requests."""
    consent = Consent.objects.active_on(today).filter(family=family).first()
    on_team = set(TeamMember.objects.filter(family=family).values_list("service_id", flat=True))
    for service in services:
        if service.pk not in on_team and service.pk in providers_of:
            professional = providers_of[service.pk]
            TeamMember.objects.create(
                family=family,
                professional=professional,
                service=service,
                role=professional.profession,
                joined_on=today,
            )
        if consent is not None:
            consent.services.add(service)


def _t(value: str) -> dt.time:
    return dt.time.fromisoformat(value)


def seed_calendar(seeder, built) -> None:
    """Give the demo families twelve weeks of appointments and needs, so the bundling proposal has something
    to bundle."""
    for municipality, services, *_ in built:
        places = {name: Place.objects.create(municipality=municipality, name=name) for name in PLACES}
        for i, a in enumerate(PLACES):
            for b in PLACES[i + 1 :]:
                minutes = TRAVEL.get((a, b), TRAVEL.get((b, a), DEFAULT_TRAVEL))
                TravelTime.objects.create(
                    municipality=municipality, place_a=places[a], place_b=places[b], minutes=minutes
                )
        for service in services:
            place, windows = HOURS.get(service.name, ("Rådhuset", [(WEEKDAYS, "08:00", "15:30")]))
            days, minutes = SPACING.get(service.name, (0, 0))
            ServiceCalendar.objects.create(
                service=service, place=places[place], min_days_between=days, min_minutes_between=minutes
            )
            OpeningHours.objects.bulk_create(
                OpeningHours(service=service, weekday=w, opens=_t(a), closes=_t(b))
                for days, a, b in windows
                for w in days
            )
    if seeder.demo:
        _demo_family(seeder.today, providers_of=built[0][2])


def _demo_family(today: dt.date, providers_of: dict) -> None:
    family = Family.objects.filter(guardians__user__username="forelder").first()
    coordinator = User.objects.filter(username="koordinator").first()
    if family is None or coordinator is None:
        return
    FamilyLimits.objects.create(
        family=family,
        max_appointments_per_day=3,
        unavailable_weekdays=[4],  # Fridays: the parent works
        earliest=dt.time(8, 30),
        latest=dt.time(15, 30),
    )
    start = today + dt.timedelta(days=1)
    child = family.children.first()
    services_by_name = {
        s.name: s for s in Service.objects.filter(organisation__municipality=family.municipality)
    }
    _put_on_team(family, [services_by_name[n[0]] for n in NEEDS], providers_of, today)
    physio = services_by_name["Fysioterapi for barn"]
    # A staff training day at the physiotherapy: closed, so nothing is proposed then.
    ClosedDate.objects.create(
        service=physio, date=start + dt.timedelta(days=(9 - start.weekday()) % 7 + 14), reason="Fagdag"
    )
    for name, title, kind, count, minutes, week_a, week_b, low, high in NEEDS:
        service = services_by_name[name]
        AppointmentNeed.objects.create(
            family=family,
            child=child,
            service=service,
            title=title,
            kind=kind,
            count=count,
            duration_minutes=minutes,
            window_from=start + dt.timedelta(weeks=week_a),
            window_to=start + dt.timedelta(weeks=week_b, days=-1),
            min_days_between=low,
            max_days_between=high,
            created_by=coordinator,
        )
    place = ServiceCalendar.objects.get(service=physio).place
    monday = start + dt.timedelta(days=(7 - start.weekday()) % 7)
    tuesday = monday + dt.timedelta(days=1)
    tjenesteyter = User.objects.filter(username="tjenesteyter").first()
    Appointment.objects.create(
        family=family,
        child=child,
        service=physio,
        professional=getattr(tjenesteyter, "professional", None),
        title="",
        kind=AppointmentKind.TREATMENT,
        status=AppointmentStatus.CONFIRMED,
        starts_at=dates.at(tuesday, dt.time(9)),
        ends_at=dates.at(tuesday, dt.time(9, 45)),
        place=place,
        uid=f"demo-physio-{family.pk}@los",
        created_by=coordinator,
    )
    clinic = services_by_name["Barneklinikken"]
    requested = Appointment.objects.create(
        family=family,
        child=child,
        service=clinic,
        kind=AppointmentKind.CONTROL,
        status=AppointmentStatus.REQUESTED,
        starts_at=dates.at(tuesday, dt.time(11, 30)),
        ends_at=dates.at(tuesday, dt.time(12)),
        place=ServiceCalendar.objects.get(service=clinic).place,
        uid=f"demo-clinic-{family.pk}@los",
        created_by=coordinator,
    )
    BookingRequest.objects.create(appointment=requested, service=clinic, requested_by=coordinator)
    Appointment.objects.create(
        family=family,
        child=child,
        title="Skoleavslutning",
        kind=AppointmentKind.SCHOOL_EVENT,
        status=AppointmentStatus.CONFIRMED,
        starts_at=dates.at(monday + dt.timedelta(days=3), dt.time(17)),
        ends_at=dates.at(monday + dt.timedelta(days=3), dt.time(18, 30)),
        place=None,
        source="family",
        uid=f"demo-school-{family.pk}@los",
        created_by=coordinator,
    )
