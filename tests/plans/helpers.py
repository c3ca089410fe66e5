"""Plans and referrals for tests (relay logs: tests/team/helpers.py). Every builder is idempotent: it
returns the existing row."""

import datetime

from django.utils import timezone

from los.core.models import NeedToKnow, NeedToKnowReason
from los.plans.models import Goal, IndividualPlan, Measure
from los.plans.services import goals as goal_services
from los.plans.services import plan as plan_services
from los.referrals.models import PatientOrganisation, Referral
from tests.factories import give_full_consent


def state_need_to_know(
    user, family, explanation="Koordinator er syk, familien trenger hjelp nå"
) -> NeedToKnow:
    """A caseworker's stated need to know for the family, in force for a day (the form's result)."""
    now = timezone.now()
    return NeedToKnow.objects.create(
        user=user,
        family=family,
        reason=NeedToKnowReason.COORDINATOR_ABSENT,
        explanation=explanation,
        starts_at=now,
        expires_at=now + datetime.timedelta(days=1),
    )


def consent_to_plan(t):
    """An active consent that covers the individual plan (and physiotherapy)."""
    consent = plan_services.plan_consent(t.family)
    return consent or give_full_consent(t.family, [t.physio], t.caseworker, covers_individual_plan=True)


def make_plan(t, **fields) -> IndividualPlan:
    plan = IndividualPlan.objects.filter(family=t.family).first()
    if plan:
        return plan
    consent_to_plan(t)
    today = timezone.localdate()
    plan = plan_services.create_plan(
        t.family,
        t.coordinator,
        period_start=today - datetime.timedelta(days=30),
        next_revision_on=today + datetime.timedelta(days=150),
        resources="Emma liker å svømme.",
        needs="Hjelp til å gå lengre strekninger.",
        **fields,
    )
    version = plan_services.working_version(plan)
    goal = goal_services.add_goal(version=version, text="Jeg vil gå til skolen selv")
    goal_services.add_measure(
        goal,
        description="Gåtrening med fysioterapeut",
        responsible_service=t.physio,
        responsible_person=t.provider,
        scope="to ganger i uka",
        how="På skolen i friminuttet",
        evaluate_on=today + datetime.timedelta(days=20),
    )
    return plan


def plan_goal(t) -> Goal:
    return Goal.objects.filter(version__plan=make_plan(t), version__frozen_at__isnull=True).first()


def plan_measure(t) -> Measure:
    return Measure.objects.filter(goal=plan_goal(t)).first()


def make_organisation(t) -> PatientOrganisation:
    org, _ = PatientOrganisation.objects.get_or_create(
        municipality=t.municipality,
        name="Funksjonshemmedes Fellesorganisasjon (FFO)",
        defaults={"helps_with": "Rettighetssenter og råd om rettigheter", "website": "https://www.ffo.no"},
    )
    return org


def make_referral(t) -> Referral:
    referral = Referral.objects.filter(family=t.family).first()
    return referral or Referral.objects.create(
        family=t.family, service=t.physio, reason="Vurdering av hjelpemidler", sent_by=t.coordinator
    )


# URL kwargs for the access matrix (tests/core/test_access_matrix.py)
def plan_kwargs(t) -> dict:
    return {"family_id": make_plan(t).family_id}


def goal_kwargs(t) -> dict:
    return {"family_id": t.family.pk, "goal_id": plan_goal(t).pk}


def measure_kwargs(t) -> dict:
    return {"family_id": t.family.pk, "measure_id": plan_measure(t).pk}


def version_kwargs(t) -> dict:
    return {"family_id": make_plan(t).family_id, "number": 1}


def referral_kwargs(t) -> dict:
    return {"family_id": t.family.pk, "referral_id": make_referral(t).pk}


def organisation_kwargs(t) -> dict:
    return {"organisation_id": make_organisation(t).pk}
