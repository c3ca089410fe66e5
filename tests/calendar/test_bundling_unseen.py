"""Appointment bundling on instances it has never seen: random families in the style of the shared ones.
The optimiser's plan must pass the independent checker and never use more attendance days than the
baseline's."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from los.calendar.bundling import attendance_days, baseline, check_solution, load_instance, solve

LOCATIONS = ["helsehus", "helsestasjon", "radhus", "skole", "sykehus", "tannklinikk"]


def generate_instance(seed: int, days: int) -> dict:
    """A random family in the style of the shared instances: series every 5-9 days, follow-ups
    every 10-24 days, one-off controls in a few weeks' window, some fixed appointments, and
    travel times that need not obey the triangle inequality."""
    rng = random.Random(seed)
    start = dt.date(2027, 1, 4) + dt.timedelta(days=rng.randrange(0, 200))
    hhmm = lambda minutes: f"{minutes // 60:02d}:{minutes % 60:02d}"  # noqa: E731
    services, needs = [], []
    for i in range(rng.randint(2, 5)):
        weekdays = sorted(rng.sample(range(5), rng.randint(2, 4)))
        windows = []
        for wd in weekdays:
            opens = rng.choice(range(8 * 60, 12 * 60 + 1, 30))
            windows.append(
                {
                    "weekday": wd,
                    "start": hhmm(opens),
                    "end": hhmm(min(16 * 60, opens + rng.choice([180, 240, 300]))),
                }
            )
        services.append({"id": f"svc{i}", "location": rng.choice(LOCATIONS[:5]), "availability": windows})
        kind = rng.choice(["series", "follow-up", "control", "repeat"])
        first = rng.randint(0, min(7, days // 4))
        need = {"id": f"need{i}", "service": f"svc{i}", "duration_minutes": rng.choice([30, 45, 60, 90])}
        if kind == "series":
            need |= {
                "count": rng.randint(2, max(2, (days - first) // 9)),
                "min_days_between": 5,
                "max_days_between": 9,
            }
            window = (first, days - 1)
        elif kind == "follow-up":
            need |= {
                "count": rng.randint(2, max(2, (days - first) // 24)),
                "min_days_between": 10,
                "max_days_between": 24,
            }
            window = (first, days - 1)
        else:
            length = rng.randint(14, min(28, days - 1))
            begin = rng.randint(0, days - 1 - length)
            need["count"] = 1 if kind == "control" else 2
            window = (begin, begin + length)
        need["window"] = {"from_day": window[0], "to_day": window[1]}
        needs.append(need)
    fixed = [
        {
            "id": f"fast-{j}",
            "date": (start + dt.timedelta(days=day)).isoformat(),
            "start": rng.choice(["09:00", "13:00"]),
            "duration_minutes": 60,
            "location": rng.choice(LOCATIONS),
        }
        for j, day in enumerate(rng.sample(range(days), rng.randint(0, 2)))
    ]
    return {
        "format": "los-bundling-instance/1",
        "name": f"generated-{seed}",
        "start": start.isoformat(),
        "days": days,
        "timezone": "Europe/Oslo",
        "slot_minutes": 15,
        "closed_dates": [
            (start + dt.timedelta(days=rng.randrange(days))).isoformat() for _ in range(rng.randint(0, 3))
        ],
        "family": {
            "max_appointments_per_day": rng.choice([2, 3]),
            "unavailable_weekdays": rng.sample(range(5), rng.randint(0, 1)),
            "unavailable_dates": [],
            "earliest": "08:00",
            "latest": "16:00",
        },
        "travel_minutes": {
            f"{a}|{b}": rng.choice([15, 30, 45, 60, 90])
            for i, a in enumerate(sorted(LOCATIONS))
            for b in sorted(LOCATIONS)[i + 1 :]
        },
        "services": services,
        "needs": needs,
        "fixed": fixed,
    }


@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), days=st.sampled_from([28, 84, 140]))
def test_unseen_instances_get_feasible_plans_no_worse_than_the_baseline(seed, days):
    instance = load_instance(generate_instance(seed, days))
    plan = baseline(instance)
    baseline_complete = len(plan) == sum(n.count for n in instance.needs)
    result = solve(instance, time_limit_seconds=2)
    if result.status == "infeasible":
        assert result.infeasible_needs
        assert not baseline_complete, "the baseline found a plan the optimiser called impossible"
        return
    assert result.status in ("optimal", "feasible")
    assert check_solution(instance, result.appointments) == []
    if baseline_complete:
        assert result.attendance_days <= attendance_days(instance, plan)
