"""The coordinators in the demo's history (`los.reports.demo`): who coordinated for the past families,
from when to when.

The municipality's demo coordinators take a few of the families each (never the named `koordinator`,
whose start page stays as it was). The rest go to coordinators the history adds as the families grow in
number, with their share of a position for coordination and their training; some of them have left, and
their families were handed over to another coordinator, now and then after a few weeks without one.
"""

from __future__ import annotations

from los.coordinators.models import (
    POINTS_PER_FULL_POSITION,
    CoordinatorProfile,
    ServiceBackground,
    TrainingCompletion,
    TrainingCourse,
)
from los.core.models import Role, User
from los.people.models import Organisation, OrganisationKind, Professional

from .demo import Case, Coordinator, Place, Timeline, days
from .statistics import first_day, month_of, next_month

# Families from the history for each demo coordinator of the municipality.
DEMO_COORDINATOR_FAMILIES = 4
# Per cent of a position for coordination, for the coordinators the history adds.
SHARES = [30, 40, 50, 60, 80, 100]


def staff(timeline: Timeline, place: Place, demo_coordinators) -> None:
    """Coordinators enough for the families as they grow in number (the caseload, families weighted by
    need against capacity, stays between about three quarters and full), saved with their profiles and
    training; then every family granted a coordinator gets one."""
    profiles = {p.user_id: p for p in CoordinatorProfile.objects.filter(user__in=demo_coordinators)}
    pool = [
        Coordinator(
            user,
            profiles[user.pk].capacity_points if user.pk in profiles else 4,
            timeline.start - days(400),
            at_most=DEMO_COORDINATOR_FAMILIES,
        )
        for user in demo_coordinators
        if user.username != "koordinator"
    ]
    appointments = sorted(
        ((c.appointed, c) for c in place.cases if c.appointed is not None), key=lambda pair: pair[0]
    )
    added: list[Coordinator] = []
    month = month_of(timeline.start)
    while first_day(month) <= timeline.today:
        day = first_day(month)
        ahead = first_day(next_month(month))
        demand = sum(c.need for appointed, c in appointments if appointed < ahead)
        wanted = max(2, demand / (1.1 - 0.18 * timeline.progress(day)))
        while sum(c.points for c in added if c.active_on(day)) < wanted:
            added.append(_new_coordinator(timeline, day if added else timeline.start - days(300), day))
        month = next_month(month)
    for coordinator in added:
        coordinator.user = timeline.seeder.user(Role.COORDINATOR, place.municipality)
    place.coordinators = pool + added
    _save(timeline, place, added)
    _assign(timeline, place, appointments)


def _new_coordinator(timeline: Timeline, joins, day) -> Coordinator:
    rng = timeline.rng
    share = rng.choice(SHARES)
    coordinator = Coordinator(None, round(share * POINTS_PER_FULL_POSITION / 100), joins, share=share)
    if joins < timeline.today - days(420) and rng.random() < 0.25:
        leaves = joins + days(rng.randrange(240, 600))
        coordinator.leaves = leaves if leaves < timeline.today - days(45) else None
    # Training: more of them, and sooner, as the unit makes it a rule.
    progress = timeline.progress(day)
    if rng.random() < 0.65 + 0.25 * progress:
        trained = joins + days(round(rng.randrange(60, 330) * (1.2 - 0.6 * progress)))
        coordinator.trained = trained if trained < timeline.today else None
    return coordinator


def _save(timeline: Timeline, place: Place, added: list[Coordinator]) -> None:
    rng = timeline.rng
    User.objects.filter(pk__in=[c.user.pk for c in added if c.leaves is not None]).update(is_active=False)
    organisation = Organisation.objects.filter(
        municipality=place.municipality, kind=OrganisationKind.MUNICIPALITY
    ).first()
    Professional.objects.bulk_create(
        [Professional(user_id=c.user.pk, organisation=organisation, profession="koordinator") for c in added]
    )
    CoordinatorProfile.objects.bulk_create(
        [
            CoordinatorProfile(
                user_id=c.user.pk,
                coordination_share=c.share,
                languages=",".join(["nb", *rng.sample(["en", "ar", "pl", "so", "uk"], k=rng.randrange(2))]),
                service_background=rng.choice(list(ServiceBackground.values)),
                accepts_new_families=c.leaves is None,
            )
            for c in added
        ]
    )
    course = TrainingCourse.objects.filter(
        municipality=place.municipality, counts_as_coordinator_training=True
    ).first()
    if course is not None:
        TrainingCompletion.objects.bulk_create(
            [
                TrainingCompletion(
                    course=course,
                    coordinator_id=c.user.pk,
                    completed_on=c.trained,
                    recorded_by_id=rng.choice(place.caseworkers).pk,
                )
                for c in added
                if c.trained is not None
            ]
        )


def _assign(timeline: Timeline, place: Place, appointments) -> None:
    """Appoint in time order, each family to one of the least loaded coordinators at work that day; when
    a coordinator leaves, their families are handed over."""
    events = [(day, 1, case) for day, case in appointments]
    events += [(c.leaves, 0, c) for c in place.coordinators if c.leaves is not None]
    events.sort(key=lambda event: (event[0], event[1]))
    running: dict[Coordinator, list[Case]] = {}
    for day, what, subject in events:
        if what == 1:
            _appoint(timeline, place, subject, day, running)
            continue
        for case in running.pop(subject, []):
            case.spells[-1][2] = day
            subject.load -= case.need
            gap = timeline.rng.choice([0, 0, 3, 10, 21])
            starts = max(day + days(1), min(day + days(1 + gap), timeline.today - days(1)))
            _appoint(timeline, place, case, starts, running)


def _appoint(timeline: Timeline, place: Place, case: Case, day, running) -> None:
    candidates = [
        c for c in place.coordinators if c.active_on(day) and (c.at_most is None or c.families < c.at_most)
    ] or [c for c in place.coordinators if c.at_most is None and c.active_on(day)]
    candidates.sort(key=lambda c: (c.load + case.need) / max(1, c.points))  # stable: ties keep their order
    chosen = timeline.rng.choice(candidates[:3])
    case.spells.append([chosen, day, None])
    chosen.load += case.need
    chosen.families += 1
    running.setdefault(chosen, []).append(case)
