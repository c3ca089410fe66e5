"""Appointment-bundling instances: data model, validation and day scheduling.

An instance (format ``los-bundling-instance/1``) describes one family's appointments over a
horizon of days. This module turns the JSON into frozen dataclasses, rejecting malformed data
with :class:`InstanceError` naming the offending field, and answers the question every other
part needs: *can this set of appointments share this date, and at which start times?*

Times of day are minutes after midnight; days are indexes into the horizon (0 = ``start``).

Los's extensions to version 1, all optional so that every version-1 instance means what it did:
``family.buffer_minutes`` (a pause between any two appointments of a date, on top of travel),
``services[].min_days_between`` / ``services[].min_minutes_between`` (the least distance between two
appointments of one service, whichever need or fixed appointment they belong to: whole days apart, or
minutes from the end of one to the start of the next on one date) and ``fixed[].service`` (the service of a
fixed appointment, so that the service's own spacing counts it). The one rule for the distance between two
appointments of a date is :meth:`Instance.gap_minutes`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field

INSTANCE_FORMAT = "los-bundling-instance/1"
_TIME_RE = re.compile(r"^(\d{2}):(\d{2})$")


class InstanceError(ValueError):
    """A malformed instance; ``field`` is the path of the offending value, e.g. ``needs[2].window.to_day``."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Window:
    weekday: int
    start: int
    end: int


@dataclass(frozen=True)
class Service:
    id: str
    location: str
    availability: tuple[Window, ...]
    min_days: int = 0  # two appointments of the service at least this many days apart (0: same day allowed)
    min_minutes: int = 0  # on one date: at least this many minutes from one's end to the next's start


@dataclass(frozen=True)
class Need:
    id: str
    service: str
    duration: int
    count: int
    from_day: int
    to_day: int
    min_gap: int = 0
    max_gap: int | None = None


@dataclass(frozen=True)
class Fixed:
    id: str
    day: int
    start: int
    duration: int
    location: str
    service: str | None = None


@dataclass(frozen=True)
class Family:
    max_per_day: int
    unavailable_weekdays: frozenset[int]
    unavailable_dates: frozenset[dt.date]
    earliest: int
    latest: int
    buffer: int = 0


@dataclass(frozen=True)
class Instance:
    name: str
    start: dt.date
    days: int
    slot: int
    closed_dates: frozenset[dt.date]
    family: Family
    travel: dict[tuple[str, str], int]
    services: dict[str, Service]
    needs: tuple[Need, ...]
    fixed: tuple[Fixed, ...] = field(default=())

    def date(self, day: int) -> dt.date:
        """The date of day number `day` of the horizon."""
        return self.start + dt.timedelta(days=day)

    def day_of(self, date: dt.date) -> int:
        """The day number of `date` in the horizon."""
        return (date - self.start).days

    def travel_minutes(self, a: str, b: str) -> int:
        """Minutes of travel between two places (none within one place)."""
        return 0 if a == b else self.travel[(min(a, b), max(a, b))]

    def gap_minutes(
        self, a_location: str, a_service: str | None, b_location: str, b_service: str | None, both_fixed=False
    ) -> int:
        """The least number of minutes from the end of one appointment to the start of the next on one
        date: travel between the places plus the family's buffer, or the service's own same-day spacing
        when both are of one service and that is longer. The one rule for every pair with a proposed
        appointment in it; two fixed appointments (already booked) only must not overlap."""
        if both_fixed:
            return 0
        gap = self.travel_minutes(a_location, b_location) + self.family.buffer
        if a_service is not None and a_service == b_service and a_service in self.services:
            gap = max(gap, self.services[a_service].min_minutes)
        return gap

    def service_min_days(self, service: str | None) -> int:
        """Whole days required between two appointments of ``service`` (0: they may share a date)."""
        found = self.services.get(service) if service is not None else None
        return found.min_days if found is not None else 0

    def family_can_attend(self, day: int) -> bool:
        """Whether a new appointment may be placed on this day at all (open, family available)."""
        date = self.date(day)
        return (
            date not in self.closed_dates
            and date.weekday() not in self.family.unavailable_weekdays
            and date not in self.family.unavailable_dates
        )

    def fixed_on(self, day: int) -> tuple[Fixed, ...]:
        """The fixed appointments and meetings on day number `day`."""
        return tuple(f for f in self.fixed if f.day == day)


def format_time(minutes: int) -> str:
    """Minutes after midnight as HH:MM."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# --------------------------------------------------------------------------- validation


def _req(obj: dict, key: str, path: str):
    if key not in obj:
        raise InstanceError(f"{path}.{key}" if path else key, "is missing")
    return obj[key]


def _int(value, path: str, lo: int | None = None, hi: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InstanceError(path, f"must be an integer, got {value!r}")
    if lo is not None and value < lo:
        raise InstanceError(path, f"must be at least {lo}, got {value}")
    if hi is not None and value > hi:
        raise InstanceError(path, f"must be at most {hi}, got {value}")
    return value


def _str(value, path: str) -> str:
    if not isinstance(value, str) or not value:
        raise InstanceError(path, f"must be a non-empty string, got {value!r}")
    return value


def _list(value, path: str) -> list:
    if not isinstance(value, list):
        raise InstanceError(path, f"must be a list, got {type(value).__name__}")
    return value


def _obj(value, path: str) -> dict:
    if not isinstance(value, dict):
        raise InstanceError(path, f"must be an object, got {type(value).__name__}")
    return value


def _date(value, path: str) -> dt.date:
    try:
        return dt.date.fromisoformat(_str(value, path))
    except ValueError:
        raise InstanceError(path, f"must be an ISO date YYYY-MM-DD, got {value!r}") from None


def _time(value, path: str, allow_midnight_end: bool = False) -> int:
    match = _TIME_RE.match(value) if isinstance(value, str) else None
    if match:
        hours, minutes = int(match[1]), int(match[2])
        if (hours < 24 and minutes < 60) or (allow_midnight_end and (hours, minutes) == (24, 0)):
            return hours * 60 + minutes
    raise InstanceError(path, f"must be a time HH:MM, got {value!r}")


def load_instance(data: dict) -> Instance:
    """Validate a decoded instance and return it as an :class:`Instance`.

    Raises :class:`InstanceError` for the first malformed field found.
    """
    _obj(data, "instance")
    if _req(data, "format", "") != INSTANCE_FORMAT:
        raise InstanceError("format", f"must be {INSTANCE_FORMAT!r}, got {data['format']!r}")
    name = data.get("name", "")
    if not isinstance(name, str):
        raise InstanceError("name", "must be a string")
    start = _date(_req(data, "start", ""), "start")
    days = _int(_req(data, "days", ""), "days", 1, 3660)
    tz = data.get("timezone", "Europe/Oslo")
    if tz != "Europe/Oslo":
        raise InstanceError("timezone", f"must be 'Europe/Oslo', got {tz!r}")
    slot = _int(_req(data, "slot_minutes", ""), "slot_minutes", 1, 1440)
    closed = frozenset(
        _date(v, f"closed_dates[{i}]")
        for i, v in enumerate(_list(data.get("closed_dates", []), "closed_dates"))
    )

    fam = _obj(_req(data, "family", ""), "family")
    earliest = _time(_req(fam, "earliest", "family"), "family.earliest")
    latest = _time(_req(fam, "latest", "family"), "family.latest", allow_midnight_end=True)
    if latest <= earliest:
        raise InstanceError("family.latest", "must be later than family.earliest")
    weekdays = _list(fam.get("unavailable_weekdays", []), "family.unavailable_weekdays")
    family = Family(
        max_per_day=_int(
            _req(fam, "max_appointments_per_day", "family"), "family.max_appointments_per_day", 1, 50
        ),
        unavailable_weekdays=frozenset(
            _int(v, f"family.unavailable_weekdays[{i}]", 0, 6) for i, v in enumerate(weekdays)
        ),
        unavailable_dates=frozenset(
            _date(v, f"family.unavailable_dates[{i}]")
            for i, v in enumerate(_list(fam.get("unavailable_dates", []), "family.unavailable_dates"))
        ),
        earliest=earliest,
        latest=latest,
        buffer=_int(fam.get("buffer_minutes", 0), "family.buffer_minutes", 0, 240),
    )

    travel: dict[tuple[str, str], int] = {}
    for key, minutes in _obj(data.get("travel_minutes", {}), "travel_minutes").items():
        path = f"travel_minutes.{key}"
        parts = key.split("|")
        if len(parts) != 2 or not all(parts) or parts[0] >= parts[1]:
            raise InstanceError(path, "key must be 'a|b' with two different locations in alphabetical order")
        travel[(parts[0], parts[1])] = _int(minutes, path, 0, 1440)

    services: dict[str, Service] = {}
    for i, raw in enumerate(_list(_req(data, "services", ""), "services")):
        path = f"services[{i}]"
        _obj(raw, path)
        sid = _str(_req(raw, "id", path), f"{path}.id")
        if sid in services:
            raise InstanceError(f"{path}.id", f"duplicate service id {sid!r}")
        windows = []
        for j, w in enumerate(_list(_req(raw, "availability", path), f"{path}.availability")):
            wpath = f"{path}.availability[{j}]"
            _obj(w, wpath)
            window = Window(
                _int(_req(w, "weekday", wpath), f"{wpath}.weekday", 0, 6),
                _time(_req(w, "start", wpath), f"{wpath}.start"),
                _time(_req(w, "end", wpath), f"{wpath}.end", allow_midnight_end=True),
            )
            if window.end <= window.start:
                raise InstanceError(f"{wpath}.end", "must be later than start")
            windows.append(window)
        services[sid] = Service(
            sid,
            _str(_req(raw, "location", path), f"{path}.location"),
            tuple(windows),
            min_days=_int(raw.get("min_days_between", 0), f"{path}.min_days_between", 0, days),
            min_minutes=_int(raw.get("min_minutes_between", 0), f"{path}.min_minutes_between", 0, 1440),
        )

    needs: list[Need] = []
    for i, raw in enumerate(_list(_req(data, "needs", ""), "needs")):
        path = f"needs[{i}]"
        _obj(raw, path)
        nid = _str(_req(raw, "id", path), f"{path}.id")
        if any(n.id == nid for n in needs):
            raise InstanceError(f"{path}.id", f"duplicate need id {nid!r}")
        service = _str(_req(raw, "service", path), f"{path}.service")
        if service not in services:
            raise InstanceError(f"{path}.service", f"unknown service {service!r}")
        window = _obj(_req(raw, "window", path), f"{path}.window")
        from_day = _int(_req(window, "from_day", f"{path}.window"), f"{path}.window.from_day", 0, days - 1)
        to_day = _int(_req(window, "to_day", f"{path}.window"), f"{path}.window.to_day", 0, days - 1)
        if to_day < from_day:
            raise InstanceError(
                f"{path}.window.to_day", f"must not be before from_day ({from_day}), got {to_day}"
            )
        min_gap = _int(raw.get("min_days_between", 0), f"{path}.min_days_between", 0, days)
        max_gap = raw.get("max_days_between")
        if max_gap is not None:
            max_gap = _int(max_gap, f"{path}.max_days_between", max(min_gap, 1))
        # The service's own spacing binds the need's consecutive appointments too (a need whose largest
        # gap is below it cannot be met, and the presolve says so).
        min_gap = max(min_gap, services[service].min_days)
        needs.append(
            Need(
                id=nid,
                service=service,
                duration=_int(_req(raw, "duration_minutes", path), f"{path}.duration_minutes", 1, 1440),
                count=_int(_req(raw, "count", path), f"{path}.count", 1, days * family.max_per_day),
                from_day=from_day,
                to_day=to_day,
                min_gap=min_gap,
                max_gap=max_gap,
            )
        )

    fixed: list[Fixed] = []
    for i, raw in enumerate(_list(data.get("fixed", []), "fixed")):
        path = f"fixed[{i}]"
        _obj(raw, path)
        date = _date(_req(raw, "date", path), f"{path}.date")
        if not 0 <= (date - start).days < days:
            raise InstanceError(f"{path}.date", f"{date} is outside the horizon")
        begin = _time(_req(raw, "start", path), f"{path}.start")
        duration = _int(_req(raw, "duration_minutes", path), f"{path}.duration_minutes", 1, 1440 - begin)
        fid = raw.get("id", f"fixed-{i}")
        service = raw.get("service")
        if service is not None:
            service = _str(service, f"{path}.service")
        fixed.append(
            Fixed(
                _str(fid, f"{path}.id"),
                (date - start).days,
                begin,
                duration,
                _str(_req(raw, "location", path), f"{path}.location"),
                service,
            )
        )

    locations = sorted({s.location for s in services.values()} | {f.location for f in fixed})
    for a, b in itertools.combinations(locations, 2):
        if (a, b) not in travel:
            raise InstanceError("travel_minutes", f"missing travel time '{a}|{b}'")
    return Instance(name, start, days, slot, closed, family, travel, services, tuple(needs), tuple(fixed))


# --------------------------------------------------------------------------- day scheduling


def _earliest_start(
    instance: Instance, service: Service, weekday: int, duration: int, ready: int
) -> int | None:
    """Earliest slot-aligned start >= ``ready`` fitting one service window and the family's hours."""
    fam, slot = instance.family, instance.slot
    best = None
    for w in service.availability:
        if w.weekday != weekday:
            continue
        begin = max(ready, w.start, fam.earliest)
        begin = -(-begin // slot) * slot
        if begin + duration <= min(w.end, fam.latest) and (best is None or begin < best):
            best = begin
    return best


def schedule_day(instance: Instance, day: int, need_indexes: tuple[int, ...]) -> tuple[int, ...] | None:
    """Start times for appointments of ``need_indexes`` (one each, repeats allowed) sharing ``day``.

    The fixed appointments of the day stay where they are. Tries every order of the appointments
    and places each at its earliest feasible start after its predecessor (plus
    :meth:`Instance.gap_minutes`: travel, buffer, the service's same-day spacing): for a given order
    this greedy is exact, so ``None`` means no feasible timetable exists for the set. A service that
    takes no two appointments on one date (``min_days`` >= 1) never shares the date with itself. The
    per-day maximum is not checked here.
    """
    weekday = instance.date(day).weekday()
    fixed = instance.fixed_on(day)
    services = [instance.needs[i].service for i in need_indexes]
    taken = services + [f.service for f in fixed if f.service is not None]
    for service in set(services):
        if instance.service_min_days(service) >= 1 and taken.count(service) > 1:
            return None
    items = [("need", i) for i in need_indexes] + [("fixed", f) for f in fixed]
    for order in set(itertools.permutations(items)):
        starts = _place_in_order(instance, weekday, order)
        if starts is not None:
            counter: dict[int, int] = {}
            result = []
            for i in need_indexes:
                counter[i] = counter.get(i, 0) + 1
                result.append(starts[(i, counter[i])])
            return tuple(result)
    return None


def _place_in_order(instance: Instance, weekday: int, order) -> dict[tuple[int, int], int] | None:
    """Earliest starts of the proposed appointments when the day's items come in ``order``, or None."""
    starts: dict[tuple[int, int], int] = {}
    used: dict[int, int] = {}
    last = None  # (end, location, service, is_fixed) of the item that ends last so far
    latest_end = -(10**6)  # nothing proposed may overlap anything placed before it
    latest_proposed_end = -(10**6)
    service_end: dict[str, tuple[int, bool]] = {}  # service -> (latest end, all fixed so far)
    for kind, item in order:
        if kind == "fixed":
            begin, location, duration, service = item.start, item.location, item.duration, item.service
            if begin < latest_proposed_end:
                return None
            if last is not None and not last[3]:
                if begin < last[0] + instance.gap_minutes(last[1], last[2], location, service):
                    return None
            elif last is not None and begin < last[0]:  # two booked ones overlap
                return None
            if service is not None and service in service_end and not service_end[service][1]:
                if begin < service_end[service][0] + instance.services[service].min_minutes:
                    return None
        else:
            need = instance.needs[item]
            service = need.service
            location, duration = instance.services[service].location, need.duration
            ready = latest_end
            if last is not None:
                ready = max(ready, last[0] + instance.gap_minutes(last[1], last[2], location, service))
            if service in service_end:
                ready = max(ready, service_end[service][0] + instance.services[service].min_minutes)
            begin = _earliest_start(instance, instance.services[service], weekday, duration, ready)
            if begin is None:
                return None
            # Repeated needs: record starts in order of occurrence.
            used[item] = used.get(item, 0) + 1
            starts[(item, used[item])] = begin
            latest_proposed_end = max(latest_proposed_end, begin + duration)
        end = begin + duration
        is_fixed = kind == "fixed"
        if last is None or end >= last[0]:
            last = (end, location, service, is_fixed)
        latest_end = max(latest_end, end)
        if service is not None:
            before = service_end.get(service, (end, True))
            service_end[service] = (max(before[0], end), before[1] and is_fixed)
    return starts
