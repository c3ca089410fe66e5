"""Independent feasibility checker and the "how it happens today" baseline for appointment bundling.

Both work on appointments in the result format, ``{"need": id, "start": "YYYY-MM-DDTHH:MM"}``, and
share nothing with the optimiser beyond the instance model (and its one rule for the distance between two
appointments of a date, :meth:`Instance.gap_minutes`), so the checker is an independent judge of the
optimiser's answers. :func:`find_violations` gives each broken rule as a :class:`Violation` with a code and
its figures (for a message in the user's language); :func:`check_solution` gives them as English text.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

from .bundling_model import Instance, format_time


@dataclass(frozen=True)
class _Booked:
    """One appointment on a date: start/end in minutes, its place and a label for messages."""

    start: int
    end: int
    location: str
    label: str
    service: str | None = None
    fixed: bool = False
    need: str | None = None
    index: int | None = None  # the appointment's place in the checked list (None: fixed)


@dataclass(frozen=True)
class Violation:
    """One broken rule: ``code`` names the rule, ``message`` says it in English, ``params`` holds the
    figures; ``index`` is the checked appointment it is about (None: a need, a date or a fixed one)."""

    code: str
    message: str
    index: int | None = None
    need: str | None = None
    date: dt.date | None = None
    params: dict = field(default_factory=dict)


def format_start(instance: Instance, day: int, minutes: int) -> str:
    """A start as the result format writes it: YYYY-MM-DDTHH:MM."""
    return f"{instance.date(day).isoformat()}T{format_time(minutes)}"


def parse_start(value) -> tuple[dt.date, int]:
    """Parse ``YYYY-MM-DDTHH:MM`` into (date, minutes after midnight); raises ValueError."""
    if not isinstance(value, str) or len(value) != 16 or value[10] != "T":
        raise ValueError(f"start must look like YYYY-MM-DDTHH:MM, got {value!r}")
    moment = dt.datetime.strptime(value, "%Y-%m-%dT%H:%M")
    return moment.date(), moment.hour * 60 + moment.minute


def attendance_days(instance: Instance, appointments: list[dict]) -> int:
    """Distinct dates with at least one appointment, fixed appointments included."""
    dates = {parse_start(a["start"])[0] for a in appointments}
    return len(dates | {instance.date(f.day) for f in instance.fixed})


def _fits_service(instance: Instance, service_id: str, weekday: int, start: int, end: int) -> bool:
    return any(
        w.weekday == weekday and w.start <= start and end <= w.end
        for w in instance.services[service_id].availability
    )


def _sequence_violations(instance: Instance, date: dt.date, booked: list[_Booked]) -> list[Violation]:
    """Overlaps and too little time (travel, buffer, the service's spacing) between appointments of a date.
    Two fixed appointments are the family's and the services' own business: they only must not overlap."""
    problems = []
    ordered = sorted(booked, key=lambda b: (b.start, b.end))
    for prev, nxt in itertools.pairwise(ordered):
        about = nxt.index if nxt.index is not None else prev.index
        if nxt.start < prev.end:
            problems.append(
                Violation(
                    "overlap",
                    f"{date}: {prev.label} and {nxt.label} overlap",
                    about,
                    date=date,
                    params={"a": prev, "b": nxt},
                )
            )
            continue
        both_fixed = prev.fixed and nxt.fixed
        gap = instance.gap_minutes(prev.location, prev.service, nxt.location, nxt.service, both_fixed)
        if nxt.start < prev.end + gap:
            travel = instance.travel_minutes(prev.location, nxt.location)
            problems.append(
                Violation(
                    "too_close",
                    f"{date}: {gap} minutes of travel needed from {prev.label} ({prev.location}) "
                    f"to {nxt.label} ({nxt.location}), only {nxt.start - prev.end} available"
                    + (
                        f" (travel {travel} + buffer {instance.family.buffer})"
                        if instance.family.buffer
                        else ""
                    ),
                    about,
                    date=date,
                    params={"a": prev, "b": nxt, "gap": gap, "travel": travel, "free": nxt.start - prev.end},
                )
            )
    for prev, nxt in itertools.combinations(ordered, 2):
        if prev.service is None or prev.service != nxt.service or (prev.fixed and nxt.fixed):
            continue
        if prev.service not in instance.services or nxt.start < prev.end:
            continue
        service = instance.services[prev.service]
        about = nxt.index if nxt.index is not None else prev.index
        if service.min_days >= 1 and not (prev.need is not None and prev.need == nxt.need):
            problems.append(
                Violation(
                    "service_days",
                    f"{date}: {prev.label} and {nxt.label} are both at {service.id}, which takes the same "
                    f"family at most once in {service.min_days} days",
                    about,
                    date=date,
                    params={"a": prev, "b": nxt, "days": service.min_days},
                )
            )
        elif nxt.start - prev.end < service.min_minutes:
            problems.append(
                Violation(
                    "service_minutes",
                    f"{date}: {prev.label} and {nxt.label} at {service.id} are "
                    f"{nxt.start - prev.end} minutes apart, at least {service.min_minutes} required",
                    about,
                    date=date,
                    params={"a": prev, "b": nxt, "minutes": service.min_minutes},
                )
            )
    return problems


def _service_day_violations(instance: Instance, by_day: dict[int, list[_Booked]]) -> list[Violation]:
    """Two appointments of a service fewer than its ``min_days`` apart on different dates (one of them
    proposed; the spacing within one need is the need's rule)."""
    problems = []
    for service in instance.services.values():
        if service.min_days < 1:
            continue
        mine = sorted(
            ((day, b) for day, booked in by_day.items() for b in booked if b.service == service.id),
            key=lambda p: (p[0], p[1].start),
        )
        for (d1, a), (d2, b) in itertools.combinations(mine, 2):
            if d1 == d2 or d2 - d1 >= service.min_days or (a.fixed and b.fixed):
                continue
            if a.need is not None and a.need == b.need:
                continue
            problems.append(
                Violation(
                    "service_days",
                    f"{instance.date(d1)} and {instance.date(d2)}: {a.label} and {b.label} at {service.id} "
                    f"are {d2 - d1} days apart, at least {service.min_days} required",
                    b.index if b.index is not None else a.index,
                    date=instance.date(d2),
                    params={"a": a, "b": b, "days": service.min_days},
                )
            )
    return problems


def find_violations(instance: Instance, appointments: list[dict]) -> list[Violation]:
    """Every rule of a feasible solution that ``appointments`` break (empty = feasible)."""
    problems: list[Violation] = []
    needs = {n.id: n for n in instance.needs}
    fam = instance.family
    by_need: dict[str, list[int]] = {n.id: [] for n in instance.needs}
    by_day: dict[int, list[_Booked]] = {}
    for f in instance.fixed:
        by_day.setdefault(f.day, []).append(
            _Booked(f.start, f.start + f.duration, f.location, f"fixed {f.id}", f.service, True)
        )

    def broke(code: str, message: str, i: int | None, need=None, date=None, **params) -> None:
        problems.append(Violation(code, message, i, need, date, params))

    for i, appt in enumerate(appointments):
        need = needs.get(appt.get("need")) if isinstance(appt, dict) else None
        if need is None:
            broke(
                "unknown_need",
                f"appointment {i}: unknown need {appt.get('need') if isinstance(appt, dict) else appt!r}",
                i,
            )
            continue
        try:
            date, start = parse_start(appt.get("start"))
        except ValueError as exc:
            broke("bad_start", f"appointment {i} ({need.id}): {exc}", i, need.id)
            continue
        day, end = instance.day_of(date), start + need.duration
        label = f"{need.id} at {format_time(start)}"
        where = f"{need.id} on {date} at {format_time(start)}"
        if not need.from_day <= day <= need.to_day:
            broke(
                "need_window",
                f"{where}: outside the need's window (days {need.from_day}..{need.to_day})",
                i,
                need.id,
                date,
                first=instance.date(need.from_day),
                last=instance.date(need.to_day),
            )
        if date in instance.closed_dates:
            broke("closed_date", f"{where}: {date} is a closed date", i, need.id, date)
        if date.weekday() in fam.unavailable_weekdays:
            broke(
                "family_weekday",
                f"{where}: the family cannot attend on weekday {date.weekday()}",
                i,
                need.id,
                date,
            )
        if date in fam.unavailable_dates:
            broke("family_date", f"{where}: the family cannot attend on {date}", i, need.id, date)
        if start % instance.slot:
            broke("slot", f"{where}: start is not on a {instance.slot}-minute slot", i, need.id, date)
        if end > 24 * 60:
            broke("family_hours", f"{where}: ends after midnight", i, need.id, date)
        elif start < fam.earliest or end > fam.latest:
            broke(
                "family_hours",
                f"{where}: outside the family's hours {format_time(fam.earliest)}-{format_time(fam.latest)}",
                i,
                need.id,
                date,
            )
        if not _fits_service(instance, need.service, date.weekday(), start, end):
            broke(
                "opening_hours", f"{where}: not inside an opening window of {need.service}", i, need.id, date
            )
        by_need[need.id].append(day)
        location = instance.services[need.service].location
        by_day.setdefault(day, []).append(
            _Booked(start, end, location, label, need.service, False, need.id, i)
        )

    for need in instance.needs:
        days = sorted(by_need[need.id])
        if len(days) != need.count:
            broke("count", f"{need.id}: {len(days)} appointments booked, {need.count} needed", None, need.id)
        for a, b in itertools.pairwise(days):
            if b - a < need.min_gap:
                broke(
                    "min_days",
                    f"{need.id}: {instance.date(a)} and {instance.date(b)} are {b - a} days apart, "
                    f"at least {need.min_gap} required",
                    None,
                    need.id,
                    instance.date(b),
                    days=need.min_gap,
                )
            if need.max_gap is not None and b - a > need.max_gap:
                broke(
                    "max_days",
                    f"{need.id}: {instance.date(a)} and {instance.date(b)} are {b - a} days apart, "
                    f"at most {need.max_gap} allowed",
                    None,
                    need.id,
                    instance.date(b),
                    days=need.max_gap,
                )

    for day in sorted(by_day):
        date, booked = instance.date(day), by_day[day]
        if len(booked) > fam.max_per_day and any(not b.fixed for b in booked):
            broke(
                "per_day",
                f"{date}: {len(booked)} appointments, at most {fam.max_per_day} per day",
                None,
                date=date,
                most=fam.max_per_day,
            )
        problems.extend(_sequence_violations(instance, date, booked))
    problems.extend(_service_day_violations(instance, by_day))
    return problems


def check_solution(instance: Instance, appointments: list[dict]) -> list[str]:
    """Every rule of a feasible solution that ``appointments`` break, as messages (empty = feasible)."""
    return [v.message for v in find_violations(instance, appointments)]


def _fits_between(instance: Instance, booked: list[_Booked], new: _Booked) -> bool:
    """Whether ``new`` can join the date's ``booked`` appointments without overlap or too little time
    between (travel, buffer, the service's same-day spacing)."""
    before = [b for b in booked if b.start <= new.start]
    after = [b for b in booked if b.start > new.start]
    if any(b.end > new.start for b in before) or any(b.start < new.end for b in after):
        return False
    if before:
        prev = max(before, key=lambda b: (b.end, b.start))
        if new.start < prev.end + instance.gap_minutes(
            prev.location, prev.service, new.location, new.service
        ):
            return False
    if after:
        nxt = min(after, key=lambda b: (b.start, b.end))
        if nxt.start < new.end + instance.gap_minutes(new.location, new.service, nxt.location, nxt.service):
            return False
    if new.service is not None and new.service in instance.services:
        service = instance.services[new.service]
        for b in booked:
            if b.service != new.service:
                continue
            if service.min_days >= 1:
                return False
            if min(abs(new.start - b.end), abs(b.start - new.end)) < service.min_minutes:
                return False
    return True


def _service_day_free(
    instance: Instance, by_day: dict[int, list[_Booked]], service: str, need: str, day: int
) -> bool:
    """Whether no other appointment of ``service`` is fewer than its ``min_days`` from ``day`` (the need's
    own appointments are spaced by the need's rule)."""
    days = instance.service_min_days(service)
    if days < 1:
        return True
    return not any(
        b.service == service and b.need != need
        for d in range(day - days + 1, day + days)
        for b in by_day.get(d, [])
    )


def baseline(instance: Instance) -> list[dict]:
    """Book the way services do today: each need on its own, in listed order, earliest first.

    Every appointment takes the earliest feasible (day, start) from the window start, or from the
    previous appointment of the need plus ``min_days_between`` up to ``max_days_between`` after
    it, given only the appointments already booked (fixed ones included). An appointment that
    finds no slot is left unbooked, so the result can be incomplete for an infeasible instance.
    """
    fam, slot = instance.family, instance.slot
    by_day: dict[int, list[_Booked]] = {}
    for f in instance.fixed:
        by_day.setdefault(f.day, []).append(
            _Booked(f.start, f.start + f.duration, f.location, f.id, f.service, True)
        )
    appointments = []
    for need in instance.needs:
        service = instance.services[need.service]
        prev = None
        for _ in range(need.count):
            first, last = need.from_day, need.to_day
            if prev is not None:
                first = max(first, prev + need.min_gap)
                if need.max_gap is not None:
                    last = min(last, prev + need.max_gap)
            booked_day = None
            for day in range(first, last + 1):
                booked = by_day.get(day, [])
                if not instance.family_can_attend(day) or len(booked) >= fam.max_per_day:
                    continue
                if not _service_day_free(instance, by_day, need.service, need.id, day):
                    continue
                weekday = instance.date(day).weekday()
                for start in range(-(-fam.earliest // slot) * slot, fam.latest - need.duration + 1, slot):
                    end = start + need.duration
                    new = _Booked(start, end, service.location, need.id, need.service, False, need.id)
                    if _fits_service(instance, need.service, weekday, start, end) and _fits_between(
                        instance, booked, new
                    ):
                        by_day.setdefault(day, []).append(new)
                        appointments.append({"need": need.id, "start": format_start(instance, day, start)})
                        booked_day = day
                        break
                if booked_day is not None:
                    break
            if booked_day is None:
                break
            prev = booked_day
    return appointments
