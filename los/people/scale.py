"""A large deterministic synthetic installation: a hosted Los serving one big municipality and 29 others
(`los seed --scale oslo`).

About 30,000 families with three years of history: cases, coordinators, plans, meetings, appointments
and a million rows of access log in a valid hash chain. Every person is made up (Faker's no_NO names,
synthetic national identity numbers, month + 80). The same seed gives the same data; only "today"
(`los.core.dates.today`) moves. Rows are written in bulk (`scale_writer`): COPY on PostgreSQL.

`fraction` scales every count down, so tests can make a tiny installation of the same shape.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import random
import time
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from faker import Faker

from los.calendar.demo import seed_calendar
from los.calendar.models import (
    Appointment,
    BookingRequest,
    ServiceCalendar,
)
from los.casework.models import (
    Application,
    Complaint,
    CoordinatorKind,
    CriterionReview,
    Decision,
    DecisionRight,
    EligibilityAssessment,
    InterimReply,
)
from los.consent.models import Consent, ConsentSignature
from los.coordinators.models import (
    CoordinatorAssignment,
    CoordinatorProfile,
    ServiceBackground,
    TrainingCompletion,
    TrainingCourse,
)
from los.core import dates
from los.core.models import (
    AccessLogEntry,
    Cooperation,
    CoordinatingUnit,
    Municipality,
    NeedToKnow,
    Role,
    User,
)
from los.notifications.models import Notification
from los.plans.demo import seed_plans
from los.plans.models import Evaluation, Goal, IndividualPlan, Measure, Participant, PlanVersion
from los.referrals.models import PatientOrganisation, Referral
from los.team.models import (
    ActionItem,
    ContactLogEntry,
    FamilyMember,
    Meeting,
    MeetingInvitation,
    Minutes,
    RelayEntry,
    RelayLog,
    TeamMember,
)

from .demo import DEMO_PASSWORD, INTERPRETER_LANGUAGES, ORGANISATIONS, demo_coat_of_arms
from .identifiers import make_org_number, make_synthetic_national_id
from .models import (
    Child,
    Family,
    Guardian,
    Organisation,
    OrganisationKind,
    ParentalResponsibility,
    Professional,
    Sector,
    Service,
)
from .scale_data import (
    BIG_CASEWORKERS,
    BIG_COORDINATORS,
    BIG_FAMILIES,
    CONSENT_STATES,
    CONSENT_WEIGHTS,
    FAMILIES_PER_PROFESSIONAL,
    HISTORY_DAYS,
    MUNICIPALITY_NAMES,
    OTHER_FAMILIES,
    PLACE_PREFIXES,
)
from .scale_history import HistoryMixin
from .scale_writer import Writer


class NotEmpty(Exception):
    """The database already has municipalities."""


@dataclass
class ScaleResult:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    demo_users: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Fam:
    id: int
    muni: int  # index into the municipalities
    name: str
    since: dt.date
    children: list = field(default_factory=list)  # (id, birth date or None)
    guardians: list = field(default_factory=list)  # (id, user id or None, holds responsibility, first, last)
    team: list = field(default_factory=list)  # [service id, professional id, user id, profession]
    consent_state: str = "none"
    consent_id: int | None = None
    consent_start: dt.date | None = None
    consent_services: list = field(default_factory=list)
    consent_plan: bool = False
    coordinator: int | None = None  # user id of the current coordinator
    coordinator_since: dt.date | None = None
    earlier: list = field(default_factory=list)  # (user id, from, to) ended assignments
    records: dict = field(default_factory=dict)  # record type -> [ids] for the access log
    wants_plan: bool = False


@dataclass
class Muni:
    index: int
    id: int
    name: str
    families: int
    services: list = field(default_factory=list)  # (id, name, sector, kind key, org id, profession)
    professionals: dict = field(default_factory=dict)  # service id -> [(professional id, user id)]
    coordinators: list = field(default_factory=list)  # user ids
    capacities: list = field(default_factory=list)
    caseworkers: list = field(default_factory=list)
    leaders: list = field(default_factory=list)
    municipal_org: int = 0
    fams: list = field(default_factory=list)


def municipality_sizes(rng: random.Random, fraction: float) -> list[int]:
    """Families per municipality: one with 5,000, 29 with 50..1,500, about 30,000 in all."""
    others = [rng.randint(50, 1500) for _ in range(len(MUNICIPALITY_NAMES) - 1)]
    scale = OTHER_FAMILIES / sum(others)
    others = [max(50, min(1500, round(n * scale))) for n in others]
    return [max(1, round(n * fraction)) for n in [BIG_FAMILIES, *others]]


class ScaleSeeder(HistoryMixin):
    def __init__(self, seed: int, demo: bool, today: dt.date, fraction: float, out=None):
        self.seed = seed
        self.rng = random.Random(seed)
        self.fake = Faker("no_NO")
        self.fake.seed_instance(seed)
        self.demo = demo
        self.today = today
        self.fraction = fraction
        self.out = out
        self.result = ScaleResult()
        self.password = make_password(DEMO_PASSWORD) if demo else make_password(None)
        self.first_names = [self.fake.first_name() for _ in range(1500)]
        self.last_names = [self.fake.last_name() for _ in range(800)]
        self.id_counter = self.rng.randrange(500, 900)
        self.usernames: dict[str, int] = {}
        self.users: dict[int, tuple[str, str]] = {}  # id -> (display name, role)
        self.named: dict[str, int] = {}
        self.w = Writer()
        self.joined = dates.at(today - dt.timedelta(days=HISTORY_DAYS + 30), dt.time(8))

    # --- small utilities -------------------------------------------------------------------------

    def log(self, message: str) -> None:
        if self.out is not None:
            self.out(message)

    def first(self) -> str:
        return self.rng.choice(self.first_names)

    def last(self) -> str:
        return self.rng.choice(self.last_names)

    def national_id(self, birth: dt.date) -> str:
        self.id_counter += 7
        return make_synthetic_national_id(birth, self.id_counter % 1000)

    def days_ago(self, n: int) -> dt.date:
        return self.today - dt.timedelta(days=n)

    def scaled(self, n: float, least: int = 1) -> int:
        return max(least, round(n * self.fraction))

    def user(self, role: str, muni_id: int | None, first=None, last=None, username=None) -> int:
        first = first or self.first()
        last = last or self.last()
        if username is None:
            base = f"{first}.{last}".lower().replace(" ", "").replace("-", "")
            n = self.usernames.get(base, 0) + 1
            self.usernames[base] = n
            username = base if n == 1 else f"{base}{n}"
        user_id = self.t_user.add(
            self.password,
            username,
            first,
            last,
            f"{username}@los.invalid",
            role,
            muni_id,
            f"9{self.rng.randrange(1000000, 9999999)}",
            self.joined,
            role == Role.ADMIN,
            role == Role.ADMIN,
        )
        self.users[user_id] = (f"{first} {last}", role)
        return user_id

    # --- the run ---------------------------------------------------------------------------------

    def phase(self, name: str, started: float) -> float:
        now = time.monotonic()
        self.result.seconds[name] = round(now - started, 1)
        self.log(f"  {name}: {now - started:.1f} s")
        return now

    def run(self) -> ScaleResult:
        t = time.monotonic()
        self.tables()
        self.municipalities()
        t = self.phase("municipalities, services, staff", t)
        for muni in self.munis:
            self.families(muni)
        self.coordinators()
        self.named_logins()
        t = self.phase("families, teams, consents, coordinators", t)
        for muni in self.munis:
            self.casework(muni)
        t = self.phase("applications, decisions, complaints", t)
        for muni in self.munis:
            self.plans(muni)
            self.follow_up(muni)
        t = self.phase("plans, meetings, relay logs, follow-up", t)
        self.appointments()
        t = self.phase("appointments", t)
        self.w.finish()
        self.cooperation()
        if self.named:
            # The guardian row was written before the login existed.
            Guardian.objects.filter(pk=self.forelder_guardian).update(
                user_id=self.named["oslo.forelder"], first_name="Frida", email="oslo.forelder@los.invalid"
            )
        t = self.phase("writing", t)
        self.access_log()
        t = self.phase("access log", t)
        self.w.restore_foreign_keys()
        t = self.phase("indexes built, foreign keys checked", t)
        self.result.counts = {table.model._meta.label: table.count for table in self.w.tables if table.count}
        return self.result

    def tables(self) -> None:
        w = self.w
        self.stated: dict[tuple, str] = {}
        self.t_need = w.table(NeedToKnow, "user_id family_id reason explanation starts_at expires_at")
        self.t_log = w.table(
            AccessLogEntry,
            "seq at user_id actor_name actor_role family_id action record_type record_id "
            "reason purpose channel ip_address prev_hash hash",
        )
        self.t_user = w.table(
            User,
            "password username first_name last_name email role municipality_id phone "
            "date_joined is_staff is_superuser",
        )
        self.t_muni = w.table(Municipality, "name number coat_of_arms_svg")
        self.t_unit = w.table(CoordinatingUnit, "municipality_id name email phone")
        self.t_org = w.table(Organisation, "municipality_id name kind org_number")
        self.t_service = w.table(Service, "organisation_id name sector service_type_code her_id phone")
        self.t_prof = w.table(Professional, "user_id organisation_id profession hpr_number")
        self.t_prof_services = w.table(Professional.services.through, "professional_id service_id")
        self.t_family = w.table(Family, "municipality_id name created_at")
        self.t_child = w.table(
            Child,
            "family_id first_name last_name birth_date expected_due_date national_id",
        )
        self.t_guardian = w.table(
            Guardian,
            "family_id user_id first_name last_name email phone parental_responsibility "
            "preferred_language interpreter_needed national_id",
        )
        self.t_team = w.table(TeamMember, "family_id professional_id service_id role joined_on")
        self.t_family_member = w.table(FamilyMember, "family_id guardian_id role joined_on")
        self.t_consent = w.table(
            Consent,
            "family_id covers_individual_plan starts_on ends_on created_at created_by_id "
            "effective_at withdrawn_at withdrawn_by_id withdrawal_reason",
        )
        self.t_consent_services = w.table(Consent.services.through, "consent_id service_id")
        self.t_signature = w.table(
            ConsentSignature,
            "consent_id guardian_id given_at recorded_by_id on_paper signed_on",
        )
        self.t_assignment = w.table(
            CoordinatorAssignment,
            "family_id coordinator_id kind starts_on ends_on end_reason application_id "
            "need_level chosen_because appointed_by_id",
        )
        self.t_profile = w.table(
            CoordinatorProfile,
            "user_id coordination_share languages service_background",
        )
        self.t_course = w.table(
            TrainingCourse,
            "municipality_id name provider counts_as_coordinator_training created_at",
        )
        self.t_completion = w.table(
            TrainingCompletion,
            "course_id coordinator_id completed_on recorded_by_id",
        )
        self.t_application = w.table(
            Application,
            "family_id child_id channel received_on status wants_child_coordinator "
            "wants_individual_plan about_child health_and_care_services "
            "other_welfare_services wishes child_views preferred_language interpreter_needed "
            "submitted_by_id created_at",
        )
        self.t_assessment = w.table(
            EligibilityAssessment,
            "application_id assessed_on facts result created_by_id created_at",
        )
        self.t_review = w.table(
            CriterionReview,
            "assessment_id right code engine_status status reason reviewed_by_id reviewed_at",
        )
        self.t_interim = w.table(
            InterimReply,
            "application_id sent_on reason expected_by letter_text sent_by_id",
        )
        self.t_decision = w.table(
            Decision,
            "application_id replaces_id assessment_id decided_on valid_from notified_on "
            "complaint_deadline facts family_views child_views weighing legal_basis "
            "contact_person_id decided_by_id created_at letter_pdf",
        )
        self.t_right = w.table(
            DecisionRight,
            "decision_id right outcome reasons assessed_status more_generous_than_law criteria law",
        )
        self.t_complaint = w.table(
            Complaint,
            "decision_id state channel received_on grounds submitted_by_id "
            "reconsideration_started_on resolved_on new_decision_id municipality_assessment "
            "forwarded_on",
        )
        self.t_plan = w.table(IndividualPlan, "family_id child_id created_at created_by_id")
        self.t_version = w.table(
            PlanVersion,
            "plan_id number created_at created_by_id revision_note frozen_at resources needs "
            "coordinator_id coordinator_name child_contribution relatives_contribution "
            "services_contribution period_start period_end next_revision_on consent_id "
            "cooperation",
        )
        self.t_participant = w.table(Participant, "version_id name role service_id position")
        self.t_goal = w.table(Goal, "version_id relay_log_id lineage text voice position")
        self.t_measure = w.table(
            Measure,
            "goal_id lineage description responsible_service_id responsible_person_id scope "
            "starts_on evaluate_on position",
        )
        self.t_evaluation = w.table(
            Evaluation,
            "measure_id due_on evaluated_on text outcome evaluated_by_id created_at",
        )
        self.t_meeting = w.table(
            Meeting,
            "family_id title starts_at ends_at location agenda status uid called_by_id "
            "created_at interpreter_language",
        )
        self.t_invitation = w.table(MeetingInvitation, "meeting_id user_id guardian_id name email role reply")
        self.t_minutes = w.table(
            Minutes,
            "meeting_id attendees child_views family_views decisions written_by_id written_at shared_at",
        )
        self.t_item = w.table(
            ActionItem,
            "family_id meeting_id child_id title responsible_id due_on status created_by_id "
            "created_at completed_at",
        )
        self.t_contact = w.table(
            ContactLogEntry,
            "family_id contacted_on channel needs_now logged_by_id created_at",
        )
        self.t_relay = w.table(RelayLog, "family_id child_id concern level holder_id opened_on opened_by_id")
        self.t_relay_services = w.table(RelayLog.services.through, "relaylog_id service_id")
        self.t_relay_entry = w.table(RelayEntry, "relay_log_id kind happened_on text author_id created_at")
        self.t_referral = w.table(
            Referral,
            "family_id service_id reason sent_on sent_by_id status answered_on answer_note",
        )
        self.t_notification = w.table(
            Notification,
            "user_id kind action_item_id family_id child_id period text created_at read_at email_status",
        )
        self.t_appointment = w.table(
            Appointment,
            "family_id child_id service_id professional_id title kind status starts_at "
            "ends_at place_id uid source created_by_id created_at updated_at",
        )
        self.t_booking = w.table(BookingRequest, "appointment_id service_id requested_by_id requested_at")

    # --- municipalities, services and staff -------------------------------------------------------

    def municipalities(self) -> None:
        sizes = municipality_sizes(self.rng, self.fraction)
        self.munis: list[Muni] = []
        for index, (name, n) in enumerate(zip(MUNICIPALITY_NAMES, sizes, strict=True)):
            muni_id = self.t_muni.add(name, f"98{index + 1:02d}", demo_coat_of_arms(index))
            slug = name.lower().replace("å", "a").replace("ø", "o").replace("æ", "ae")
            self.t_unit.add(
                muni_id,
                f"Koordinerende enhet, {name} kommune",
                f"koordinerende.enhet@{slug}.kommune.invalid",
                f"55{self.rng.randrange(100000, 999999)}",
            )
            muni = Muni(index=index, id=muni_id, name=name, families=n)
            self.munis.append(muni)
            self.services(muni)
            self.staff(muni)
        # The directory of patient organisations and the calendar's places and hours, as the demo makes them.
        self.w.finish()
        built = [
            (
                Municipality.objects.get(pk=m.id),
                list(Service.objects.filter(organisation__municipality_id=m.id)),
            )
            for m in self.munis
        ]
        seed_plans(SimpleNamespace(demo=False, today=self.today), built)
        seed_calendar(SimpleNamespace(demo=False, today=self.today), built)
        self.places = dict(ServiceCalendar.objects.values_list("service_id", "place_id"))
        self.patient_orgs = PatientOrganisation.objects.count()

    def services(self, muni: Muni) -> None:
        n = muni.families
        instances = {
            OrganisationKind.GP_OFFICE: max(1, round(n / 400)),
            OrganisationKind.SCHOOL: max(1, round(n / 250)),
            OrganisationKind.KINDERGARTEN: max(1, round(n / 350)),
        }
        org_number = 92000000 + muni.index * 1000
        for kind, pattern, specs in ORGANISATIONS:
            for k in range(instances.get(kind, 1)):
                if kind in instances and instances[kind] > 1:
                    prefix = PLACE_PREFIXES[k % len(PLACE_PREFIXES)] + (
                        "" if k < len(PLACE_PREFIXES) else f" {k}"
                    )
                    org_name = {
                        OrganisationKind.GP_OFFICE: f"{prefix} legesenter ({muni.name})",
                        OrganisationKind.SCHOOL: f"{prefix} skole ({muni.name})",
                        OrganisationKind.KINDERGARTEN: f"{prefix} barnehage ({muni.name})",
                    }[kind]
                else:
                    org_name = pattern.format(m=muni.name)
                org_number += 37
                org_id = self.t_org.add(muni.id, org_name, kind, make_org_number(org_number))
                if kind == OrganisationKind.MUNICIPALITY:
                    muni.municipal_org = org_id
                for service_name, sector, code, profession in specs:
                    service_id = self.t_service.add(
                        org_id,
                        service_name,
                        sector,
                        code,
                        self.rng.randrange(80000, 9999999) if sector == Sector.HEALTH_AND_CARE else None,
                        f"55{self.rng.randrange(100000, 999999)}",
                    )
                    muni.services.append(
                        (service_id, service_name, sector, (kind, service_name), org_id, profession)
                    )
        # One professional per about twenty families per kind of service, spread over its units.
        by_kind: dict = {}
        for s in muni.services:
            by_kind.setdefault(s[3], []).append(s)
        for units in by_kind.values():
            count = max(len(units), math.ceil(n / FAMILIES_PER_PROFESSIONAL))
            for k in range(count):
                service_id, _name, sector, _key, org_id, profession = units[k % len(units)]
                user_id = self.user(Role.PROVIDER, muni.id)
                prof_id = self.t_prof.add(
                    user_id,
                    org_id,
                    profession,
                    str(self.rng.randrange(1000000, 9999999)) if sector == Sector.HEALTH_AND_CARE else "",
                )
                self.t_prof_services.add(prof_id, service_id)
                muni.professionals.setdefault(service_id, []).append((prof_id, user_id))
        muni.service_kinds = list(by_kind.values())

    def staff(self, muni: Muni) -> None:
        n = muni.families
        big = muni.index == 0
        coordinators = max(1, round(n * BIG_COORDINATORS / BIG_FAMILIES))
        for _ in range(coordinators):
            user_id = self.user(Role.COORDINATOR, muni.id)
            self.t_prof.add(user_id, muni.municipal_org, "koordinator", "")
            muni.coordinators.append(user_id)
            muni.capacities.append(self.rng.randint(5, 20))
        muni.caseworkers = [
            self.user(Role.CASEWORKER, muni.id)
            for _ in range(
                max(1, round(n * BIG_CASEWORKERS / BIG_FAMILIES)) if not big else self.scaled(BIG_CASEWORKERS)
            )
        ]
        muni.leaders = [self.user(Role.LEADER, muni.id) for _ in range(3 if big else 1)]
        course = self.t_course.add(
            muni.id, "Koordinatoropplæring", "Koordinerende enhet og KS", True, self.joined
        )
        self.t_course.add(muni.id, "Barnekoordinator – fagdag", "Statsforvalteren", False, self.joined)
        for index, user_id in enumerate(muni.coordinators):
            languages = ["nb"] + self.rng.sample(["en", "ar", "pl", "so", "uk"], k=self.rng.randrange(0, 2))
            self.t_profile.add(
                user_id,
                self.rng.choice([10, 20, 30, 50]),
                ",".join(languages),
                self.rng.choice(list(ServiceBackground.values)),
            )
            if index % 3 != 2:
                self.t_completion.add(
                    course, user_id, self.days_ago(self.rng.randrange(30, HISTORY_DAYS)), muni.caseworkers[0]
                )

    # --- families ----------------------------------------------------------------------------------

    def families(self, muni: Muni) -> None:
        rng = self.rng
        for _ in range(muni.families):
            last = self.last()
            since = self.days_ago(rng.randrange(5, HISTORY_DAYS))
            fam = Fam(
                id=self.t_family.add(muni.id, f"Familien {last}", dates.at(since, dt.time(9))),
                muni=muni.index,
                name=last,
                since=since,
            )
            muni.fams.append(fam)
            n_children = rng.choices([1, 2, 3], weights=[60, 30, 10])[0]
            for i in range(n_children):
                if i == n_children - 1 and i > 0 and rng.random() < 0.1:
                    due = self.today + dt.timedelta(days=rng.randrange(20, 200))
                    fam.children.append((self.t_child.add(fam.id, "Baby", last, None, due, ""), None))
                    continue
                birth = self.days_ago(rng.randrange(60, 18 * 365 - 10))
                child_id = self.t_child.add(fam.id, self.first(), last, birth, None, self.national_id(birth))
                fam.children.append((child_id, birth))
            shape = rng.random()
            self.guardian(
                fam, last, ParentalResponsibility.JOINT if shape < 0.85 else ParentalResponsibility.MOTHER
            )
            if shape < 0.6:
                self.guardian(fam, last, ParentalResponsibility.JOINT)
            elif shape < 0.85:  # separated parents, both holding responsibility
                self.guardian(fam, self.last(), ParentalResponsibility.JOINT)
            else:  # a step-parent without parental responsibility
                self.guardian(fam, self.last(), ParentalResponsibility.NONE)
            kinds = rng.sample(muni.service_kinds, k=min(len(muni.service_kinds), rng.randrange(2, 6)))
            for units in kinds:
                service_id, name, *_rest, profession = units[fam.id % len(units)]
                prof_id, user_id = rng.choice(muni.professionals[service_id])
                fam.team.append([service_id, prof_id, user_id, profession])
            holders = [g for g in fam.guardians if g[2]]
            fam.consent_state = rng.choices(CONSENT_STATES, weights=CONSENT_WEIGHTS)[0]
            if fam.consent_state == "pending" and len(holders) < 2:
                fam.consent_state = "active"
            fam.wants_plan = rng.random() < 0.5

    def guardian(self, fam: Fam, last: str, responsibility: str) -> None:
        rng = self.rng
        first = self.first()
        holds = responsibility != ParentalResponsibility.NONE
        user_id = self.user(Role.GUARDIAN, None, first, last) if holds and rng.random() < 0.6 else None
        birth = self.days_ago(rng.randrange(24 * 365, 55 * 365))
        interpreter = rng.random() < 0.15
        guardian_id = self.t_guardian.add(
            fam.id,
            user_id,
            first,
            last,
            f"{first}.{last}@example.invalid".lower().replace(" ", ""),
            f"4{rng.randrange(1000000, 9999999)}",
            responsibility,
            rng.choice(INTERPRETER_LANGUAGES) if interpreter else "nb",
            interpreter,
            self.national_id(birth),
        )
        fam.guardians.append((guardian_id, user_id, holds, first, last))

    def coordinators(self) -> None:
        """Fill each coordinator's caseload (5-20 families) with the families that have been longest in
        the municipality; some families had another coordinator before."""
        rng = self.rng
        for muni in self.munis:
            candidates = [f for f in muni.fams if (self.today - f.since).days > 75]
            rng.shuffle(candidates)
            limit = int(len(muni.fams) * 0.85)
            # Every coordinator gets at least five families before anyone gets more.
            pairs = list(zip(muni.coordinators, muni.capacities, strict=True))
            first = [u for _ in range(5) for u, _cap in pairs]
            more = [u for u, cap in pairs for _ in range(cap - 5)]
            rng.shuffle(more)
            slots = first + more
            for fam, user_id in zip(candidates[:limit], slots, strict=False):
                fam.coordinator = user_id
                start = fam.since + dt.timedelta(days=rng.randrange(40, 70))
                if rng.random() < 0.25 and (self.today - start).days > 200:
                    before = rng.choice(muni.coordinators)
                    if before != user_id:
                        switch = start + dt.timedelta(days=rng.randrange(90, (self.today - start).days - 30))
                        fam.earlier.append((before, start, switch - dt.timedelta(days=1)))
                        start = switch
                fam.coordinator_since = start

    def cooperation(self) -> None:
        """The big municipality and the two largest of the others compare their figures side by side; in
        demo mode `oslo.regionleder` leads the cooperation."""
        members = [self.munis[0], *sorted(self.munis[1:], key=lambda m: -m.families)[:2]]
        cooperation = Cooperation.objects.create(name="Koordinatorsamarbeidet i Storhavn-regionen")
        cooperation.municipalities.set([m.id for m in members])
        if "oslo.regionleder" in self.named:
            cooperation.leaders.add(self.named["oslo.regionleder"])

    def named_logins(self) -> None:
        """Benchmark logins in the big municipality (only in demo mode): an ordinary caseworker,
        coordinator, professional, guardian and leader."""
        self.consents()
        if not self.demo:
            return
        muni = self.munis[0]
        names = {
            "oslo.saksbehandler": (Role.CASEWORKER, "Siri", "Saksbehandler"),
            "oslo.koordinator": (Role.COORDINATOR, "Kari", "Koordinator"),
            "oslo.tjenesteyter": (Role.PROVIDER, "Tor", "Tjenesteyter"),
            "oslo.leder": (Role.LEADER, "Lars", "Leder"),
            "oslo.regionleder": (Role.LEADER, "Randi", "Regionleder"),
        }
        ids = {}
        for username, (role, first, last) in names.items():
            ids[username] = self.user(role, None if role == Role.GUARDIAN else muni.id, first, last, username)
            self.result.demo_users.append(username)
        self.named = ids
        muni.caseworkers.insert(0, ids["oslo.saksbehandler"])
        muni.leaders.append(ids["oslo.leder"])
        # The coordinator takes over fifteen ordinary families from colleagues with more than five.
        coordinator = ids["oslo.koordinator"]
        self.t_prof.add(coordinator, muni.municipal_org, "koordinator", "")
        self.t_profile.add(coordinator, 40, "nb,en", ServiceBackground.BOTH)
        caseload: dict[int, int] = {}
        for fam in muni.fams:
            if fam.coordinator is not None:
                caseload[fam.coordinator] = caseload.get(fam.coordinator, 0) + 1
        coordinated = [f for f in muni.fams if f.coordinator is not None]
        taken = 0
        for fam in coordinated[:: max(1, len(coordinated) // 30)]:
            if taken == 15:
                break
            if caseload[fam.coordinator] > 5 or len(coordinated) < 30:
                caseload[fam.coordinator] -= 1
                fam.coordinator = coordinator
                taken += 1
        # The professional: physiotherapy, on forty families' teams with an active consent covering it.
        physio = next(s for s in muni.services if s[1] == "Fysioterapi for barn")
        provider = ids["oslo.tjenesteyter"]
        prof_id = self.t_prof.add(provider, physio[4], "fysioterapeut", "9144889")
        self.t_prof_services.add(prof_id, physio[0])
        taken = 0
        for fam in muni.fams:
            if taken >= 40:
                break
            member = next((m for m in fam.team if m[0] == physio[0]), None)
            if member is not None and fam.consent_state == "active" and physio[0] in fam.consent_services:
                member[1], member[2] = prof_id, provider
                taken += 1
        # The guardian: parental responsibility in one of the coordinator's families, with an active consent
        # covering the plan, a plan and upcoming appointments.
        mine = [f for f in muni.fams if f.coordinator == coordinator]
        if not mine:
            mine = [muni.fams[0]]
            mine[0].coordinator = coordinator
            mine[0].coordinator_since = mine[0].since
        fam = next((f for f in mine if f.consent_state == "active" and f.children[0][1] is not None), mine[0])
        if fam.consent_state != "active":
            fam.consent_state = "active"
            fam.consent_services = [m[0] for m in fam.team]
            fam.consent_start = fam.since
        fam.wants_plan = True
        fam.consent_plan = True
        gid, _user, _holds, _first, last = fam.guardians[0]
        ids["oslo.forelder"] = self.user(Role.GUARDIAN, None, "Frida", last, "oslo.forelder")
        self.result.demo_users.append("oslo.forelder")
        self.forelder_family = fam
        self.forelder_guardian = gid
        fam.guardians[0] = (gid, ids["oslo.forelder"], True, "Frida", last)

    def consents(self) -> None:
        """Decide each family's consent (written in `write_families`)."""
        rng = self.rng
        for muni in self.munis:
            for fam in muni.fams:
                if fam.consent_state == "none":
                    continue
                covered = [m[0] for m in fam.team if rng.random() < 0.9] or [fam.team[0][0]]
                fam.consent_services = covered
                fam.consent_plan = fam.wants_plan and rng.random() < 0.9
                fam.consent_start = min(self.today, fam.since + dt.timedelta(days=rng.randrange(0, 20)))

    def write_families(self, muni: Muni) -> None:
        rng = self.rng
        caseworker = muni.caseworkers[0]
        for fam in muni.fams:
            # Guardian logins carry the guardian's own name; the named guardian replaces the row's login.
            for gid, _user_id, holds, *_names in fam.guardians:
                if holds and rng.random() < 0.5:
                    self.t_family_member.add(fam.id, gid, "forelder", fam.since)
            for service_id, prof_id, _user_id, profession in fam.team:
                self.t_team.add(
                    fam.id,
                    prof_id,
                    service_id,
                    profession,
                    fam.since + dt.timedelta(days=rng.randrange(0, 60)),
                )
            if fam.consent_state != "none":
                self.consent(fam, caseworker)
            for before, start, end in fam.earlier:
                self.t_assignment.add(
                    fam.id,
                    before,
                    CoordinatorKind.CHILD_COORDINATOR,
                    start,
                    end,
                    "Koordinatoren har sluttet."
                    if rng.random() < 0.5
                    else "Familien ønsket en annen koordinator.",
                    None,
                    rng.choice([1, 2, 3]),
                    "",
                    caseworker,
                )

    def consent(self, fam: Fam, by_user: int) -> None:
        rng = self.rng
        state = fam.consent_state
        starts = fam.consent_start
        ends = None
        if state == "expired":
            ends = self.days_ago(rng.randrange(1, 30))
            if ends < starts:
                starts = ends
        elif rng.random() < 0.3:
            ends = self.today + dt.timedelta(days=rng.randrange(60, 700))
        created = dates.at(starts, dt.time(10))
        holders = [g for g in fam.guardians if g[2]]
        signers = holders[:1] if state == "pending" else holders
        effective = None if state == "pending" else created
        withdrawn_at = withdrawn_by = None
        reason = ""
        if state == "withdrawn":
            withdrawn_at = dates.at(
                self.days_ago(rng.randrange(1, max(2, min(300, (self.today - starts).days)))), dt.time(14)
            )
            withdrawn_by = by_user
            reason = "Familien ønsket ikke lenger at opplysninger deles."
        fam.consent_id = self.t_consent.add(
            fam.id,
            fam.consent_plan,
            starts,
            ends,
            created,
            by_user,
            effective,
            withdrawn_at,
            withdrawn_by,
            reason,
        )
        for service_id in fam.consent_services:
            self.t_consent_services.add(fam.consent_id, service_id)
        for gid, user_id, *_ in signers:
            on_paper = user_id is None
            self.t_signature.add(
                fam.consent_id, gid, created, by_user, on_paper, starts if on_paper else None
            )

    def active_consent(self, fam: Fam) -> bool:
        return fam.consent_state == "active"


@functools.cache
def _generic_letter() -> bytes:
    """One decision letter as PDF for every generated decision (rendering one per decision would take
    hours); it says it is synthetic."""
    from los.casework.letters import _render_pdf

    return _render_pdf(
        "<html lang='nb'><body><h1>Vedtak om barnekoordinator</h1>"
        "<p>Syntetiske testdata: brevet er laget for ytelsesmålinger og gjelder ingen virkelig familie.</p>"
        "</body></html>"
    )


def seed_oslo(
    seed: int = 1, fraction: float = 1.0, demo: bool | None = None, today=None, out=None
) -> ScaleResult:
    """Make the large synthetic installation on an empty database (raises NotEmpty otherwise)."""
    if demo is None:
        demo = settings.LOS_DEMO
    if Municipality.objects.exists():
        raise NotEmpty
    started = time.monotonic()
    letter = _generic_letter()
    with transaction.atomic():
        seeder = ScaleSeeder(seed, demo, today or dates.today(), fraction, out)
        seeder.letter_pdf = letter
        result = seeder.run()
    if connection.vendor == "postgresql":
        t = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        result.seconds["analyze"] = round(time.monotonic() - t, 1)
    result.seconds["total"] = round(time.monotonic() - started, 1)
    return result
