"""Read queries for the calendar pages, the API and the feeds. Every list starts from the record policy
(`access.visible`), so the web pages, the API and the iCalendar feeds of one relation always show the
same appointments. Each function runs a fixed number of queries, whatever the number of appointments
or families."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Exists, OuterRef, Q, QuerySet

from los.core import access, dates
from los.core.access import Grant
from los.core.models import AccessReason, Role

from . import conflicts as rules
from .models import (
    DEFAULT_LIMITS,
    Appointment,
    AppointmentStatus,
    BookingRequest,
    CalendarFeed,
    ClosedDate,
    FamilyLimits,
    OpeningHours,
    Place,
    RequestState,
    TravelTime,
)


def family_limits(grant: Grant) -> FamilyLimits:
    """The family's limits, or the defaults when none are recorded (two a day, 08.00–16.00)."""
    limits = access.visible(grant, FamilyLimits).first()
    if limits is None:
        limits = FamilyLimits(
            family=grant.family,
            max_appointments_per_day=DEFAULT_LIMITS.max_appointments_per_day,
            earliest=DEFAULT_LIMITS.earliest,
            latest=DEFAULT_LIMITS.latest,
        )
    return limits


def calendar_appointments(grant: Grant, start=None, end=None) -> QuerySet:
    """The family's appointments this relation sees: the one list behind the week, month, agenda and day
    sheet, the API and the iCalendar feeds (the rule is the record policy's, `policy.shared_calendar`)."""
    qs = access.visible(grant, Appointment).prefetch_related("guardians")
    if start is not None:
        qs = qs.filter(ends_at__gt=start)
    if end is not None:
        qs = qs.filter(starts_at__lt=end)
    return qs.order_by("starts_at", "id")


def own_appointments(user) -> tuple[list, list[Grant]]:
    """A professional's own appointments across the families they reach (their feed), each family through
    its grant and the record policy, so an appointment of a service the consent does not cover is not
    among them. Returns the appointments and the grants of the families they belong to."""
    families = access.visible_families(user).filter(
        pk__in=Appointment.objects.filter(professional__user=user).values("family_id")
    )
    found, grants = [], []
    for family in families.order_by("pk"):
        grant = Grant(user, family, family.access_reason)
        mine = list(calendar_appointments(grant).filter(professional__user=user))
        if mine:
            found += mine
            grants.append(grant)
    return sorted(found, key=lambda a: (a.starts_at, a.pk)), grants


def meeting_model():
    """The team's Meeting model when the team app has it (coordination meetings), else None."""
    try:
        return apps.get_model("team", "Meeting")
    except LookupError:
        return None


def calendar_meetings(grant: Grant, start=None, end=None) -> list:
    """The family's coordination meetings this relation sees (the team's record policy), shown read-only
    in the calendar. Without a policy for meetings, none are shown."""
    model = meeting_model()
    if model is None:
        return []
    try:
        qs = access.visible(grant, model)
    except LookupError:
        return []
    if start is not None:
        qs = qs.filter(ends_at__gt=start)
    if end is not None:
        qs = qs.filter(starts_at__lt=end)
    return list(qs.order_by("starts_at", "id"))


@dataclass
class Item:
    """One line in a calendar view: an appointment or a read-only meeting."""

    key: str
    title: str
    kind_label: str
    start: dt.datetime
    end: dt.datetime
    place: str
    status: str
    status_label: str
    appointment: Appointment | None = None
    meeting: object | None = None
    conflicts: list = field(default_factory=list)
    child: object | None = None

    @property
    def child_label(self) -> str:
        """Whom the line is for: the child's first name, or «hele familien» (a meeting, or an appointment
        for no one child)."""
        from django.utils.translation import gettext as _

        return self.child.first_name if self.child is not None else _("hele familien")

    @property
    def minutes(self) -> int:
        """How long the line lasts, in whole minutes."""
        return max(0, int((self.end - self.start).total_seconds() // 60))

    @property
    def date(self) -> dt.date:
        """The day the line starts on, in Norway."""
        return self.start.date()

    @property
    def is_cancelled(self) -> bool:
        """Whether the appointment or meeting is cancelled."""
        return self.status == AppointmentStatus.CANCELLED


def items(appointment_list, meeting_list) -> list[Item]:
    """Appointments and meetings as calendar lines in Norwegian time, in order; a cancelled meeting shows
    as cancelled."""
    from django.utils.translation import gettext as _

    out = []
    for a in appointment_list:
        out.append(
            Item(
                key=f"a{a.pk}",
                title=a.label,
                kind_label=str(a.get_kind_display()),
                start=dates.local(a.starts_at),
                end=dates.local(a.ends_at),
                place=a.place.name if a.place_id else "",
                status=a.status,
                status_label=str(a.get_status_display()),
                appointment=a,
                child=a.child if a.child_id else None,
            )
        )
    for m in meeting_list:
        cancelled = getattr(m, "status", "") == "cancelled"
        out.append(
            Item(
                key=f"m{m.pk}",
                title=m.title,
                kind_label=_("Møte"),
                start=dates.local(m.starts_at),
                end=dates.local(m.ends_at),
                place=getattr(m, "location", "") or "",
                status=AppointmentStatus.CANCELLED if cancelled else AppointmentStatus.CONFIRMED,
                status_label=_("Avlyst") if cancelled else _("Møte i teamet"),
                meeting=m,
            )
        )
    return sorted(out, key=lambda i: (i.start, i.key))


def calendar_items(grant: Grant, start: dt.datetime, end: dt.datetime) -> list[Item]:
    """What a calendar page shows between two moments: appointments and meetings this relation sees."""
    return items(calendar_appointments(grant, start, end), calendar_meetings(grant, start, end))


def family_children(family) -> list:
    """The family's children, eldest first (one query), for the calendar's headings and filter."""
    return list(family.children.all())


def for_child(item_list: list[Item], child) -> list[Item]:
    """The lines that concern one child: the child's own appointments and what is for the whole family
    (meetings and appointments for no one child). With no child chosen, every line."""
    if child is None:
        return item_list
    return [i for i in item_list if i.child is None or i.child.pk == child.pk]


def places(family) -> QuerySet:
    """The places of the family's municipality, where an appointment can be."""
    return Place.objects.filter(municipality_id=family.municipality_id).order_by("name")


#: Relations that see a family's calendar without a stated need to know: the coordinator and a
#: professional on the team (under consent).
TEAM_REASONS = (AccessReason.COORDINATOR, AccessReason.TEAM_WITH_CONSENT)


def consent_covers_request(day: dt.date) -> Exists:
    """An active consent of the request's family names the request's service (a subquery): the record
    policy's rule for a booking request (`policy.shared_calendar`; a request always names its service)."""
    from los.consent.models import Consent

    return Exists(
        Consent.objects.active_on(day).filter(
            family_id=OuterRef("appointment__family_id"), services=OuterRef("service_id")
        )
    )


def requests_to_services(user, families, day: dt.date | None = None, states=None) -> QuerySet:
    """Requests in `states` (default: open, pending or countered) to the services `user` works in, in
    `families` where the user is on the team, each only while the record policy lets the user see it.

    `families` are the user's families from the access policy (`visible_families` / `families_among`,
    with `access_reason`), computed once by the caller. For the coordinator and a professional on the team
    the policy is an active consent that covers the request's service, tested in the same query; a family
    the user reaches only as a caseworker (the calendar needs a stated need to know) is checked through
    its grant. One query, driven by the user's own families and services."""
    from los.people.models import Service
    from los.team.models import TeamMember

    day = day or dates.today()
    states = states or [RequestState.PENDING, RequestState.COUNTER]
    others = [f for f in families if f.access_reason not in TEAM_REASONS]
    allowed = Q(consent_covers_request(day))
    if others:
        by_team = [f.pk for f in families if f.access_reason in TEAM_REASONS]
        allowed = Q(appointment__family_id__in=by_team) & allowed
        for family in others:
            grant = Grant(user, family, family.access_reason, day)
            allowed |= Q(pk__in=access.visible(grant, BookingRequest).values("pk"))
    on_team = TeamMember.objects.filter(
        family_id=OuterRef("appointment__family_id"), professional__user=user, left_on__isnull=True
    )
    return BookingRequest.objects.filter(
        state__in=states,
        appointment__family_id__in=[f.pk for f in families],
        service__in=Service.objects.filter(professionals__user=user).values("pk"),
    ).filter(Exists(on_team), allowed)


def answering_families(user, day: dt.date | None = None, coordinated: bool = False) -> list:
    """The families where the user is on the team (and, with `coordinated`, those they coordinate), among
    those the access policy lets them see, with `access_reason`: the families whose booking requests
    they may answer or accept. One query, driven by the user's own team places and assignments."""
    from los.team.models import TeamMember

    on_team = TeamMember.objects.filter(professional__user=user, left_on__isnull=True).values("family_id")
    reached = Q(pk__in=on_team)
    if coordinated:
        reached |= Q(access_reason=AccessReason.COORDINATOR)
    return list(access.visible_families(user, day).filter(reached).order_by("pk"))


def pending_requests_for(user, families=None, day: dt.date | None = None) -> QuerySet:
    """Open requests to the services this professional answers for, in families they may see, and in
    each only the requests the record policy lets them see (the consent covers the service), soonest
    first. `families`: the user's families from `answering_families`, when the caller has them."""
    families = answering_families(user, day) if families is None else families
    return (
        requests_to_services(user, families, day)
        .select_related("appointment__family", "appointment__place", "appointment__service", "service")
        .order_by("appointment__starts_at", "id")
    )


def feed_families(user) -> list:
    """The families a user may subscribe to the calendar of: a guardian's own families (staff subscribe
    to their own appointments instead)."""
    if user.role != Role.GUARDIAN:
        return []
    return list(access.visible_families(user).order_by("name", "id"))


def active_feeds(user) -> dict:
    """The user's feed addresses in use, by (kind, family id)."""
    return {(f.kind, f.family_id): f for f in CalendarFeed.objects.filter(user=user, revoked_at__isnull=True)}


def feed_by_token(token: str) -> CalendarFeed | None:
    """The feed a secret address names, while it is in use and its owner is active; else None."""
    found = (
        CalendarFeed.objects.select_related("user", "family")
        .filter(token_hash=CalendarFeed.hash_token(token), revoked_at__isnull=True)
        .first()
    )
    if found is None or not found.user.is_active:
        return None
    return found


# --------------------------------------------------------------------------- conflicts


@dataclass
class ConflictData:
    context: rules.Context
    place_names: dict


def conflict_context(grant: Grant, service_ids: set[int]) -> rules.Context:
    """Everything the conflict checks need about one family, in five queries."""
    family = grant.family
    limits = family_limits(grant)
    hours: dict[int, rules.Hours] = {}
    windows: dict[int, list] = {sid: [] for sid in service_ids}
    closed: dict[int, set] = {sid: set() for sid in service_ids}
    for h in OpeningHours.objects.filter(service_id__in=service_ids):
        windows[h.service_id].append((h.weekday, h.opens, h.closes))
    for c in ClosedDate.objects.filter(service_id__in=service_ids):
        closed[c.service_id].add(c.date)
    for sid in service_ids:
        if windows[sid] or closed[sid]:  # a service with no hours recorded is not checked
            hours[sid] = rules.Hours(tuple(windows[sid]), frozenset(closed[sid]))
    travel = {
        (t.place_a_id, t.place_b_id): t.minutes
        for t in TravelTime.objects.filter(municipality_id=family.municipality_id)
    }
    names = dict(Place.objects.filter(municipality_id=family.municipality_id).values_list("id", "name"))

    def travel_minutes(a, b):
        return travel.get((min(a, b), max(a, b)))

    def holiday(day: dt.date) -> bool:
        try:
            return dates.is_public_holiday(day)
        except ValueError:
            return False

    return rules.Context(
        limits=rules.Limits(
            max_per_day=limits.max_appointments_per_day,
            unavailable_weekdays=frozenset(limits.unavailable_weekdays),
            unavailable_dates=frozenset(limits.unavailable_date_set),
            earliest=limits.earliest,
            latest=limits.latest,
        ),
        hours=hours,
        travel=travel_minutes,
        is_public_holiday=holiday,
        place_name=lambda pk: names.get(pk, "?"),
    )


def entry_for(a: Appointment, guardian_ids=None, children_ids=None) -> rules.Entry:
    """An appointment as the conflict rules see it: Norwegian wall-clock times, place, service, and who
    attends (the child when it attends, and each guardian named). An appointment for the whole family
    that the children attend concerns each of them (`children_ids`, when known)."""
    attendees = set()
    if a.child_attends and a.child_id is None and children_ids:
        attendees |= {f"child:{pk}" for pk in children_ids}
    elif a.child_attends:
        attendees.add(f"child:{a.child_id or 'any'}")
    ids = guardian_ids if guardian_ids is not None else [g.pk for g in a.guardians.all()]
    attendees |= {f"guardian:{gid}" for gid in ids}
    return rules.Entry(
        id=a.pk,
        start=dates.local(a.starts_at).replace(tzinfo=None),
        end=dates.local(a.ends_at).replace(tzinfo=None),
        label=a.label,
        place=a.place_id,
        service=a.service_id,
        attendees=frozenset(attendees),
    )


def meeting_entry(m) -> rules.Entry:
    """A coordination meeting as the conflict rules see it: the family attends it."""
    return rules.Entry(
        id=f"m{m.pk}",
        start=dates.local(m.starts_at).replace(tzinfo=None),
        end=dates.local(m.ends_at).replace(tzinfo=None),
        label=m.title,
        attendees=frozenset({"guardian:meeting"}),
    )


def annotate_conflicts(grant: Grant, item_list: list[Item]) -> list:
    """Find the conflicts among the shown items and attach each to the items it concerns."""
    live = [i for i in item_list if not i.is_cancelled]
    children_ids = None
    if any(i.appointment and i.appointment.child_id is None for i in live):
        children_ids = list(grant.family.children.values_list("pk", flat=True))
    entries = [
        entry_for(i.appointment, children_ids=children_ids) if i.appointment else meeting_entry(i.meeting)
        for i in live
    ]
    service_ids = {e.service for e in entries if e.service is not None}
    found = rules.find_conflicts(entries, conflict_context(grant, service_ids))
    by_id = {(i.appointment.pk if i.appointment else f"m{i.meeting.pk}"): i for i in live}
    for c in found:
        for entry_id in c.entries:
            if entry_id in by_id:
                by_id[entry_id].conflicts.append(c)
    return found
