"""Workflows of the calendar: adding, changing and cancelling appointments, needs and limits, booking
requests and the services' answers, and the secret calendar-feed addresses.

Who may add an appointment: a professional of a service on the family's team whose service the active
consent covers (for that service), the family's coordinator (any service in the municipality), and the
family itself (its own entries, such as a school event). Each change raises the appointment's
``sequence`` so subscribed calendars update (RFC 5545 § 3.8.7.4).
"""

from __future__ import annotations

import datetime as dt

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from los.core.access import Capability, FamilyAccess
from los.core.errors import DomainError
from los.core.models import AccessReason
from los.people.models import Service
from los.team.models import TeamMember

from . import selectors
from .models import (
    Appointment,
    AppointmentKind,
    AppointmentNeed,
    AppointmentStatus,
    BookingRequest,
    CalendarFeed,
    FamilyLimits,
    NeedStatus,
    Place,
    RequestState,
    ServiceCalendar,
)

# --------------------------------------------------------------------------- who may do what


def may_add(access_: FamilyAccess) -> bool:
    return (
        access_.can(Capability.COORDINATE)
        or access_.can(Capability.ACT_AS_FAMILY)
        or access_.reason == AccessReason.TEAM_WITH_CONSENT
    )


def is_family(access_: FamilyAccess) -> bool:
    return access_.can(Capability.ACT_AS_FAMILY)


def allowed_services(access_: FamilyAccess, user):
    """Services this user may book for the family (the family's own entries have none)."""
    family = access_.family
    if access_.can(Capability.COORDINATE):
        return Service.objects.filter(organisation__municipality_id=family.municipality_id).order_by("name")
    if access_.reason == AccessReason.TEAM_WITH_CONSENT:
        team = (
            TeamMember.objects.current().filter(family=family, professional__user=user).values("service_id")
        )
        return (
            Service.objects.filter(pk__in=team, professionals__user=user)
            .filter(pk__in=selectors.covered_service_ids(family.pk))
            .order_by("name")
        )
    return Service.objects.none()


def may_change(access_: FamilyAccess, user, appointment: Appointment) -> bool:
    """The coordinator changes any; a professional the ones of their services; the family its own."""
    if appointment.family_id != access_.family.pk:
        return False
    if access_.can(Capability.COORDINATE):
        return True
    if is_family(access_):
        return appointment.service_id is None
    if access_.reason == AccessReason.TEAM_WITH_CONSENT:
        return allowed_services(access_, user).filter(pk=appointment.service_id).exists()
    return False


# --------------------------------------------------------------------------- appointments


def combine(date: dt.date, time: dt.time) -> dt.datetime:
    """A local Oslo wall-clock time as an aware datetime (DST-correct)."""
    return dt.datetime.combine(date, time, tzinfo=selectors.OSLO)


def _validate(access_, user, data: dict) -> None:
    if data["ends_at"] <= data["starts_at"]:
        raise DomainError(_("Sluttidspunktet må være etter starttidspunktet."), field="end_time")
    service = data.get("service")
    if service is not None and not allowed_services(access_, user).filter(pk=service.pk).exists():
        raise DomainError(_("Du kan ikke sette opp timer for denne tjenesten hos familien."), field="service")
    if service is None and not (is_family(access_) or access_.can(Capability.COORDINATE)):
        raise DomainError(_("Velg tjenesten timen gjelder."), field="service")
    place = data.get("place")
    if place is not None and place.municipality_id != access_.family.municipality_id:
        raise DomainError(_("Ukjent sted."), field="place")
    child = data.get("child")
    if child is not None and child.family_id != access_.family.pk:
        raise DomainError(_("Ukjent barn."), field="child")
    for g in data.get("guardians") or []:
        if g.family_id != access_.family.pk:
            raise DomainError(_("Ukjent foresatt."), field="guardians")


def _default_place(service):
    if service is None:
        return None
    calendar = ServiceCalendar.objects.filter(service=service).first()
    return calendar.place if calendar else None


@transaction.atomic
def create_appointment(access_: FamilyAccess, user, data: dict) -> Appointment:
    """Add an appointment. The family's own entries are confirmed at once; a service's own booking is
    confirmed; the coordinator's is planned until the service confirms it."""
    if not may_add(access_):
        raise DomainError(_("Du kan ikke legge inn avtaler for denne familien."))
    _validate(access_, user, data)
    service = data.get("service")
    if is_family(access_):
        status, source = AppointmentStatus.CONFIRMED, "family"
    elif access_.reason == AccessReason.TEAM_WITH_CONSENT:
        status, source = AppointmentStatus.CONFIRMED, "los"
    else:
        status, source = data.get("status") or AppointmentStatus.PLANNED, "los"
    professional = (
        getattr(user, "professional", None) if access_.reason == AccessReason.TEAM_WITH_CONSENT else None
    )
    appointment = Appointment.objects.create(
        family=access_.family,
        child=data.get("child") or access_.family.children.first(),
        service=service,
        professional=professional,
        title=data.get("title") or "",
        kind=data.get("kind") or AppointmentKind.TREATMENT,
        status=status,
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        place=data.get("place") or _default_place(service),
        child_attends=data.get("child_attends", True),
        notes=data.get("notes") or "",
        source=source,
        created_by=user,
    )
    if data.get("guardians"):
        appointment.guardians.set(data["guardians"])
    return appointment


@transaction.atomic
def update_appointment(access_: FamilyAccess, user, appointment: Appointment, data: dict) -> Appointment:
    if not may_change(access_, user, appointment):
        raise DomainError(_("Du kan ikke endre denne avtalen."))
    if appointment.is_cancelled:
        raise DomainError(_("Avtalen er avlyst og kan ikke endres."))
    _validate(access_, user, {**data, "service": data.get("service", appointment.service)})
    for name in [
        "title",
        "kind",
        "starts_at",
        "ends_at",
        "place",
        "child_attends",
        "notes",
        "service",
        "child",
    ]:
        if name in data:
            setattr(appointment, name, data[name])
    appointment.sequence += 1
    appointment.updated_at = timezone.now()
    appointment.save()
    if "guardians" in data:
        appointment.guardians.set(data["guardians"] or [])
    return appointment


@transaction.atomic
def cancel_appointment(access_: FamilyAccess, user, appointment: Appointment) -> Appointment:
    """Cancel (never delete): subscribers get STATUS:CANCELLED with a higher SEQUENCE."""
    if not may_change(access_, user, appointment):
        raise DomainError(_("Du kan ikke avlyse denne avtalen."))
    if appointment.is_cancelled:
        return appointment
    appointment.status = AppointmentStatus.CANCELLED
    appointment.sequence += 1
    appointment.updated_at = timezone.now()
    appointment.save(update_fields=["status", "sequence", "updated_at"])
    BookingRequest.objects.filter(appointment=appointment, state=RequestState.PENDING).update(
        state=RequestState.WITHDRAWN
    )
    return appointment


def conflicts_on_save(access_: FamilyAccess, appointment: Appointment) -> list:
    """The conflicts the saved appointment takes part in, for the message after saving."""
    day = selectors.local(appointment.starts_at).date()
    begin = combine(day, dt.time(0))
    items = selectors.items(
        selectors.appointments(access_.family.pk)
        .filter(starts_at__lt=begin + dt.timedelta(days=1), ends_at__gt=begin)
        .exclude(status=AppointmentStatus.CANCELLED),
        selectors.meetings(access_.family.pk, begin, begin + dt.timedelta(days=1)),
    )
    selectors.annotate_conflicts(access_.family, items)
    for item in items:
        if item.appointment is not None and item.appointment.pk == appointment.pk:
            return item.conflicts
    return []


# --------------------------------------------------------------------------- needs and limits


@transaction.atomic
def create_need(access_: FamilyAccess, user, data: dict) -> AppointmentNeed:
    """Record appointments the child needs (a series or a control within a window)."""
    if not access_.can(Capability.COORDINATE):
        raise DomainError(_("Bare familiens koordinator kan registrere behov for timer."))
    if data["window_to"] < data["window_from"]:
        raise DomainError(_("«Senest» må være samme dag som eller etter «tidligst»."), field="window_to")
    high = data.get("max_days_between")
    if high is not None and high < (data.get("min_days_between") or 0):
        raise DomainError(
            _("«Høyst dager mellom» kan ikke være mindre enn «minst dager mellom»."), field="max_days_between"
        )
    service = data["service"]
    if service.organisation.municipality_id != access_.family.municipality_id:
        raise DomainError(_("Ukjent tjeneste."), field="service")
    return AppointmentNeed.objects.create(family=access_.family, created_by=user, **data)


@transaction.atomic
def close_need(access_: FamilyAccess, need: AppointmentNeed) -> None:
    if not access_.can(Capability.COORDINATE):
        raise DomainError(_("Bare familiens koordinator kan endre behovene."))
    need.status = NeedStatus.CLOSED
    need.save(update_fields=["status"])


@transaction.atomic
def save_limits(access_: FamilyAccess, data: dict) -> FamilyLimits:
    """The family's limits; the family itself and its coordinator keep them."""
    if not (access_.can(Capability.COORDINATE) or is_family(access_)):
        raise DomainError(_("Du kan ikke endre familiens begrensninger."))
    if data["latest"] <= data["earliest"]:
        raise DomainError(_("«Senest» må være etter «tidligst»."), field="latest")
    limits, _created = FamilyLimits.objects.update_or_create(family=access_.family, defaults=data)
    return limits


# --------------------------------------------------------------------------- booking requests


def service_recipients(appointment: Appointment) -> list:
    """The professionals who answer for the service: those on the family's team through it."""
    return [
        m.professional.user
        for m in TeamMember.objects.current()
        .filter(family_id=appointment.family_id, service_id=appointment.service_id)
        .select_related("professional__user")
    ]


def request_booking(appointment: Appointment, user, proposal=None, notify: bool = True) -> BookingRequest:
    if appointment.service_id is None:
        raise DomainError(_("En forespørsel må gjelde en tjeneste."))
    appointment.status = AppointmentStatus.REQUESTED
    appointment.save(update_fields=["status"])
    request = BookingRequest.objects.create(
        appointment=appointment, service_id=appointment.service_id, proposal=proposal, requested_by=user
    )
    if notify:
        notify_services([request])
    return request


def _notify_function():
    try:
        from los.notifications import services as notifications
    except ImportError:
        return None
    return getattr(notifications, "notify", None)


#: The notification kind for a booking request (los.notifications).
NOTIFICATION_KIND = "booking_request"


def notify_services(requests: list[BookingRequest]) -> None:
    """Tell each service's professionals on the team about new requests: in the app (the notification
    service also e-mails by each user's choice), or by e-mail when there is no notification service."""
    per_user: dict[int, tuple] = {}
    for r in requests:
        for u in service_recipients(r.appointment):
            per_user.setdefault(u.pk, (u, []))[1].append(r)
    notify = _notify_function()
    link = reverse("calendar:requests")
    for u, mine in per_user.values():
        family = mine[0].appointment.family
        times = ", ".join(f"{selectors.local(r.appointment.starts_at):%d.%m. kl. %H.%M}" for r in mine)
        text = _(
            "Koordinatoren ber om %(n)s timer (%(service)s): %(times)s. Bekreft eller foreslå annen tid."
        ) % {
            "n": len(mine),
            "service": mine[0].service.name,
            "times": times,
        }
        if notify is not None:
            notify([u], NOTIFICATION_KIND, text, url=link, family=family)
        elif u.email:
            subject = _("Bookingforespørsel fra koordinator (%(n)s timer)") % {"n": len(mine)}
            send_mail(subject, text + "\n\n" + link, None, [u.email], fail_silently=True)


def pending_requests_for(user):
    """Open requests to the services this professional answers for, in families they may see."""
    from los.core.access import visible_families

    return (
        BookingRequest.objects.filter(
            state__in=[RequestState.PENDING, RequestState.COUNTER],
            service__professionals__user=user,
            appointment__family__in=visible_families(user).values("pk"),
            appointment__family__team__professional__user=user,
            appointment__family__team__left_on__isnull=True,
        )
        .select_related("appointment__family", "appointment__place", "appointment__service", "service")
        .distinct()
        .order_by("appointment__starts_at", "id")
    )


def _answerable(request: BookingRequest, user) -> None:
    if not pending_requests_for(user).filter(pk=request.pk).exists():
        raise DomainError(_("Forespørselen finnes ikke, eller den er allerede besvart."))


@transaction.atomic
def confirm_request(request: BookingRequest, user) -> Appointment:
    """The service confirms the requested time: the appointment is booked."""
    _answerable(request, user)
    if request.state != RequestState.PENDING:
        raise DomainError(_("Forespørselen er allerede besvart."))
    appointment = request.appointment
    appointment.status = AppointmentStatus.CONFIRMED
    appointment.professional = getattr(user, "professional", None)
    appointment.sequence += 1
    appointment.updated_at = timezone.now()
    appointment.save()
    request.state, request.answered_by, request.answered_at = RequestState.CONFIRMED, user, timezone.now()
    request.save()
    _need_progress(appointment)
    return appointment


@transaction.atomic
def propose_other_time(
    request: BookingRequest, user, starts_at: dt.datetime, message: str = ""
) -> BookingRequest:
    """The service cannot take the time and proposes another. The appointment does not move until the
    coordinator accepts the service's time."""
    _answerable(request, user)
    if request.state != RequestState.PENDING:
        raise DomainError(_("Forespørselen er allerede besvart."))
    length = request.appointment.ends_at - request.appointment.starts_at
    request.state = RequestState.COUNTER
    request.counter_starts_at, request.counter_ends_at = starts_at, starts_at + length
    request.message, request.answered_by, request.answered_at = message, user, timezone.now()
    request.save()
    return request


@transaction.atomic
def accept_counter(access_: FamilyAccess, request: BookingRequest) -> Appointment:
    """The coordinator takes the time the service proposed: the service chose it, so it is confirmed."""
    if not access_.can(Capability.COORDINATE) or request.appointment.family_id != access_.family.pk:
        raise DomainError(_("Du kan ikke godta dette forslaget."))
    if request.state != RequestState.COUNTER:
        raise DomainError(_("Tjenesten har ikke foreslått et annet tidspunkt."))
    appointment = request.appointment
    appointment.starts_at, appointment.ends_at = request.counter_starts_at, request.counter_ends_at
    appointment.status = AppointmentStatus.CONFIRMED
    appointment.professional = getattr(request.answered_by, "professional", None)
    appointment.sequence += 1
    appointment.updated_at = timezone.now()
    appointment.save()
    request.state = RequestState.CONFIRMED
    request.save(update_fields=["state"])
    _need_progress(appointment)
    return appointment


def _need_progress(appointment: Appointment) -> None:
    need = appointment.need
    if need is None:
        return
    booked = need.appointments.filter(status=AppointmentStatus.CONFIRMED).count()
    if booked >= need.count:
        need.status = NeedStatus.BOOKED
        need.save(update_fields=["status"])


# --------------------------------------------------------------------------- feeds


@transaction.atomic
def issue_feed(user, kind: str, family=None) -> tuple[CalendarFeed, str]:
    """A new secret feed address; any earlier address of the same feed stops working."""
    revoke_feed(user, kind, family)
    token = CalendarFeed.new_token()
    feed = CalendarFeed.objects.create(
        user=user, family=family, kind=kind, token_hash=CalendarFeed.hash_token(token)
    )
    return feed, token


def revoke_feed(user, kind: str, family=None) -> int:
    return CalendarFeed.objects.filter(user=user, kind=kind, family=family, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def places(family):
    return Place.objects.filter(municipality_id=family.municipality_id).order_by("name")
