"""Booking requests: the coordinator asks a service to book a time, the service confirms it or proposes
another, and the coordinator accepts the service's time.

Nothing about the family goes to a service the consent does not cover (helsepersonelloven §§ 21-22,
forvaltningsloven § 13 a): a request is made, and its notice sent, only while an active consent covers
its service. Who answers and who accepts is the calendar's policy (`may_answer_or_accept`); each change
is written to the family's access log.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from los.core import access, audit, dates
from los.core.access import Grant
from los.core.errors import DomainError
from los.notifications.about import child_label
from los.team.models import TeamMember

from .. import policy, selectors
from ..models import Appointment, AppointmentStatus, BookingRequest, NeedStatus, RequestState


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


def child_of(appointment: Appointment):
    """The child an appointment is for: its own, else its need's; None for the whole family."""
    if appointment.child_id:
        return appointment.child
    need = appointment.need if appointment.need_id else None
    return need.child if need is not None and need.child_id else None


def request_label(request: BookingRequest) -> str:
    """What is asked, and for which child: "Fysioterapi for Ola (f. 2016)" (the service alone when the
    appointment is for the whole family). Shown only to those who may see the request's family."""
    child = child_of(request.appointment)
    service = request.service.name
    if child is None:
        return service
    return _("%(service)s for %(child)s") % {"service": service, "child": child_label(child)}


def request_booking(appointment: Appointment, user, proposal=None, notify: bool = True) -> BookingRequest:
    """Ask the appointment's service to book it. Nothing about the family goes to a service the consent
    does not cover (helsepersonelloven §§ 21-22, forvaltningsloven § 13 a)."""
    if appointment.service_id is None:
        raise DomainError(_("En forespørsel må gjelde en tjeneste."))
    if not access.consent_covers(appointment.family_id, appointment.service_id):
        raise uncovered_service(appointment.service)
    appointment.status = AppointmentStatus.REQUESTED
    appointment.lock_version += 1
    appointment.save(update_fields=["status", "lock_version"])
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
        children = {getattr(child_of(r.appointment), "pk", None) for r in mine}
        child = child_of(mine[0].appointment) if len(children) == 1 else None
        times = ", ".join(f"{dates.local(r.appointment.starts_at):%d.%m. kl. %H.%M}" for r in mine)
        with translation.override(settings.LANGUAGE_CODE):
            what = request_label(mine[0]) if child is not None else mine[0].service.name
            text = _(
                "Koordinatoren ber om %(n)s timer – %(service)s: %(times)s. Bekreft eller foreslå annen tid."
            ) % {
                "n": len(mine),
                "service": what,
                "times": times,
            }
        if notify is not None:
            notify([u], NOTIFICATION_KIND, text, url=link, family=family, child=child)
        elif u.email:
            subject = _("Bookingforespørsel fra koordinator (%(n)s timer)") % {"n": len(mine)}
            send_mail(subject, text + "\n\n" + link, None, [u.email], fail_silently=True)


def _answerable(request: BookingRequest, user) -> None:
    if not selectors.pending_requests_for(user).filter(pk=request.pk).exists():
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
    appointment.lock_version += 1  # an edit page opened before this is stale (los.core.versions)
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
    notify_counter(request)
    return request


#: The notification kind for a service's counter-proposal (los.notifications).
COUNTER_KIND = "booking_counter"


def counter_recipients(request: BookingRequest) -> list:
    """Who answers a service's counter-proposal: the family's coordinators today, and whoever sent the
    request; only those who may see the request now (`access.may_see`)."""
    from los.team.services.group import current_coordinators, reaching

    family = request.appointment.family
    users = [*current_coordinators(family), request.requested_by]
    return reaching(users, request)


def _when(moment: dt.datetime) -> str:
    """ "2. desember 2026 kl. 09.00" (Europe/Oslo)."""
    local = dates.local(moment)
    return _("%(day)s kl. %(time)s") % {"day": dates.long_date(local.date()), "time": f"{local:%H.%M}"}


def notify_counter(request: BookingRequest) -> None:
    """Tell the coordinator that a service proposes another time (in Los, and by e-mail through the
    outbox as they chose): the appointment stays unbooked until they accept it."""
    notify = _notify_function()
    if notify is None:
        return
    appointment = request.appointment
    with translation.override(settings.LANGUAGE_CODE):
        text = _(
            "%(what)s: tjenesten foreslår %(proposed)s i stedet for %(asked)s. Godta tiden, eller be om "
            "en annen."
        ) % {
            "what": request_label(request),
            "asked": _when(appointment.starts_at),
            "proposed": _when(request.counter_starts_at),
        }
        if request.message:
            text += " " + _("Melding: «%(message)s»") % {"message": request.message}
    notify(
        [u for u in counter_recipients(request) if u.pk != getattr(request.answered_by, "pk", None)],
        COUNTER_KIND,
        text,
        url=reverse("calendar:requests"),
        family=appointment.family,
        child=child_of(appointment),
    )


@transaction.atomic
def accept_counter(grant: Grant, request: BookingRequest) -> Appointment:
    """The coordinator takes the time the service proposed: the service chose it, so it is confirmed."""
    if not policy.may_plan(grant) or request.appointment.family_id != grant.family.pk:
        raise DomainError(_("Du kan ikke godta dette forslaget."))
    if request.state != RequestState.COUNTER:
        raise DomainError(_("Tjenesten har ikke foreslått et annet tidspunkt."))
    appointment = request.appointment
    appointment.starts_at, appointment.ends_at = request.counter_starts_at, request.counter_ends_at
    appointment.status = AppointmentStatus.CONFIRMED
    appointment.professional = getattr(request.answered_by, "professional", None)
    appointment.sequence += 1
    appointment.lock_version += 1  # an edit page opened before this is stale (los.core.versions)
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
        need.lock_version += 1
        need.save(update_fields=["status", "lock_version"])
