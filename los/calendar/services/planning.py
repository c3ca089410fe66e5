"""From the bundling instance to a proposal and back to the calendar: `run_proposal` solves the family's
instance (`planning_instance.build_instance`) within ``LOS_BUNDLING_TIME_LIMIT`` and keeps the answer
beside the baseline (each service booking on its own); the coordinator may change one time
(`adjust_time`) and sends the requests (`send_requests`).

:func:`check_appointments` judges a proposal (as made, or with a time the coordinator changed) with the
optimiser's independent checker and says in bokmål what is wrong, and nothing is sent that it refuses.
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

from .. import policy
from ..models import (
    Appointment,
    AppointmentNeed,
    AppointmentStatus,
    BundlingProposal,
    NeedStatus,
    Place,
    ServiceCalendar,
)
from . import booking
from .planning_instance import (
    DIGITAL,
    UNKNOWN_PLACE,
    instance_and_notes,
    instance_notes_and_labels,
    short_day,
)


def run_proposal(
    grant: Grant, start: dt.date, days: int, time_limit: float | None = None
) -> BundlingProposal:
    """Run the optimiser on the family's open needs and keep the proposal (nothing is booked yet).

    A need that cannot be met answers ``infeasible`` with the need named, never an exception.
    """
    from ..bundling import InstanceError, attendance_days, baseline, load_instance, result_to_json, solve

    if not policy.may_plan(grant):
        raise DomainError(_("Bare familiens koordinator kan lage forslag."))
    data, notes = instance_and_notes(grant, start, days)
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
    found = AppointmentNeed.objects.filter(pk__in=ids).select_related("service", "child")
    return {f"need-{n.pk}": n for n in found}


def _place_names(proposal: BundlingProposal) -> dict[str, str]:
    """The names of the places a proposal's services receive at, by location (``p<id>``)."""
    ids = [
        int(sv["location"][1:])
        for sv in proposal.instance.get("services", [])
        if sv["location"][1:].isdigit()
    ]
    return {f"p{pk}": name for pk, name in Place.objects.filter(pk__in=ids).values_list("id", "name")}


def proposal_rows(proposal: BundlingProposal) -> list[dict]:
    """Each proposed appointment (with ``index``, its place in the proposal's list, for changing its
    time) beside where the services would have booked it on their own, naming the child and the place."""
    needs = need_titles(proposal)
    places = _place_names(proposal)
    where = {sv["id"]: places.get(sv["location"], "") for sv in proposal.instance.get("services", [])}
    service_of = {n["id"]: n["service"] for n in proposal.instance.get("needs", [])}
    proposed = defaultdict(list)
    for index, a in enumerate(proposal.result.get("appointments", [])):
        proposed[a["need"]].append((a["start"], index, bool(a.get("adjusted"))))
    alone = defaultdict(list)
    for a in proposal.result.get("baseline", []):
        alone[a["need"]].append(a["start"])
    rows = []
    for need_id, starts in proposed.items():
        before = sorted(alone.get(need_id, []))
        for k, (start, index, adjusted) in enumerate(sorted(starts)):
            moment = dt.datetime.strptime(start, "%Y-%m-%dT%H:%M")
            was = dt.datetime.strptime(before[k], "%Y-%m-%dT%H:%M") if k < len(before) else None
            need = needs.get(need_id)
            rows.append(
                {
                    "index": index,
                    "key": start,
                    "need": need,
                    "child": need.child if need else None,
                    "place": where.get(service_of.get(need_id, ""), ""),
                    "start": moment,
                    "end": moment + dt.timedelta(minutes=need.duration_minutes if need else 0),
                    "baseline": was,
                    "moved": was is not None and was.date() != moment.date(),
                    "adjusted": adjusted,
                }
            )
    return sorted(rows, key=lambda r: (r["start"], r["index"]))


# --------------------------------------------------------------------------- the independent check


def _fmt_minutes(minutes: int) -> str:
    return f"{minutes // 60:02d}.{minutes % 60:02d}"


def check_appointments(grant: Grant, proposal: BundlingProposal, appointments: list[dict]) -> list[str]:
    """What is wrong with sending ``appointments`` for ``proposal`` now, in bokmål (empty: nothing).

    Judged against the family's calendar as it is now (appointments booked and meetings planned since
    the proposal was made count) by the optimiser's independent checker: opening hours and closed dates,
    the family's limits, the need's window and spacing, overlap, travel and pause between every two
    appointments of a date, the service's own spacing."""
    from ..bundling import InstanceError, load_instance
    from ..bundling_baseline import find_violations

    data, _notes, labels = instance_notes_and_labels(grant, proposal.start, proposal.days)
    wanted = {n["id"] for n in proposal.instance.get("needs", [])}
    data["needs"] = [n for n in data["needs"] if n["id"] in wanted]
    kept = {n["service"] for n in data["needs"]}
    data["services"] = [sv for sv in data["services"] if sv["id"] in kept]
    try:
        instance = load_instance(data)
    except InstanceError as error:
        return [_("Kunne ikke kontrollere forslaget: %(e)s") % {"e": error}]
    needs = need_titles(proposal)
    places = dict(
        Place.objects.filter(
            pk__in=[int(loc[1:]) for loc in _locations(data) if loc.startswith("p")]
        ).values_list("id", "name")
    )

    def place(location: str) -> str:
        if location == UNKNOWN_PLACE:
            return _("ukjent sted")
        if location == DIGITAL:
            return _("video")
        return places.get(int(location[1:]), location) if location[1:].isdigit() else location

    def what(booked) -> str:
        if booked.fixed:
            name = labels.get(booked.label.removeprefix("fixed "), booked.label)
            return _("«%(t)s» (står i kalenderen)") % {"t": name}
        need = needs.get(booked.need)
        return "«%s»" % (_need_label(need) if need else booked.need)

    def need_name(need_id) -> str:
        need = needs.get(need_id)
        return "«%s»" % (_need_label(need) if need else need_id)

    out = []
    for v in find_violations(instance, appointments):
        p, day = v.params, short_day(v.date) if v.date else ""
        if v.code in ("overlap", "too_close", "service_minutes") or (v.code == "service_days" and "a" in p):
            a, b = p["a"], p["b"]
            first = _("%(what)s kl. %(a)s–%(b)s på %(place)s") % {
                "what": what(a),
                "a": _fmt_minutes(a.start),
                "b": _fmt_minutes(a.end),
                "place": place(a.location),
            }
            second = _("%(what)s kl. %(a)s på %(place)s") % {
                "what": what(b),
                "a": _fmt_minutes(b.start),
                "place": place(b.location),
            }
        if v.code == "overlap":
            text = _("%(day)s: %(a)s og %(b)s overlapper.") % {"day": day, "a": first, "b": second}
        elif v.code == "too_close":
            text = _(
                "%(day)s: Mellom %(a)s og %(b)s trengs %(gap)s minutter (%(travel)s minutter reisetid og "
                "%(buffer)s minutter pause), men det er bare %(free)s."
            ) % {
                "day": day,
                "a": first,
                "b": second,
                "gap": p["gap"],
                "travel": p["travel"],
                "buffer": instance.family.buffer,
                "free": p["free"],
            }
        elif v.code == "service_minutes":
            text = _(
                "%(day)s: Tjenesten vil ha minst %(m)s minutter mellom to timer, "
                "men %(a)s og %(b)s har %(f)s."
            ) % {
                "day": day,
                "m": p["minutes"],
                "a": first,
                "b": second,
                "f": p["b"].start - p["a"].end,
            }
        elif v.code == "service_days":
            text = _("Tjenesten gir ikke to timer med mindre enn %(n)s dagers mellomrom: %(a)s og %(b)s.") % {
                "n": p["days"],
                "a": first,
                "b": second,
            }
        elif v.code == "need_window":
            text = _("%(need)s skal være mellom %(a)s og %(b)s, ikke %(day)s.") % {
                "need": need_name(v.need),
                "a": short_day(p["first"]),
                "b": short_day(p["last"]),
                "day": day,
            }
        elif v.code == "closed_date":
            text = _("%(day)s er tjenesten stengt (helligdag eller stengt dag).") % {"day": day}
        elif v.code in ("family_weekday", "family_date"):
            text = _("%(day)s kan ikke familien (se «Hva familien kan»).") % {"day": day}
        elif v.code == "slot":
            text = _("Timene starter hvert kvarter (f.eks. 09.00, 09.15, 09.30).")
        elif v.code == "family_hours":
            text = _("%(need)s %(day)s er utenfor tiden familien kan, kl. %(a)s–%(b)s.") % {
                "need": need_name(v.need),
                "day": day,
                "a": _fmt_minutes(instance.family.earliest),
                "b": _fmt_minutes(instance.family.latest),
            }
        elif v.code == "opening_hours":
            text = _("%(need)s %(day)s er utenfor tjenestens åpningstid.") % {
                "need": need_name(v.need),
                "day": day,
            }
        elif v.code == "min_days":
            text = _("%(need)s: timene må ha minst %(n)s dager mellom seg.") % {
                "need": need_name(v.need),
                "n": p["days"],
            }
        elif v.code == "max_days":
            text = _("%(need)s: timene kan ha høyst %(n)s dager mellom seg.") % {
                "need": need_name(v.need),
                "n": p["days"],
            }
        elif v.code == "per_day":
            text = _("%(day)s: familien kan ha høyst %(n)s avtaler på én dag.") % {"day": day, "n": p["most"]}
        elif v.code == "count":
            text = _("%(need)s har ikke riktig antall timer.") % {"need": need_name(v.need)}
        else:
            text = _("Behovet for en av timene er endret siden forslaget ble laget. Lag et nytt forslag.")
        if text not in out:
            out.append(text)
    return out


def _locations(data: dict) -> set[str]:
    return {sv["location"] for sv in data["services"]} | {f["location"] for f in data["fixed"]}


def _need_label(need: AppointmentNeed) -> str:
    """A need as messages name it: its title, and the child's first name."""
    if need.child_id:
        return f"{need.title}, {need.child.first_name}"
    return need.title


def _sendable(grant: Grant, proposal: BundlingProposal) -> None:
    if not policy.may_plan(grant) or proposal.family_id != grant.family.pk:
        raise DomainError(_("Du kan ikke endre dette forslaget."))
    if proposal.sent_at is not None:
        raise DomainError(_("Forespørslene i dette forslaget er allerede sendt."))
    if proposal.status not in ("optimal", "feasible"):
        raise DomainError(_("Forslaget har ingen timer å sende."))


@transaction.atomic
def adjust_time(
    grant: Grant, proposal: BundlingProposal, index: int, was: str, day: dt.date, at: dt.time
) -> BundlingProposal:
    """Move one proposed time before sending. Kept only when the whole proposal still holds with it
    (:func:`check_appointments`: opening hours, the family's limits, the need's window and spacing,
    travel and pause to every other appointment of the day); else refused with what is wrong. ``was`` is
    the time the page showed, so a second coordinator's change is not overwritten unseen."""
    _sendable(grant, proposal)
    proposal = BundlingProposal.objects.select_for_update().get(pk=proposal.pk)
    _sendable(grant, proposal)
    appointments = [dict(a) for a in proposal.result.get("appointments", [])]
    if not 0 <= index < len(appointments) or appointments[index]["start"] != was:
        raise DomainError(_("Forslaget er endret siden siden ble vist. Se over og prøv igjen."))
    appointments[index]["start"] = f"{day.isoformat()}T{at.hour:02d}:{at.minute:02d}"
    problems = check_appointments(grant, proposal, appointments)
    if problems:
        raise DomainError(" ".join(problems[:3]))
    appointments[index]["adjusted"] = True
    result = dict(proposal.result)
    result["appointments"] = sorted(appointments, key=lambda a: (a["start"], a["need"]))
    result["adjusted"] = True
    proposal.result = result
    fixed_days = {f["date"] for f in proposal.instance.get("fixed", [])}
    proposal.attendance_days = len({a["start"][:10] for a in appointments} | fixed_days)
    proposal.save(update_fields=["result", "attendance_days"])
    audit.changed(proposal.family_id, "bundling_proposal", proposal.pk)
    return proposal


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
                    "service": need.service.name,
                    "a": need.window_from.strftime("%d.%m.%Y"),
                    "b": need.window_to.strftime("%d.%m.%Y"),
                    "need": _need_label(need),
                }
            )
        elif "fixed appointments on" in problem.get("reason", ""):
            day = problem["reason"].split("fixed appointments on ", 1)[1][:10]
            out.append(
                _(
                    "Avtalene som allerede står i kalenderen %(day)s, kan ikke holdes slik de er: flere enn "
                    "familien kan ha på én dag, eller de overlapper. Se på den dagen først."
                )
                % {"day": short_day(dt.date.fromisoformat(day))}
            )
        else:
            out.append(
                _(
                    "Behovene passer hver for seg, men ikke sammen: for mange timer per dag, overlapp eller "
                    "for kort tid til reise og pause."
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
    problems = check_appointments(grant, proposal, proposal.result.get("appointments", []))
    if problems:
        raise DomainError(
            _("Forslaget kan ikke sendes slik det er nå: %(p)s Endre tiden eller lag et nytt forslag.")
            % {"p": " ".join(problems[:3])}
        )
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
