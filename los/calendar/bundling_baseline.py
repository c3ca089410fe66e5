"""Independent feasibility checker and the "how it happens today" baseline for appointment bundling.

Both work on appointments in the result format, ``{"need": id, "start": "YYYY-MM-DDTHH:MM"}``, and
share nothing with the optimiser beyond the instance model, so the checker is an independent
judge of the optimiser's answers.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from .bundling_model import Instance, format_time


@dataclass(frozen=True)
class _Booked:
    """One appointment on a date: start/end in minutes, its place and a label for messages."""

    start: int
    end: int
    location: str
    label: str


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


def _sequence_violations(instance: Instance, date: dt.date, booked: list[_Booked]) -> list[str]:
    """Overlaps and too-short travel between consecutive appointments of one date."""
    problems = []
    ordered = sorted(booked, key=lambda b: (b.start, b.end))
    for prev, nxt in itertools.pairwise(ordered):
        travel = instance.travel_minutes(prev.location, nxt.location)
        if nxt.start < prev.end:
            problems.append(f"{date}: {prev.label} and {nxt.label} overlap")
        elif nxt.start < prev.end + travel:
            problems.append(
                f"{date}: {travel} minutes of travel needed from {prev.label} ({prev.location}) "
                f"to {nxt.label} ({nxt.location}), only {nxt.start - prev.end} available"
            )
    return problems


def check_solution(instance: Instance, appointments: list[dict]) -> list[str]:
    """Every rule of a feasible solution that ``appointments`` break, as messages (empty = feasible)."""
    problems: list[str] = []
    needs = {n.id: n for n in instance.needs}
    fam = instance.family
    by_need: dict[str, list[int]] = {n.id: [] for n in instance.needs}
    by_day: dict[int, list[_Booked]] = {}
    for f in instance.fixed:
        by_day.setdefault(f.day, []).append(
            _Booked(f.start, f.start + f.duration, f.location, f"fixed {f.id}")
        )

    for i, appt in enumerate(appointments):
        need = needs.get(appt.get("need")) if isinstance(appt, dict) else None
        if need is None:
            problems.append(
                f"appointment {i}: unknown need {appt.get('need') if isinstance(appt, dict) else appt!r}"
            )
            continue
        try:
            date, start = parse_start(appt.get("start"))
        except ValueError as exc:
            problems.append(f"appointment {i} ({need.id}): {exc}")
            continue
        day, end = instance.day_of(date), start + need.duration
        label = f"{need.id} at {format_time(start)}"
        where = f"{need.id} on {date} at {format_time(start)}"
        if not need.from_day <= day <= need.to_day:
            problems.append(f"{where}: outside the need's window (days {need.from_day}..{need.to_day})")
        if date in instance.closed_dates:
            problems.append(f"{where}: {date} is a closed date")
        if date.weekday() in fam.unavailable_weekdays:
            problems.append(f"{where}: the family cannot attend on weekday {date.weekday()}")
        if date in fam.unavailable_dates:
            problems.append(f"{where}: the family cannot attend on {date}")
        if start % instance.slot:
            problems.append(f"{where}: start is not on a {instance.slot}-minute slot")
        if start < fam.earliest or end > fam.latest:
            problems.append(
                f"{where}: outside the family's hours {format_time(fam.earliest)}-{format_time(fam.latest)}"
            )
        if not _fits_service(instance, need.service, date.weekday(), start, end):
            problems.append(f"{where}: not inside an opening window of {need.service}")
        by_need[need.id].append(day)
        location = instance.services[need.service].location
        by_day.setdefault(day, []).append(_Booked(start, end, location, label))

    for need in instance.needs:
        days = sorted(by_need[need.id])
        if len(days) != need.count:
            problems.append(f"{need.id}: {len(days)} appointments booked, {need.count} needed")
        for a, b in itertools.pairwise(days):
            if b - a < need.min_gap:
                problems.append(
                    f"{need.id}: {instance.date(a)} and {instance.date(b)} are {b - a} days apart, "
                    f"at least {need.min_gap} required"
                )
            if need.max_gap is not None and b - a > need.max_gap:
                problems.append(
                    f"{need.id}: {instance.date(a)} and {instance.date(b)} are {b - a} days apart, "
                    f"at most {need.max_gap} allowed"
                )

    for day in sorted(by_day):
        date, booked = instance.date(day), by_day[day]
        if len(booked) > fam.max_per_day:
            problems.append(f"{date}: {len(booked)} appointments, at most {fam.max_per_day} per day")
        problems.extend(_sequence_violations(instance, date, booked))
    return problems


def _fits_between(instance: Instance, booked: list[_Booked], new: _Booked) -> bool:
    """Whether ``new`` can join the date's ``booked`` appointments without overlap or short travel."""
    before = [b for b in booked if b.start <= new.start]
    after = [b for b in booked if b.start > new.start]
    if before:
        prev = max(before, key=lambda b: (b.start, b.end))
        if new.start < prev.end + instance.travel_minutes(prev.location, new.location):
            return False
    if after:
        nxt = min(after, key=lambda b: (b.start, b.end))
        if nxt.start < new.end + instance.travel_minutes(new.location, nxt.location):
            return False
    return True


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
        by_day.setdefault(f.day, []).append(_Booked(f.start, f.start + f.duration, f.location, f.id))
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
                weekday = instance.date(day).weekday()
                for start in range(-(-fam.earliest // slot) * slot, fam.latest - need.duration + 1, slot):
                    end = start + need.duration
                    new = _Booked(start, end, service.location, need.id)
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
