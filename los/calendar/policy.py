"""Record policy of the child's calendar (see los.core.policy): appointments, needs, the family's limits,
bundling proposals, booking requests and family feeds. All of it is the calendar area, which the
coordinating unit opens only with a stated need to know.

The calendar is shared under the family's consent (helsepersonelloven §§ 21-22, forvaltningsloven
§ 13 a): an appointment, need or booking request about a service is in it only while an active consent
covers that service, for every relation, so the web pages, the API and the iCalendar feeds always show
the same rows. The family's own entries (no service) reach the family, the coordinator and a caseworker
with a stated need to know, never a professional.

Who may do what in the calendar: a professional of a service on the family's team adds and changes
appointments of their own service while the consent covers it; the family's coordinator adds and
changes any, and alone plans needs, proposals and booking requests; the family adds and changes its own
entries (such as a school event) and, with the coordinator, says what it can manage (its limits).
"""

from django.db.models import Q

from los.core.access import STAFF_ROLES, Capability, Grant
from los.core.policy import Area, RecordPolicy, register, register_page
from los.people.models import Service

from .models import Appointment, AppointmentNeed, BookingRequest, BundlingProposal, CalendarFeed, FamilyLimits

# --------------------------------------------------------------------------- who may do what


def is_family(grant: Grant) -> bool:
    """The relation is the family itself (a guardian with parental responsibility)."""
    return grant.can(Capability.ACT_AS_FAMILY)


def may_add(grant: Grant) -> bool:
    """The coordinator, the family and a professional on the team (for their own service) add appointments."""
    return grant.can(Capability.COORDINATE) or is_family(grant) or grant.is_provider


def may_plan(grant: Grant) -> bool:
    """Needs, proposals and booking requests are the coordinator's work."""
    return grant.can(Capability.COORDINATE)


def may_keep_limits(grant: Grant) -> bool:
    """What the family can manage: the family itself and its coordinator say it."""
    return grant.can(Capability.COORDINATE) or is_family(grant)


def may_import(grant: Grant) -> bool:
    """A service's own .ics file: the coordinator, or a professional for their own service."""
    return grant.can(Capability.STAFF_VIEW) and (grant.can(Capability.COORDINATE) or grant.is_provider)


def may_choose_service(grant: Grant) -> bool:
    """Whether the relation names the service of an appointment: the family's own entries name none, so
    the family never sets or changes one."""
    return not is_family(grant)


def own_covered_services(grant: Grant) -> frozenset[int]:
    """For a professional: their own services in the family that an active consent covers."""
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
            pk__in=own_covered_services(grant), professionals__user=grant.user
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
        return appointment.service_id in own_covered_services(grant)
    return False


def may_answer_or_accept(grant: Grant, request: BookingRequest) -> bool:
    """The coordinator accepts a service's time; a professional answers requests to their own service."""
    if grant.can(Capability.COORDINATE):
        return True
    if grant.is_provider:
        return request.service_id in own_covered_services(grant)
    return False


def answers_for_a_service(user) -> bool:
    """Whether the user is a professional who answers booking requests and has their own feed of the
    appointments they hold (staff with a professional record)."""
    return user.role in STAFF_ROLES and hasattr(user, "professional")


# --------------------------------------------------------------------------- which rows each relation sees


def shared_calendar(grant, service: str = "service_id") -> Q:
    """Rows of the shared calendar this relation sees: services an active consent covers, and (except
    for a professional) the family's own entries, which name no service."""
    if grant.is_provider:
        return grant.service_filter(service)
    return Q(**{f"{service}__in": grant.covered_services}) | Q(**{f"{service}__isnull": True})


def _proposals(grant) -> Q:
    # A proposal lists every need of the family, whichever service: the coordinator's working paper.
    return Q(pk__in=[]) if grant.is_provider else Q()


register(
    RecordPolicy(
        model=Appointment,
        record_type="appointment",
        family="family_id",
        area=Area.CALENDAR,
        visible=shared_calendar,
        may_change=may_change,
        select_related=("service", "place", "professional__user", "child"),
    )
)
register(
    RecordPolicy(
        model=AppointmentNeed,
        record_type="appointment_needs",
        family="family_id",
        area=Area.CALENDAR,
        visible=shared_calendar,
        may_change=lambda grant, need: may_plan(grant),
        select_related=("service",),
    )
)
register(
    RecordPolicy(
        model=FamilyLimits,
        record_type="calendar_limits",
        family="family_id",
        area=Area.CALENDAR,
        may_change=lambda grant, limits: may_keep_limits(grant),
    )
)
register(
    RecordPolicy(
        model=BundlingProposal,
        record_type="bundling_proposal",
        family="family_id",
        area=Area.CALENDAR,
        visible=_proposals,
        may_change=lambda grant, proposal: may_plan(grant),
    )
)
# A request hangs on the family through its appointment: not every request comes from a proposal.
register(
    RecordPolicy(
        model=BookingRequest,
        record_type="booking_request",
        family="appointment__family_id",
        area=Area.CALENDAR,
        visible=shared_calendar,
        may_change=may_answer_or_accept,
        select_related=("appointment", "service"),
    )
)
# A family feed is its owner's secret address; a professional's own feed hangs on no family.
register(
    RecordPolicy(
        model=CalendarFeed,
        record_type="calendar_feed",
        family="family_id",
        area=Area.CALENDAR,
        visible=lambda grant: Q(user=grant.user),
        may_change=lambda grant, feed: feed.user_id == grant.user.pk,
    )
)

# Composed pages: the week, month, agenda and day sheet; the import of a service's .ics file.
register_page("calendar", Area.CALENDAR)
register_page("calendar_import", Area.CALENDAR)
