"""Appointment bundling: book a family's appointments on as few dates as possible (OR-Tools CP-SAT).

The model works per day. Time of day never enters CP-SAT: whether a set of appointments can
share a date (opening hours, family hours, slot alignment, no overlap, travel between places,
fixed appointments) depends only on the date and the set, so it is decided beforehand by
:func:`~los.calendar.bundling_model.schedule_day` and handed to CP-SAT as clauses forbidding
the smallest sets that cannot share a date. CP-SAT then chooses, for every appointment ``k`` of
every need, one day among that appointment's candidate days, with the spacing between
consecutive appointments as a flow over days, and minimises the number of attended days.

Public API: :func:`load_instance`, :func:`solve`, :func:`result_to_json`, :func:`check_solution`,
:func:`baseline` (and :func:`attendance_days`).
"""

from __future__ import annotations

import itertools
import math
import time
from collections import Counter
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from .bundling_baseline import attendance_days, baseline, check_solution, format_start, parse_start
from .bundling_model import Instance, InstanceError, load_instance, schedule_day

__all__ = [
    "Instance",
    "InstanceError",
    "Result",
    "attendance_days",
    "baseline",
    "check_solution",
    "load_instance",
    "result_to_json",
    "solve",
]

RESULT_FORMAT = "los-bundling-result/1"


@dataclass
class Result:
    status: str  # optimal | feasible | infeasible | unknown
    attendance_days: int | None
    lower_bound: int | None
    solve_seconds: float
    appointments: list[dict] = field(default_factory=list)
    infeasible_needs: list[dict] = field(default_factory=list)


def result_to_json(result: Result, instance_name: str) -> dict:
    """The result in the ``los-bundling-result/1`` format; ``infeasible_needs`` only when infeasible."""
    out = {
        "format": RESULT_FORMAT,
        "instance": instance_name,
        "status": result.status,
        "attendance_days": result.attendance_days,
        "lower_bound": result.lower_bound,
        "solve_seconds": round(result.solve_seconds, 3),
        "appointments": sorted(result.appointments, key=lambda a: (a["start"], a["need"])),
    }
    if result.status == "infeasible":
        out["infeasible_needs"] = result.infeasible_needs
    return out


# --------------------------------------------------------------------------- presolve


class _DayOracle:
    """Cached answers of :func:`schedule_day`; days with the same weekday and fixed appointments agree."""

    def __init__(self, instance: Instance):
        self.instance = instance
        self.cache: dict[tuple, tuple[int, ...] | None] = {}

    def starts(self, day: int, needs: tuple[int, ...]) -> tuple[int, ...] | None:
        needs = tuple(sorted(needs))
        fixed = tuple((f.start, f.duration, f.location, f.service) for f in self.instance.fixed_on(day))
        key = (self.instance.date(day).weekday(), fixed, needs)
        if key not in self.cache:
            self.cache[key] = schedule_day(self.instance, day, needs)
        return self.cache[key]


def _capacity(instance: Instance, day: int) -> int:
    return instance.family.max_per_day - len(instance.fixed_on(day))


def _chain_days(instance: Instance, n: int, open_days: list[int]) -> list[list[int]]:
    """Days each appointment of need ``n`` can take, given only its own spacing (exact for one need)."""
    need = instance.needs[n]
    hi = need.max_gap if need.max_gap is not None else instance.days
    forward = [open_days]
    for _ in range(need.count - 1):
        prev = forward[-1]
        forward.append([d for d in open_days if any(need.min_gap <= d - p <= hi for p in prev)])
    chain = [forward[-1]]
    for k in range(need.count - 2, -1, -1):
        nxt = chain[0]
        chain.insert(0, [d for d in forward[k] if any(need.min_gap <= q - d <= hi for q in nxt)])
    return chain


def _presolve(instance: Instance, oracle: _DayOracle):
    """Candidate days per (need, appointment), or the needs that cannot be met at all, with reasons."""
    candidates, problems = [], []
    for d in sorted({f.day for f in instance.fixed}):
        if _capacity(instance, d) < 0 or oracle.starts(d, ()) is None:
            problems.append(
                {
                    "need": None,
                    "reason": f"the fixed appointments on {instance.date(d)} cannot all be kept: "
                    "more than the per-day maximum, overlapping, or too close to travel between",
                }
            )
    for n, need in enumerate(instance.needs):
        spacing = instance.service_min_days(need.service)
        near_fixed = {
            f.day + delta
            for f in instance.fixed
            if f.service == need.service
            for delta in range(1 - spacing, spacing)
        }
        open_days = [
            d
            for d in range(need.from_day, need.to_day + 1)
            if instance.family_can_attend(d)
            and d not in near_fixed
            and _capacity(instance, d) > 0
            and oracle.starts(d, (n,)) is not None
        ]
        span = f"{instance.date(need.from_day)}..{instance.date(need.to_day)}"
        chain = _chain_days(instance, n, open_days) if open_days else []
        if not open_days:
            reason = (
                f"no date in its window {span} on which {need.service} is open for "
                f"{need.duration} minutes within the family's hours and the family can attend"
            )
        elif not chain[-1]:
            gap = f"at least {need.min_gap}" + (f" and at most {need.max_gap}" if need.max_gap else "")
            reason = (
                f"{need.count} appointments {gap} days apart do not fit in its window {span} "
                f"on the {len(open_days)} dates {need.service} can be attended"
            )
        else:
            candidates.append(chain)
            continue
        candidates.append(None)
        problems.append({"need": need.id, "reason": reason})
    return candidates, problems


def _day_nogoods(instance: Instance, oracle: _DayOracle, day: int, needs: list[int], repeatable: set[int]):
    """Smallest multisets of needs that cannot share ``day`` (size 2 up to the day's capacity)."""
    cap = _capacity(instance, day)
    pool = sorted(needs + [n for n in needs if n in repeatable] * max(0, cap - 1))
    bad: list[Counter] = []
    for size in range(2, cap + 1):
        for combo in sorted(set(itertools.combinations(pool, size))):
            counts = Counter(combo)
            if any(not (b - counts) for b in bad):
                continue  # contains a smaller impossible set
            if oracle.starts(day, combo) is None:
                bad.append(counts)
    return bad


# --------------------------------------------------------------------------- CP-SAT model


def solve(instance: Instance, time_limit_seconds: float = 5.0, workers: int = 2) -> Result:
    """Book every appointment on as few dates as possible within ``time_limit_seconds``.

    Returns the best solution found (``optimal`` when proven, else ``feasible``), ``infeasible``
    with the needs that cannot be met, or ``unknown`` when time ran out without any solution.
    """
    began = time.monotonic()
    oracle = _DayOracle(instance)
    candidates, problems = _presolve(instance, oracle)
    if problems:
        return Result("infeasible", None, None, time.monotonic() - began, infeasible_needs=problems)

    model, x, attend = _build_model(instance, oracle, candidates)
    start_plan = baseline(instance)
    if len(start_plan) == sum(need.count for need in instance.needs):
        _hint(model, instance, start_plan, x, attend)

    solver = cp_model.CpSolver()
    _configure(solver.parameters, time_limit_seconds - (time.monotonic() - began), workers)
    status = solver.solve(model)
    bound = math.ceil(solver.best_objective_bound - 1e-6)

    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        chosen = {(n, k): d for (n, k, d), v in x.items() if solver.boolean_value(v)}
        appointments = _timetable(instance, oracle, chosen)
        days_used = attendance_days(instance, appointments)
        label = "optimal" if status == cp_model.OPTIMAL else "feasible"
        return Result(label, days_used, min(days_used, bound), time.monotonic() - began, appointments)
    if status == cp_model.INFEASIBLE:
        reason = (
            "each need fits on its own, but not all together: the per-day maximum, "
            "overlaps and travel between places leave no common plan"
        )
        clash = [{"need": None, "reason": reason}]
        return Result("infeasible", None, None, time.monotonic() - began, infeasible_needs=clash)
    if start_plan and not check_solution(instance, start_plan):  # time ran out: fall back on today's plan
        days_used = attendance_days(instance, start_plan)
        return Result("feasible", days_used, min(days_used, bound), time.monotonic() - began, start_plan)
    return Result("unknown", None, bound, time.monotonic() - began)


def _build_model(instance: Instance, oracle: _DayOracle, candidates: list[list[list[int]]]):
    """The CP-SAT model: ``x[n, k, d]`` puts appointment ``k`` of need ``n`` on day ``d``;
    ``attend[d]`` marks a day attended (days with fixed appointments are attended anyway)."""
    model = cp_model.CpModel()
    x: dict[tuple[int, int, int], cp_model.IntVar] = {}
    on_day: dict[tuple[int, int], list] = {}  # (need, day) -> literals of its appointments there
    for n, chain in enumerate(candidates):
        need = instance.needs[n]
        for k, choices in enumerate(chain):
            for d in choices:
                x[n, k, d] = model.new_bool_var(f"x_{n}_{k}_{d}")
                on_day.setdefault((n, d), []).append(x[n, k, d])
            model.add_exactly_one(x[n, k, d] for d in choices)
        hi = need.max_gap if need.max_gap is not None else instance.days
        for k in range(need.count - 1):
            # Appointment k on day d forces appointment k+1 into [d + min_gap, d + max_gap]
            # (a flow over days; it also orders the interchangeable appointments of a need).
            for d in chain[k]:
                nxt = [x[n, k + 1, q] for q in chain[k + 1] if need.min_gap <= q - d <= hi]
                model.add_bool_or([~x[n, k, d], *nxt])

    fixed_days = {f.day for f in instance.fixed}
    repeatable = {n for n, need in enumerate(instance.needs) if need.min_gap == 0 and need.count > 1}
    attend = {}
    for d in sorted({d for _, d in on_day}):
        needs_here = [n for n in range(len(instance.needs)) if (n, d) in on_day]
        load = [v for n in needs_here for v in on_day[n, d]]
        cap = _capacity(instance, d)
        if d in fixed_days:
            if len(load) > cap:
                model.add(sum(load) <= cap)
        else:
            attend[d] = model.new_bool_var(f"attend_{d}")
            for v in load:
                model.add_implication(v, attend[d])
            model.add(sum(load) <= cap * attend[d])
        for bad in _day_nogoods(instance, oracle, d, needs_here, repeatable):
            model.add_bool_or([~_at_least(model, on_day[n, d], c) for n, c in bad.items()])

    # A service's own spacing across its needs: at most one of its appointments in any `min_days` days
    # (within one need the flow above already spaces them; fixed ones were taken out in the presolve).
    for service in instance.services.values():
        mine = [n for n, need in enumerate(instance.needs) if need.service == service.id]
        if service.min_days < 1 or len(mine) < 2:
            continue
        for w in range(instance.days):
            window = [v for n in mine for d in range(w, w + service.min_days) for v in on_day.get((n, d), [])]
            if len(window) > 1:
                model.add(sum(window) <= 1)

    # Redundant, for a stronger bound: a need spaced over distinct days attends at least count days.
    for n, chain in enumerate(candidates):
        need = instance.needs[n]
        if need.min_gap >= 1:
            span = set().union(*chain)
            model.add(sum(attend[d] for d in span if d in attend) >= need.count - len(span & fixed_days))
    model.minimize(sum(attend.values()) + len(fixed_days))
    return model, x, attend


def _configure(params, seconds: float, workers: int) -> None:
    """Solver parameters. The objective is a plain sum of booleans, so core-based search (which
    raises the lower bound by extracting unsatisfiable cores) proves optimality far sooner than
    LP bounds; with one or two workers it is chosen explicitly, with more the default portfolio
    already includes it."""
    params.max_time_in_seconds = max(0.05, seconds - 0.15)
    params.num_workers = max(1, workers)
    params.random_seed = 7
    if workers <= 1:
        params.optimize_with_core = True
    elif workers == 2:
        params.subsolvers.extend(["core", "default_lp"])


def _at_least(model, lits: list, c: int):
    """A literal true when at least ``c`` of ``lits`` (one need's appointments on a day) are true."""
    if c == 1 and len(lits) == 1:
        return lits[0]
    lit = model.new_bool_var("")
    model.add(sum(lits) >= c).only_enforce_if(lit)
    model.add(sum(lits) < c).only_enforce_if(~lit)
    return lit


def _hint(model, instance: Instance, appointments: list[dict], x, attend) -> None:
    """Hint CP-SAT with a complete plan (appointments of a need taken in date order)."""
    index = {need.id: n for n, need in enumerate(instance.needs)}
    per_need: dict[int, list[int]] = {}
    for a in appointments:
        per_need.setdefault(index[a["need"]], []).append(instance.day_of(parse_start(a["start"])[0]))
    chosen = {(n, k): d for n, ds in per_need.items() for k, d in enumerate(sorted(ds))}
    for (n, k, d), v in x.items():
        model.add_hint(v, chosen.get((n, k)) == d)
    used = set(chosen.values())
    for d, v in attend.items():
        model.add_hint(v, d in used)


def _timetable(instance: Instance, oracle: _DayOracle, chosen: dict[tuple[int, int], int]) -> list[dict]:
    """Start times for a day assignment: each day's set is known to be schedulable."""
    by_day: dict[int, list[int]] = {}
    for (n, _k), d in sorted(chosen.items()):
        by_day.setdefault(d, []).append(n)
    appointments = []
    for d, needs in sorted(by_day.items()):
        needs.sort()
        starts = oracle.starts(d, tuple(needs))
        if starts is None:  # cannot happen: the model forbids every unschedulable set
            raise RuntimeError(f"no timetable for day {d} with needs {needs}")
        for n, start in zip(needs, starts, strict=True):
            appointments.append({"need": instance.needs[n].id, "start": format_start(instance, d, start)})
    return appointments
