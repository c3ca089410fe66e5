# ruff: noqa: E501  (scenario tables read best one case per line)
"""Conflicts in the family's calendar: one table of scenarios over the pure checks."""

import datetime as dt

import pytest

from los.calendar.conflicts import (
    CLOSED,
    DOUBLE_BOOKED,
    FAMILY_UNAVAILABLE,
    OUTSIDE_HOURS,
    OVER_DAILY_LIMIT,
    TOO_LITTLE_TRAVEL,
    Context,
    Entry,
    Hours,
    Limits,
    conflicts_for,
    find_conflicts,
)

TUESDAY = dt.date(2027, 3, 9)
CHILD = frozenset({"child:1"})
MUM = frozenset({"guardian:1"})
DAD = frozenset({"guardian:2"})


def at(hhmm: str, day=TUESDAY) -> dt.datetime:
    h, m = map(int, hhmm.split("."))
    return dt.datetime.combine(day, dt.time(h, m))


def e(id, start, end, place="helsehus", service="fysio", who=CHILD, day=TUESDAY):
    return Entry(
        id, at(start, day), at(end, day), label=f"avtale {id}", place=place, service=service, attendees=who
    )


HOURS = {
    "fysio": Hours(((1, dt.time(8), dt.time(15)),), frozenset({dt.date(2027, 3, 16)})),
    "sykehus": Hours(((1, dt.time(8), dt.time(15)),)),
}
TRAVEL = {("helsehus", "sykehus"): 30}


def context(**limits):
    return Context(
        limits=Limits(**{"max_per_day": 3, "earliest": dt.time(8), "latest": dt.time(16), **limits}),
        hours=HOURS,
        travel=lambda a, b: TRAVEL.get((min(a, b), max(a, b))),
        is_public_holiday=lambda d: d == dt.date(2027, 5, 17),
    )


CASES = [
    ("nothing wrong", [e(1, "09.00", "09.45"), e(2, "10.30", "11.00", "sykehus", "sykehus")], {}, []),
    ("child booked twice at once", [e(1, "09.00", "10.00"), e(2, "09.30", "10.00")], {}, [DOUBLE_BOOKED]),
    (
        "parents at two places at once without the child is fine",
        [e(1, "09.00", "10.00", who=MUM), e(2, "09.30", "10.00", who=DAD)],
        {},
        [],
    ),
    (
        "the same guardian twice at once",
        [e(1, "09.00", "10.00", who=MUM), e(2, "09.30", "10.00", who=MUM)],
        {},
        [DOUBLE_BOOKED],
    ),
    ("back to back is not a double booking", [e(1, "09.00", "10.00"), e(2, "10.00", "10.30")], {}, []),
    (
        "more than the daily limit",
        [e(1, "08.00", "08.30"), e(2, "09.00", "09.30"), e(3, "10.00", "10.30")],
        {"max_per_day": 2},
        [OVER_DAILY_LIMIT],
    ),
    (
        "too little travel between places",
        [e(1, "09.00", "09.45"), e(2, "10.00", "10.30", "sykehus", "sykehus")],
        {},
        [TOO_LITTLE_TRAVEL],
    ),
    (
        "exactly the travel time is enough",
        [e(1, "09.00", "09.30"), e(2, "10.00", "10.30", "sykehus", "sykehus")],
        {},
        [],
    ),
    ("on the service's closed date", [e(1, "09.00", "09.30", day=dt.date(2027, 3, 16))], {}, [CLOSED]),
    ("on a public holiday", [e(1, "09.00", "09.30", day=dt.date(2027, 5, 17))], {}, [CLOSED]),
    ("outside the service's hours", [e(1, "14.30", "15.30")], {"latest": dt.time(17)}, [OUTSIDE_HOURS]),
    (
        "on a weekday the service is closed",
        [e(1, "09.00", "09.30", day=dt.date(2027, 3, 10))],
        {},
        [OUTSIDE_HOURS],
    ),
    (
        "on a weekday the family cannot come",
        [e(1, "09.00", "09.30")],
        {"unavailable_weekdays": frozenset({1})},
        [FAMILY_UNAVAILABLE],
    ),
    (
        "on a date the family cannot come",
        [e(1, "09.00", "09.30")],
        {"unavailable_dates": frozenset({TUESDAY})},
        [FAMILY_UNAVAILABLE],
    ),
    (
        "before the family's earliest time",
        [e(1, "08.00", "08.30")],
        {"earliest": dt.time(8, 15)},
        [FAMILY_UNAVAILABLE],
    ),
    ("the family's own entry is not checked against hours", [e(1, "18.00", "19.00", service=None)], {}, []),
    (
        "a service without recorded hours is not checked",
        [e(1, "07.00", "07.30", service="ukjent")],
        {"earliest": dt.time(7)},
        [],
    ),
]


@pytest.mark.parametrize("name, entries, limits, expected", CASES, ids=[c[0] for c in CASES])
def test_conflict_rules(name, entries, limits, expected):
    assert sorted(c.kind for c in find_conflicts(entries, context(**limits))) == sorted(expected)


def test_a_conflict_names_both_appointments_and_the_travel_time():
    entries = [e(1, "09.00", "09.45"), e(2, "10.00", "10.30", "sykehus", "sykehus")]
    (conflict,) = find_conflicts(entries, context())
    assert conflict.entries == (1, 2)
    assert "30 minutter" in conflict.message and "15 minutter" in conflict.message
    assert conflicts_for(2, [conflict]) == [conflict]
    assert conflicts_for(3, [conflict]) == []
