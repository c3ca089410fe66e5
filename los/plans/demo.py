"""Demo data for plans, relay logs and referrals (called from `los.people.demo`).

Deterministic: no randomness, dates relative to the seed's `today`. The directory holds widely known
national umbrella organisations only."""

import datetime

from django.db.models import Exists, OuterRef

from los.casework.models import CoordinatorKind
from los.consent.models import Consent
from los.coordinators.models import CoordinatorAssignment
from los.core.models import User
from los.people.models import Family, Service
from los.referrals.models import PatientOrganisation, Referral, ReferralStatus
from los.team.models import EntryKind, TeamMember
from los.team.services import relay

from .services import evaluations as evaluation_services
from .services import goals as goal_services
from .services import plan as plan_services

ORGANISATIONS = [
    (
        "Funksjonshemmedes Fellesorganisasjon (FFO)",
        "Paraplyorganisasjon for organisasjoner av funksjonshemmede og kronisk syke. "
        "Rettighetssenteret gir råd om rettigheter.",
        "https://www.ffo.no",
    ),
    (
        "Unge funksjonshemmede",
        "Samarbeidsorgan for ungdomsorganisasjoner av funksjonshemmede og kronisk syke.",
        "https://ungefunksjonshemmede.no",
    ),
    (
        "Norges Handikapforbund",
        "Interesseorganisasjon for personer med funksjonsnedsettelser, med egen avdeling for barn og unge.",
        "https://www.nhf.no",
    ),
    (
        "Foreningen for hjertesyke barn",
        "Støtte og informasjon til familier med barn som har hjertesykdom.",
        "https://www.ffhb.no",
    ),
    (
        "Barnekreftforeningen",
        "Støtte til barn med kreft og familiene deres.",
        "https://www.barnekreftforeningen.no",
    ),
    (
        "Autismeforeningen i Norge",
        "Informasjon, kurs og likepersoner for familier med autisme.",
        "https://www.autismeforeningen.no",
    ),
]


def seed_plans(seeder, built) -> None:
    """The directory of patient organisations, a plan with two versions, referrals and a relay log."""
    for municipality, *_ in built:
        PatientOrganisation.objects.bulk_create(
            [
                PatientOrganisation(municipality=municipality, name=n, helps_with=h, website=w)
                for n, h, w in ORGANISATIONS
            ]
        )
    if not seeder.demo:
        return
    today = seeder.today
    coordinator = User.objects.get(username="koordinator")
    provider = User.objects.get(username="tjenesteyter")
    family = Family.objects.get(guardians__user__username="forelder")
    _plan_with_two_versions(family, coordinator, provider, today)
    _referrals(family, coordinator, today)
    _relay_log(built[0][0], family, coordinator, today)


def _allow_plan(family) -> None:
    consent = Consent.objects.active().filter(family=family).order_by("id").first()
    if consent is not None:
        Consent.objects.filter(pk=consent.pk).update(covers_individual_plan=True)


def _plan_with_two_versions(family, coordinator, provider, today) -> None:
    _allow_plan(family)
    child = family.children.filter(birth_date__isnull=False).order_by("id").first()
    name = child.first_name if child else "Barnet"
    plan = plan_services.create_plan(
        family,
        coordinator,
        period_start=today - datetime.timedelta(days=200),
        period_end=today + datetime.timedelta(days=530),
        next_revision_on=today - datetime.timedelta(days=20),
        child=child,
        resources=f"{name} er nysgjerrig, liker musikk og har gode venner i klassen.",
        needs="Trening for å gå lengre, hjelp til å planlegge dagen, avlastning for foreldrene.",
        child_contribution=f"{name} øver på øvelsene hjemme.",
        relatives_contribution="Foreldrene følger opp øvelsene hjemme.",
        services_contribution="Fysioterapi, skolen og helsestasjonen.",
        cooperation="Skolen og fysioterapeuten møtes hver måned. "
        "Habiliteringstjenesten på sykehuset gir råd.",
    )
    version = plan_services.working_version(plan)
    physio = Service.objects.filter(professionals__user=provider).first()
    walk = goal_services.add_goal(
        version=version, text="Jeg vil gå til skolen sammen med vennene mine", voice="child"
    )
    rest = goal_services.add_goal(
        version=version, text="Vi vil ha tid til å hvile som familie", voice="family"
    )
    training = goal_services.add_measure(
        walk,
        description="Gåtrening med fysioterapeut",
        responsible_service=physio,
        responsible_person=provider,
        scope="to ganger i uka",
        how="På skolen, i første time",
        starts_on=today - datetime.timedelta(days=190),
        evaluate_on=today - datetime.timedelta(days=100),
    )
    goal_services.add_measure(
        rest,
        description="Søke om avlastning",
        responsible_person=coordinator,
        scope="én helg i måneden",
        evaluate_on=today - datetime.timedelta(days=60),
    )
    evaluation_services.evaluate_measure(
        training,
        coordinator,
        evaluated_on=today - datetime.timedelta(days=98),
        text="Går 500 meter uten pause.",
        outcome="continue",
        next_evaluation_on=today - datetime.timedelta(days=10),
    )
    v2 = plan_services.revise(plan, coordinator, "Halvårlig gjennomgang med familien")
    goal = v2.goals.get(lineage=walk.lineage)
    goal_services.update_goal(
        goal, text="Jeg vil gå til skolen og hjem igjen sammen med vennene mine", voice="child"
    )
    goal_services.add_measure(
        goal,
        description="Tilpasset kroppsøving",
        scope="hver gymtime",
        how="Læreren tilpasser øvelsene",
        evaluate_on=today + datetime.timedelta(days=40),
    )
    plan_services.update_version(v2, coordinator, next_revision_on=today + datetime.timedelta(days=20))
    evaluation_services.add_comment(
        v2,
        family.guardians.filter(user__isnull=False).first().user,
        "Fint at kroppsøvingen er med. Kan vi snakke om leksehjelp også?",
    )


def _referrals(family, coordinator, today) -> None:
    ffo = PatientOrganisation.objects.get(
        municipality=family.municipality, name__startswith="Funksjonshemmedes"
    )
    Referral.objects.create(
        family=family,
        organisation=ffo,
        reason="Råd om rettigheter og kontakt med andre foreldre",
        sent_on=today - datetime.timedelta(days=30),
        sent_by=coordinator,
        status=ReferralStatus.ACCEPTED,
        answered_on=today - datetime.timedelta(days=24),
        answer_note="Rettighetssenteret ringer familien.",
    )
    occupational = Service.objects.filter(
        organisation__municipality=family.municipality, service_type_code="KR02"
    ).first()
    if occupational:
        Referral.objects.create(
            family=family,
            service=occupational,
            reason="Vurdering av hjelpemidler hjemme",
            sent_on=today - datetime.timedelta(days=12),
            sent_by=coordinator,
            status=ReferralStatus.WAITING,
            answered_on=today - datetime.timedelta(days=5),
            answer_note="Venteliste, ca. seks uker.",
            expected_start_on=today + datetime.timedelta(days=40),
        )


def _relay_log(municipality, skip_family, coordinator, today) -> None:
    """A relay log in another family, held by a professional on its team, offered to `koordinator`."""
    active = Consent.objects.active().filter(family=OuterRef("pk"))
    candidates = (
        Family.objects.filter(municipality=municipality)
        .exclude(pk=skip_family.pk)
        .filter(Exists(active))
        .order_by("id")
    )
    family = (
        candidates.exclude(pk__in=CoordinatorAssignment.objects.current().values("family_id")).first()
        or candidates.first()
    )
    if family is None:
        return
    if not CoordinatorAssignment.objects.current().filter(family=family).exists():
        CoordinatorAssignment.objects.create(
            family=family,
            coordinator=coordinator,
            kind=CoordinatorKind.COORDINATOR,
            starts_on=today - datetime.timedelta(days=30),
        )
    covered = relay.covered_service_ids(family)
    member = (
        TeamMember.objects.filter(family=family, service_id__in=covered)
        .select_related("professional__user")
        .order_by("id")
        .first()
    )
    if member is None:
        return
    _allow_plan(family)
    holder = member.professional.user
    log = relay.open_relay_log(
        family,
        holder,
        concern="Barnet er mye borte fra skolen og virker slitent.",
        level=2,
        services=Service.objects.filter(pk__in=covered),
    )
    goal = goal_services.add_goal(
        relay_log=log, text="Jeg vil orke å være på skolen hele dagen", voice="child"
    )
    goal_services.add_measure(
        goal,
        description="Samtale hver uke",
        responsible_service=member.service,
        responsible_person=holder,
        scope="30 minutter i uka",
        evaluate_on=today + datetime.timedelta(days=14),
    )
    relay.add_entry(
        log,
        holder,
        kind=EntryKind.MEETING_NOTE,
        happened_on=today - datetime.timedelta(days=7),
        text="Møte med foreldrene og skolen. Vi prøver kortere skoledager i to uker.",
    )
    relay.add_entry(
        log,
        holder,
        kind=EntryKind.POSITIVE,
        happened_on=today - datetime.timedelta(days=2),
        text="Var med på hele skoledagen tirsdag og torsdag.",
    )
    if relay.may_hold(coordinator, log):
        relay.offer_handover(
            log, holder, to_holder=coordinator, note="Nå trengs det samarbeid med flere tjenester."
        )
