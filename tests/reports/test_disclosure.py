"""Complementary suppression: no hidden figure can be worked out from the shown ones.

The property tests play the reader. They know the shown figures, the relations (every sum, and so
every sum and difference of sums), and that a hidden figure is at least 1 (zeros are shown). For each
hidden figure an integer solver, independent of the module's own arithmetic, looks for a second
assignment of all hidden figures that keeps every relation: if there is none, the figure is disclosed.
"""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from los.reports.disclosure import Relation, determined, is_sensitive, publish, suppress

# --- The reader ------------------------------------------------------------------------------------


def other_values(values, relations, hidden, name):
    """Values other than the true one the reader cannot rule out for `name` (at most two tried)."""
    found = []
    for direction in ("below", "above"):
        model = cp_model.CpModel()
        bound = 2 * sum(values.values()) + 10
        var = {h: model.new_int_var(1, bound, h) for h in hidden}
        for relation in relations:
            total = var.get(relation.total, values[relation.total])
            model.add(total == sum(var.get(p, values[p]) for p in relation.parts))
        if direction == "below":
            model.add(var[name] <= values[name] - 1)
        else:
            model.add(var[name] >= values[name] + 1)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        if solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            found.append(solver.value(var[name]))
    return found


def assert_nothing_disclosed(values, relations, hidden, threshold=5):
    assert all(name in hidden for name, v in values.items() if is_sensitive(v, threshold)), (
        "a small count is shown"
    )
    assert all(values[name] > 0 for name in hidden), "zero is shown, never hidden"
    for relation in relations:
        # The first thing a reader tries: a total minus its shown parts, or the parts added up.
        assert sum(c in hidden for c in relation.cells) != 1, (
            f"one hidden figure in {relation} follows from the rest"
        )
    for name in hidden:
        assert other_values(values, relations, hidden, name), (
            f"{name}={values[name]} follows from the shown figures"
        )


# --- Tables ------------------------------------------------------------------------------------------

counts = st.one_of(st.integers(0, 4), st.integers(0, 4), st.integers(5, 40))


@st.composite
def hierarchical_tables(draw):
    """A total, split into parts, some parts split again (e.g. families by kind of coordinator)."""
    names = itertools.count()
    values, relations = {}, []

    def node(depth):
        name = f"n{next(names)}"
        if depth < 3 and draw(st.booleans()):
            parts = [node(depth + 1) for _ in range(draw(st.integers(2, 3)))]
            values[name] = sum(values[p] for p in parts)
            relations.append(Relation(name, tuple(parts)))
        else:
            values[name] = draw(counts)
        return name

    root = node(0)
    if not relations:
        parts = [node(1), node(1)]
        values[root] = sum(values[p] for p in parts)
        relations.append(Relation(root, tuple(parts)))
    return values, relations


@st.composite
def two_way_tables(draw):
    """Rows by columns with row, column and grand totals (e.g. families by district and right)."""
    rows, cols = draw(st.integers(2, 4)), draw(st.integers(2, 3))
    values = {f"c{r}{c}": draw(counts) for r in range(rows) for c in range(cols)}
    relations = []
    for r in range(rows):
        values[f"r{r}"] = sum(values[f"c{r}{c}"] for c in range(cols))
        relations.append(Relation(f"r{r}", tuple(f"c{r}{c}" for c in range(cols))))
    for c in range(cols):
        values[f"k{c}"] = sum(values[f"c{r}{c}"] for r in range(rows))
        relations.append(Relation(f"k{c}", tuple(f"c{r}{c}" for r in range(rows))))
    values["t"] = sum(values[f"r{r}"] for r in range(rows))
    relations.append(Relation("t", tuple(f"r{r}" for r in range(rows))))
    relations.append(Relation("t", tuple(f"k{c}" for c in range(cols))))
    return values, relations


@st.composite
def overlapping_tables(draw):
    """Figures and several totals over overlapping groups of them, totals of totals included."""
    values = {f"x{i}": draw(counts) for i in range(draw(st.integers(2, 6)))}
    relations = []
    for t in range(draw(st.integers(1, 4))):
        names = sorted(values)
        parts = draw(st.lists(st.sampled_from(names), min_size=2, max_size=4, unique=True))
        total = f"s{t}"
        values[total] = sum(values[p] for p in parts)
        relations.append(Relation(total, tuple(parts)))
    return values, relations


tables = st.one_of(hierarchical_tables(), two_way_tables(), overlapping_tables())


@settings(max_examples=150)
@given(tables)
def test_no_suppressed_figure_can_be_worked_out_from_the_shown_ones(table):
    values, relations = table
    hidden = suppress(values, relations)
    assert_nothing_disclosed(values, relations, hidden)


@settings(max_examples=50)
@given(tables, st.randoms(use_true_random=False))
def test_whatever_the_module_calls_safe_the_reader_cannot_pin(table, random):
    """Any set of hidden non-zero figures, not only the module's choice: the module's own check never
    calls a figure safe that the reader can work out."""
    values, relations = table
    nonzero = [n for n, v in values.items() if v > 0]
    hidden = {n for n in nonzero if random.random() < 0.5}
    pinned = determined(values, relations, hidden)
    for name in hidden - pinned:
        assert other_values(values, relations, hidden, name), f"{name} was called safe but is pinned"


# --- Table-driven cases --------------------------------------------------------------------------

FAMILIES = [Relation("families", ("with_coordinator", "without_coordinator"))]


@pytest.mark.parametrize(
    "families, with_coordinator, without_coordinator, hidden",
    [
        (40, 37, 3, {"with_coordinator", "without_coordinator"}),  # 40 - 37 would give the 3
        (40, 3, 37, {"with_coordinator", "without_coordinator"}),
        (12, 12, 0, set()),  # zero is shown: "every family has a coordinator" names no one
        (3, 3, 0, {"families", "with_coordinator"}),
        (4, 2, 2, {"families", "with_coordinator", "without_coordinator"}),
        (8, 4, 4, {"with_coordinator", "without_coordinator"}),
        (20, 10, 10, set()),
        (0, 0, 0, set()),
    ],
)
def test_families_with_and_without_a_coordinator(families, with_coordinator, without_coordinator, hidden):
    values = {
        "families": families,
        "with_coordinator": with_coordinator,
        "without_coordinator": without_coordinator,
    }
    assert suppress(values, FAMILIES) == hidden
    assert_nothing_disclosed(values, FAMILIES, hidden)


def test_two_small_parts_of_a_shown_total_are_each_pinned_to_one_unless_a_third_is_hidden():
    """7 families: 5 with a coordinator, 1 and 1 of the rest in two groups. Hiding the two 1s leaves
    1 + 1 = 2 with both at least 1: each is 1. A third part must go too."""
    relation = [Relation("total", ("a", "b", "c"))]
    values = {"total": 7, "a": 1, "b": 1, "c": 5}
    assert determined(values, relation, {"a", "b"}) == {"a", "b"}
    assert suppress(values, relation) == {"a", "b", "c"}


def test_a_two_way_table_hides_a_rectangle():
    values = {"a": 1, "b": 10, "c": 7, "d": 9, "r1": 11, "r2": 16, "k1": 8, "k2": 19, "t": 27}
    relations = [
        Relation("r1", ("a", "b")),
        Relation("r2", ("c", "d")),
        Relation("k1", ("a", "c")),
        Relation("k2", ("b", "d")),
        Relation("t", ("r1", "r2")),
        Relation("t", ("k1", "k2")),
    ]
    assert suppress(values, relations) == {"a", "b", "c", "d"}


def test_hiding_only_the_small_counts_is_not_enough_and_the_reader_shows_it():
    """The old dashboard: 40 families, 37 with a coordinator, the 3 without hidden. 40 - 37 = 3."""
    values = {"families": 40, "with_coordinator": 37, "without_coordinator": 3}
    assert other_values(values, FAMILIES, {"without_coordinator"}, "without_coordinator") == []
    assert determined(values, FAMILIES, {"without_coordinator"}) == {"without_coordinator"}


def test_overlapping_totals_can_pin_a_figure_that_only_whole_numbers_settle():
    """s3 = 3a + b = 5 with a, b >= 1: over fractions a could be 1 to 4/3, over whole numbers only 1."""
    values = {"x0": 0, "x1": 1, "x5": 2, "s0": 1, "s1": 1, "s2": 3, "s3": 5}
    relations = [
        Relation("s0", ("x0", "x1")),
        Relation("s1", ("s0", "x0")),
        Relation("s2", ("s0", "x5")),
        Relation("s3", ("s0", "s1", "s2")),
    ]
    primary = {"x1", "x5", "s0", "s1", "s2"}
    assert determined(values, relations, primary) == primary
    assert_nothing_disclosed(values, relations, suppress(values, relations))


def test_a_combination_of_relations_is_caught_even_when_each_relation_has_two_hidden():
    """a+b, b+c and a+c are shown: each relation has two hidden figures, yet a = (s1 - s2 + s3) / 2."""
    values = {"a": 2, "b": 3, "c": 4, "s1": 5, "s2": 7, "s3": 6}
    relations = [Relation("s1", ("a", "b")), Relation("s2", ("b", "c")), Relation("s3", ("a", "c"))]
    assert determined(values, relations, {"a", "b", "c"}) == {"a", "b", "c"}
    hidden = suppress(values, relations)
    assert_nothing_disclosed(values, relations, hidden)


def test_inconsistent_figures_are_refused():
    with pytest.raises(ValueError):
        suppress({"t": 5, "a": 1, "b": 1}, [Relation("t", ("a", "b"))])
    with pytest.raises(ValueError):
        suppress({"t": -1}, [])


def test_publish_keeps_labels_and_order_and_blanks_hidden_values():
    figures = publish([("t", "Familier", 9), ("a", "Med", 7), ("b", "Uten", 2)], [Relation("t", ("a", "b"))])
    assert [(f.label, f.value) for f in figures] == [("Familier", 9), ("Med", None), ("Uten", None)]
