"""A small world for tests: two municipalities, each with services, staff of every role and families.

All people are synthetic; national ids follow Skatteetaten's synthetic convention (month + 80).
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from los.casework.models import CoordinatorKind
from los.consent.models import Consent, ConsentSignature
from los.coordinators.models import CoordinatorAssignment
from los.core.models import CoordinatingUnit, Municipality, Role, User
from los.people.identifiers import make_org_number, make_synthetic_national_id
from los.people.models import (
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
from los.team.models import TeamMember

PASSWORD = "test-passord-123"


def make_user(username, role, municipality=None, **extra) -> User:
    user = User(username=username, role=role, municipality=municipality, first_name=username.title(), **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


@dataclass
class Tenant:
    municipality: Municipality
    physio: Service
    school: Service
    caseworker: User
    coordinator: User
    provider: User
    school_provider: User
    other_provider: User
    leader: User
    guardian_user: User
    family: Family
    other_family: Family
    guardians: list[Guardian] = field(default_factory=list)
    consent: Consent | None = None


def make_tenant(prefix: str, number: str, index: int = 0) -> Tenant:
    municipality = Municipality.objects.create(name=f"{prefix}vik", number=number)
    CoordinatingUnit.objects.create(municipality=municipality, name=f"Koordinerende enhet {prefix}")
    org = Organisation.objects.create(
        municipality=municipality,
        name=f"{prefix}vik kommune",
        kind=OrganisationKind.MUNICIPALITY,
        org_number=make_org_number(92000000 + index * 100),
    )
    school_org = Organisation.objects.create(
        municipality=municipality, name=f"{prefix}vik skole", kind=OrganisationKind.SCHOOL
    )
    physio = Service.objects.create(
        organisation=org, name="Fysioterapi", sector=Sector.HEALTH_AND_CARE, service_type_code="KR01"
    )
    school = Service.objects.create(organisation=school_org, name="Skolen", sector=Sector.OTHER_WELFARE)
    caseworker = make_user(f"{prefix}saksbehandler", Role.CASEWORKER, municipality)
    coordinator = make_user(f"{prefix}koordinator", Role.COORDINATOR, municipality)
    provider = make_user(f"{prefix}fysio", Role.PROVIDER, municipality)
    school_provider = make_user(f"{prefix}laerer", Role.PROVIDER, municipality)
    other_provider = make_user(f"{prefix}annen", Role.PROVIDER, municipality)
    leader = make_user(f"{prefix}leder", Role.LEADER, municipality)
    guardian_user = make_user(f"{prefix}forelder", Role.GUARDIAN)
    for user, service in [(provider, physio), (school_provider, school), (other_provider, physio)]:
        professional = Professional.objects.create(user=user, organisation=service.organisation)
        professional.services.add(service)
    Professional.objects.create(user=coordinator, organisation=org, profession="koordinator")

    family = make_family(municipality, f"Familien {prefix}sen", guardian_user=guardian_user)
    other_family = make_family(municipality, f"Familien {prefix}dal")
    guardians = list(family.guardians.all())
    TeamMember.objects.create(
        family=family, professional=provider.professional, service=physio, role="fysioterapeut"
    )
    TeamMember.objects.create(
        family=family, professional=school_provider.professional, service=school, role="lærer"
    )
    consent = give_full_consent(family, [physio], caseworker)
    CoordinatorAssignment.objects.create(
        family=family, coordinator=coordinator, kind=CoordinatorKind.CHILD_COORDINATOR
    )
    return Tenant(
        municipality=municipality,
        physio=physio,
        school=school,
        caseworker=caseworker,
        coordinator=coordinator,
        provider=provider,
        school_provider=school_provider,
        other_provider=other_provider,
        leader=leader,
        guardian_user=guardian_user,
        family=family,
        other_family=other_family,
        guardians=guardians,
        consent=consent,
    )


_id_counter = [600]


def synthetic_id(birth: datetime.date) -> str:
    """A fresh synthetic id: the individual number cycles inside the century's range (500-999 for births
    from 2000), so ids made one after another do not run together however many a test run makes."""
    _id_counter[0] += 3
    return make_synthetic_national_id(birth, _id_counter[0] % 500 + (500 if birth.year >= 2000 else 0))


def make_family(municipality, name, guardian_user=None, second_guardian=True) -> Family:
    family = Family.objects.create(municipality=municipality, name=name)
    birth = datetime.date(2016, 5, 17)
    Child.objects.create(
        family=family,
        first_name="Emma",
        last_name=name.split()[-1],
        birth_date=birth,
        national_id=synthetic_id(birth),
    )
    Guardian.objects.create(
        family=family,
        user=guardian_user,
        first_name="Ingrid",
        last_name=name.split()[-1],
        parental_responsibility=ParentalResponsibility.JOINT,
        email="ingrid@example.invalid",
    )
    if second_guardian:
        Guardian.objects.create(
            family=family,
            first_name="Ola",
            last_name="Nordmann",
            parental_responsibility=ParentalResponsibility.JOINT,
            preferred_language="pl",
            interpreter_needed=True,
        )
    return family


def give_full_consent(family, services, by_user, **fields) -> Consent:
    consent = Consent.objects.create(
        family=family,
        starts_on=fields.pop("starts_on", timezone.localdate() - datetime.timedelta(days=10)),
        created_by=by_user,
        effective_at=timezone.now(),
        **fields,
    )
    consent.services.set(services)
    for guardian in family.guardians.all():
        if guardian.has_parental_responsibility:
            ConsentSignature.objects.create(consent=consent, guardian=guardian, recorded_by=by_user)
    return consent
