"""The rows of the past cases in the demo's history (`los.reports.demo`): the families, their consents,
the applications with the eligibility engine's assessment as the caseworker confirmed it, interim
replies, decisions, complaints, and the coordinators' assignments.

Rows are written in bulk, parents first, children by the parents' ids.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from los.casework import eligibility
from los.casework.deadlines import complaint_deadline
from los.casework.eligibility_request import assessment_to_dict, facts_from_request
from los.casework.models import (
    Application,
    ApplicationStatus,
    Channel,
    ComplaintState,
    CoordinatorKind,
    CriterionReview,
    Decision,
    DecisionRight,
    EligibilityAssessment,
    InterimReply,
    Outcome,
    Right,
)
from los.casework.models import Complaint as ComplaintRow
from los.casework.outcomes import judge, legal_basis
from los.casework.services.assessments import final_rights, validate_facts
from los.consent.models import Consent, ConsentSignature
from los.coordinators.models import CoordinatorAssignment
from los.core import dates
from los.people.models import Child, Family, Guardian, ParentalResponsibility

from .demo import COORDINATOR, PLAN_ONLY, REFUSED, Case, Place, Timeline, days

HEALTH = ["Fysioterapi for barn", "Helsestasjon og skolehelsetjeneste", "Barneklinikken", "Ergoterapi"]
OTHER = ["Skolen", "PPT", "Barnehagen", "NAV-kontoret"]
LANGUAGES = ["ar", "so", "ti", "pl", "uk", "fa"]
REFUSAL = (
    "Barnet trenger i dag bare helse- og omsorgstjenester. Loven krever også behov for andre "
    "velferdstjenester. Søk på nytt hvis behovet endrer seg."
)
MORE_GENEROUS = "Kommunen mener familien trenger en barnekoordinator selv om vilkårene ikke er oppfylt."
PLAN_BEYOND_LAW = "Kommunen mener familien trenger en individuell plan."
INTERIM_REASONS = [
    "Vi venter på en uttalelse fra Barneklinikken.",
    "Vi venter på opplysninger fra skolen.",
    "Vi skal ha en samtale med familien før vi avgjør saken.",
]
CHOSEN_BECAUSE = [
    "Har kapasitet og kjenner skolen.",
    "Familien ønsket en koordinator med helsefaglig bakgrunn.",
    "Kjenner barnehagen og PPT.",
    "Snakker familiens språk.",
]
HANDED_OVER = "Koordinatoren sluttet i kommunen."
TAKES_OVER = "Overtok familien da forrige koordinator sluttet."
# Children turning 18 within half a year show as transitions to plan: none of the history's do.
OLDEST_AGE_TODAY = 17.3


def write(timeline: Timeline, places: list[Place]) -> None:
    cases = [case for place in places for case in place.cases]
    for place in places:
        _people(timeline, place)
    Family.objects.bulk_create([c.family for c in cases])
    for case in cases:
        for person in (*case.children, *case.guardians):
            person.family_id = case.family.pk
    Child.objects.bulk_create([child for c in cases for child in c.children])
    Guardian.objects.bulk_create([g for c in cases for g in c.guardians])
    result = timeline.seeder.result
    result.families += len(cases)
    result.children += sum(len(c.children) for c in cases)
    result.guardians += sum(len(c.guardians) for c in cases)
    _consents(timeline, cases)
    _applications(timeline, cases)
    CoordinatorAssignment.objects.bulk_create(
        [
            CoordinatorAssignment(
                family_id=case.family.pk,
                coordinator_id=coordinator.user.pk,
                kind=CoordinatorKind.COORDINATOR
                if case.kind == COORDINATOR and case.right == Right.COORDINATOR
                else CoordinatorKind.CHILD_COORDINATOR,
                starts_on=starts,
                ends_on=ends,
                end_reason=HANDED_OVER if ends else "",
                application_id=case.application.pk,
                need_level=case.need,
                chosen_because=TAKES_OVER if k else timeline.rng.choice(CHOSEN_BECAUSE),
                appointed_by_id=case.caseworker.pk,
            )
            for case in cases
            for k, (coordinator, starts, ends) in enumerate(case.spells)
        ]
    )


def _people(timeline: Timeline, place: Place) -> None:
    """A family for each case: names from Faker's Norwegian locale, synthetic national ids, children who
    are neither turning 18 within half a year nor unborn (no transitions to plan in the history)."""
    rng, fake, today = timeline.rng, timeline.seeder.fake, timeline.today
    youngest_birth = today - days(round(OLDEST_AGE_TODAY * 365.25))
    usable = [s for s in place.services if s.service_type_code != "KR01"]  # not tjenesteyter's service
    for case in place.cases:
        last = fake.last_name()
        case.caseworker = rng.choice(place.caseworkers)
        case.family = Family(
            municipality_id=place.municipality.pk,
            name=f"Familien {last}",
            created_at=dates.at(case.received, dt.time(10)),
        )
        for _ in range(rng.choices([1, 2], weights=[70, 30])[0]):
            birth = case.received - days(rng.randrange(120, 15 * 365))
            while birth <= youngest_birth:
                birth = case.received - days(rng.randrange(120, 15 * 365))
            case.children.append(
                Child(
                    first_name=fake.first_name(),
                    last_name=last,
                    birth_date=birth,
                    national_id=timeline.seeder.national_id(birth),
                )
            )
        case.child = case.children[0]
        two = rng.random() < 0.75
        for k in range(2 if two else 1):
            birth = today - days(rng.randrange(24 * 365, 55 * 365))
            first = fake.first_name()
            surname = last if k == 0 or rng.random() < 0.6 else fake.last_name()
            interpreter = rng.random() < 0.15
            case.guardians.append(
                Guardian(
                    first_name=first,
                    last_name=surname,
                    email=f"{first}.{surname}@example.invalid".lower().replace(" ", ""),
                    phone=f"4{rng.randrange(1000000, 9999999)}",
                    parental_responsibility=ParentalResponsibility.JOINT
                    if two
                    else ParentalResponsibility.MOTHER,
                    preferred_language=rng.choice(LANGUAGES) if interpreter else "nb",
                    interpreter_needed=interpreter,
                    national_id=timeline.seeder.national_id(birth),
                )
            )
        case.services = rng.sample(usable, k=min(len(usable), rng.randrange(2, 4)))


def _consents(timeline: Timeline, cases: list[Case]) -> None:
    """Consent from when the family applied, signed on paper: in force while the family has a right (a
    coordinator or a plan); for a refused family, ended a while after the decision."""
    rng = timeline.rng
    for case in cases:
        ends = None
        if not case.has_right:
            ends = max(
                case.received, min(case.decided + days(rng.randrange(30, 200)), timeline.today - days(1))
            )
        given = dates.at(case.received, dt.time(12))
        case.consent = Consent(
            family_id=case.family.pk,
            starts_on=case.received,
            ends_on=ends,
            covers_individual_plan=case.has_right,
            created_at=given,
            created_by_id=case.caseworker.pk,
            effective_at=given,
        )
    Consent.objects.bulk_create([c.consent for c in cases])
    Consent.services.through.objects.bulk_create(
        [
            Consent.services.through(consent_id=c.consent.pk, service_id=s.pk)
            for c in cases
            for s in c.services
        ]
    )
    ConsentSignature.objects.bulk_create(
        [
            ConsentSignature(
                consent_id=c.consent.pk,
                guardian_id=g.pk,
                given_at=c.consent.created_at,
                recorded_by_id=c.caseworker.pk,
                on_paper=True,
                signed_on=c.received,
            )
            for c in cases
            for g in c.guardians
            if g.has_parental_responsibility
        ]
    )


def _applications(timeline: Timeline, cases: list[Case]) -> None:
    """The applications, each with the engine's assessment as the caseworker confirmed it, an interim
    reply when one was sent, the decision (with one letter for all: see `_letter`) and, for a complaint,
    how it ended: a new decision, or sent on to Statsforvalteren."""
    rng = timeline.rng
    found = []
    for case in cases:
        wants_coordinator = case.kind == COORDINATOR and case.right == Right.COORDINATOR
        other = [] if case.kind == REFUSED else rng.sample(OTHER, k=rng.randrange(1, 3))
        health = rng.sample(HEALTH, k=2)
        case.application = Application(
            family_id=case.family.pk,
            child_id=case.child.pk,
            channel=rng.choice([Channel.LETTER, Channel.PHONE, Channel.EMAIL, Channel.HEALTH_NETWORK]),
            received_on=case.received,
            status=ApplicationStatus.DECIDED,
            wants_coordinator=wants_coordinator,
            wants_child_coordinator=case.kind != PLAN_ONLY and not wants_coordinator,
            wants_individual_plan=case.wants_plan,
            about_child="Barnet har en alvorlig sykdom og mange avtaler med ulike tjenester. "
            "Foreldrene bruker mye tid på å samordne.",
            health_and_care_services=health,
            other_welfare_services=other,
            wishes="En koordinator som er lett å nå, og som kjenner skolen.",
            child_views="Barnet vil ha færre møter og én voksen å spørre.",
            submitted_by_id=case.caseworker.pk,
            created_at=dates.at(case.received, dt.time(11)),
        )
        request = validate_facts(
            {
                "assessed_on": case.assessed,
                "child_birth_date": case.child.birth_date,
                "serious_condition": True,
                "long_term_needs": True,
                "complex_needs": True,
                "health_and_care_services": health,
                "other_welfare_services": other,
                "guardians_want_child_coordinator": case.kind != PLAN_ONLY,
            }
        )
        result = assessment_to_dict(eligibility.assess(facts_from_request(request)))
        confirmed = [
            SimpleNamespace(right=right, code=c["code"], status=c["status"], reason="")
            for right, assessed in result["rights"].items()
            for c in assessed["criteria"]
        ]
        found.append((case, request.model_dump(mode="json"), result, confirmed))
    Application.objects.bulk_create([c.application for c in cases])
    assessments = [
        EligibilityAssessment(
            application_id=case.application.pk,
            assessed_on=case.assessed,
            facts=facts,
            result=result,
            created_by_id=case.caseworker.pk,
            created_at=dates.at(case.assessed, dt.time(12)),
        )
        for case, facts, result, _confirmed in found
    ]
    EligibilityAssessment.objects.bulk_create(assessments)
    CriterionReview.objects.bulk_create(
        [
            CriterionReview(
                assessment_id=assessment.pk,
                right=review.right,
                code=review.code,
                engine_status=review.status,
                status=review.status,
                reviewed_by_id=case.caseworker.pk,
                reviewed_at=dates.at(case.assessed, dt.time(12, 30)),
            )
            for (case, _facts, _result, confirmed), assessment in zip(found, assessments, strict=True)
            for review in confirmed
        ]
    )
    InterimReply.objects.bulk_create(
        [_interim_reply(rng, case) for case in cases if case.interim is not None]
    )
    _decisions(timeline, found, assessments)


def _interim_reply(rng, case: Case) -> InterimReply:
    expected = max(case.decided + days(rng.randrange(0, 8)), case.interim + days(1))
    reason = rng.choice(INTERIM_REASONS)
    return InterimReply(
        application_id=case.application.pk,
        sent_on=case.interim,
        reason=reason,
        expected_by=expected,
        letter_text=f"Vi har mottatt søknaden deres. {reason} "
        f"Dere kan vente svar innen {dates.long_date(expected, 'nb')}.",
        sent_by_id=case.caseworker.pk,
    )


def _decisions(timeline: Timeline, found, assessments) -> None:
    letter = _letter()
    first, upheld = [], []
    for (case, _facts, result, confirmed), assessment in zip(found, assessments, strict=True):
        rights = final_rights(SimpleNamespace(result=result), confirmed)
        first.append((case, *_decision(case, assessment, rights, case.decided, letter)))
        if case.complaint is not None and case.complaint.upheld is not None:
            upheld.append((case, *_decision(case, assessment, rights, case.complaint.upheld, letter, True)))
    # A decision that replaces another names the other's id: the first decisions go in first.
    Decision.objects.bulk_create([decision for _case, decision, _judged in first])
    replaced = {case: decision for case, decision, _judged in first}
    for case, decision, _judged in upheld:
        decision.replaces_id = replaced[case].pk
    Decision.objects.bulk_create([decision for _case, decision, _judged in upheld])
    DecisionRight.objects.bulk_create(
        [
            DecisionRight(decision_id=decision.pk, **vars(judged))
            for _case, decision, outcomes in first + upheld
            for judged in outcomes
        ]
    )
    new = {case: decision for case, decision, _judged in upheld}
    complaints = []
    for case, decision, _judged in first:
        complaint = case.complaint
        if complaint is None:
            continue
        complaints.append(
            ComplaintRow(
                decision_id=decision.pk,
                state=ComplaintState.UPHELD if complaint.upheld else ComplaintState.FORWARDED,
                channel=Channel.LETTER,
                received_on=complaint.received,
                grounds="Vi mener skolen er en velferdstjeneste barnet trenger tilrettelegging fra, og at "
                "barnet derfor har rett til barnekoordinator.",
                submitted_by_id=case.caseworker.pk,
                reconsideration_started_on=complaint.started,
                resolved_on=complaint.upheld,
                new_decision_id=new[case].pk if complaint.upheld else None,
                municipality_assessment=""
                if complaint.upheld
                else "Barnet får i dag ingen tilrettelegging fra skolen, og vilkåret om behov for andre "
                "velferdstjenester er ikke oppfylt.",
                forwarded_on=complaint.forwarded,
            )
        )
    ComplaintRow.objects.bulk_create(complaints)


def _decision(case: Case, assessment, rights, day: dt.date, letter: bytes, upholds: bool = False):
    """The decision on `day` and its outcome per right: what the law gives, as `judge` checks it. A
    complaint upheld gives the child coordinator the first decision refused, beyond the law's minimum."""
    outcomes = {}
    if case.kind == COORDINATOR:
        outcomes[case.right] = (Outcome.GRANTED, "", "")
    elif case.kind == REFUSED:
        outcomes[Right.CHILD_COORDINATOR] = (
            (Outcome.GRANTED, "", MORE_GENEROUS) if upholds else (Outcome.REFUSED, REFUSAL, "")
        )
    if case.wants_plan:
        law_gives = rights[Right.INDIVIDUAL_PLAN]["status"] == eligibility.Status.YES
        outcomes[Right.INDIVIDUAL_PLAN] = (Outcome.GRANTED, "", "" if law_gives else PLAN_BEYOND_LAW)
    judged = judge(rights, outcomes)
    decision = Decision(
        application_id=case.application.pk,
        assessment_id=assessment.pk,
        decided_on=day,
        valid_from=day,
        notified_on=day,
        complaint_deadline=complaint_deadline(day),
        facts="Søknaden fra foreldrene, samtale med familien og uttalelse fra fastlegen.",
        family_views="Foreldrene ønsker én fast person som hjelper dem å samordne tjenestene.",
        child_views="Barnet ønsker færre møter og én voksen å spørre.",
        weighing="Familiens og barnets ønsker er lagt stor vekt på.",
        legal_basis=legal_basis(judged),
        contact_person_id=case.caseworker.pk,
        decided_by_id=case.caseworker.pk,
        created_at=dates.at(day, dt.time(13)),
        letter_pdf=letter,
    )
    return decision, judged


def _letter() -> bytes:
    """One letter for every past decision (rendering one each would take minutes). It says that it
    stands in for the letter the family got."""
    from los.casework.letters import _render_pdf

    return _render_pdf(
        "<html lang='nb'><body><h1>Vedtak</h1>"
        "<p>Syntetiske demodata: denne saken er en del av demoens historikk. Brevet familien fikk, er ikke "
        "laget på nytt.</p></body></html>"
    )
