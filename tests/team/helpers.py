"""Building blocks for the team tests: meetings, action items and relay logs in a tenant's family."""

import datetime

from los.core import dates
from los.core.dates import OSLO
from los.plans.services import goals as goal_services
from los.team.models import ActionItem, RelayLog
from los.team.services import meetings as meeting_services
from los.team.services import relay


def make_item(tenant, responsible=None, due_on=None, title="Søke om avlastning", family=None):
    return ActionItem.objects.create(
        family=family or tenant.family,
        title=title,
        responsible=responsible or tenant.provider,
        due_on=due_on or dates.today() + datetime.timedelta(days=10),
        created_by=tenant.coordinator,
    )


def make_meeting(tenant, days_ahead=7, **extra):
    day = dates.today() + datetime.timedelta(days=days_ahead)
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


__all__ = ["make_item", "make_meeting"]


def plain_meeting(tenant):
    """A meeting without invitations or side effects."""
    from los.team.models import Meeting

    starts = datetime.datetime.combine(dates.today(), datetime.time(9), tzinfo=OSLO)
    return Meeting.objects.create(
        family=tenant.family,
        title="Ansvarsgruppemøte",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        location="Rådhuset",
        called_by=tenant.coordinator,
    )


def consent_request(tenant):
    from los.consent.models import ConsentExtensionRequest

    request, _created = ConsentExtensionRequest.objects.get_or_create(
        family=tenant.family,
        service=tenant.school,
        professional=tenant.school_provider.professional,
        defaults={"requested_by": tenant.coordinator},
    )
    return request


def make_relay_log(t) -> RelayLog:
    """A relay log held by the physiotherapist (on the team, covered by the consent)."""
    log = RelayLog.objects.filter(family=t.family).first()
    if log:
        return log
    log = relay.open_relay_log(
        t.family, t.provider, concern="Emma er mye borte fra skolen.", level=1, services=[t.physio]
    )
    goal = goal_services.add_goal(relay_log=log, text="Emma vil være på skolen hele dagen")
    goal_services.add_measure(
        goal, description="Samtale med helsesykepleier hver uke", responsible_person=t.provider
    )
    return log


def relay_kwargs(t) -> dict:
    return {"family_id": t.family.pk, "log_id": make_relay_log(t).pk}
