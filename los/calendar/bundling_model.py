"""Appointment-bundling instances: data model, validation and day scheduling.

An instance (format ``los-bundling-instance/1``) describes one family's appointments over a
horizon of days. This module turns the JSON into frozen dataclasses, rejecting malformed data
with :class:`InstanceError` naming the offending field, and answers the question every other
part needs: *can this set of appointments share this date, and at which start times?*

Times of day are minutes after midnight; days are indexes into the horizon (0 = ``start``).
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


@dataclass(frozen=True)
class Family:
    max_per_day: int
    unavailable_weekdays: frozenset[int]
    unavailable_dates: frozenset[dt.date]
    earliest: int
    latest: int


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
        services[sid] = Service(sid, _str(_req(raw, "location", path), f"{path}.location"), tuple(windows))

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
        fixed.append(
            Fixed(
                _str(fid, f"{path}.id"),
                (date - start).days,
                begin,
                duration,
                _str(_req(raw, "location", path), f"{path}.location"),
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
    and places each at its earliest feasible start after its predecessor (plus travel): for a given
    order this greedy is exact, so ``None`` means no feasible timetable exists for the set. The
    per-day maximum is not checked here.
    """
    weekday = instance.date(day).weekday()
    fixed = instance.fixed_on(day)
    items = [("need", i) for i in need_indexes] + [("fixed", f) for f in fixed]
    for order in set(itertools.permutations(items)):
        starts: dict[tuple[int, int], int] = {}
        used: dict[int, int] = {}
        end, place = -(10**6), None
        ok = True
        for kind, item in order:
            if kind == "fixed":
                begin, location, duration = item.start, item.location, item.duration
                if place is not None and end + instance.travel_minutes(place, location) > begin:
                    ok = False
                    break
            else:
                need = instance.needs[item]
                service = instance.services[need.service]
                location, duration = service.location, need.duration
                ready = end if place is None else end + instance.travel_minutes(place, location)
                begin = _earliest_start(instance, service, weekday, duration, ready)
                if begin is None:
                    ok = False
                    break
                # Repeated needs: record starts in order of occurrence.
                used[item] = used.get(item, 0) + 1
                starts[(item, used[item])] = begin
            end, place = begin + duration, location
        if ok:
            counter: dict[int, int] = {}
            result = []
            for i in need_indexes:
                counter[i] = counter.get(i, 0) + 1
                result.append(starts[(i, counter[i])])
            return tuple(result)
    return None
