"""The municipality's places, travel times between them, and where and when its services receive families
(place, opening hours, closed dates, the service's own spacing between two appointments). This is what the
optimiser plans with (`los.calendar.services.planning`). The coordinating unit keeps it (helse- og
omsorgstjenesteloven § 7-3 gives it the overview of the municipality's services), each municipality its
own: every function takes the user's municipality and nothing of another's.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from los.core.errors import DomainError
from los.core.models import Role
from los.people.models import Service

from ..models import ClosedDate, OpeningHours, Place, ServiceCalendar, TravelTime


def may_keep_places(user) -> bool:
    """The coordinating unit's caseworkers keep their own municipality's places and opening hours."""
    return getattr(user, "role", None) == Role.CASEWORKER and bool(getattr(user, "municipality_id", None))


def places(user):
    return Place.objects.filter(municipality_id=user.municipality_id).order_by("name", "id")


def travel_times(user):
    return (
        TravelTime.objects.filter(municipality_id=user.municipality_id)
        .select_related("place_a", "place_b")
        .order_by("place_a__name", "place_b__name", "id")
    )


def services(user):
    return Service.objects.filter(organisation__municipality_id=user.municipality_id).order_by("name", "id")


def _check(user) -> None:
    if not may_keep_places(user):
        raise DomainError(_("Bare koordinerende enhet kan endre steder og åpningstider."))


@transaction.atomic
def save_place(user, place: Place | None, data: dict) -> Place:
    """A new place, or a new name or address for one; two places of a municipality never share a name."""
    _check(user)
    taken = places(user).filter(name__iexact=data["name"])
    if place is not None:
        taken = taken.exclude(pk=place.pk)
    if taken.exists():
        raise DomainError(_("Det finnes allerede et sted med dette navnet."), field="name")
    if place is None:
        place = Place(municipality_id=user.municipality_id)
    place.name, place.address = data["name"], data.get("address", "")
    place.save()
    return place


@transaction.atomic
def save_travel_time(user, travel: TravelTime | None, data: dict) -> TravelTime:
    """The minutes between two of the municipality's places (the same both ways, one row per pair)."""
    _check(user)
    a, b = data["place_a"], data["place_b"]
    if a.municipality_id != user.municipality_id or b.municipality_id != user.municipality_id:
        raise DomainError(_("Velg steder i din kommune."))
    if a.pk == b.pk:
        raise DomainError(_("Velg to forskjellige steder."), field="place_b")
    low, high = sorted((a.pk, b.pk))
    taken = TravelTime.objects.filter(place_a_id=low, place_b_id=high)
    if travel is not None:
        taken = taken.exclude(pk=travel.pk)
    if taken.exists():
        raise DomainError(
            _("Reisetiden mellom %(a)s og %(b)s er allerede registrert. Endre den i stedet.")
            % {"a": a.name, "b": b.name},
            field="place_b",
        )
    if travel is None:
        travel = TravelTime(municipality_id=user.municipality_id)
    travel.place_a_id, travel.place_b_id, travel.minutes = low, high, data["minutes"]
    travel.save()
    return travel


@transaction.atomic
def save_service_calendar(user, service: Service, data: dict) -> ServiceCalendar:
    """Where the service receives families, and its own least spacing between two appointments."""
    _check(user)
    if data["place"].municipality_id != user.municipality_id:
        raise DomainError(_("Velg et sted i din kommune."), field="place")
    calendar, _created = ServiceCalendar.objects.update_or_create(
        service=service,
        defaults={
            "place": data["place"],
            "min_days_between": data["min_days_between"],
            "min_minutes_between": data["min_minutes_between"],
        },
    )
    return calendar


def _overlapping(service: Service, data: dict, hours: OpeningHours | None):
    found = OpeningHours.objects.filter(
        service=service, weekday=data["weekday"], opens__lt=data["closes"], closes__gt=data["opens"]
    )
    return found.exclude(pk=hours.pk) if hours is not None else found


@transaction.atomic
def save_opening_hours(user, service: Service, hours: OpeningHours | None, data: dict) -> OpeningHours:
    """A weekly window in which the service takes appointments; windows of one weekday never overlap."""
    _check(user)
    if data["closes"] <= data["opens"]:
        raise DomainError(_("Stenger må være etter åpner."), field="closes")
    if _overlapping(service, data, hours).exists():
        raise DomainError(
            _("Åpningstiden overlapper en annen åpningstid samme ukedag. Endre den i stedet."), field="opens"
        )
    if hours is None:
        hours = OpeningHours(service=service)
    hours.weekday, hours.opens, hours.closes = data["weekday"], data["opens"], data["closes"]
    hours.save()
    return hours


@transaction.atomic
def delete_opening_hours(user, hours: OpeningHours) -> None:
    _check(user)
    hours.delete()


@transaction.atomic
def add_closed_date(user, service: Service, data: dict) -> ClosedDate:
    """A date the service is closed (public holidays close every service without being listed)."""
    _check(user)
    if ClosedDate.objects.filter(service=service, date=data["date"]).exists():
        raise DomainError(_("Denne datoen er allerede registrert som stengt."), field="date")
    return ClosedDate.objects.create(service=service, date=data["date"], reason=data.get("reason", ""))


@transaction.atomic
def delete_closed_date(user, closed: ClosedDate) -> None:
    _check(user)
    closed.delete()
