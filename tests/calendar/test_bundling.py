"""Appointment bundling: the optimiser, its independent checker and the baseline, as scenarios."""

from __future__ import annotations

import copy
import json
import time
from pathlib import Path

import pytest

from los.calendar.bundling import (
    InstanceError,
    attendance_days,
    baseline,
    check_solution,
    load_instance,
    result_to_json,
    solve,
)

SHARED = Path(__file__).resolve().parents[2].parent / "shared/data/bundling"
SMALL_SHARED = ["family-1009", "family-1014", "family-1018", "family-1027", "family-1032", "family-1038"]


def tiny(**changes) -> dict:
    """A two-week instance: Monday 2027-01-04 is day 0, Wednesday the 6th is closed, the family
    never comes on Fridays nor on the 12th, and two places are 30 minutes apart."""
    data = {
        "format": "los-bundling-instance/1",
        "name": "tiny",
        "start": "2027-01-04",
        "days": 14,
        "timezone": "Europe/Oslo",
        "slot_minutes": 15,
        "closed_dates": ["2027-01-06"],
        "family": {
            "max_appointments_per_day": 2,
            "unavailable_weekdays": [4],
            "unavailable_dates": ["2027-01-12"],
            "earliest": "08:00",
            "latest": "16:00",
        },
        "travel_minutes": {"a|b": 30},
        "services": [
            {
                "id": "s1",
                "location": "a",
                "availability": [{"weekday": wd, "start": "08:00", "end": "12:00"} for wd in (0, 1, 2, 3)],
            },
            {
                "id": "s2",
                "location": "b",
                "availability": [{"weekday": wd, "start": "09:00", "end": "15:00"} for wd in (0, 1, 2, 3)],
            },
        ],
        "needs": [
            {
                "id": "n1",
                "service": "s1",
                "duration_minutes": 60,
                "count": 2,
                "window": {"from_day": 0, "to_day": 13},
                "min_days_between": 3,
                "max_days_between": 7,
            },
            {
                "id": "n2",
                "service": "s2",
                "duration_minutes": 30,
                "count": 1,
                "window": {"from_day": 0, "to_day": 13},
            },
        ],
        "fixed": [],
    }
    for path, value in changes.items():
        target = data
        *parents, last = path.split(".")
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        target[int(last) if isinstance(target, list) else last] = value
    return data


GOOD = [
    {"need": "n1", "start": "2027-01-04T08:00"},
    {"need": "n2", "start": "2027-01-04T09:30"},  # 30 minutes to travel from a to b
    {"need": "n1", "start": "2027-01-07T08:00"},
]


def moved(need_index: int, start: str) -> list[dict]:
    appointments = copy.deepcopy(GOOD)
    appointments[need_index]["start"] = start
    return appointments


def fixed(date: str, start: str, location: str) -> list[dict]:
    return [{"id": "f", "date": date, "start": start, "duration_minutes": 60, "location": location}]


# --------------------------------------------------------------------------- the checker


def test_the_hand_made_plan_is_feasible():
    assert check_solution(load_instance(tiny()), GOOD) == []


@pytest.mark.parametrize(
    ("changes", "appointments", "expected"),
    [
        pytest.param({}, GOOD[:2], "n1: 1 appointments booked, 2 needed", id="too-few"),
        pytest.param(
            {}, [*GOOD, {"need": "zz", "start": "2027-01-05T09:00"}], "unknown need", id="unknown-need"
        ),
        pytest.param({}, moved(1, "2027-01-04 09:30"), "YYYY-MM-DDTHH:MM", id="malformed-start"),
        pytest.param(
            {"needs.1.window": {"from_day": 5, "to_day": 13}},
            GOOD,
            "outside the need's window",
            id="need-window",
        ),
        pytest.param({}, moved(1, "2027-01-06T09:00"), "is a closed date", id="closed-date"),
        pytest.param(
            {}, moved(1, "2027-01-08T09:00"), "cannot attend on weekday 4", id="unavailable-weekday"
        ),
        pytest.param({}, moved(1, "2027-01-12T09:00"), "cannot attend on 2027-01-12", id="unavailable-date"),
        pytest.param({}, moved(1, "2027-01-04T09:40"), "not on a 15-minute slot", id="slot"),
        pytest.param({"family.latest": "09:45"}, GOOD, "outside the family's hours", id="family-hours"),
        pytest.param(
            {}, moved(1, "2027-01-04T14:45"), "not inside an opening window of s2", id="opening-hours"
        ),
        pytest.param({}, moved(2, "2027-01-05T08:00"), "at least 3 required", id="min-spacing"),
        pytest.param({}, moved(2, "2027-01-14T08:00"), "at most 7 allowed", id="max-spacing"),
        pytest.param(
            {"fixed": fixed("2027-01-04", "14:00", "b")},
            GOOD,
            "3 appointments, at most 2 per day",
            id="per-day-maximum",
        ),
        pytest.param({}, moved(1, "2027-01-04T08:30"), "overlap", id="overlap"),
        pytest.param({}, moved(1, "2027-01-04T09:15"), "30 minutes of travel needed", id="travel"),
        pytest.param(
            {"fixed": fixed("2027-01-04", "09:45", "b")},
            GOOD,
            "n2 at 09:30 and fixed f overlap",
            id="overlaps-fixed",
        ),
        pytest.param(
            {"fixed": fixed("2027-01-07", "09:15", "b")},
            GOOD,
            "travel needed from n1 at 08:00 (a) to fixed f",
            id="travel-to-fixed",
        ),
    ],
)
def test_the_checker_catches_each_kind_of_violation(changes, appointments, expected):
    problems = check_solution(load_instance(tiny(**changes)), appointments)
    assert any(expected in p for p in problems), problems


# --------------------------------------------------------------------------- malformed instances


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"needs.1.window": {"from_day": 5, "to_day": 2}}, "needs[1].window.to_day"),
        ({"needs.0.window": {"from_day": 0, "to_day": 14}}, "needs[0].window.to_day"),
        ({"needs.0.count": "2"}, "needs[0].count"),
        ({"needs.0.service": "nope"}, "needs[0].service"),
        ({"needs.0.max_days_between": 2}, "needs[0].max_days_between"),
        ({"services.1.availability.0.end": "25:00"}, "services[1].availability[0].end"),
        ({"services.0.availability.2.weekday": 7}, "services[0].availability[2].weekday"),
        ({"family.max_appointments_per_day": 0}, "family.max_appointments_per_day"),
        ({"family.unavailable_weekdays": [7]}, "family.unavailable_weekdays[0]"),
        ({"family.latest": "07:00"}, "family.latest"),
        ({"start": "2027-13-01"}, "start"),
        ({"closed_dates": ["soon"]}, "closed_dates[0]"),
        ({"travel_minutes": {"b|a": 30}}, "travel_minutes.b|a"),
        ({"travel_minutes": {}}, "travel_minutes"),
        ({"fixed": fixed("2027-02-01", "09:00", "a")}, "fixed[0].date"),
        ({"format": "something-else"}, "format"),
    ],
)
def test_a_malformed_instance_names_the_field(changes, field):
    with pytest.raises(InstanceError) as raised:
        load_instance(tiny(**changes))
    assert raised.value.field == field
    assert str(raised.value).startswith(field)


def test_a_missing_section_is_named():
    data = tiny()
    del data["needs"]
    with pytest.raises(InstanceError, match="^needs: is missing"):
        load_instance(data)


# --------------------------------------------------------------------------- infeasible needs


def test_a_window_without_opening_hours_names_the_need():
    # Day 4 is a Friday: s2 is closed and the family does not come on Fridays anyway.
    result = solve(load_instance(tiny(**{"needs.1.window": {"from_day": 4, "to_day": 4}})), 2)
    assert result.status == "infeasible"
    assert [p["need"] for p in result.infeasible_needs] == ["n2"]
    assert "no date in its window" in result.infeasible_needs[0]["reason"]


def test_spacing_that_cannot_fit_names_the_need():
    # Four appointments at least 3 days apart need 10 days; the window has 7.
    data = tiny(**{"needs.0.count": 4, "needs.0.window": {"from_day": 0, "to_day": 6}})
    result = solve(load_instance(data), 2)
    assert result.status == "infeasible"
    assert [p["need"] for p in result.infeasible_needs] == ["n1"]
    assert "do not fit" in result.infeasible_needs[0]["reason"]
    assert result_to_json(result, "tiny")["infeasible_needs"] == result.infeasible_needs


def test_needs_that_only_clash_together_are_reported_without_a_single_culprit():
    # Each need alone fits on Monday, but the family takes one appointment a day.
    data = tiny(
        **{
            "family.max_appointments_per_day": 1,
            "needs.0.count": 1,
            "needs.0.window": {"from_day": 0, "to_day": 0},
            "needs.1.window": {"from_day": 0, "to_day": 0},
        }
    )
    result = solve(load_instance(data), 2)
    assert result.status == "infeasible"
    assert result.infeasible_needs[0]["need"] is None
    assert "not all together" in result.infeasible_needs[0]["reason"]


def test_fixed_appointments_that_clash_are_reported():
    clash = fixed("2027-01-05", "09:00", "a") + fixed("2027-01-05", "09:30", "b")
    result = solve(load_instance(tiny(fixed=clash)), 2)
    assert result.status == "infeasible"
    assert result.infeasible_needs[0]["need"] is None
    assert "2027-01-05" in result.infeasible_needs[0]["reason"]


# --------------------------------------------------------------------------- bundling


def test_the_tiny_instance_is_bundled_onto_two_days():
    instance = load_instance(tiny())
    result = solve(instance, 2)
    assert result.status == "optimal"
    assert result.attendance_days == result.lower_bound == 2
    assert check_solution(instance, result.appointments) == []


def test_repeats_of_a_need_without_spacing_may_share_a_day():
    data = tiny(
        **{
            "needs.1.count": 3,
            "needs.1.window": {"from_day": 0, "to_day": 0},
            "family.max_appointments_per_day": 4,
        }
    )
    instance = load_instance(data)
    result = solve(instance, 2)
    assert result.status == "optimal"
    assert check_solution(instance, result.appointments) == []
    assert sum(a["start"].startswith("2027-01-04") for a in result.appointments) == 4


def test_the_result_json_has_exactly_the_result_format():
    out = result_to_json(solve(load_instance(tiny()), 2), "tiny")
    assert list(out) == [
        "format",
        "instance",
        "status",
        "attendance_days",
        "lower_bound",
        "solve_seconds",
        "appointments",
    ]
    assert out["format"] == "los-bundling-result/1"
    assert all(set(a) == {"need", "start"} for a in out["appointments"])
    json.dumps(out)


def shared_instance(name: str):
    path = SHARED / f"{name}.json"
    if not path.exists():
        pytest.skip(f"shared instances not found at {SHARED}")
    return load_instance(json.loads(path.read_text()))


def test_the_baseline_reproduces_the_published_baseline_days():
    if not (SHARED / "best_known.json").exists():
        pytest.skip(f"shared instances not found at {SHARED}")
    for entry in json.loads((SHARED / "best_known.json").read_text()):
        instance = load_instance(json.loads((SHARED / entry["instance"]).read_text()))
        plan = baseline(instance)
        assert check_solution(instance, plan) == [], entry["instance"]
        assert attendance_days(instance, plan) == entry["baseline_days"], entry["instance"]


@pytest.mark.parametrize("name", SMALL_SHARED)
def test_shared_instances_are_solved_feasibly_and_beat_the_baseline(name):
    instance = shared_instance(name)
    result = solve(instance, time_limit_seconds=2)
    assert result.status in ("optimal", "feasible")
    assert check_solution(instance, result.appointments) == []
    assert result.attendance_days == attendance_days(instance, result.appointments)
    assert result.lower_bound <= result.attendance_days <= attendance_days(instance, baseline(instance))


def test_the_time_limit_is_respected_with_the_best_plan_so_far():
    instance = shared_instance("family-1012")
    began = time.monotonic()
    result = solve(instance, time_limit_seconds=0.3)
    assert time.monotonic() - began < 1.0
    assert result.status in ("optimal", "feasible")
    assert check_solution(instance, result.appointments) == []


# --------------------------------------------------------------------------- the command


def test_the_bundle_command_prints_the_result_json(tmp_path, capsys):
    from django.core.management import call_command

    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(tiny()))
    call_command("bundle", str(path), "--time-limit", "2")
    out = json.loads(capsys.readouterr().out)
    assert out["format"] == "los-bundling-result/1"
    assert out["instance"] == "tiny"
    assert out["status"] == "optimal"
    assert check_solution(load_instance(tiny()), out["appointments"]) == []


def test_the_bundle_command_names_the_bad_field(tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "bad.json"
    path.write_text(json.dumps(tiny(**{"needs.1.window": {"from_day": 5, "to_day": 2}})))
    with pytest.raises(CommandError, match=r"needs\[1\]\.window\.to_day"):
        call_command("bundle", str(path))
