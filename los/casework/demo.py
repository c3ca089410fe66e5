"""Demo cases for the coordinating unit: every state an application can be in, deterministic.

Called by the seeder in `los.people.demo` after the families exist. In the first municipality the
caseworker's worklist shows a new application, one past the interim-reply date, one with an interim
reply, a granted one with its coordinator, a refused one, a complaint under reconsideration, a complaint
forwarded to Statsforvalteren and a family asking for another coordinator; the demo guardian's family
has a decision letter and its coordinator; children turning 18 and an unborn child past the due date
show as transitions.
"""

from __future__ import annotations

import datetime
import random

from los.casework.models import Channel, CoordinatorKind
from los.casework.services import applications, assessments, complaints, decisions
from los.coordinators import services as coordinator_services
from los.coordinators.models import (
    CoordinatorAssignment,
    CoordinatorProfile,
    ServiceBackground,
    TrainingCompletion,
    TrainingCourse,
)
from los.core.models import Role, User
from los.people.models import Child, Family

STATES = [
    "granted",
    "new",
    "overdue",
    "interim_sent",
    "refused",
    "complaint_reconsidering",
    "complaint_forwarded",
    "change_requested",
]

HEALTH = ["Fysioterapi for barn", "Helsestasjon og skolehelsetjeneste", "Barneklinikken", "Ergoterapi"]
OTHER = ["Skolen", "PPT", "Barnehagen", "NAV-kontoret"]


def _days(today: datetime.date, n: int) -> datetime.date:
    return today - datetime.timedelta(days=n)


class _CaseSeeder:
    def __init__(self, seeder, municipality, caseworker, coordinators):
        self.seeder = seeder
        self.today = seeder.today
        self.rng = random.Random(f"intake-{municipality.number}")
        self.municipality = municipality
        self.caseworker = caseworker
        self.coordinators = coordinators

    def profiles_and_training(self):
        course = TrainingCourse.objects.create(
            municipality=self.municipality, name="Koordinatoropplæring", provider="Koordinerende enhet og KS"
        )
        TrainingCourse.objects.create(
            municipality=self.municipality,
            name="Barnekoordinator – fagdag",
            provider="Statsforvalteren",
            counts_as_coordinator_training=False,
        )
        for index, user in enumerate(self.coordinators):
            demo_coordinator = user.username == "koordinator"
            languages = ["nb"] + self.rng.sample(["en", "ar", "pl", "so", "uk"], k=self.rng.randrange(0, 2))
            CoordinatorProfile.objects.create(
                user=user,
                coordination_share=40 if demo_coordinator else self.rng.choice([10, 20, 30, 50]),
                languages=",".join(["nb", "en"] if demo_coordinator else languages),
                service_background=ServiceBackground.BOTH
                if demo_coordinator
                else self.rng.choice(list(ServiceBackground.values)),
            )
            if demo_coordinator or index % 3 != 2:
                TrainingCompletion.objects.create(
                    course=course,
                    coordinator=user,
                    completed_on=_days(self.today, 100 + index * 30),
                    recorded_by=self.caseworker,
                )

    def application(self, family, received_days_ago, by_user=None, **extra):
        child = family.children.filter(birth_date__isnull=False).first() or family.children.first()
        fields = {
            "child": child,
            "wants_child_coordinator": True,
            "wants_individual_plan": self.rng.random() < 0.5,
            "about_child": "Barnet har en alvorlig sykdom og mange avtaler med ulike tjenester. "
            "Foreldrene bruker mye tid på å samordne.",
            "health_and_care_services": self.rng.sample(HEALTH, k=2),
            "other_welfare_services": self.rng.sample(OTHER, k=1),
            "wishes": "En koordinator som er lett å nå, og som kjenner skolen.",
            "child_views": "Barnet vil ha færre møter og én voksen å spørre.",
        }
        fields.update(extra)
        received = _days(self.today, received_days_ago)
        return applications.register_application(
            family=family,
            by_user=by_user or self.caseworker,
            channel=Channel.PORTAL
            if by_user
            else self.rng.choice([Channel.LETTER, Channel.PHONE, Channel.EMAIL]),
            received_on=received,
            today=received,
            **fields,
        )

    def assess(self, application, on, **facts):
        base = assessments.known_facts(application, today=on)
        base.update({"serious_condition": True, "long_term_needs": True, "complex_needs": True, **facts})
        assessment = assessments.assess_application(application, self.caseworker, base)
        answers = {(right, c["code"]): (c["status"], "") for right, c in assessments.criteria_of(assessment)}
        assessments.review_assessment(assessment, self.caseworker, answers)
        return assessment

    def decide(self, application, on, granted=True):
        outcome = (
            ("granted", "", "")
            if granted
            else (
                "refused",
                "Barnet trenger i dag bare helse- og omsorgstjenester. Loven krever også behov for andre "
                "velferdstjenester. Søk på nytt hvis behovet endrer seg.",
                "",
            )
        )
        outcomes = {"child_coordinator": outcome}
        if application.wants_individual_plan:
            outcomes["individual_plan"] = ("granted", "", "")
        return decisions.decide(
            application,
            self.caseworker,
            outcomes=outcomes,
            valid_from=on,
            facts="Søknaden fra foreldrene, samtale med familien og uttalelse fra fysioterapeuten.",
            family_views="Foreldrene ønsker én fast person som hjelper dem å samordne tjenestene.",
            child_views="Barnet ønsker færre møter og én voksen å spørre.",
            weighing="Familiens og barnets ønsker er lagt stor vekt på, og vi har valgt en koordinator som "
            "kjenner skolen.",
            contact_person=self.caseworker,
            today=on,
        )

    def appoint(self, family, application, coordinator, on):
        current = CoordinatorAssignment.objects.filter(family=family, ends_on__isnull=True).first()
        if current is not None:
            # The family's coordinator from before is kept for the decision, as the unit would do it.
            coordinator_services.keep_for_decision(
                application, self.caseworker, starts_on=max(on, current.starts_on), today=on
            )
            return
        coordinator_services.appoint_coordinator(
            family,
            self.caseworker,
            coordinator=coordinator,
            kind=CoordinatorKind.CHILD_COORDINATOR,
            starts_on=on,
            application=application,
            chosen_because="Har kapasitet og kjenner skolen.",
            today=on,
        )

    def state(self, family, state):
        today = self.today
        coordinator = self.coordinators[self.rng.randrange(len(self.coordinators))]
        if state == "new":
            self.application(family, 3)
        elif state == "overdue":
            self.application(family, 38)
        elif state == "interim_sent":
            application = self.application(family, 45)
            decisions.send_interim_reply(
                application,
                self.caseworker,
                "Vi venter på en uttalelse fra Barneklinikken.",
                today + datetime.timedelta(days=14),
                today=_days(today, 12),
            )
        elif state == "granted":
            application = self.application(family, 60)
            self.assess(application, _days(today, 40))
            self.decide(application, _days(today, 35))
            self.appoint(family, application, coordinator, _days(today, 30))
            Child.objects.create(
                family=family,
                first_name="Baby",
                last_name=family.name.split()[-1],
                expected_due_date=_days(today, 9),
            )
        elif state in ("refused", "complaint_reconsidering", "complaint_forwarded"):
            application = self.application(family, 70, other_welfare_services=[])
            self.assess(application, _days(today, 50))
            decision = self.decide(application, _days(today, 45), granted=False)
            if state != "refused":
                complaint = complaints.register_complaint(
                    decision,
                    self.caseworker,
                    "Vi mener skolen er en velferdstjeneste barnet trenger tilrettelegging "
                    "fra, og at barnet derfor har rett til barnekoordinator.",
                    received_on=_days(today, 30),
                    channel=Channel.LETTER,
                    today=_days(today, 30),
                )
                complaints.start_reconsideration(complaint, self.caseworker, today=_days(today, 28))
                if state == "complaint_forwarded":
                    complaints.forward_complaint(
                        complaint,
                        self.caseworker,
                        "Barnet får i dag ingen tilrettelegging fra skolen, og vilkåret "
                        "om behov for andre velferdstjenester er ikke oppfylt.",
                        today=_days(today, 20),
                    )
        elif state == "change_requested":
            demo = next((u for u in self.coordinators if u.username == "koordinator"), coordinator)
            current = CoordinatorAssignment.objects.filter(family=family, ends_on__isnull=True).first()
            if current is None:
                CoordinatorAssignment.objects.create(
                    family=family,
                    coordinator=demo,
                    kind=CoordinatorKind.CHILD_COORDINATOR,
                    starts_on=_days(today, 200),
                    appointed_by=self.caseworker,
                )
            else:  # the demo coordinator is the one the family wants to change, and sees the transition
                CoordinatorAssignment.objects.filter(pk=current.pk).update(
                    coordinator=demo, kind=CoordinatorKind.CHILD_COORDINATOR
                )
            coordinator_services.request_change_of_coordinator(
                family,
                self.caseworker,
                "Foreldrene får sjelden tak i koordinatoren og ønsker en som kan møte på ettermiddagen.",
                today=_days(today, 4),
            )
            birth = _birth_turning_18_soon(today)
            Child.objects.create(
                family=family,
                first_name=self.seeder.fake.first_name(),
                last_name=family.name.split()[-1],
                birth_date=birth,
                national_id=self.seeder.national_id(birth),
            )

    def demo_family(self, family, guardian_user, coordinator):
        """The demo guardian's family: an application from their pages, a decision letter, a coordinator."""
        application = self.application(
            family,
            75,
            by_user=guardian_user,
            wishes="Vi ønsker Kari som koordinator.",
            wished_coordinator=coordinator,
        )
        self.assess(application, _days(self.today, 60))
        self.decide(application, _days(self.today, 55))
        self.appoint(family, application, coordinator, _days(self.today, 50))


def _birth_turning_18_soon(today: datetime.date) -> datetime.date:
    """A birth date that makes the child 18 in about three months (the right to a child coordinator ends)."""
    from los.core.dates import add_months

    return add_months(today, -18 * 12 + 3)


def seed_casework(seeder, built) -> None:
    """Add coordinator profiles, training and the demo cases to the municipalities the seeder built."""
    for index, (municipality, _services, _providers, coordinators, caseworkers) in enumerate(built):
        cases = _CaseSeeder(seeder, municipality, caseworkers[0], coordinators)
        cases.profiles_and_training()
        if index != 0:
            continue
        guardian_user = (
            User.objects.filter(username="forelder", role=Role.GUARDIAN).first() if seeder.demo else None
        )
        demo_family = (
            Family.objects.filter(guardians__user=guardian_user).first()
            if guardian_user is not None
            else None
        )
        if demo_family is not None:
            demo_coordinator = next((u for u in coordinators if u.username == "koordinator"), coordinators[0])
            cases.demo_family(demo_family, guardian_user, demo_coordinator)
        families = list(
            Family.objects.filter(municipality=municipality)
            .exclude(pk=getattr(demo_family, "pk", None))
            .order_by("id")[: len(STATES)]
        )
        for family, state in zip(families, STATES, strict=False):
            cases.state(family, state)
