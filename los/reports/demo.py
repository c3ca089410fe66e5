"""Three years of history in the demo, so that every figure on the leader's page «Tall over tid»
(`los.reports.statistics`) shows a trend after `make run`.

Called last by the demo seeder (`los.people.demo`), in demo mode only. For each demo municipality it adds
families with past cases: applications received over the last 36 months, a few more each month, answered
faster as time goes on, with interim replies, decisions and complaints (`demo_cases`); coordinators
appointed after a wait, past and present, with their training (`demo_coordinators`); individual plans
with revisions and evaluations, meetings with their follow-up, bundled appointments and the families'
anonymous answers (`demo_follow_up`). This module draws the cases as dates; the others make the rows.

The first municipality (where the demo leader works) gets enough cases that most monthly figures are
shown (a count from 1 to 4 is hidden, and a mean or share needs five cases: `los.reports.published`);
the other two get about half as many, for a regional leader to compare them side by side.

Nothing in this history waits for anyone today: every application is decided, every complaint settled
(upheld, or forwarded to Statsforvalteren), every family granted a coordinator has one, and every action
item is done. So the named demo users' start pages and work lists show what they showed before; the
history only adds to the lists of decided and of all cases. The named coordinator `koordinator` gets
none of these families, the demo provider `tjenesteyter` none of their consents, and the caseworker
`saksbehandler` made none of the decisions.

Deterministic: the seeder's random generator and Faker, dates relative to the seed's today. Rows are
written in bulk. No access log: no one acted (the rest of the demo seed logs nothing either).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from los.casework.models import Right
from los.core import dates

from .statistics import first_day, last_day, month_of, next_month

HISTORY_MONTHS = 36
# Applications a month at the start and at the end of the history, per demo municipality.
RATES = [(6.0, 15.0), (3.0, 7.5), (3.0, 7.0)]
# What the applications come to: a coordinator (with a plan when wanted), a plan only, or a refusal.
COORDINATOR, PLAN_ONLY, REFUSED = "coordinator", "plan_only", "refused"
MIX = {COORDINATOR: 55, PLAN_ONLY: 27, REFUSED: 18}
# Complaints forwarded to Statsforvalteren stay in the caseworker's list of complaints: a few only.
FORWARDED_AT_MOST = [4, 3, 3]
# The municipalities keep the default target for days to a decision (Municipality.decision_target_days).
TARGET_DAYS = 30
# Only figures from five cases up are shown (`los.reports.disclosure.SMALL_NUMBER`).
SHOWN_FROM = 5


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


@dataclass(eq=False)
class Coordinator:
    """A coordinator in the history: a demo coordinator, or one the history adds (`user` made later)."""

    user: object
    points: int  # capacity in need points (`CoordinatorProfile.capacity_points`)
    joins: dt.date
    leaves: dt.date | None = None
    share: int = 0
    trained: dt.date | None = None
    at_most: int | None = None  # families from the history, for the demo coordinators
    load: int = 0
    families: int = 0

    def active_on(self, day: dt.date) -> bool:
        return self.joins <= day and (self.leaves is None or day < self.leaves)


@dataclass(eq=False)
class Complaint:
    received: dt.date
    started: dt.date
    upheld: dt.date | None = None
    forwarded: dt.date | None = None


@dataclass(eq=False)
class Case:
    """One past family and its case, drawn as dates; the rows are made from it."""

    received: dt.date
    kind: str
    right: str  # the coordinator right applied for
    wants_plan: bool
    decided: dt.date
    progress: float  # how far into the history (0 to 1) it was received
    interim: dt.date | None = None
    assessed: dt.date | None = None
    complaint: Complaint | None = None
    appointed: dt.date | None = None
    need: int = 2
    spells: list = field(default_factory=list)  # [coordinator, starts, ends], in order
    # Rows, once made:
    caseworker: object = None
    family: object = None
    child: object = None  # the child the application is for
    children: list = field(default_factory=list)
    guardians: list = field(default_factory=list)
    services: list = field(default_factory=list)
    consent: object = None
    application: object = None

    @property
    def has_coordinator_right(self) -> bool:
        return self.kind == COORDINATOR or (self.complaint is not None and self.complaint.upheld is not None)

    @property
    def has_right(self) -> bool:
        return self.has_coordinator_right or self.wants_plan

    @property
    def right_from(self) -> dt.date:
        """The first day a right applied: the decision, or the complaint upheld for a refused family."""
        if self.kind == REFUSED and not self.wants_plan:
            return self.complaint.upheld
        return self.decided

    def coordinator_on(self, day: dt.date) -> Coordinator | None:
        for coordinator, starts, ends in self.spells:
            if starts <= day and (ends is None or day <= ends):
                return coordinator
        return None


@dataclass
class Place:
    """A demo municipality and what the seeder built for it."""

    index: int
    municipality: object
    services: list
    caseworkers: list
    coordinators: list = field(default_factory=list)
    cases: list = field(default_factory=list)


def seed_history(seeder, built) -> None:
    """Add three years of past cases to each demo municipality (demo mode only; see the module)."""
    if not seeder.demo:
        return
    from . import demo_cases, demo_coordinators, demo_follow_up

    timeline = Timeline(seeder)
    places = []
    for index, (municipality, services, _providers, coordinators, caseworkers) in enumerate(built):
        place = Place(
            index,
            municipality,
            services,
            [c for c in caseworkers if c.username != "saksbehandler"] or caseworkers,
        )
        place.cases = timeline.draw_cases(index)
        demo_coordinators.staff(timeline, place, coordinators)
        places.append(place)
    demo_cases.write(timeline, places)
    demo_follow_up.write(timeline, places)


class Timeline:
    """The seeder's generator and today, the start of the history, and the drawing of the cases."""

    def __init__(self, seeder):
        self.seeder = seeder
        self.rng = seeder.rng
        self.today = seeder.today
        self.start = first_day(month_of(dates.add_months(self.today, -HISTORY_MONTHS)))

    def progress(self, day: dt.date) -> float:
        """How far into the history `day` is: 0 at the start, 1 today."""
        return max(0.0, min(1.0, (day - self.start).days / max(1, (self.today - self.start).days)))

    def uuid(self) -> uuid.UUID:
        """A UUID from the seeder's generator (uuid4 would differ from run to run)."""
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    # --- The cases ---------------------------------------------------------------------------------

    def draw_cases(self, index: int) -> list[Case]:
        """Applications received from the start of the history until ten days ago, more as time goes
        on, each with its way to a decision and, when it gives one, to a coordinator."""
        rng = self.rng
        low, high = RATES[index]
        last_receipt = self.today - days(10)
        cases = []
        month = month_of(self.start)
        while first_day(month) <= last_receipt:
            begins, ends = first_day(month), min(last_day(month), last_receipt)
            covered = ((ends - begins).days + 1) / last_day(month).day
            mean = (low + (high - low) * self.progress(begins)) * covered
            for _ in range(max(0, round(rng.gauss(mean, 0.5 * mean**0.5)))):
                cases.append(self.draw_case(begins + days(rng.randrange((ends - begins).days + 1))))
            month = next_month(month)
        cases.sort(key=lambda c: c.received)
        forwarded = 0
        for case in cases:
            if case.kind == REFUSED and rng.random() < 0.4:
                case.complaint = self.draw_complaint(case, forwarded < FORWARDED_AT_MOST[index])
                forwarded += bool(case.complaint and case.complaint.forwarded)
        self.round_away_from_small(
            [(c.decided, c) for c in cases],
            lambda c: self.lag(c) > TARGET_DAYS,
            lambda c: self.move_receipt(c, rng.randrange(TARGET_DAYS - 12, TARGET_DAYS + 1)),
            lambda c: self.move_receipt(c, rng.randrange(TARGET_DAYS + 3, TARGET_DAYS + 25)),
        )
        self.round_away_from_small(
            [(dates.add_months(c.received, 1), c) for c in cases],
            lambda c: not self.answered_within_month(c),
            self.answer_in_time,
            self.answer_late,
        )
        for case in cases:
            case.assessed = case.decided - days(rng.randrange(1, max(2, min(10, self.lag(case)))))
            if case.has_coordinator_right:
                self.draw_appointment(case)
        return cases

    def draw_case(self, received: dt.date) -> Case:
        rng = self.rng
        progress = self.progress(received)
        kind = rng.choices(list(MIX), weights=list(MIX.values()))[0]
        right = Right.COORDINATOR if kind == COORDINATOR and rng.random() < 0.15 else Right.CHILD_COORDINATOR
        # Days to a decision: about 50 at the start, about 24 at the end.
        lag = max(6, round((50 - 26 * progress) * rng.uniform(0.45, 1.6)))
        case = Case(
            received=received,
            kind=kind,
            right=right,
            wants_plan=kind == PLAN_ONLY or rng.random() < 0.5,
            decided=min(received + days(lag), self.today - days(2)),
            progress=progress,
            need=rng.choices([1, 2, 3], weights=[30, 50, 20])[0],
        )
        if self.lag(case) > 22:
            # An interim reply within the month, more often as time goes on; else late, or none.
            if rng.random() < 0.6 + 0.35 * progress:
                self.answer_in_time(case)
            elif rng.random() < 0.5:
                self.answer_late(case)
        return case

    def draw_complaint(self, case: Case, may_forward: bool) -> Complaint | None:
        rng = self.rng
        received = case.decided + days(rng.randrange(5, 25))
        if received > self.today - days(45):
            return None  # it would still be open
        complaint = Complaint(received, received + days(rng.randrange(2, 7)))
        if may_forward and rng.random() < 0.35:
            complaint.forwarded = complaint.started + days(rng.randrange(10, 22))
        else:
            complaint.upheld = complaint.started + days(rng.randrange(7, 22))
        return complaint

    def draw_appointment(self, case: Case) -> None:
        """The coordinator is appointed after a wait: about 50 days at the start, about 20 at the end."""
        if case.kind == COORDINATOR:
            after, mean = case.decided, 50 - 30 * case.progress
        else:  # a complaint upheld with a new decision
            after, mean = case.complaint.upheld, 20.0
        wait = max(3, round(mean * self.rng.uniform(0.3, 1.7)))
        case.appointed = max(after, min(after + days(wait), self.today - days(1)))

    @staticmethod
    def lag(case: Case) -> int:
        return (case.decided - case.received).days

    def move_receipt(self, case: Case, lag: int) -> bool:
        """Received `lag` days before the decision (the decision stays in its month)."""
        case.received = case.decided - days(lag)
        if case.interim is not None and not case.received < case.interim < case.decided:
            case.interim = None
        return True

    @staticmethod
    def answered_within_month(case: Case) -> bool:
        answers = [d for d in (case.interim, case.decided) if d is not None]
        return min(answers) <= dates.add_months(case.received, 1)

    def answer_in_time(self, case: Case) -> bool:
        """An interim reply sent two to four weeks after receipt (forvaltningsloven § 11 a)."""
        sent = case.received + days(self.rng.randrange(14, 29))
        if sent >= case.decided:
            return self.answered_within_month(case)
        case.interim = sent
        return True

    def answer_late(self, case: Case) -> bool:
        """No answer within the month: an interim reply after it, or none."""
        deadline = dates.add_months(case.received, 1)
        if case.decided <= deadline + days(1):
            return False
        late = deadline + days(self.rng.randrange(1, 15))
        case.interim = late if late < case.decided and self.rng.random() < 0.5 else None
        return True

    # --- Shares a leader may see ---------------------------------------------------------------------

    def round_away_from_small(self, events, is_bad, make_good, make_bad) -> None:
        """Per month, make the events that missed a deadline none, all, or from five to all but five: a
        share resting on a count from 1 to 4 (of either kind) is hidden (`published._rests_on_enough`),
        and the demo should show its shares. Moves as few events as it can; each stays in its month. A
        month of fewer than ten can show only none or all: there one or two late events are made in
        time, and otherwise the month is left as drawn (hidden)."""
        months: dict = {}
        for day, event in events:
            if day <= self.today:
                months.setdefault(month_of(day), []).append(event)
        for found in months.values():
            n = len(found)
            if n < SHOWN_FROM:
                continue
            bad = [e for e in found if is_bad(e)]
            allowed = [0, *range(SHOWN_FROM, n - SHOWN_FROM + 1), n]
            wanted = min(allowed, key=lambda k: (abs(k - len(bad)), k))
            if n < 2 * SHOWN_FROM and not (wanted == 0 and len(bad) <= 2):
                continue
            if wanted < len(bad):
                self.flip(bad, len(bad) - wanted, make_good)
            elif wanted > len(bad):
                self.flip([e for e in found if not is_bad(e)], wanted - len(bad), make_bad)

    def flip(self, events, n: int, change) -> None:
        for event in self.rng.sample(events, k=len(events)):
            if n <= 0:
                return
            n -= bool(change(event))
