"""Building blocks for the team tests: meetings and action items in a tenant's family."""

import datetime

from los.intake.deadlines import OSLO, today_oslo
from los.team import meetings as meeting_services
from los.team import services
from los.team.models import ActionItem


def make_item(tenant, responsible=None, due_on=None, title="Søke om avlastning", family=None):
    return ActionItem.objects.create(
        family=family or tenant.family,
        title=title,
        responsible=responsible or tenant.provider,
        due_on=due_on or today_oslo() + datetime.timedelta(days=10),
        created_by=tenant.coordinator,
    )


def make_meeting(tenant, days_ahead=7, **extra):
    day = today_oslo() + datetime.timedelta(days=days_ahead)
    starts = datetime.datetime.combine(day, datetime.time(9), tzinfo=OSLO)
    keys = [o.key for o in meeting_services.invitee_options(tenant.family)]
    return meeting_services.call_meeting(
        tenant.family,
        tenant.coordinator,
        title=extra.pop("title", "Ansvarsgruppemøte"),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        location=extra.pop("location", "Rådhuset, møterom 2"),
        invitee_keys=extra.pop("invitee_keys", keys),
        **extra,
    )


__all__ = ["make_item", "make_meeting", "services"]


def plain_meeting(tenant):
    """A meeting without invitations or side effects."""
    from los.team.models import Meeting

    starts = datetime.datetime.combine(today_oslo(), datetime.time(9), tzinfo=OSLO)
    return Meeting.objects.create(
        family=tenant.family,
        title="Ansvarsgruppemøte",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        location="Rådhuset",
        called_by=tenant.coordinator,
    )


def consent_request(tenant):
    from los.team.models import ConsentExtensionRequest

    request, _created = ConsentExtensionRequest.objects.get_or_create(
        family=tenant.family,
        service=tenant.school,
        professional=tenant.school_provider.professional,
        defaults={"requested_by": tenant.coordinator},
    )
    return request
