"""From the family's calendar to the optimiser and back: `build_instance` writes the bundling instance
(``los-bundling-instance/1``, see the bundling format) from the models, `run_proposal` solves it within
``LOS_BUNDLING_TIME_LIMIT`` and keeps the answer beside the baseline (each service booking on its own).

Mapping: services are ``s<id>`` at the place where they receive the family (``p<id>``); needs are
``need-<id>``; confirmed and requested appointments (and coordination meetings) are ``fixed``. Closed
dates are Norway's public holidays plus the closed dates of every service with a need in the horizon:
the instance has one list of closed dates for all services, so a service's own closed date keeps all
services off that date (never a proposal on a closed date, at the price of a possibly missed bundle).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from los.core import access, audit, dates, versions
from los.core.access import Grant
from los.core.errors import DomainError

from .. import policy, selectors
from ..models import (
    Appointment,
    AppointmentNeed,
    AppointmentStatus,
    BundlingProposal,
    ClosedDate,
    NeedStatus,
    OpeningHours,
    Place,
    ServiceCalendar,
    TravelTime,
)
from . import booking

#: Travel time assumed between two places the municipality's table does not list (minutes).
DEFAULT_TRAVEL_MINUTES = 60
UNKNOWN_PLACE = "ukjent-sted"
SLOT_MINUTES = 15


def _hhmm(t: dt.time) -> str:
    return f"{t.hour:02d}:{t.minute:02d}"


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def _build(grant: Grant, start: dt.date, days: int) -> tuple[dict, list[str]]:
    """The instance and plain-bokmål notes on what was assumed or left out. Needs and fixed appointments
    come through the record policy: a need of a service the consent no longer covers is not planned."""
    family = grant.family
    end = start + dt.timedelta(days=days - 1)
    notes: list[str] = []
    needs = list(
        access.visible(grant, AppointmentNeed).filter(status=NeedStatus.OPEN).order_by("window_from", "id")
    )
    service_ids = {n.service_id for n in needs}
    calendars = {
        c.service_id: c
        for c in ServiceCalendar.objects.filter(service_id__in=service_ids).select_related("place")
    }
    windows = defaultdict(list)
    for h in OpeningHours.objects.filter(service_id__in=service_ids).order_by("weekday", "opens"):
        windows[h.service_id].append({"weekday": h.weekday, "start": _hhmm(h.opens), "end": _hhmm(h.closes)})
    closed = set()
    for day in range(days):
        date = start + dt.timedelta(days=day)
        try:
            if dates.is_public_holiday(date):
                closed.add(date)
        except ValueError:
            pass
    closed |= set(
        ClosedDate.objects.filter(service_id__in=service_ids, date__range=(start, end)).values_list(
            "date", flat=True
        )
    )

    services, need_rows = {}, []
    for need in needs:
        if need.window_to < start or need.window_from > end:
            notes.append(_("«%(need)s» er utenfor perioden og er ikke med.") % {"need": need.title})
            continue
        calendar = calendars.get(need.service_id)
        if calendar is None:
            notes.append(
                _("%(service)s har ikke registrert sted og åpningstider, så «%(need)s» er ikke med.")
                % {"service": need.service.name, "need": need.title}
            )
            continue
        sid = f"s{need.service_id}"
        services[sid] = {
            "id": sid,
            "location": f"p{calendar.place_id}",
            "availability": windows[need.service_id],
        }
        row = {
            "id": f"need-{need.pk}",
            "service": sid,
            "duration_minutes": need.duration_minutes,
            "count": need.count,
            "window": {
                "from_day": max(0, (need.window_from - start).days),
                "to_day": min(days - 1, (need.window_to - start).days),
            },
        }
        if need.min_days_between:
            row["min_days_between"] = need.min_days_between
        if need.max_days_between:
            row["max_days_between"] = max(need.max_days_between, need.min_days_between, 1)
        need_rows.append(row)

    begin = dates.at(start, dt.time(0))
    finish = dates.at(end + dt.timedelta(days=1), dt.time(0))
    fixed = []
    booked = (
        access.visible(grant, Appointment)
        .filter(
            status__in=[AppointmentStatus.CONFIRMED, AppointmentStatus.REQUESTED],
            starts_at__gte=begin,
            starts_at__lt=finish,
        )
        .order_by("starts_at")
    )
    for a in booked:
        fixed.append(
            _fixed(f"a{a.pk}", a.starts_at, a.ends_at, f"p{a.place_id}" if a.place_id else UNKNOWN_PLACE)
        )
    for m in selectors.calendar_meetings(grant, begin, finish):
        if getattr(m, "status", "") != "cancelled":
            fixed.append(_fixed(f"m{m.pk}", m.starts_at, m.ends_at, UNKNOWN_PLACE))
    fixed = [f for f in fixed if f is not None]

    locations = sorted({s["location"] for s in services.values()} | {f["location"] for f in fixed})
    place_ids = [int(loc[1:]) for loc in locations if loc != UNKNOWN_PLACE]
    known = {
        (f"p{t.place_a_id}", f"p{t.place_b_id}"): t.minutes
        for t in TravelTime.objects.filter(place_a_id__in=place_ids, place_b_id__in=place_ids)
    }
    names = dict(Place.objects.filter(pk__in=place_ids).values_list("id", "name"))
    travel = {}
    for i, a in enumerate(locations):
        for b in locations[i + 1 :]:
            if UNKNOWN_PLACE in (a, b):
                travel[f"{a}|{b}"] = 0
                continue
            minutes = known.get((a, b), known.get((b, a)))
            if minutes is None:
                minutes = DEFAULT_TRAVEL_MINUTES
                notes.append(
                    _("Reisetiden mellom %(a)s og %(b)s mangler; regnet med %(m)s minutter.")
                    % {"a": names.get(int(a[1:]), a), "b": names.get(int(b[1:]), b), "m": minutes}
                )
            travel[f"{a}|{b}"] = minutes

    limits = selectors.family_limits(grant)
    instance = {
        "format": "los-bundling-instance/1",
        "name": f"family-{family.pk}",
        "start": start.isoformat(),
        "days": days,
        "timezone": "Europe/Oslo",
        "slot_minutes": SLOT_MINUTES,
        "closed_dates": sorted(d.isoformat() for d in closed),
        "family": {
            "max_appointments_per_day": max(1, limits.max_appointments_per_day),
            "unavailable_weekdays": sorted(int(w) for w in limits.unavailable_weekdays),
            "unavailable_dates": sorted(
                d for d in limits.unavailable_dates if start.isoformat() <= d <= end.isoformat()
            ),
            "earliest": _hhmm(limits.earliest),
            "latest": _hhmm(limits.latest),
        },
        "travel_minutes": travel,
        "services": list(services.values()),
        "needs": need_rows,
        "fixed": fixed,
    }
    return instance, notes


def _fixed(fid: str, starts_at: dt.datetime, ends_at: dt.datetime, location: str) -> dict | None:
    begin, finish = dates.local(starts_at), dates.local(ends_at)
    start_minutes = begin.hour * 60 + begin.minute
    if finish.date() != begin.date():
        duration = 24 * 60 - start_minutes
    else:
        duration = max(1, int((finish - begin).total_seconds() // 60))
    if duration < 1:
        return None
    return {
        "id": fid,
        "date": begin.date().isoformat(),
        "start": _hhmm(begin.time()),
        "duration_minutes": duration,
        "location": location,
    }


def build_instance(grant: Grant, start: dt.date, days: int) -> dict:
    """The family's bundling instance for ``days`` days from ``start`` (``los-bundling-instance/1``)."""
    return _build(grant, start, days)[0]


def run_proposal(
    grant: Grant, start: dt.date, days: int, time_limit: float | None = None
) -> BundlingProposal:
    """Run the optimiser on the family's open needs and keep the proposal (nothing is booked yet).

    A need that cannot be met answers ``infeasible`` with the need named, never an exception.
    """
    from ..bundling import InstanceError, attendance_days, baseline, load_instance, result_to_json, solve

    if not policy.may_plan(grant):
        raise DomainError(_("Bare familiens koordinator kan lage forslag."))
    data, notes = _build(grant, start, days)
    if not data["needs"]:
        raise DomainError(_("Familien har ingen behov for timer som kan planlegges i perioden."))
    try:
        instance = load_instance(data)
    except InstanceError as error:  # our own data made a bad instance: say which field
        raise DomainError(_("Kunne ikke lage planleggingsgrunnlaget: %(e)s") % {"e": error})
    limit = float(time_limit if time_limit is not None else getattr(settings, "LOS_BUNDLING_TIME_LIMIT", 5.0))
    result = solve(instance, time_limit_seconds=limit, workers=2)
    plan = baseline(instance)
    full = len(plan) == sum(n.count for n in instance.needs)
    out = result_to_json(result, data["name"])
    out["baseline"] = plan if full else []
    proposal = BundlingProposal.objects.create(
        family=grant.family,
        start=start,
        days=days,
        status=result.status,
        attendance_days=result.attendance_days,
        lower_bound=result.lower_bound,
        baseline_days=attendance_days(instance, plan) if full else None,
        solve_seconds=result.solve_seconds,
        instance=data,
        result=out,
        notes=notes,
        created_by=grant.user,
    )
    audit.changed(grant.family.pk, "bundling_proposal", proposal.pk)
    return proposal


def need_titles(proposal: BundlingProposal) -> dict[str, AppointmentNeed]:
    """The needs a proposal plans for, by their id in the instance (``need-<id>``)."""
    ids = [int(n["id"].removeprefix("need-")) for n in proposal.instance["needs"]]
    found = AppointmentNeed.objects.filter(pk__in=ids).select_related("service")
    return {f"need-{n.pk}": n for n in found}


def proposal_rows(proposal: BundlingProposal) -> list[dict]:
    """Each proposed appointment beside where the services would have booked it on their own."""
    needs = need_titles(proposal)
    proposed = defaultdict(list)
    for a in proposal.result.get("appointments", []):
        proposed[a["need"]].append(a["start"])
    alone = defaultdict(list)
    for a in proposal.result.get("baseline", []):
        alone[a["need"]].append(a["start"])
    rows = []
    for need_id, starts in proposed.items():
        before = sorted(alone.get(need_id, []))
        for k, start in enumerate(sorted(starts)):
            moment = dt.datetime.strptime(start, "%Y-%m-%dT%H:%M")
            was = dt.datetime.strptime(before[k], "%Y-%m-%dT%H:%M") if k < len(before) else None
            need = needs.get(need_id)
            rows.append(
                {
                    "need": need,
                    "start": moment,
                    "end": moment + dt.timedelta(minutes=need.duration_minutes if need else 0),
                    "baseline": was,
                    "moved": was is not None and was.date() != moment.date(),
                }
            )
    return sorted(rows, key=lambda r: r["start"])


def infeasible_reasons(proposal: BundlingProposal) -> list[str]:
    """Why the needs cannot be met, in bokmål, naming each need."""
    needs = need_titles(proposal)
    out = []
    for problem in proposal.result.get("infeasible_needs", []):
        need = needs.get(problem.get("need") or "")
        if need is not None:
            out.append(
                _(
                    "«%(need)s» (%(service)s) kan ikke oppfylles: ingen ledig tid i vinduet "
                    "%(a)s–%(b)s som passer med tjenestens åpningstid, familiens begrensninger "
                    "og avstanden mellom timene."
                )
                % {
                    "need": need.title,
                    "service": need.service.name,
                    "a": need.window_from.strftime("%d.%m.%Y"),
                    "b": need.window_to.strftime("%d.%m.%Y"),
                }
            )
        else:
            out.append(
                _(
                    "Behovene passer hver for seg, men ikke sammen: for mange timer per dag, overlapp eller "
                    "for kort reisetid."
                )
            )
    return out


@transaction.atomic
def send_requests(grant: Grant, proposal: BundlingProposal) -> list:
    """Turn a proposal into booking requests: one requested appointment per proposed time, and a request
    to the service. Nothing is confirmed until the service answers, and nothing is sent at all when the
    consent no longer covers one of the services (helsepersonelloven §§ 21-22): the coordinator asks the
    family first, or closes that need."""
    user = grant.user
    if not policy.may_plan(grant) or proposal.family_id != grant.family.pk:
        raise DomainError(_("Du kan ikke sende dette forslaget."))
    proposal = BundlingProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.sent_at is not None:
        raise DomainError(_("Forespørslene i dette forslaget er allerede sendt."))
    if proposal.status not in ("optimal", "feasible"):
        raise DomainError(_("Forslaget har ingen timer å sende."))
    needs = need_titles(proposal)
    if any(n.status != NeedStatus.OPEN for n in needs.values()):
        raise DomainError(_("Noen av behovene er endret siden forslaget ble laget. Lag et nytt forslag."))
    for need in needs.values():
        if not access.consent_covers(proposal.family_id, need.service_id):
            raise booking.uncovered_service(need.service)
    calendars = {
        c.service_id: c
        for c in ServiceCalendar.objects.filter(service_id__in=[n.service_id for n in needs.values()])
    }
    made = []
    for row in proposal_rows(proposal):
        need = row["need"]
        start = row["start"].replace(tzinfo=dates.OSLO)
        appointment = Appointment.objects.create(
            family=proposal.family,
            child=need.child,
            service=need.service,
            need=need,
            title=need.service.name,
            kind=need.kind,
            status=AppointmentStatus.REQUESTED,
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=need.duration_minutes),
            place_id=calendars[need.service_id].place_id,
            created_by=user,
        )
        made.append(booking.request_booking(appointment, user, proposal=proposal, notify=False))
    AppointmentNeed.objects.filter(pk__in=[n.pk for n in needs.values()], status=NeedStatus.OPEN).update(
        status=NeedStatus.REQUESTED, lock_version=versions.NEXT
    )
    proposal.sent_at = timezone.now()
    proposal.save(update_fields=["sent_at"])
    audit.changed(proposal.family_id, "bundling_proposal", proposal.pk)
    booking.notify_services(made)
    return made
