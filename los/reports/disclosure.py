"""Statistical disclosure control for the leaders' figures: small counts, and what would reveal them.

A figure from 1 to 4 could point at a family, so it is hidden (primary suppression). Hiding it alone
is not enough when the figures hang together: with "families", "families with a coordinator" and
"families without a coordinator" all published, a hidden 3 is the total minus the other part. So more
figures are hidden (complementary suppression) until no hidden figure follows from the shown ones.

Zero is shown, as the usual rule has it: "nobody" points at no family. The reader then knows that a
hidden figure is at least 1, and the check below uses that knowledge too: with "7 families, 5 of them
with a coordinator" shown and two hidden parts of the remaining 2, each hidden part is 1 exactly, so a
third figure must be hidden as well. (Treating zero as safe means hiding no zero; hiding zeros too would
not remove the need for complements.)

The reader's knowledge is modelled exactly: the shown figures, the relations (each a total and its
parts), and every hidden figure a whole number >= 1. A hidden figure is safe when these allow it at
least two values. Sums and differences of relations are not enough to check that: overlapping totals
can pin a figure through a combination such as 3a + b = 5, which only whole numbers settle (a = 1,
b = 2). So `determined` asks an integer solver (OR-Tools' CP-SAT) for a second whole-number solution,
except where the relations are separate sums (a year and its months), which have a closed form. No
Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

SMALL_NUMBER = 5

# What the reader knows about a hidden figure: zeros are shown, so it is at least this.
HIDDEN_AT_LEAST = 1

# How long the exact search may take for one hidden figure before it counts the figure as pinned.
SEARCH_SECONDS = 5.0


@dataclass(frozen=True)
class Relation:
    """`total` is the sum of `parts` (e.g. families = with a coordinator + without a coordinator)."""

    total: str
    parts: tuple[str, ...]

    def __post_init__(self):
        if not self.parts:
            raise ValueError("a relation needs at least one part")
        if self.total in self.parts or len(set(self.parts)) != len(self.parts):
            raise ValueError(f"a figure appears twice in the relation for {self.total!r}")

    @property
    def cells(self) -> tuple[str, ...]:
        """Every figure the relation names: the total and its parts."""
        return (self.total, *self.parts)

    def coefficients(self) -> dict[str, int]:
        """The relation as `total - sum(parts) = 0`."""
        return {self.total: 1, **{part: -1 for part in self.parts}}

    def holds(self, values: Mapping[str, int]) -> bool:
        """Whether the values add up as the relation says."""
        return values[self.total] == sum(values[p] for p in self.parts)


def is_sensitive(value: int, threshold: int = SMALL_NUMBER) -> bool:
    """A count that could point at a family: 1 up to `threshold` - 1. Zero is safe (see above)."""
    return 0 < value < threshold


def _check(values: Mapping[str, int], relations: Sequence[Relation]) -> None:
    for name, value in values.items():
        if value < 0:
            raise ValueError(f"{name!r} is negative: counts are never negative")
    for relation in relations:
        missing = [c for c in relation.cells if c not in values]
        if missing:
            raise ValueError(f"the relation for {relation.total!r} names unknown figures {missing}")
        if not relation.holds(values):
            raise ValueError(f"the relation for {relation.total!r} does not hold for these values")


def suppress(
    values: Mapping[str, int], relations: Sequence[Relation] = (), *, threshold: int = SMALL_NUMBER
) -> frozenset[str]:
    """The figures to hide so that no count from 1 to `threshold` - 1 can be seen or worked out.

    `values` are the true counts of the published figures; `relations` the sums that hold between
    them, which is what a reader can use (sums and differences of shown figures, and combinations of
    those). A relation with a part that is not published (e.g. "children born" beside the published
    "children" and "children expected") gives the reader no equation and is left out.

    1. Hide every sensitive figure (primary suppression).
    2. In every relation where exactly one figure is hidden, hide one more: the smallest non-zero
       shown figure of that relation, preferring parts over the total (complementary suppression).
    3. Check the whole system (`determined`): a hidden figure that the shown figures still pin down,
       through a combination of relations or because hidden figures are at least 1, gets the cheapest
       shown figure of its relations hidden as well. Repeat 2-3 until nothing changes.

    Hidden figures are never zero. The loop ends: each round hides one more figure, and once every
    non-zero figure is hidden, none is pinned (doubling every hidden figure keeps every relation).
    The result is deterministic: ties are broken by the order of `values`.
    """
    _check(values, relations)
    order = {name: i for i, name in enumerate(values)}
    totals = {r.total for r in relations}
    hidden = {name for name, value in values.items() if is_sensitive(value, threshold)}

    def cheapest(cells: Iterable[str], prefer_not: set[str]) -> str | None:
        """The shown non-zero figure whose hiding costs least: parts before totals, small before large."""
        shown = {c for c in cells if c not in hidden and values[c] > 0}
        return min(shown, key=lambda c: (c in prefer_not, values[c], order[c]), default=None)

    while True:
        added = None
        for relation in relations:
            if sum(c in hidden for c in relation.cells) == 1:
                added = cheapest(relation.cells, {relation.total})
                if added:
                    break
        if added is None:
            for name in sorted(determined(values, relations, hidden), key=order.get):
                touching = [c for r in relations if name in r.cells for c in r.cells]
                # When every neighbour is hidden or zero, widen to every figure in a relation.
                added = cheapest(touching, totals) or cheapest(
                    [c for r in relations for c in r.cells], totals
                )
                if added:
                    break
        if added is None:
            return frozenset(hidden)
        hidden.add(added)


def determined(values: Mapping[str, int], relations: Sequence[Relation], hidden: Iterable[str]) -> set[str]:
    """Hidden figures the reader can pin to one value.

    The reader knows the shown figures, the relations and that hidden figures are whole numbers of at
    least 1. A hidden figure is safe when some other whole-number assignment of all the hidden
    figures keeps every relation and gives it a different value. The search is bounded (the hidden
    figures add up to at most twice their true sum), which can only call a figure pinned too often.
    Hidden figures must not be zero (a hidden zero would contradict what the reader knows)."""
    _check(values, relations)
    hidden_set = set(hidden)
    if any(values[name] < HIDDEN_AT_LEAST for name in hidden_set):
        raise ValueError("a hidden figure is zero; zeros are shown")
    names = [name for name in values if name in hidden_set]
    if not names:
        return set()
    if _disjoint(relations):
        return _determined_in_disjoint(values, relations, hidden_set)
    return _determined_exactly(values, relations, names)


def _determined_exactly(
    values: Mapping[str, int], relations: Sequence[Relation], names: list[str]
) -> set[str]:
    """`determined` by search, for any relations: the hidden figures `names`, in the order of `values`.

    Each hidden figure is asked twice of OR-Tools' CP-SAT solver: is there a whole-number assignment
    that keeps every relation and puts it below its true value, or above? A solution found for one
    figure also frees every other hidden figure it moves, so most figures need no search of their own.
    A search that does not finish in time counts the figure as pinned (it is then hidden with more)."""
    from ortools.sat.python import cp_model

    hidden = set(names)
    total = sum(values[name] for name in names)
    touching = [r for r in relations if hidden.intersection(r.cells)]

    def other_solution(name: str, direction: int) -> dict[str, int] | None:
        model = cp_model.CpModel()
        var = {n: model.new_int_var(HIDDEN_AT_LEAST, 2 * total, n) for n in names}
        for relation in touching:
            terms = relation.coefficients().items()
            model.add(sum(c * var[n] if n in var else c * values[n] for n, c in terms) == 0)
        model.add(sum(var.values()) <= 2 * total)
        if direction < 0:
            model.add(var[name] <= values[name] - 1)
        else:
            model.add(var[name] >= values[name] + 1)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = SEARCH_SECONDS
        if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        return {n: solver.value(v) for n, v in var.items()}

    free: set[str] = set()
    pinned: set[str] = set()
    for name in names:
        if name in free:
            continue
        solution = other_solution(name, -1) or other_solution(name, 1)
        if solution is None:
            pinned.add(name)
        else:
            free.update(n for n, v in solution.items() if v != values[n])
    return pinned


def _disjoint(relations: Sequence[Relation]) -> bool:
    seen: set[str] = set()
    for relation in relations:
        if seen.intersection(relation.cells):
            return False
        seen.update(relation.cells)
    return True


def _determined_in_disjoint(
    values: Mapping[str, int], relations: Sequence[Relation], hidden: set[str]
) -> set[str]:
    """`determined` when no figure is in two relations (a year and its months, series by series), in
    closed form. Each relation is then one equation of its own. One hidden figure in it is pinned by the
    others. With two or more hidden: if the total is among them, raising the total and one hidden part by
    one keeps the sum, so none is pinned; if only parts are hidden, their sum is known, and they can
    trade a unit between them unless each is at its least (HIDDEN_AT_LEAST), when all are pinned.
    Hidden figures in no relation are free."""
    pinned: set[str] = set()
    for relation in relations:
        inside = [c for c in relation.cells if c in hidden]
        if len(inside) == 1:
            pinned.update(inside)
        elif len(inside) > 1 and relation.total not in inside:
            if sum(values[c] for c in inside) == len(inside) * HIDDEN_AT_LEAST:
                pinned.update(inside)
    return pinned


@dataclass(frozen=True)
class Figure:
    """One published figure: its label and either the count or None when hidden."""

    key: str
    label: str
    value: int | None

    @property
    def hidden(self) -> bool:
        """Whether the figure is suppressed (shown without a number)."""
        return self.value is None


def publish(
    labelled: Sequence[tuple[str, str, int]],
    relations: Sequence[Relation] = (),
    *,
    threshold: int = SMALL_NUMBER,
) -> list[Figure]:
    """The figures as they may be shown: (key, label, count) in, `Figure`s out, hidden ones with None."""
    values = {key: count for key, _label, count in labelled}
    hidden = suppress(values, relations, threshold=threshold)
    return [Figure(key, label, None if key in hidden else count) for key, label, count in labelled]
