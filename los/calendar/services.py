"""Workflows of the calendar: adding, changing and cancelling appointments, needs and limits, booking
requests and the services' answers, and the secret calendar-feed addresses.

Who may add an appointment: a professional of a service on the family's team whose service the active
consent covers (for that service), the family's coordinator (any service the consent covers), and the
family itself (its own entries, such as a school event). Which relation sees which rows is the record
policy's (`los.calendar.policy`); who may change which appointment is `may_change` here, which the
policy uses. Each change raises the appointment's ``sequence`` so subscribed calendars update
(RFC 5545 § 3.8.7.4), and is written to the family's access log by the function that made it.
"""

from __future__ import annotations

import datetime as dt

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from los.core import access, audit
from los.core.access import Capability, Grant
from los.core.errors import DomainError
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


def may_add(grant: Grant) -> bool:
    """The coordinator, the family and a professional on the team (for their own service) add appointments."""
    return grant.can(Capability.COORDINATE) or is_family(grant) or grant.is_provider


def is_family(grant: Grant) -> bool:
    return grant.can(Capability.ACT_AS_FAMILY)


def may_plan(grant: Grant) -> bool:
    """Needs, proposals and booking requests are the coordinator's work."""
    return grant.can(Capability.COORDINATE)


def may_keep_limits(grant: Grant) -> bool:
    """What the family can manage: the family itself and its coordinator say it."""
    return grant.can(Capability.COORDINATE) or is_family(grant)


def may_import(grant: Grant) -> bool:
    """A service's own .ics file: the coordinator, or a professional for their own service."""
    return grant.can(Capability.STAFF_VIEW) and (grant.can(Capability.COORDINATE) or grant.is_provider)


def _own_covered_services(grant: Grant) -> frozenset[int]:
    return grant.own_services & grant.covered_services if grant.is_provider else frozenset()


def bookable_services(grant: Grant):
    """Services this relation may book for the family: only services an active consent covers, since
    booking tells the service about the child (helsepersonelloven §§ 21-22). The coordinator books any
    of them; a professional only their own; the family's own entries name no service."""
    family = grant.family
    if grant.can(Capability.COORDINATE):
        return Service.objects.filter(
            organisation__municipality_id=family.municipality_id, pk__in=grant.covered_services
        ).order_by("name")
    if grant.is_provider:
        return Service.objects.filter(
            pk__in=_own_covered_services(grant), professionals__user=grant.user
        ).order_by("name")
    return Service.objects.none()


def may_change(grant: Grant, appointment: Appointment) -> bool:
    """Who may change or cancel an appointment (the record policy's rule): the coordinator any; a
    professional those of their own service while the consent covers it; the family its own entries."""
    if appointment.family_id != grant.family.pk:
        return False
    if grant.can(Capability.COORDINATE):
        return True
    if is_family(grant):
        return appointment.service_id is None
    if grant.is_provider:
        return appointment.service_id in _own_covered_services(grant)
    return False


def may_answer_or_accept(grant: Grant, request: BookingRequest) -> bool:
    """The coordinator accepts a service's time; a professional answers requests to their own service."""
    if grant.can(Capability.COORDINATE):
        return True
    if grant.is_provider:
        return request.service_id in _own_covered_services(grant)
    return False


# --------------------------------------------------------------------------- appointments


def combine(date: dt.date, time: dt.time) -> dt.datetime:
    """A local Oslo wall-clock time as an aware datetime (DST-correct)."""
    return dt.datetime.combine(date, time, tzinfo=selectors.OSLO)


def _validate(grant: Grant, data: dict) -> None:
    if data["ends_at"] <= data["starts_at"]:
        raise DomainError(_("Sluttidspunktet må være etter starttidspunktet."), field="end_time")
    service = data.get("service")
    if service is not None and not bookable_services(grant).filter(pk=service.pk).exists():
        raise DomainError(_("Du kan ikke sette opp timer for denne tjenesten hos familien."), field="service")
    if service is None and not (is_family(grant) or grant.can(Capability.COORDINATE)):
        raise DomainError(_("Velg tjenesten timen gjelder."), field="service")
    place = data.get("place")
    if place is not None and place.municipality_id != grant.family.municipality_id:
        raise DomainError(_("Ukjent sted."), field="place")
    child = data.get("child")
    if child is not None and child.family_id != grant.family.pk:
        raise DomainError(_("Ukjent barn."), field="child")
    for g in data.get("guardians") or []:
        if g.family_id != grant.family.pk:
            raise DomainError(_("Ukjent foresatt."), field="guardians")


def _default_place(service):
    if service is None:
        return None
    calendar = ServiceCalendar.objects.filter(service=service).first()
    return calendar.place if calendar else None


@transaction.atomic
def create_appointment(grant: Grant, data: dict) -> Appointment:
    """Add an appointment. The family's own entries are confirmed at once; a service's own booking is
    confirmed; the coordinator's is planned until the service confirms it."""
    if not may_add(grant):
        raise DomainError(_("Du kan ikke legge inn avtaler for denne familien."))
    if grant.is_provider and data.get("service") is None:
        # A professional books for their own service; with only one, it need not be named.
        own = list(bookable_services(grant)[:2])
        if len(own) == 1:
            data = {**data, "service": own[0]}
    _validate(grant, data)
    user = grant.user
    service = data.get("service")
    if is_family(grant):
        status, source = AppointmentStatus.CONFIRMED, "family"
    elif grant.is_provider:
        status, source = AppointmentStatus.CONFIRMED, "los"
    else:
        status, source = data.get("status") or AppointmentStatus.PLANNED, "los"
    professional = getattr(user, "professional", None) if grant.is_provider else None
    appointment = Appointment.objects.create(
        family=grant.family,
        child=data.get("child") or grant.family.children.first(),
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
    audit.changed(grant.family.pk, "appointment", appointment.pk)
    return appointment


@transaction.atomic
def update_appointment(grant: Grant, appointment: Appointment, data: dict) -> Appointment:
    if not may_change(grant, appointment):
        raise DomainError(_("Du kan ikke endre denne avtalen."))
    if appointment.is_cancelled:
        raise DomainError(_("Avtalen er avlyst og kan ikke endres."))
    _validate(grant, {**data, "service": data.get("service", appointment.service)})
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
    audit.changed(grant.family.pk, "appointment", appointment.pk)
    return appointment


@transaction.atomic
def cancel_appointment(grant: Grant, appointment: Appointment) -> Appointment:
    """Cancel (never delete): subscribers get STATUS:CANCELLED with a higher SEQUENCE."""
    if not may_change(grant, appointment):
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
    audit.changed(grant.family.pk, "appointment", appointment.pk)
    return appointment


def conflicts_on_save(grant: Grant, appointment: Appointment) -> list:
    """The conflicts the saved appointment takes part in, for the message after saving: among the
    appointments and meetings this relation sees, as on the calendar page (a message must not name an
    appointment the relation may not see)."""
    day = selectors.local(appointment.starts_at).date()
    begin = combine(day, dt.time(0))
    items = [
        i for i in selectors.calendar_items(grant, begin, begin + dt.timedelta(days=1)) if not i.is_cancelled
    ]
    selectors.annotate_conflicts(grant, items)
    for item in items:
        if item.appointment is not None and item.appointment.pk == appointment.pk:
            return item.conflicts
    return []


# --------------------------------------------------------------------------- needs and limits


@transaction.atomic
def create_need(grant: Grant, data: dict) -> AppointmentNeed:
    """Record appointments the child needs (a series or a control within a window)."""
    if not may_plan(grant):
        raise DomainError(_("Bare familiens koordinator kan registrere behov for timer."))
    if data["window_to"] < data["window_from"]:
        raise DomainError(_("«Senest» må være samme dag som eller etter «tidligst»."), field="window_to")
    high = data.get("max_days_between")
    if high is not None and high < (data.get("min_days_between") or 0):
        raise DomainError(
            _("«Høyst dager mellom» kan ikke være mindre enn «minst dager mellom»."), field="max_days_between"
        )
    service = data["service"]
    if not bookable_services(grant).filter(pk=service.pk).exists():
        raise DomainError(_("Samtykket dekker ikke denne tjenesten."), field="service")
    need = AppointmentNeed.objects.create(family=grant.family, created_by=grant.user, **data)
    audit.changed(grant.family.pk, "appointment_needs", need.pk)
    return need


@transaction.atomic
def close_need(grant: Grant, need: AppointmentNeed) -> None:
    if not may_plan(grant) or need.family_id != grant.family.pk:
        raise DomainError(_("Bare familiens koordinator kan endre behovene."))
    need.status = NeedStatus.CLOSED
    need.save(update_fields=["status"])
    audit.changed(grant.family.pk, "appointment_needs", need.pk)


@transaction.atomic
def save_limits(grant: Grant, data: dict) -> FamilyLimits:
    """The family's limits; the family itself and its coordinator keep them."""
    if not may_keep_limits(grant):
        raise DomainError(_("Du kan ikke endre familiens begrensninger."))
    if data["latest"] <= data["earliest"]:
        raise DomainError(_("«Senest» må være etter «tidligst»."), field="latest")
    limits, _created = FamilyLimits.objects.update_or_create(family=grant.family, defaults=data)
    audit.changed(grant.family.pk, "calendar_limits", limits.pk)
    return limits


# --------------------------------------------------------------------------- booking requests


def uncovered_service(service) -> DomainError:
    """The refusal when the consent does not cover a service a request would go to."""
    return DomainError(
        _(
            "Familiens samtykke dekker ikke %(service)s. Ingen forespørsel er sendt; be familien om samtykke "
            "først, eller avslutt behovet."
        )
        % {"service": service.name}
    )


def service_recipients(appointment: Appointment) -> list:
    """The professionals who answer for the service: those on the family's team through it."""
    return [
        m.professional.user
        for m in TeamMember.objects.current()
        .filter(family_id=appointment.family_id, service_id=appointment.service_id)
        .select_related("professional__user")
    ]


def request_booking(appointment: Appointment, user, proposal=None, notify: bool = True) -> BookingRequest:
    """Ask the appointment's service to book it. Nothing about the family goes to a service the consent
    does not cover (helsepersonelloven §§ 21-22, forvaltningsloven § 13 a)."""
    if appointment.service_id is None:
        raise DomainError(_("En forespørsel må gjelde en tjeneste."))
    if not access.consent_covers(appointment.family_id, appointment.service_id):
        raise uncovered_service(appointment.service)
    appointment.status = AppointmentStatus.REQUESTED
    appointment.save(update_fields=["status"])
    request = BookingRequest.objects.create(
        appointment=appointment, service_id=appointment.service_id, proposal=proposal, requested_by=user
    )
    audit.changed(appointment.family_id, "booking_request", request.pk)
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
    service also e-mails by each user's choice), or by e-mail when there is no notification service.

    A request reaches a professional only while the consent covers its service and the professional
    may see it now (`access.may_see`)."""
    per_user: dict[int, tuple] = {}
    covered: dict[tuple[int, int], bool] = {}
    for r in requests:
        key = (r.appointment.family_id, r.service_id)
        if key not in covered:
            covered[key] = access.consent_covers(*key)
        if not covered[key]:
            continue
        for u in service_recipients(r.appointment):
            if access.may_see(u, r):
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
    """Open requests to the services this professional answers for, in families they may see, and in
    each only the requests the record policy lets them see (the consent covers the service)."""
    from django.db.models import Q

    candidates = BookingRequest.objects.filter(
        state__in=[RequestState.PENDING, RequestState.COUNTER],
        service__professionals__user=user,
        appointment__family__team__professional__user=user,
        appointment__family__team__left_on__isnull=True,
    )
    family_ids = set(candidates.values_list("appointment__family_id", flat=True))
    allowed = Q(pk__in=[])
    for family in access.visible_families(user).filter(pk__in=family_ids):
        grant = Grant(user, family, family.access_reason)
        allowed |= Q(pk__in=access.visible(grant, BookingRequest).values("pk"))
    return (
        candidates.filter(allowed)
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
    audit.changed(appointment.family_id, "booking_request", request.pk)
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
    audit.changed(request.appointment.family_id, "booking_request", request.pk)
    return request


@transaction.atomic
def accept_counter(grant: Grant, request: BookingRequest) -> Appointment:
    """The coordinator takes the time the service proposed: the service chose it, so it is confirmed."""
    if not may_plan(grant) or request.appointment.family_id != grant.family.pk:
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
    audit.changed(grant.family.pk, "booking_request", request.pk)
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
    _revoke(user, kind, family)
    token = CalendarFeed.new_token()
    feed = CalendarFeed.objects.create(
        user=user, family=family, kind=kind, token_hash=CalendarFeed.hash_token(token)
    )
    if family is not None:
        audit.changed(family.pk, "calendar_feed", feed.pk, user=user)
    return feed, token


def _revoke(user, kind: str, family=None) -> int:
    return CalendarFeed.objects.filter(user=user, kind=kind, family=family, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def revoke_feed(user, kind: str, family=None) -> int:
    revoked = _revoke(user, kind, family)
    if revoked and family is not None:
        audit.changed(family.pk, "calendar_feed", user=user)
    return revoked


def places(family):
    return Place.objects.filter(municipality_id=family.municipality_id).order_by("name")
