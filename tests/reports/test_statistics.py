"""The leaders' figures over time, computed from plain rows: hand-checked tables around month ends, leap
days and cases that span periods; then what may be shown of them (no hidden value can be worked out)."""

import datetime

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from los.reports import published, statistics
from los.reports.disclosure import Relation
from los.reports.statistics import (
    ActionItemRow,
    ApplicationRow,
    AppointmentRow,
    Cell,
    ComplaintRow,
    Facts,
    MeetingRow,
    Period,
    PeriodError,
    ProposalRow,
    RightRow,
    Series,
)

from .test_disclosure import assert_nothing_disclosed

D = datetime.date
TODAY = D(2026, 11, 30)


def series_of(facts: Facts, period: Period) -> dict[str, Series]:
    return {s.key: s for s in statistics.compute(facts, period)}


def months(s: Series) -> dict[str, object]:
    return {k: c.value for k, c in s.months.items()}


# --- The period a leader asks for ---------------------------------------------------------------------

PERIODS = [
    # (first, last, earliest data month, expected (first, last) or the start of the refusal)
    (None, None, None, ((2024, 12), (2026, 11))),  # the last 24 months, this one included
    (None, None, (2025, 6), ((2025, 6), (2026, 11))),  # not before the first data
    ("2025-01", "2025-12", None, ((2025, 1), (2025, 12))),
    ("2026-11", None, None, ((2026, 11), (2026, 11))),  # one month
    (None, "2025-03", None, ((2023, 4), (2025, 3))),  # 24 months up to the chosen end
    ("2025-12", "2025-01", None, "Perioden slutter før den begynner"),
    ("2026-12", None, None, "Perioden kan ikke begynne etter denne måneden"),
    ("2026-01", "2026-12", None, "Perioden kan ikke slutte etter denne måneden"),
    ("2020-01", "2021-12", (2024, 1), "Det finnes ingen tall før 2024-01"),
    ("2023-01", "2024-12", (2024, 1), "Tallene begynner i 2024-01"),
    ("2020-01", "2026-11", None, "Velg en periode på høyst fem år"),
    ("2025-13", None, None, "Skriv måneden som ÅÅÅÅ-MM"),
    ("25-01", None, None, "Skriv måneden som ÅÅÅÅ-MM"),
    ("2025-1", None, None, "Skriv måneden som ÅÅÅÅ-MM"),
    ("januar", None, None, "Skriv måneden som ÅÅÅÅ-MM"),
]


@pytest.mark.parametrize("first,last,earliest,expected", PERIODS)
def test_the_period_a_leader_asks_for(first, last, earliest, expected):
    if isinstance(expected, str):
        with translation.override("nb"):  # the message is in the language of the request that reads it
            with pytest.raises(PeriodError) as refused:
                statistics.period(first, last, today=TODAY, earliest=earliest)
            assert str(refused.value.args[0]).startswith(expected)
    else:
        chosen = statistics.period(first, last, today=TODAY, earliest=earliest)
        assert (chosen.first, chosen.last) == expected


def test_a_period_knows_its_months_and_years():
    period = Period((2024, 11), (2026, 2))
    assert len(period.months) == 16
    assert period.years == [2024, 2025, 2026]
    assert period.is_whole(2025) and not period.is_whole(2024)
    assert period.start == D(2024, 11, 1) and period.end == D(2026, 2, 28)


# --- fvl § 11 a: an answer or an interim reply within one month -------------------------------------

# "If an application cannot be answered within one month of receipt, an interim reply must be sent"
# (forvaltningsloven § 11 a). One month from 31 January is 28 February (29 in a leap year); the figure
# is counted in the month the month ran out.
ANSWER_CASES = [
    # (received, interim reply, decision, month counted, on time)
    (D(2026, 1, 31), D(2026, 2, 28), None, "2026-02", 1),
    (D(2026, 1, 31), D(2026, 3, 1), None, "2026-02", 0),
    (D(2024, 1, 31), None, D(2024, 2, 29), "2024-02", 1),  # leap year
    (D(2024, 1, 30), D(2024, 3, 1), D(2024, 3, 1), "2024-02", 0),
    (D(2026, 3, 15), None, D(2026, 3, 20), "2026-04", 1),  # decided first: no interim reply needed
    (D(2026, 5, 31), None, None, "2026-06", 0),  # no answer at all, the month has run out
]


@pytest.mark.parametrize("received,interim,decided,month,on_time", ANSWER_CASES)
def test_answered_within_one_month(received, interim, decided, month, on_time):
    facts = Facts(TODAY, 30, applications=[ApplicationRow(received, interim, decided)])
    period = Period((2024, 1), (2026, 11))
    cell = series_of(facts, period)["answered_within_month"].months[month]
    assert (cell.base, cell.part) == (1, on_time)
    assert cell.value == 100 * on_time


def test_an_application_whose_month_has_not_run_out_is_not_counted_yet():
    facts = Facts(TODAY, 30, applications=[ApplicationRow(D(2026, 11, 20), None, None)])
    cells = series_of(facts, Period((2026, 11), (2026, 11)))["answered_within_month"].months
    assert cells["2026-11"].base == 0 and cells["2026-11"].value is None


def test_durations_are_counted_in_the_month_the_answer_came():
    """Received in December, decided in January: the 40 days count in January, and in the new year."""
    facts = Facts(
        TODAY,
        30,
        applications=[
            ApplicationRow(D(2025, 12, 22), D(2026, 1, 10), D(2026, 1, 31)),
            ApplicationRow(D(2026, 1, 2), None, D(2026, 1, 22)),
            ApplicationRow(D(2026, 1, 5), None, None),
        ],
    )
    found = series_of(facts, Period((2025, 12), (2026, 1)))
    assert months(found["applications"]) == {"2025-12": 1, "2026-01": 2}
    assert months(found["decisions"]) == {"2025-12": 0, "2026-01": 2}
    assert months(found["days_to_decision"]) == {"2025-12": None, "2026-01": 30}  # (40 + 20) / 2
    assert months(found["decided_within_target"]) == {"2025-12": None, "2026-01": 50}  # 20 <= 30 < 40
    assert months(found["days_to_interim_reply"]) == {"2025-12": None, "2026-01": 19}
    assert {k: c.value for k, c in found["applications"].years.items()} == {"2025": 1, "2026": 2}
    assert found["days_to_decision"].years["2026"].value == 30


def test_days_from_decision_to_coordinator():
    facts = Facts(
        TODAY,
        30,
        appointments=[
            AppointmentRow(D(2026, 2, 20), D(2026, 3, 2)),  # 10 days, over the month's end
            AppointmentRow(D(2026, 3, 1), D(2026, 3, 21)),  # 20 days
            AppointmentRow(D(2026, 3, 5), None),  # still waiting: not in the mean
        ],
    )
    assert months(series_of(facts, Period((2026, 2), (2026, 3)))["days_to_coordinator"]) == {
        "2026-02": None,
        "2026-03": 15,
    }


def test_families_waiting_for_a_coordinator_at_each_months_end():
    rights = [
        # Right from 15 March, a coordinator from 10 April until 20 May, then none.
        RightRow(D(2026, 3, 15), ((D(2026, 4, 10), D(2026, 5, 20)),)),
        # Right from 31 January, never a coordinator.
        RightRow(D(2026, 1, 31), ()),
        # Right from 1 May, a coordinator from the same day.
        RightRow(D(2026, 5, 1), ((D(2026, 5, 1), None),)),
    ]
    found = series_of(Facts(TODAY, 30, rights=rights), Period((2026, 1), (2026, 5)))
    assert months(found["families_waiting"]) == {
        "2026-01": 1,  # 31 January: the right began that day
        "2026-02": 1,
        "2026-03": 2,
        "2026-04": 1,
        "2026-05": 2,
    }
    assert found["days_waiting"].months["2026-03"].value == round((16 + 59) / 2)
    assert found["days_waiting"].months["2026-05"].value == round((11 + 120) / 2)
    # A state, not a sum: the year shows the last month of the period.
    assert found["families_waiting"].years["2026"].value == 2
    assert not found["families_waiting"].additive


def test_this_month_is_counted_up_to_today():
    rights = [RightRow(D(2026, 11, 1), ())]
    found = series_of(Facts(D(2026, 11, 10), 30, rights=rights), Period((2026, 11), (2026, 11)))
    assert found["days_waiting"].months["2026-11"].value == 9


def test_complaints_follow_up_and_bundling():
    facts = Facts(
        TODAY,
        30,
        complaints=[
            ComplaintRow(D(2026, 1, 5), D(2026, 1, 20), D(2026, 2, 3), None),
            ComplaintRow(D(2026, 1, 25), D(2026, 2, 1), None, D(2026, 2, 28)),
        ],
        meetings=[MeetingRow(D(2026, 1, 31), True), MeetingRow(D(2026, 2, 1), False)],
        action_items=[
            ActionItemRow(D(2026, 2, 10), D(2026, 2, 10)),  # on the day: on time
            ActionItemRow(D(2026, 2, 11), D(2026, 2, 10)),
        ],
        chases=[D(2026, 2, 1), D(2026, 2, 2)],
        plan_revisions=[D(2026, 1, 1)],
        proposals=[ProposalRow(D(2026, 2, 5), 3), ProposalRow(D(2026, 2, 6), 2)],
    )
    found = series_of(facts, Period((2026, 1), (2026, 2)))
    assert months(found["complaints"]) == {"2026-01": 2, "2026-02": 0}
    assert months(found["complaints_reconsidered"]) == {"2026-01": 1, "2026-02": 1}
    assert months(found["complaints_upheld"]) == {"2026-01": 0, "2026-02": 1}
    assert months(found["complaints_forwarded"]) == {"2026-01": 0, "2026-02": 1}
    assert months(found["meetings"]) == {"2026-01": 1, "2026-02": 1}
    assert months(found["meetings_with_interpreter"]) == {"2026-01": 1, "2026-02": 0}
    assert months(found["action_items_on_time"]) == {"2026-01": None, "2026-02": 50}
    assert months(found["chases"]) == {"2026-01": 0, "2026-02": 2}
    assert months(found["plan_revisions"]) == {"2026-01": 1, "2026-02": 0}
    assert found["attendance_days_saved"].months["2026-02"] == Cell(5, 2)


def test_caseload_against_capacity_at_each_months_end():
    from los.reports.statistics import CoordinatorRow

    coordinators = [
        # 20 % of a position: 4 points. Two families of medium need (2 + 2) from March, a third (3) in April.
        CoordinatorRow(
            4,
            D(2026, 4, 15),
            ((D(2026, 3, 1), None, 2), (D(2026, 3, 31), None, 2), (D(2026, 4, 2), D(2026, 4, 30), 3)),
        ),
        # 50 %: 10 points, one family of high need (3) in March only; never trained.
        CoordinatorRow(10, None, ((D(2026, 3, 10), D(2026, 3, 31), 3),)),
        # No families in the period: not counted.
        CoordinatorRow(10, D(2020, 1, 1), ((D(2025, 1, 1), D(2025, 12, 31), 2),)),
    ]
    found = series_of(Facts(TODAY, 30, coordinators=coordinators), Period((2026, 2), (2026, 5)))
    assert months(found["coordinators"]) == {"2026-02": 0, "2026-03": 2, "2026-04": 1, "2026-05": 1}
    # March: (4 + 3) points against (4 + 10); April: 7 points against 4 (the 30 April case still runs).
    assert months(found["caseload"]) == {"2026-02": None, "2026-03": 50, "2026-04": 175, "2026-05": 100}
    assert months(found["coordinators_over_capacity"]) == {
        "2026-02": 0,
        "2026-03": 0,
        "2026-04": 1,
        "2026-05": 0,
    }
    assert months(found["coordinators_trained"]) == {
        "2026-02": None,
        "2026-03": 0,
        "2026-04": 100,
        "2026-05": 100,
    }
    assert found["coordinators"].years["2026"].value == 1  # the state at the period's last month


def test_share_of_families_with_a_right_who_have_an_individual_plan():
    from los.reports.statistics import PlanRow

    plans = [
        PlanRow(D(2026, 1, 10), D(2026, 2, 1)),  # a plan made the day after January ends
        PlanRow(D(2026, 1, 31), None),
        PlanRow(D(2026, 2, 15), D(2026, 2, 28)),
        PlanRow(D(2026, 4, 1), D(2026, 1, 5)),  # a plan from before the right: counted from the right
    ]
    found = series_of(Facts(TODAY, 30, plans=plans), Period((2025, 12), (2026, 3)))
    cells = found["families_with_plan"].months
    assert (cells["2025-12"].value, cells["2025-12"].base) == (None, 0)
    assert (cells["2026-01"].base, cells["2026-01"].part, cells["2026-01"].value) == (2, 0, 0)
    assert (cells["2026-02"].base, cells["2026-02"].part, cells["2026-02"].value) == (3, 2, 67)
    assert (cells["2026-03"].base, cells["2026-03"].part) == (3, 2)


def test_evaluations_overdue_at_each_months_end_and_done_on_time():
    """Forskrift om habilitering og rehabilitering, individuell plan og koordinator § 19: the plan says when
    each measure is evaluated. A measure is overdue from the day after that date until it is evaluated."""
    from los.reports.statistics import EvaluationRow

    evaluations = [
        EvaluationRow(D(2026, 1, 31), D(2026, 2, 3)),  # due on January's last day: not overdue on it
        EvaluationRow(D(2026, 1, 30), D(2026, 2, 3)),  # overdue at January's end, done early February
        EvaluationRow(D(2026, 1, 10), D(2026, 3, 31)),  # overdue at January's and February's end
        EvaluationRow(D(2026, 2, 20), D(2026, 2, 20)),  # done on the day: on time
        EvaluationRow(D(2026, 2, 27), None),  # still waiting: overdue from February's end on
        EvaluationRow(D(2026, 3, 15), D(2026, 3, 1)),  # done before its date
    ]
    found = series_of(Facts(TODAY, 30, evaluations=evaluations), Period((2026, 1), (2026, 4)))
    overdue = found["evaluations_overdue"]
    assert months(overdue) == {"2026-01": 2, "2026-02": 2, "2026-03": 1, "2026-04": 1}
    assert overdue.years["2026"].value == 1  # a state: the period's last month, not a sum
    on_time = found["evaluations_on_time"].months
    assert (on_time["2026-01"].base, on_time["2026-01"].value) == (0, None)
    assert (on_time["2026-02"].base, on_time["2026-02"].part) == (3, 1)
    assert (on_time["2026-03"].base, on_time["2026-03"].part) == (2, 1)


def test_evaluations_overdue_count_up_to_today_in_this_month():
    from los.reports.statistics import EvaluationRow

    today = D(2026, 11, 10)
    evaluations = [EvaluationRow(D(2026, 11, 5), None), EvaluationRow(D(2026, 11, 20), None)]
    found = series_of(Facts(today, 30, evaluations=evaluations), Period((2026, 11), (2026, 11)))
    assert months(found["evaluations_overdue"]) == {"2026-11": 1}


def test_events_outside_the_period_are_not_counted():
    facts = Facts(TODAY, 30, applications=[ApplicationRow(D(2025, 12, 31), None, None)])
    found = series_of(facts, Period((2026, 1), (2026, 1)))
    assert months(found["applications"]) == {"2026-01": 0}


# --- What may be shown -----------------------------------------------------------------------------


def count_series(values: dict[str, int], years: dict[str, int] | None = None) -> Series:
    cells = {k: Cell(v, v) for k, v in values.items()}
    if years is None:
        years = {}
        for key, value in values.items():
            years[key[:4]] = years.get(key[:4], 0) + value
    return Series("x", "X", "cases", statistics.COUNT, cells, {k: Cell(v, v) for k, v in years.items()})


def shown(series: Series) -> published.PublishedSeries:
    return published.publish([series])[0]


def test_small_counts_are_hidden_and_a_year_does_not_give_a_month_away():
    # 2026: 10 + 3 + 12 = 25. Hiding the 3 alone, 25 - 10 - 12 gives it back: one more month goes.
    s = shown(count_series({"2026-01": 10, "2026-02": 3, "2026-03": 12}))
    assert s.months["2026-02"].suppressed
    assert sum(c.suppressed for c in s.months.values()) + s.years["2026"].suppressed >= 2
    assert not any(c.suppressed and c.value is not None for c in [*s.months.values(), *s.years.values()])


def test_a_year_with_one_month_in_the_period_is_that_month():
    s = shown(count_series({"2025-12": 3, "2026-01": 9}))
    assert s.months["2025-12"].suppressed and s.years["2025"].suppressed
    assert s.months["2026-01"].value == 9 and s.years["2026"].value == 9


def test_zero_is_shown():
    s = shown(count_series({"2026-01": 0, "2026-02": 7}))
    assert s.months["2026-01"] == published.Shown(0)


@pytest.mark.parametrize(
    "cell,hidden",
    [
        (Cell(30, 4), True),  # a mean of four cases
        (Cell(30, 5), False),
        (Cell(None, 0), False),  # nothing to hide: shown as "none"
        (Cell(75, 20, 15), False),
        (Cell(85, 20, 17), True),  # the 3 who waited too long
        (Cell(10, 40, 4), True),  # the 4 on time
        (Cell(100, 7, 7), False),  # all of them: the rest is 0
        (Cell(0, 6, 0), False),
    ],
)
def test_a_mean_or_share_is_shown_only_when_it_rests_on_enough_cases(cell, hidden):
    unit = statistics.PERCENT if cell.part is not None else statistics.DAYS
    s = shown(Series("x", "X", "cases", unit, {"2026-01": cell}, {"2026": cell}))
    assert s.months["2026-01"].suppressed is hidden
    assert (s.months["2026-01"].value is None) is (hidden or cell.value is None)


def test_a_sum_is_hidden_where_the_count_of_what_it_adds_up_is():
    months_ = {"2026-01": Cell(12, 3), "2026-02": Cell(40, 9), "2026-03": Cell(30, 8)}
    s = shown(Series("x", "X", "follow_up", statistics.SUM, months_, {"2026": Cell(82, 20)}))
    assert s.months["2026-01"].suppressed
    assert sum(c.suppressed for c in s.months.values()) + s.years["2026"].suppressed >= 2


def test_a_state_at_the_months_end_is_not_a_sum():
    cells = {"2026-01": Cell(3, 3), "2026-02": Cell(8, 8)}
    s = shown(Series("x", "X", "coordinators", statistics.COUNT, cells, {"2026": Cell(8, 8)}, additive=False))
    assert s.months["2026-01"].suppressed
    assert s.months["2026-02"].value == 8 and s.years["2026"].value == 8


@given(
    st.lists(st.integers(min_value=0, max_value=14), min_size=2, max_size=18),
    st.integers(min_value=1, max_value=12),
)
def test_no_hidden_count_can_be_worked_out_from_what_is_shown(counts, first_month):
    """Months from any starting month, with the years beside them: every hidden count could still be
    another whole number, given every shown count and every sum a reader can do (checked by CP-SAT,
    independent of the suppression's own simplex)."""
    keys = []
    year, month = 2024, first_month
    for _ in counts:
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    s = shown(count_series(dict(zip(keys, counts, strict=True))))
    values = {f"m{k}": v for k, v in zip(keys, counts, strict=True)}
    for year_key, cell in count_series(dict(zip(keys, counts, strict=True))).years.items():
        values[f"y{year_key}"] = cell.value
    relations = [Relation(f"y{y}", tuple(f"m{k}" for k in keys if k.startswith(f"{y}-"))) for y in s.years]
    hidden = {f"m{k}" for k, c in s.months.items() if c.suppressed} | {
        f"y{k}" for k, c in s.years.items() if c.suppressed
    }
    assert_nothing_disclosed(values, relations, hidden)
    # What is shown is the true count.
    for key, c in s.months.items():
        assert c.suppressed or c.value == values[f"m{key}"]


@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=9), st.lists(st.integers(0, 9), min_size=1, max_size=5)),
        min_size=1,
        max_size=3,
    ),
    st.data(),
)
def test_the_closed_form_for_separate_sums_agrees_with_the_search(groups, data):
    """Separate sums (a year and its months, series by series) are checked in closed form; on any such
    system it pins exactly the figures the general search pins."""
    from los.reports.disclosure import _determined_exactly, _determined_in_disjoint

    values, relations = {}, []
    for g, (_extra, parts) in enumerate(groups):
        names = [f"g{g}p{i}" for i in range(len(parts))]
        values.update(zip(names, parts, strict=True))
        values[f"g{g}t"] = sum(parts)
        relations.append(Relation(f"g{g}t", tuple(names)))
    candidates = sorted(name for name, value in values.items() if value > 0)
    hidden = set(data.draw(st.lists(st.sampled_from(candidates), unique=True)) if candidates else [])
    names = [name for name in values if name in hidden]
    exact = _determined_exactly(values, relations, names) if names else set()
    assert _determined_in_disjoint(values, relations, hidden) == exact
