"""Record policy of the child's calendar (see los.core.policy): appointments, needs, the family's limits,
bundling proposals, booking requests and family feeds. All of it is the calendar area, which the
coordinating unit opens only with a stated need to know.

The calendar is shared under the family's consent (helsepersonelloven §§ 21-22, forvaltningsloven
§ 13 a): an appointment, need or booking request about a service is in it only while an active consent
covers that service, for every relation, so the web pages, the API and the iCalendar feeds always show
the same rows. The family's own entries (no service) reach the family, the coordinator and a caseworker
with a stated need to know, never a professional.
"""

from django.db.models import Q

from los.core.policy import Area, RecordPolicy, register, register_page

from . import services
from .models import Appointment, AppointmentNeed, BookingRequest, BundlingProposal, CalendarFeed, FamilyLimits


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
        may_change=services.may_change,
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
        may_change=lambda grant, need: services.may_plan(grant),
        select_related=("service",),
    )
)
register(
    RecordPolicy(
        model=FamilyLimits,
        record_type="calendar_limits",
        family="family_id",
        area=Area.CALENDAR,
        may_change=lambda grant, limits: services.may_keep_limits(grant),
    )
)
register(
    RecordPolicy(
        model=BundlingProposal,
        record_type="bundling_proposal",
        family="family_id",
        area=Area.CALENDAR,
        visible=_proposals,
        may_change=lambda grant, proposal: services.may_plan(grant),
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
        may_change=services.may_answer_or_accept,
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
