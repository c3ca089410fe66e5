"""The leaders' figures over time: month by month and year by year, from plain rows, without Django.

Each figure answers a question a leader asks of the scheme: do families get an answer within a month
(forvaltningsloven § 11 a), how long do they wait for a decision and then for a coordinator, how many
complain and how it ends, how many families with a right have no coordinator, whether plans are revised,
whether the responsibility groups meet and follow up. `compute` turns the rows of one municipality
(`Facts`, read by `los.reports.history`) into `Series`, one value per month and per calendar year of the
period; `los.reports.published` then hides what could point at a family.

Counts are counted in the month the event happened. Durations are whole days between two dates, shown
as the mean over the events of the month in which the later one happened (a mean over at least five
events cannot be read back to one family's case, a median could). Shares are in whole per cent.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from los.core.dates import add_months

# How far back a leader can look, and how far by default (the issue: the last 24 months).
MAX_MONTHS = 60
DEFAULT_MONTHS = 24

Month = tuple[int, int]  # (year, month)


class PeriodError(ValueError):
    """A period a leader cannot ask for; the message says why, in the user's language."""


def month_of(day: datetime.date) -> Month:
    return (day.year, day.month)


def month_key(month: Month) -> str:
    return f"{month[0]:04d}-{month[1]:02d}"


def next_month(month: Month) -> Month:
    year, m = month
    return (year + 1, 1) if m == 12 else (year, m + 1)


def first_day(month: Month) -> datetime.date:
    return datetime.date(month[0], month[1], 1)


def last_day(month: Month) -> datetime.date:
    return first_day(next_month(month)) - datetime.timedelta(days=1)


def parse_month(text: str) -> Month:
    """'2025-03' as (2025, 3); anything else raises PeriodError."""
    try:
        year_text, month_text = text.strip().split("-")
        if len(year_text) != 4 or len(month_text) != 2:
            raise ValueError
        month = (int(year_text), int(month_text))
        first_day(month)
    except (ValueError, AttributeError):
        raise PeriodError(_("Skriv måneden som ÅÅÅÅ-MM, for eksempel 2025-03.")) from None
    return month


@dataclass(frozen=True)
class Period:
    """The months from `first` to `last`, both included."""

    first: Month
    last: Month

    @property
    def months(self) -> list[Month]:
        months, month = [], self.first
        while month <= self.last:
            months.append(month)
            month = next_month(month)
        return months

    @property
    def years(self) -> list[int]:
        return list(range(self.first[0], self.last[0] + 1))

    def months_of(self, year: int) -> list[Month]:
        return [m for m in self.months if m[0] == year]

    def is_whole(self, year: int) -> bool:
        """Whether the period holds all twelve months of `year`."""
        return len(self.months_of(year)) == 12

    @property
    def start(self) -> datetime.date:
        return first_day(self.first)

    @property
    def end(self) -> datetime.date:
        return last_day(self.last)

    def __str__(self) -> str:
        return f"{month_key(self.first)}–{month_key(self.last)}"


def period(
    first: str | None, last: str | None, *, today: datetime.date, earliest: Month | None = None
) -> Period:
    """The period a leader asked for (months as 'YYYY-MM'; by default the last 24 months up to this one).

    Refused: a month that is not one, a period that ends before it starts, ends after this month,
    starts before the municipality has any data (`earliest`), or is longer than five years."""
    this_month = month_of(today)
    last_month = parse_month(last) if last else this_month
    if last_month > this_month:
        raise PeriodError(_("Perioden kan ikke slutte etter denne måneden."))
    if first:
        first_month = parse_month(first)
    else:
        first_month = month_of(add_months(first_day(last_month), -(DEFAULT_MONTHS - 1)))
        if earliest is not None and first_month < earliest <= last_month:
            first_month = earliest
    if first_month > this_month:
        raise PeriodError(_("Perioden kan ikke begynne etter denne måneden."))
    if first_month > last_month:
        raise PeriodError(_("Perioden slutter før den begynner. Bytt om fra- og til-måned."))
    if earliest is not None and last_month < earliest:
        raise PeriodError(
            _("Det finnes ingen tall før %(month)s. Velg en senere periode.") % {"month": month_key(earliest)}
        )
    if earliest is not None and first_month < earliest:
        raise PeriodError(
            _("Tallene begynner i %(month)s. Velg en fra-måned fra og med den.")
            % {"month": month_key(earliest)}
        )
    chosen = Period(first_month, last_month)
    if len(chosen.months) > MAX_MONTHS:
        raise PeriodError(_("Velg en periode på høyst fem år (60 måneder)."))
    return chosen


# --- The rows a municipality's figures are computed from --------------------------------------------


@dataclass(frozen=True)
class ApplicationRow:
    received_on: datetime.date
    first_interim_reply_on: datetime.date | None
    first_decision_on: datetime.date | None


@dataclass(frozen=True)
class AppointmentRow:
    """A decision that granted a coordinator, and when the family first got one after it."""

    decided_on: datetime.date
    appointed_on: datetime.date | None


@dataclass(frozen=True)
class ComplaintRow:
    received_on: datetime.date
    reconsideration_started_on: datetime.date | None
    upheld_on: datetime.date | None
    forwarded_on: datetime.date | None


@dataclass(frozen=True)
class RightRow:
    """A family with a right to a coordinator from `right_from`, and the periods it had one."""

    right_from: datetime.date
    coordinated: tuple[tuple[datetime.date, datetime.date | None], ...]


@dataclass(frozen=True)
class MeetingRow:
    held_on: datetime.date
    with_interpreter: bool


@dataclass(frozen=True)
class ActionItemRow:
    done_on: datetime.date
    due_on: datetime.date


@dataclass(frozen=True)
class ProposalRow:
    sent_on: datetime.date
    days_saved: int


@dataclass(frozen=True)
class PlanRow:
    """A family with a right granted (individual plan, coordinator or child coordinator) from
    `right_from`, and when its individual plan was made (None: not yet)."""

    right_from: datetime.date
    planned_on: datetime.date | None


@dataclass(frozen=True)
class EvaluationRow:
    """A measure in an individual plan that was to be evaluated on `due_on`, and the day it was
    (None: not yet). Overdue from the day after `due_on` until it is evaluated."""

    due_on: datetime.date
    evaluated_on: datetime.date | None


@dataclass(frozen=True)
class CoordinatorRow:
    """A coordinator: capacity in need points (their share of a position for coordination), when they
    completed coordinator training (None: not yet), and their families as (from, to, need points)."""

    capacity_points: int
    trained_on: datetime.date | None
    cases: tuple[tuple[datetime.date, datetime.date | None, int], ...]


@dataclass(frozen=True)
class SurveyAnswerRow:
    """One guardian's answers (1-5, 5 the good end; None: skipped), in the month they were given."""

    month: datetime.date
    scores: tuple[int | None, ...]  # in the order of los.surveys.questions.QUESTIONS


@dataclass
class Facts:
    """Everything one municipality's figures are computed from: dates and flags, no one's identity."""

    today: datetime.date
    decision_target_days: int
    applications: list[ApplicationRow] = field(default_factory=list)
    appointments: list[AppointmentRow] = field(default_factory=list)
    complaints: list[ComplaintRow] = field(default_factory=list)
    rights: list[RightRow] = field(default_factory=list)
    meetings: list[MeetingRow] = field(default_factory=list)
    action_items: list[ActionItemRow] = field(default_factory=list)
    chases: list[datetime.date] = field(default_factory=list)
    plan_revisions: list[datetime.date] = field(default_factory=list)
    proposals: list[ProposalRow] = field(default_factory=list)
    survey_answers: list[SurveyAnswerRow] = field(default_factory=list)
    coordinators: list[CoordinatorRow] = field(default_factory=list)
    plans: list[PlanRow] = field(default_factory=list)
    evaluations: list[EvaluationRow] = field(default_factory=list)


# --- Figures -------------------------------------------------------------------------------------------

COUNT, SUM, DAYS, PERCENT, SCORE = "count", "sum", "days", "percent", "score"


@dataclass(frozen=True)
class Cell:
    """One month's or year's value. `base` is how many events (or families) it rests on; for a share,
    `part` is how many of them it counts. `value` is None when there is nothing to compute it from."""

    value: float | int | None
    base: int
    part: int | None = None


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    group: str  # a key of GROUPS
    unit: str  # COUNT, SUM (of days, over `base` events), DAYS (a mean), PERCENT or SCORE (a mean, 1-5)
    months: dict[str, Cell]
    years: dict[str, Cell]
    # A count per year is the sum of its months (a reader can add them up); a state at the month's
    # end (families waiting) is not: its year is the state at the last month of the year in the period.
    additive: bool = True

    @property
    def group_label(self) -> str:
        return str(GROUPS[self.group])


Events = list[tuple[datetime.date, float]]  # (when, value): counted, or averaged, per month


def _buckets(events: Iterable[tuple[datetime.date, float]], period: Period) -> dict[Month, list[float]]:
    found: dict[Month, list[float]] = defaultdict(list)
    start, end = period.start, period.end
    for day, value in events:
        if start <= day <= end:
            found[(day.year, day.month)].append(value)
    return found


def _per_period(period: Period, events: Events, cell: Callable[[list[float]], Cell]):
    found = _buckets(events, period)
    months = {month_key(m): cell(found.get(m, [])) for m in period.months}
    years = {str(y): cell([v for m in period.months_of(y) for v in found.get(m, [])]) for y in period.years}
    return months, years


def _count(values: list[float]) -> Cell:
    return Cell(len(values), len(values))


def _sum(values: list[float]) -> Cell:
    return Cell(int(sum(values)), len(values))


def _mean(values: list[float]) -> Cell:
    return Cell(round(sum(values) / len(values)) if values else None, len(values))


def _score(values: list[float]) -> Cell:
    return Cell(round(sum(values) / len(values), 1) if values else None, len(values))


def _share(values: list[float]) -> Cell:
    part = int(sum(values))
    return Cell(round(100 * part / len(values)) if values else None, len(values), part)


def _days(start: datetime.date, end: datetime.date) -> int:
    return (end - start).days


GROUPS = {
    "cases": _("Søknader og vedtak"),
    "complaints": _("Klager"),
    "coordinators": _("Koordinator"),
    "follow_up": _("Oppfølging"),
    "experience": _("Familienes erfaring"),
}


def _answered_on(row: ApplicationRow) -> datetime.date | None:
    answers = [d for d in (row.first_interim_reply_on, row.first_decision_on) if d is not None]
    return min(answers) if answers else None


def _waiting_at(row: RightRow, day: datetime.date) -> int | None:
    """Days the family has waited for a coordinator on `day`, or None when it has one or no right yet."""
    if row.right_from > day:
        return None
    since = row.right_from
    for starts, ends in row.coordinated:
        if starts <= day and (ends is None or ends >= day):
            return None
        if ends is not None and ends < day:
            since = max(since, ends)
    return _days(since, day)


def _state_at_month_end(period: Period, rights: Sequence[RightRow], today: datetime.date):
    """Families waiting for a coordinator at the end of each month (today, for this month), and for how
    long on average. A year shows its last month in the period."""
    count_months, mean_months = {}, {}
    month_ends = [min(last_day(month), today) for month in period.months]
    first_end, last_end = month_ends[0], month_ends[-1]
    # Most families had a coordinator all through the period: they wait at no month's end.
    rights = [
        r
        for r in rights
        if r.right_from <= last_end
        and not any(s <= first_end and (e is None or e >= last_end) for s, e in r.coordinated)
    ]
    for month, day in zip(period.months, month_ends, strict=True):
        waits = [w for w in (_waiting_at(r, day) for r in rights) if w is not None]
        count_months[month_key(month)] = Cell(len(waits), len(waits))
        mean_months[month_key(month)] = _mean([float(w) for w in waits])
    return (count_months, _years_as_last_month(period, count_months)), (
        mean_months,
        _years_as_last_month(period, mean_months),
    )


def _coordinators_at_month_end(period: Period, coordinators: Sequence[CoordinatorRow], today: datetime.date):
    """Per month's end: coordinators with families; their families weighted by need against their
    capacity (per cent, over 100 when overloaded); how many are over capacity; the share trained."""
    active, load, over, trained = {}, {}, {}, {}
    for month in period.months:
        day = min(last_day(month), today)
        key = month_key(month)
        points_of = []
        for c in coordinators:
            points = sum(
                need for starts, ends, need in c.cases if starts <= day and (ends is None or ends >= day)
            )
            if points:
                points_of.append((c, points))
        n = len(points_of)
        capacity = sum(c.capacity_points for c, _p in points_of)
        active[key] = Cell(n, n)
        load[key] = Cell(round(100 * sum(p for _c, p in points_of) / capacity) if capacity else None, n)
        over_now = sum(1 for c, p in points_of if p > c.capacity_points)
        over[key] = Cell(over_now, over_now)
        done = sum(1 for c, _p in points_of if c.trained_on is not None and c.trained_on <= day)
        trained[key] = Cell(round(100 * done / n) if n else None, n, done)
    return [(cells, _years_as_last_month(period, cells)) for cells in (active, load, over, trained)]


def _at_month_ends(period: Period, today: datetime.date, cell_at) -> tuple[dict, dict]:
    """A state per month: `cell_at(day)` on the month's last day (today, for this month). A year shows
    its last month in the period."""
    cells = {month_key(month): cell_at(min(last_day(month), today)) for month in period.months}
    return cells, _years_as_last_month(period, cells)


def _years_as_last_month(period: Period, months: dict) -> dict:
    """A state per year: the cell of its last month in the period."""
    return {str(y): months[month_key(period.months_of(y)[-1])] for y in period.years}


def _plans_at_month_end(period: Period, plans: Sequence[PlanRow], today: datetime.date):
    """Per month's end: of the families with a right by then, the share that has an individual plan."""

    def share(day: datetime.date) -> Cell:
        with_right = [p for p in plans if p.right_from <= day]
        planned = sum(1 for p in with_right if p.planned_on is not None and p.planned_on <= day)
        n = len(with_right)
        return Cell(round(100 * planned / n) if n else None, n, planned)

    return _at_month_ends(period, today, share)


def _evaluations_overdue_at_month_end(
    period: Period, evaluations: Sequence[EvaluationRow], today: datetime.date
):
    """Per month's end (today, for this month): measures whose evaluation date has passed without an
    evaluation (forskrift om habilitering og rehabilitering, individuell plan og koordinator § 19: the
    plan says when each measure is evaluated)."""

    def overdue(day: datetime.date) -> Cell:
        n = sum(1 for e in evaluations if e.due_on < day and (e.evaluated_on is None or e.evaluated_on > day))
        return Cell(n, n)

    return _at_month_ends(period, today, overdue)


def compute(facts: Facts, period: Period) -> list[Series]:
    """Every figure for the period, month by month and per calendar year (the months of the year that
    lie in the period)."""
    apps = facts.applications
    month_after = [(r, add_months(r.received_on, 1)) for r in apps]
    target = facts.decision_target_days
    series: list[Series] = []

    def add(key, label, group, unit, events, cell, **extra):
        months, years = _per_period(period, events, cell)
        series.append(Series(key, str(label), group, unit, months, years, **extra))

    def state(key, label, group, unit, cells):
        """A state at each month's end: a year is its last month, not the sum of its months."""
        months, years = cells
        series.append(Series(key, str(label), group, unit, months, years, additive=False))

    add("applications", _("Søknader mottatt"), "cases", COUNT, [(r.received_on, 1) for r in apps], _count)
    # fvl § 11 a: an answer, or an interim reply saying when one comes, within one month of receipt.
    # Counted in the month the month ran out, once it has.
    add(
        "answered_within_month",
        _("Svar eller foreløpig svar innen én måned (fvl. § 11 a)"),
        "cases",
        PERCENT,
        [
            (deadline, 1 if (a := _answered_on(r)) is not None and a <= deadline else 0)
            for r, deadline in month_after
            if deadline < facts.today or _answered_on(r) is not None
        ],
        _share,
    )
    add(
        "days_to_interim_reply",
        _("Dager til foreløpig svar (gjennomsnitt)"),
        "cases",
        DAYS,
        [
            (r.first_interim_reply_on, _days(r.received_on, r.first_interim_reply_on))
            for r in apps
            if r.first_interim_reply_on is not None
        ],
        _mean,
    )
    decided = [r for r in apps if r.first_decision_on is not None]
    add("decisions", _("Vedtak fattet"), "cases", COUNT, [(r.first_decision_on, 1) for r in decided], _count)
    add(
        "days_to_decision",
        _("Dager fra søknad til vedtak (gjennomsnitt)"),
        "cases",
        DAYS,
        [(r.first_decision_on, _days(r.received_on, r.first_decision_on)) for r in decided],
        _mean,
    )
    add(
        "decided_within_target",
        _("Vedtak innen kommunens mål på %(days)s dager") % {"days": target},
        "cases",
        PERCENT,
        [
            (r.first_decision_on, 1 if _days(r.received_on, r.first_decision_on) <= target else 0)
            for r in decided
        ],
        _share,
    )
    appointed = [r for r in facts.appointments if r.appointed_on is not None]
    add(
        "days_to_coordinator",
        _("Dager fra vedtak til oppnevnt koordinator (gjennomsnitt)"),
        "coordinators",
        DAYS,
        [(r.appointed_on, max(0, _days(r.decided_on, r.appointed_on))) for r in appointed],
        _mean,
    )
    waiting, waited = _state_at_month_end(period, facts.rights, facts.today)
    state(
        "families_waiting",
        _("Familier med rett til koordinator som ikke har fått en (ved månedens slutt)"),
        "coordinators",
        COUNT,
        waiting,
    )
    state("days_waiting", _("Dager de har ventet (gjennomsnitt)"), "coordinators", DAYS, waited)
    for (key, label, unit), cells in zip(
        (
            ("coordinators", _("Koordinatorer med familier (ved månedens slutt)"), COUNT),
            ("caseload", _("Familier vektet etter behov, mot koordinatorenes kapasitet"), PERCENT),
            ("coordinators_over_capacity", _("Koordinatorer over kapasitet"), COUNT),
            ("coordinators_trained", _("Koordinatorer med koordinatoropplæring"), PERCENT),
        ),
        _coordinators_at_month_end(period, facts.coordinators, facts.today),
        strict=True,
    ):
        state(key, label, "coordinators", unit, cells)
    complaints = facts.complaints
    add(
        "complaints",
        _("Klager mottatt"),
        "complaints",
        COUNT,
        [(c.received_on, 1) for c in complaints],
        _count,
    )
    for key, label, attr in (
        ("complaints_reconsidered", _("Klager vurdert på nytt i kommunen"), "reconsideration_started_on"),
        ("complaints_upheld", _("Klager tatt til følge (nytt vedtak)"), "upheld_on"),
        ("complaints_forwarded", _("Klager sendt til Statsforvalteren"), "forwarded_on"),
    ):
        days = [getattr(c, attr) for c in complaints if getattr(c, attr) is not None]
        add(key, label, "complaints", COUNT, [(d, 1) for d in days], _count)
    meetings = facts.meetings
    add(
        "meetings",
        _("Møter i ansvarsgruppen holdt"),
        "follow_up",
        COUNT,
        [(m.held_on, 1) for m in meetings],
        _count,
    )
    add(
        "meetings_with_interpreter",
        _("Møter med tolk"),
        "follow_up",
        COUNT,
        [(m.held_on, 1) for m in meetings if m.with_interpreter],
        _count,
    )
    add(
        "action_items_on_time",
        _("Oppgaver gjort innen fristen"),
        "follow_up",
        PERCENT,
        [(i.done_on, 1 if i.done_on <= i.due_on else 0) for i in facts.action_items],
        _share,
    )
    add("chases", _("Purringer sendt"), "follow_up", COUNT, [(d, 1) for d in facts.chases], _count)
    state(
        "families_with_plan",
        _("Familier med rettighet som har individuell plan (ved månedens slutt)"),
        "follow_up",
        PERCENT,
        _plans_at_month_end(period, facts.plans, facts.today),
    )
    state(
        "evaluations_overdue",
        _("Tiltak i planene med evaluering på overtid (ved månedens slutt)"),
        "follow_up",
        COUNT,
        _evaluations_overdue_at_month_end(period, facts.evaluations, facts.today),
    )
    add(
        "evaluations_on_time",
        _("Tiltak evaluert innen datoen planen satte"),
        "follow_up",
        PERCENT,
        [
            (e.evaluated_on, 1 if e.evaluated_on <= e.due_on else 0)
            for e in facts.evaluations
            if e.evaluated_on is not None
        ],
        _share,
    )
    add(
        "plan_revisions",
        _("Individuelle planer revidert"),
        "follow_up",
        COUNT,
        [(d, 1) for d in facts.plan_revisions],
        _count,
    )
    add(
        "attendance_days_saved",
        _("Oppmøtedager spart ved samordnede avtaler"),
        "follow_up",
        SUM,
        [(p.sent_on, p.days_saved) for p in facts.proposals],
        _sum,
    )
    from los.surveys.questions import QUESTIONS

    answers = facts.survey_answers
    add(
        "survey_answers",
        _("Svar fra foresatte"),
        "experience",
        COUNT,
        [(a.month, 1) for a in answers],
        _count,
    )
    for i, question in enumerate(QUESTIONS):
        add(
            f"survey_{question.key}",
            question.text,
            "experience",
            SCORE,
            [(a.month, a.scores[i]) for a in answers if a.scores[i] is not None],
            _score,
        )
    return series
