"""A deterministic, realistic synthetic data set for demos, tests and benchmarks.

Every person is made up: names from Faker's Norwegian locale (no_NO, bokmål), national identity
numbers synthetic (Skatteetaten's convention, month + 80). The same seed gives the same data.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from faker import Faker

from los.casework.models import CoordinatorKind
from los.consent.models import Consent, ConsentSignature
from los.coordinators.models import CoordinatorAssignment
from los.core import dates
from los.core.models import Cooperation, CoordinatingUnit, Municipality, Role, User
from los.team.models import TeamMember

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

DEMO_PASSWORD = "demo"

MUNICIPALITIES = [("Fjordvik", "9901"), ("Åsdal", "9902"), ("Nordbygd", "9903")]

# (organisation kind, organisation name pattern, [(service name, sector, tjenestetype, profession)])
ORGANISATIONS = [
    (
        OrganisationKind.MUNICIPALITY,
        "{m} kommune",
        [
            ("Helsestasjon og skolehelsetjeneste", Sector.HEALTH_AND_CARE, "KF01", "helsesykepleier"),
            ("Fysioterapi for barn", Sector.HEALTH_AND_CARE, "KR01", "fysioterapeut"),
            ("Ergoterapi", Sector.HEALTH_AND_CARE, "KR02", "ergoterapeut"),
            ("Hjemmesykepleie og avlastning", Sector.HEALTH_AND_CARE, "KP02", "sykepleier"),
            ("Tildelingskontoret", Sector.HEALTH_AND_CARE, "KD0501", "saksbehandler"),
            ("PPT", Sector.OTHER_WELFARE, "KX16", "pedagogisk-psykologisk rådgiver"),
            ("Barneverntjenesten", Sector.OTHER_WELFARE, "KX15", "barnevernspedagog"),
        ],
    ),
    (
        OrganisationKind.HOSPITAL,
        "{m} sykehus HF",
        [
            ("Barneklinikken", Sector.HEALTH_AND_CARE, "", "barnelege"),
            ("Habiliteringstjenesten for barn", Sector.HEALTH_AND_CARE, "", "spesialpedagog"),
        ],
    ),
    (
        OrganisationKind.GP_OFFICE,
        "{m} legesenter",
        [("Fastlegekontoret", Sector.HEALTH_AND_CARE, "KA01", "fastlege")],
    ),
    (OrganisationKind.SCHOOL, "{m} skole", [("Skolen", Sector.OTHER_WELFARE, "", "kontaktlærer")]),
    (
        OrganisationKind.KINDERGARTEN,
        "Solsiden barnehage ({m})",
        [("Barnehagen", Sector.OTHER_WELFARE, "", "pedagogisk leder")],
    ),
    (OrganisationKind.NAV, "NAV {m}", [("NAV-kontoret", Sector.OTHER_WELFARE, "", "veileder")]),
]

INTERPRETER_LANGUAGES = ["ar", "so", "ti", "pl", "uk", "fa"]


# Demo municipalities are invented, so their arms are too: a plain shield in two tinctures, as
# Norwegian civic heraldry draws them, with a wavy band (a waterway for the pilot) in a colour per
# municipality.
DEMO_ARMS_COLOURS = ("#0062ba", "#1e6b3a", "#a4161a")


def demo_coat_of_arms(index: int) -> str:
    """An invented coat of arms for a demo municipality, as SVG text."""
    colour = DEMO_ARMS_COLOURS[index % len(DEMO_ARMS_COLOURS)]
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 48">'
        f'<path d="M2 2h36v22c0 12-8 19-18 22C10 43 2 36 2 24z" fill="{colour}"/>'
        '<path d="M4 22c4-4 8-4 12 0s8 4 12 0 6-4 8-2v6c-2-2-4-2-8 2s-8 4-12 0-8-4-12 0z" fill="#fff"/>'
        "</svg>"
    )


@dataclass
class SeedResult:
    municipalities: int = 0
    families: int = 0
    children: int = 0
    guardians: int = 0
    users: int = 0
    demo_users: list[tuple[str, str]] = field(default_factory=list)


class _Seeder:
    def __init__(self, seed: int, demo: bool, today: datetime.date):
        self.rng = random.Random(seed)
        # Faker names its Norwegian (bokmål) locale no_NO.
        self.fake = Faker("no_NO")
        self.fake.seed_instance(seed)
        self.demo = demo
        self.today = today
        self.password = make_password(DEMO_PASSWORD) if demo else make_password(None)
        self.id_counter = self.rng.randrange(500, 900)
        self.result = SeedResult()
        self.usernames: set[str] = set()

    def national_id(self, birth: datetime.date) -> str:
        self.id_counter += 7
        return make_synthetic_national_id(birth, self.id_counter % 1000)

    def user(self, role, municipality, username=None, first=None, last=None) -> User:
        first = first or self.fake.first_name()
        last = last or self.fake.last_name()
        if username is None:
            base = f"{first}.{last}".lower().replace(" ", "").replace("-", "")
            username, n = base, 1
            while username in self.usernames or User.objects.filter(username=username).exists():
                n += 1
                username = f"{base}{n}"
        self.usernames.add(username)
        user = User.objects.create(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@los.invalid",
            phone=f"9{self.rng.randrange(1000000, 9999999)}",
            role=role,
            municipality=municipality,
            password=self.password,
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
        )
        self.result.users += 1
        return user

    def municipality(self, index, name, number):
        municipality = Municipality.objects.create(
            name=name, number=number, coat_of_arms_svg=demo_coat_of_arms(index)
        )
        CoordinatingUnit.objects.create(
            municipality=municipality,
            name=f"Koordinerende enhet, {name} kommune",
            email=f"koordinerende.enhet@{name.lower().replace('å', 'a')}.kommune.invalid",
            phone=f"55{self.rng.randrange(100000, 999999)}",
            # Made-up addresses on the health network (not drawn from the generator, so the rest of the
            # demo stays as it was).
            her_id=8_100_000 + index,
            org_number=make_org_number(93000000 + index),
        )
        services, providers = [], {}
        for org_index, (kind, pattern, service_specs) in enumerate(ORGANISATIONS):
            org = Organisation.objects.create(
                municipality=municipality,
                name=pattern.format(m=name),
                kind=kind,
                org_number=make_org_number(91000000 + index * 1000 + org_index * 37),
                her_id=8_200_000 + index * 100 + org_index
                if any(sector == Sector.HEALTH_AND_CARE for _n, sector, _c, _p in service_specs)
                else None,
            )
            for service_name, sector, code, profession in service_specs:
                service = Service.objects.create(
                    organisation=org,
                    name=service_name,
                    sector=sector,
                    service_type_code=code,
                    her_id=self.rng.randrange(80000, 9999999) if sector == Sector.HEALTH_AND_CARE else None,
                    phone=f"55{self.rng.randrange(100000, 999999)}",
                )
                services.append(service)
                user = self.user(Role.PROVIDER, municipality)
                professional = Professional.objects.create(
                    user=user,
                    organisation=org,
                    profession=profession,
                    hpr_number=str(self.rng.randrange(1000000, 9999999))
                    if sector == Sector.HEALTH_AND_CARE
                    else "",
                )
                professional.services.add(service)
                providers[service.pk] = professional
        municipal_org = Organisation.objects.get(
            municipality=municipality, kind=OrganisationKind.MUNICIPALITY
        )
        coordinators = []
        for _ in range(5):
            user = self.user(Role.COORDINATOR, municipality)
            Professional.objects.create(user=user, organisation=municipal_org, profession="koordinator")
            coordinators.append(user)
        caseworkers = [self.user(Role.CASEWORKER, municipality) for _ in range(2)]
        self.user(Role.LEADER, municipality)
        self.result.municipalities += 1
        return municipality, services, providers, coordinators, caseworkers

    def child(self, family, last_name, unborn: bool):
        if unborn:
            due = self.today + datetime.timedelta(days=self.rng.randrange(20, 200))
            return Child.objects.create(
                family=family, first_name="Baby", last_name=last_name, expected_due_date=due
            )
        age_days = self.rng.randrange(60, 18 * 365 - 10)
        birth = self.today - datetime.timedelta(days=age_days)
        self.result.children += 1
        return Child.objects.create(
            family=family,
            first_name=self.fake.first_name(),
            last_name=last_name,
            birth_date=birth,
            national_id=self.national_id(birth),
        )

    def guardian(self, family, last_name, responsibility, user=None, first=None):
        birth = self.today - datetime.timedelta(days=self.rng.randrange(24 * 365, 55 * 365))
        interpreter = self.rng.random() < 0.15
        first = first or self.fake.first_name()
        self.result.guardians += 1
        if user is not None and user.last_name != last_name:
            # The login carries the guardian's own name, so the family sees one name for one person.
            user.last_name = last_name
            user.save(update_fields=["last_name"])
        return Guardian.objects.create(
            family=family,
            user=user,
            first_name=first,
            last_name=last_name,
            email=f"{first}.{last_name}@example.invalid".lower().replace(" ", ""),
            phone=f"4{self.rng.randrange(1000000, 9999999)}",
            parental_responsibility=responsibility,
            preferred_language=self.rng.choice(INTERPRETER_LANGUAGES) if interpreter else "nb",
            interpreter_needed=interpreter,
            national_id=self.national_id(birth),
        )

    def family(
        self, municipality, services, providers, coordinators, caseworker, guardian_user=None, shape=None
    ):
        last = self.fake.last_name()
        family = Family.objects.create(municipality=municipality, name=f"Familien {last}")
        self.result.families += 1
        n_children = self.rng.choices([1, 2, 3], weights=[60, 30, 10])[0]
        for i in range(n_children):
            self.child(family, last, unborn=(i == n_children - 1 and self.rng.random() < 0.1))
        shape = self.rng.random() if shape is None else shape
        guardians = [
            self.guardian(
                family,
                last,
                ParentalResponsibility.JOINT if shape < 0.85 else ParentalResponsibility.MOTHER,
                user=guardian_user,
                first=guardian_user.first_name if guardian_user else None,
            )
        ]
        if shape < 0.6:
            guardians.append(self.guardian(family, last, ParentalResponsibility.JOINT))
        elif shape < 0.85:  # separated parents: separate people, separate addresses, both hold responsibility
            guardians.append(self.guardian(family, self.fake.last_name(), ParentalResponsibility.JOINT))
        else:  # a step-parent without parental responsibility
            guardians.append(self.guardian(family, self.fake.last_name(), ParentalResponsibility.NONE))
        team_services = self.rng.sample(services, k=self.rng.randrange(2, 5))
        for service in team_services:
            TeamMember.objects.create(
                family=family,
                professional=providers[service.pk],
                service=service,
                role=providers[service.pk].profession,
                joined_on=self.today - datetime.timedelta(days=self.rng.randrange(10, 400)),
            )
        return family, guardians, team_services

    def consent(self, family, guardians, team_services, by_user, state: str):
        starts = self.today - datetime.timedelta(days=self.rng.randrange(5, 300))
        ends = None
        if state == "expired":
            ends = self.today - datetime.timedelta(days=self.rng.randrange(1, 4))
        elif self.rng.random() < 0.3:
            ends = self.today + datetime.timedelta(days=self.rng.randrange(60, 700))
        consent = Consent.objects.create(
            family=family,
            starts_on=starts,
            ends_on=ends,
            covers_individual_plan=self.rng.random() < 0.5,
            created_by=by_user,
            created_at=timezone.now() - datetime.timedelta(days=(self.today - starts).days),
        )
        consent.services.set(team_services)
        holders = [g for g in guardians if g.has_parental_responsibility]
        signers = holders[:1] if state == "pending" and len(holders) > 1 else holders
        for g in signers:
            ConsentSignature.objects.create(consent=consent, guardian=g, recorded_by=by_user)
        if state != "pending" or len(holders) == 1:
            consent.effective_at = consent.created_at
        if state == "withdrawn":
            consent.withdrawn_at = timezone.now() - datetime.timedelta(days=self.rng.randrange(1, 30))
            consent.withdrawn_by = by_user
        consent.save()
        return consent

    def assign(self, family, coordinator, kind=None):
        CoordinatorAssignment.objects.create(
            family=family,
            coordinator=coordinator,
            kind=kind or self.rng.choice([CoordinatorKind.CHILD_COORDINATOR, CoordinatorKind.COORDINATOR]),
            starts_on=self.today - datetime.timedelta(days=self.rng.randrange(10, 500)),
        )

    def run(self, families: int) -> SeedResult:
        built = [self.municipality(i, n, num) for i, (n, num) in enumerate(MUNICIPALITIES)]
        if self.demo:
            self.demo_users(built[0])
        self.cooperation(built)
        # The first families show every consent state; the rest are drawn.
        first_states = ["active", "pending", "withdrawn", "expired", "none"]
        for i in range(families):
            municipality, services, providers, coordinators, caseworkers = built[
                0 if i % 5 < 3 else 1 + i % 2
            ]
            state = (
                first_states[i]
                if i < len(first_states)
                else self.rng.choices(first_states, weights=[70, 8, 7, 5, 10])[0]
            )
            family, guardians, team_services = self.family(
                municipality,
                services,
                providers,
                coordinators,
                caseworkers[0],
                shape=0.1 if state == "pending" else None,
            )
            if state != "none":
                self.consent(family, guardians, team_services, caseworkers[0], state)
            if self.rng.random() < 0.6:
                self.assign(family, self.rng.choice(coordinators))
        from los.casework.demo import seed_casework

        seed_casework(self, built)
        from los.plans.demo import seed_plans

        seed_plans(self, built)
        from los.calendar.demo import seed_calendar

        seed_calendar(self, built)
        from los.team.demo import seed_follow_up

        seed_follow_up(self, built)
        from los.messaging.demo import seed_messages

        seed_messages(self, built)
        from los.reports.demo import seed_history

        seed_history(self, built)
        return self.result

    def cooperation(self, built):
        """The three municipalities run the scheme together; in demo mode `regionleder` (a leader in the
        first) leads the cooperation and sees their figures over time side by side."""
        cooperation = Cooperation.objects.create(name="Koordinatorsamarbeidet i Fjordregionen")
        cooperation.municipalities.set([municipality for municipality, *_rest in built])
        if self.demo:
            leader = self.user(Role.LEADER, built[0][0], "regionleder", "Randi", "Regionleder")
            cooperation.leaders.add(leader)
            self.result.demo_users.append(("regionleder", "Leder for samarbeidet"))

    def demo_users(self, built):
        municipality, services, providers, coordinators, caseworkers = built
        names = {
            "saksbehandler": (Role.CASEWORKER, "Siri", "Saksbehandler"),
            "koordinator": (Role.COORDINATOR, "Kari", "Koordinator"),
            "tjenesteyter": (Role.PROVIDER, "Tor", "Tjenesteyter"),
            "forelder": (Role.GUARDIAN, "Frida", "Forelder"),
            "leder": (Role.LEADER, "Lars", "Leder"),
            "admin": (Role.ADMIN, "Anne", "Administrator"),
        }
        users = {}
        for username, (role, first, last) in names.items():
            users[username] = self.user(
                role, None if role in (Role.ADMIN, Role.GUARDIAN) else municipality, username, first, last
            )
            self.result.demo_users.append((username, str(role.label)))
        physio = next(s for s in services if s.service_type_code == "KR01")
        municipal_org = physio.organisation
        professional = Professional.objects.create(
            user=users["tjenesteyter"],
            organisation=municipal_org,
            profession="fysioterapeut",
            hpr_number="9144889",
        )
        professional.services.add(physio)
        providers = {**providers, physio.pk: professional}
        Professional.objects.create(
            user=users["koordinator"], organisation=municipal_org, profession="koordinator"
        )
        coordinators.append(users["koordinator"])
        caseworkers.insert(0, users["saksbehandler"])
        family, guardians, team_services = self.family(
            municipality,
            services,
            providers,
            coordinators,
            users["saksbehandler"],
            guardian_user=users["forelder"],
        )
        if physio not in team_services:
            TeamMember.objects.create(
                family=family,
                professional=professional,
                service=physio,
                role="fysioterapeut",
                joined_on=self.today,
            )
            team_services.append(physio)
        else:
            TeamMember.objects.filter(family=family, service=physio).update(professional=professional)
        self.consent(family, guardians, team_services, users["saksbehandler"], "active")
        self.assign(family, users["koordinator"], CoordinatorKind.CHILD_COORDINATOR)


@transaction.atomic
def seed(
    families: int = 40, seed: int = 1, demo: bool | None = None, today: datetime.date | None = None
) -> SeedResult:
    """Create municipalities, services, professionals and `families` families. Demo users
    (password "demo") are created only in demo mode."""
    if demo is None:
        demo = settings.LOS_DEMO
    return _Seeder(seed, demo, today or dates.today()).run(families)
