"""The demo has a plan with two versions for forelder's family, a relay log waiting for koordinator in
another family, referrals and a directory of organisations."""

import pytest
from django.test import Client, override_settings

from los.people.demo import seed
from los.plans.models import IndividualPlan
from los.referrals.models import PatientOrganisation, Referral
from los.team.models import RelayHandover


@pytest.fixture
def demo(db):
    with override_settings(LOS_DEMO=True):
        return seed(families=12, seed=7)


def test_demo_plan_relay_log_and_referrals(demo):
    plan = IndividualPlan.objects.get(family__guardians__user__username="forelder")
    assert plan.versions.count() == 2
    offer = RelayHandover.objects.get()
    assert offer.to_holder.username == "koordinator" and offer.is_pending
    assert offer.relay_log.family_id != plan.family_id
    assert Referral.objects.filter(family=plan.family).count() == 2
    assert PatientOrganisation.objects.filter(name__contains="FFO").count() == 3
    c = Client()
    c.post("/logg-inn/", {"username": "koordinator", "password": "demo"})
    assert (
        "Du er spurt om å bli stafettholder"
        in c.get(f"/familier/{offer.relay_log.family_id}/").content.decode()
    )
    compare = c.get(f"/plan/{plan.family_id}/sammenlign/")
    assert compare.status_code == 200 and "Tilpasset kroppsøving" in compare.content.decode()
