"""Plan and referral pages keep the same number of queries as goals, measures, evaluations and families
grow; `plan_attention` too (the relay log's pages: tests/team/test_relay_query_counts.py)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from los.plans import selectors
from los.plans.models import IndividualPlan
from los.plans.services import evaluations as evaluation_services
from los.plans.services import goals as goal_services
from los.plans.services import plan as plan_services
from los.referrals.models import Referral
from tests.people.test_query_counts import add_families
from tests.team.helpers import make_relay_log

from .helpers import make_plan

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def grow_plan(t, goals):
    plan = make_plan(t)
    version = plan_services.working_version(plan)
    for i in range(goals):
        goal = goal_services.add_goal(version=version, text=f"Mål {i}")
        for j in range(3):
            m = goal_services.add_measure(
                goal,
                description=f"Tiltak {i}.{j}",
                responsible_service=t.physio,
                responsible_person=t.provider,
                evaluate_on=TODAY - datetime.timedelta(days=1),
            )
            evaluation_services.evaluate_measure(
                m,
                t.coordinator,
                evaluated_on=TODAY,
                text="Bra",
                outcome="continue",
                next_evaluation_on=TODAY + datetime.timedelta(days=30),
            )
    evaluation_services.add_comment(version, t.guardian_user, f"Kommentar {goals}")
    return plan


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "who, path",
    [
        ("coordinator", "/plan/{f}/"),
        ("guardian_user", "/plan/{f}/familie/"),
        ("provider", "/plan/{f}/versjon/1/"),
        ("guardian_user", "/plan/{f}/sammenlign/?fra=1&til=1"),
        ("coordinator", "/familier/{f}/"),
    ],
)
def test_plan_pages_have_constant_query_counts(tenant, client_for, who, path):
    c = client_for(getattr(tenant, who))
    url = path.format(f=tenant.family.pk)
    grow_plan(tenant, 1)
    small = count(c, url)
    grow_plan(tenant, 12)
    assert count(c, url) == small


def test_referral_list_has_a_constant_query_count(tenant, client_for):
    c = client_for(tenant.coordinator)
    url = f"/henvisninger/{tenant.family.pk}/"
    Referral.objects.create(
        family=tenant.family, service=tenant.physio, reason="x", sent_by=tenant.coordinator
    )
    small = count(c, url)
    for i in range(20):
        Referral.objects.create(
            family=tenant.family, service=tenant.school, reason=f"y{i}", sent_by=tenant.coordinator
        )
    assert count(c, url) == small


def test_plan_attention_uses_the_same_queries_for_5_and_200_families(tenant):
    make_plan(tenant)
    make_relay_log(tenant)
    add_families(tenant, 5)
    ids = list(tenant.municipality.families.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as small:
        selectors.plan_attention(ids, TODAY + datetime.timedelta(days=400))
    add_families(tenant, 195)
    ids = list(tenant.municipality.families.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as large:
        result = selectors.plan_attention(ids, TODAY + datetime.timedelta(days=400))
    assert len(large.captured_queries) == len(small.captured_queries) <= 3
    assert "Revisjon av planen er forsinket" in result[tenant.family.pk][0]
    assert IndividualPlan.objects.count() == 1
