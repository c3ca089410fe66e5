"""The follow-up in the demo's history (`los.reports.demo`): individual plans with revisions and
evaluations, responsibility-group meetings with action items and the chases of late ones, the last
contact with each family, bundled appointments sent, and the families' anonymous answers.

What was to be done is done: an item completed, a meeting held. What is still due lies in the plans: a
revision or an evaluation now and then overdue, as in any municipality.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from los.calendar.models import BundlingProposal
from los.core import dates
from los.notifications.models import EmailStatus, Kind, Notification
from los.people.scale_data import GOALS, MEASURES
from los.plans.models import Evaluation, EvaluationOutcome, Goal, IndividualPlan, Measure, PlanVersion
from los.surveys.models import SurveyAnswer, Trigger
from los.surveys.questions import KEYS
from los.team.demo import ITEMS, NEEDS
from los.team.models import (
    ActionItem,
    ActionItemStatus,
    ContactChannel,
    ContactLogEntry,
    Meeting,
    MeetingStatus,
)

from .demo import SHOWN_FROM, Case, Place, Timeline, days
from .statistics import first_day, last_day, month_of, next_month

# Bundling proposals sent a month from 30 months ago (when the coordinators began using it) until now,
# and the guardians' answers a month over the history: in the first municipality, and the others' share.
PROPOSALS, ANSWERS = (3.0, 9.0), (12.0, 22.0)
SCALE = [1.0, 0.5, 0.45]
# How each question tends to be answered beside the others (5 is always the good end).
LEANING = {
    "knows_contact": 0.4,
    "not_coordinating_myself": -0.5,
    "appointments_coordinated": -0.25,
    "heard": 0.1,
    "satisfied_with_coordinator": 0.3,
}
REVISION_NOTES = [
    "Halvårlig gjennomgang med familien",
    "Nye mål etter skolestart",
    "Tiltakene justert etter evalueringen",
    "Ny tjeneste med i planen",
]
EVALUATIONS = ["Går bedre enn ventet.", "Litt fremgang, fortsetter.", "Må justeres.", "Målet er nådd."]
PLACES = ["Rådhuset, møterom 2", "Skolen", "Helsehuset", "Hjemme hos familien"]


def write(timeline: Timeline, places: list[Place]) -> None:
    cases = [case for place in places for case in place.cases]
    _plans(timeline, cases)
    _meetings(timeline, cases)
    ContactLogEntry.objects.bulk_create(
        [
            ContactLogEntry(
                family_id=case.family.pk,
                contacted_on=timeline.today - days(timeline.rng.randrange(2, 25)),
                channel=timeline.rng.choice(ContactChannel.values),
                needs_now=timeline.rng.choice(NEEDS),
                logged_by_id=case.spells[-1][0].user.pk,
            )
            # The last contact with each family that has a coordinator now: within the last weeks, so
            # the no-contact reminder has nothing to say about the history.
            for case in cases
            if case.spells and case.spells[-1][2] is None and case.spells[-1][1] < timeline.today
        ]
    )
    _proposals(timeline, places)
    _answers(timeline, places)


def _author(case: Case, day: dt.date):
    coordinator = case.coordinator_on(day)
    return coordinator.user if coordinator else case.caseworker


# --- Plans -----------------------------------------------------------------------------------------


def _plans(timeline: Timeline, cases: list[Case]) -> None:
    """A plan for most families granted one (and, more often as time goes on, for families with a
    coordinator only), revised every half year or so, in versions; measures evaluated about every four
    months, more often on time as time goes on. A revision or evaluation due and not done is overdue."""
    rng, today = timeline.rng, timeline.today
    drawn = []
    for case in cases:
        if not case.has_right or rng.random() >= (0.9 if case.wants_plan else 0.3 + 0.3 * case.progress):
            continue
        start = case.right_from + days(round(rng.randrange(14, 90) * (1.2 - 0.6 * case.progress)))
        if start >= today:
            continue
        revised = [start]
        while (following := revised[-1] + days(rng.randrange(150, 240))) < today:
            revised.append(following)
        if len(revised) > 1 and rng.random() < 0.08:  # the last revision is overdue
            following = revised.pop()
        goals = [
            (
                timeline.uuid(),
                text,
                voice,
                [(timeline.uuid(), m, _evaluations(timeline, start)) for m in measures],
            )
            for (text, voice), measures in zip(
                rng.sample(GOALS, k=2),
                [rng.sample(MEASURES, k=1 + (rng.random() < 0.3)), [rng.choice(MEASURES)]],
                strict=True,
            )
        ]
        plan = IndividualPlan(
            family_id=case.family.pk,
            child_id=case.child.pk,
            created_at=dates.at(start, dt.time(10)),
            created_by_id=_author(case, start).pk,
        )
        drawn.append((case, plan, start, revised, following, goals))
    IndividualPlan.objects.bulk_create([plan for _c, plan, *_rest in drawn])
    versions = []
    for case, plan, start, revised, following, goals in drawn:
        for number, created in enumerate(revised, start=1):
            ends = revised[number] if number < len(revised) else None
            coordinator = case.coordinator_on(created)
            version = PlanVersion(
                plan_id=plan.pk,
                number=number,
                created_at=dates.at(created, dt.time(10)),
                created_by_id=_author(case, created).pk,
                revision_note="" if number == 1 else rng.choice(REVISION_NOTES),
                frozen_at=dates.at(ends, dt.time(9)) if ends else None,
                resources="Barnet er nysgjerrig, liker musikk og har gode venner i klassen.",
                needs="Hjelp til å planlegge dagen, trening og avlastning for foreldrene.",
                coordinator_id=coordinator.user.pk if coordinator else None,
                coordinator_name=coordinator.user.get_full_name() if coordinator else "",
                child_contribution="Barnet øver på øvelsene hjemme.",
                relatives_contribution="Foreldrene følger opp øvelsene hjemme.",
                services_contribution=", ".join(s.name for s in case.services) + ".",
                period_start=start,
                period_end=created + days(730),
                next_revision_on=ends or following,
                consent_id=case.consent.pk,
                cooperation="Tjenestene møtes i ansvarsgruppen hver tredje måned.",
            )
            versions.append((case, version, created, ends or today, goals, start))
    PlanVersion.objects.bulk_create([version for _c, version, *_rest in versions])
    goal_rows = [
        (case, Goal(version_id=version.pk, lineage=lineage, text=text, voice=voice, position=position))
        + (measures, created, until, start)
        for case, version, created, until, goals, start in versions
        for position, (lineage, text, voice, measures) in enumerate(goals)
    ]
    Goal.objects.bulk_create([goal for _case, goal, *_rest in goal_rows])
    measure_rows = []
    for case, goal, measures, created, until, start in goal_rows:
        for position, (lineage, (description, scope), schedule) in enumerate(measures):
            service = case.services[position % len(case.services)]
            # The evaluation date the version had when it was frozen (or has now): the first not done.
            pending = next((due for due, on in schedule if on is None or on >= until), None)
            measure = Measure(
                goal_id=goal.pk,
                lineage=lineage,
                description=description,
                responsible_service_id=service.pk,
                responsible_person_id=_author(case, created).pk,
                scope=scope,
                starts_on=start,
                evaluate_on=pending,
                position=position,
            )
            measure_rows.append((case, measure, schedule, created, until))
    Measure.objects.bulk_create([measure for _case, measure, *_rest in measure_rows])
    Evaluation.objects.bulk_create(
        [
            Evaluation(
                measure_id=measure.pk,
                due_on=due,
                evaluated_on=on,
                text=rng.choice(EVALUATIONS),
                outcome=rng.choice([EvaluationOutcome.CONTINUE] * 3 + [EvaluationOutcome.ADJUST]),
                evaluated_by_id=_author(case, on).pk,
                created_at=dates.at(on, dt.time(14)),
            )
            for case, measure, schedule, created, until in measure_rows
            for due, on in schedule
            # Each evaluation is kept with the version in force on the day it was made.
            if on is not None and created <= on < until
        ]
    )


def _evaluations(timeline: Timeline, start: dt.date) -> list[tuple[dt.date, dt.date | None]]:
    """(due, evaluated) about every four months from the start; on or before the day more often as time
    goes on. The last one due may not be done yet: overdue when its day has passed."""
    rng, done = timeline.rng, []
    due = start + days(rng.randrange(100, 130))
    while due < timeline.today:
        late = rng.random() < 0.5 - 0.3 * timeline.progress(due)
        on = due + days(rng.randrange(1, 40) if late else -rng.randrange(0, 10))
        if on >= timeline.today:
            break
        done.append((due, on))
        due = on + days(rng.randrange(100, 130))
    done.append((due, None))
    return done


# --- Meetings, action items and chases -----------------------------------------------------------


def _meetings(timeline: Timeline, cases: list[Case]) -> None:
    """A meeting of the responsibility group a few weeks after the coordinator started, then every three
    to four months, less often after the first year; one to three action items from each, most done in
    time (more so as time goes on); the late ones chased every week until done."""
    rng, today = timeline.rng, timeline.today
    meetings, items = [], []
    for case in cases:
        if not case.spells:
            continue
        interpreter = next((g.preferred_language for g in case.guardians if g.interpreter_needed), "")
        day = case.spells[0][1] + days(rng.randrange(20, 45))
        while day < today:
            day += days(7 - day.weekday() if day.weekday() >= 5 else 0)
            gap = days(
                rng.randrange(75, 120) if day < case.spells[0][1] + days(365) else rng.randrange(110, 180)
            )
            coordinator = case.coordinator_on(day)
            if coordinator is None or day >= today:
                day += gap
                continue
            starts = dates.at(day, dt.time(rng.choice([9, 10, 12, 13, 14])))
            meeting = Meeting(
                family_id=case.family.pk,
                title="Møte i ansvarsgruppen",
                starts_at=starts,
                ends_at=starts + dt.timedelta(minutes=rng.choice([60, 60, 90])),
                location=rng.choice(PLACES),
                agenda="1. Hvordan går det?\n2. Planen og tiltakene\n3. Neste møte",
                interpreter_language=interpreter,
                status=MeetingStatus.HELD,
                uid=f"demo-historikk-{case.family.pk}-{day:%Y%m%d}@los",
                called_by_id=coordinator.user.pk,
                created_at=starts - days(14),
            )
            meetings.append(meeting)
            on_time = 0.6 + 0.25 * timeline.progress(day)
            for title in rng.sample(ITEMS, k=rng.choice([1, 1, 1, 2, 2, 3])):
                due = day + days(rng.randrange(14, 42))
                done = (
                    due - days(rng.randrange(0, 10))
                    if rng.random() < on_time
                    else due + days(rng.randrange(1, 25))
                )
                done = min(max(done, day + days(1)), today - days(1))
                if done > day:
                    items.append((case, meeting, coordinator.user, title, day, due, done))
            day += gap
    Meeting.objects.bulk_create(meetings)
    drawn = [list(item) for item in items]

    def in_time(item):
        item[5] = item[6] + days(rng.randrange(0, 10))
        return True

    def late(item):
        due = item[6] - days(rng.randrange(2, 20))
        if due <= item[4]:
            return False
        item[5] = due
        return True

    timeline.round_away_from_small([(item[6], item) for item in drawn], lambda i: i[6] > i[5], in_time, late)
    rows = [
        ActionItem(
            family_id=case.family.pk,
            meeting_id=meeting.pk,
            child_id=case.child.pk,
            title=title,
            responsible_id=user.pk,
            due_on=due,
            status=ActionItemStatus.DONE,
            created_by_id=user.pk,
            created_at=meeting.ends_at,
            completed_at=dates.at(done, dt.time(14)),
        )
        for case, meeting, user, title, _day, due, done in drawn
    ]
    ActionItem.objects.bulk_create(rows)
    Notification.objects.bulk_create(
        [chase for row, item in zip(rows, drawn, strict=True) for chase in _chases(row, item[6])]
    )


def _chases(item: ActionItem, done: dt.date) -> list[Notification]:
    """What the sweep sent for a late item (`los.team.services.reminders`): a chase the day after the due
    date and then every week until the day it was done; read, and sent by e-mail."""
    chases, period = [], 0
    while (day := item.due_on + days(1 + 7 * period)) <= done:
        at = dates.at(day, dt.time(7))
        chases.append(
            Notification(
                user_id=item.responsible_id,
                kind=Kind.CHASE,
                action_item_id=item.pk,
                family_id=item.family_id,
                child_id=item.child_id,
                period=period,
                text=f"Purring: «{item.title}» skulle vært gjort innen {item.due_on:%d.%m.%Y}.",
                url=reverse("team:action_item", args=[item.pk]),
                created_at=at,
                read_at=at + dt.timedelta(hours=2),
                email_status=EmailStatus.SENT,
                emailed_at=at,
            )
        )
        period += 1
    return chases


# --- Bundled appointments and the families' answers ------------------------------------------------


def _proposals(timeline: Timeline, places: list[Place]) -> None:
    """Bundling proposals sent by the coordinators, more as time goes on, saving the families more
    attendance days as the services open more of their calendars."""
    rng, today = timeline.rng, timeline.today
    begins = first_day(month_of(dates.add_months(today, -30)))
    proposals = []
    for place in places:
        month = month_of(begins)
        while first_day(month) <= today:
            weekdays = [d for d in _days_of(month) if d < today and d.weekday() < 5]
            progress = (first_day(month) - begins).days / max(1, (today - begins).days)
            mean = (PROPOSALS[0] + (PROPOSALS[1] - PROPOSALS[0]) * progress) * SCALE[place.index]
            mean *= len(weekdays) / max(1, len([d for d in _days_of(month) if d.weekday() < 5]))
            for _ in range(max(0, round(rng.gauss(mean, 0.4 * mean**0.5)))):
                day = rng.choice(weekdays)
                running = [c for c in place.cases if c.coordinator_on(day) is not None]
                if not running:
                    continue
                case = rng.choice(running)
                baseline = rng.randrange(5, 12)
                saved = min(baseline - 1, rng.choice([1, 2, 2, 3]) + round(2 * progress * rng.random()))
                sent = dates.at(day, dt.time(rng.randrange(9, 15)))
                proposals.append(
                    BundlingProposal(
                        family_id=case.family.pk,
                        start=day + days(1),
                        days=84,
                        status="optimal",
                        attendance_days=baseline - saved,
                        lower_bound=baseline - saved,
                        baseline_days=baseline,
                        solve_seconds=round(rng.uniform(0.4, 3.0), 1),
                        # What the proposal pages read, empty: the plan itself is not kept in the history.
                        instance={"needs": [], "services": []},
                        result={"appointments": [], "baseline": []},
                        created_by_id=case.coordinator_on(day).user.pk,
                        created_at=sent - dt.timedelta(minutes=20),
                        sent_at=sent,
                    )
                )
            month = next_month(month)
    BundlingProposal.objects.bulk_create(proposals)


def _answers(timeline: Timeline, places: list[Place]) -> None:
    """The guardians' answers month by month: the municipality, the month and why they were asked, no
    one's identity; a little better each year."""
    rng, today = timeline.rng, timeline.today
    answers = []
    for place in places:
        month = month_of(timeline.start)
        while first_day(month) <= today:
            progress = timeline.progress(first_day(month))
            mean = (ANSWERS[0] + (ANSWERS[1] - ANSWERS[0]) * progress) * SCALE[place.index]
            count = max(0, round(rng.gauss(mean, 0.4 * mean**0.5)))
            if month == month_of(today):  # this month so far: none rather than a few to hide
                count = round(count * (today.day - 1) / last_day(month).day)
                count = count if count >= SHOWN_FROM else 0
            for _ in range(count):
                scores = {}
                for key in KEYS:
                    score = 3.2 + 0.8 * progress + LEANING[key] + rng.gauss(0, 0.9)
                    scores[key] = None if rng.random() < 0.05 else min(5, max(1, round(score)))  # or skipped
                answers.append(
                    SurveyAnswer(
                        municipality_id=place.municipality.pk,
                        month=first_day(month),
                        trigger=Trigger.MEETING if rng.random() < 0.6 else Trigger.QUARTERLY,
                        **scores,
                    )
                )
            month = next_month(month)
    SurveyAnswer.objects.bulk_create(answers)


def _days_of(month) -> list[dt.date]:
    first, last = first_day(month), last_day(month)
    return [first + days(n) for n in range((last - first).days + 1)]
