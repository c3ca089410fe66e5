"""Plan, relay-log and referral pages keep the same number of queries as goals, measures, evaluations,
entries and families grow; `plan_attention` too."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from los.plans import relay, selectors, services
from los.plans.models import IndividualPlan, RelayLog
from los.referrals.models import Referral
from tests.people.test_query_counts import add_families

from .helpers import make_plan, make_relay_log, state_need_to_know

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def grow_plan(t, goals):
    plan = make_plan(t)
    version = services.working_version(plan)
    for i in range(goals):
        goal = services.add_goal(version=version, text=f"Mål {i}")
        for j in range(3):
            m = services.add_measure(
                goal,
                description=f"Tiltak {i}.{j}",
                responsible_service=t.physio,
                responsible_person=t.provider,
                evaluate_on=TODAY - datetime.timedelta(days=1),
            )
            services.evaluate_measure(
                m,
                t.coordinator,
                evaluated_on=TODAY,
                text="Bra",
                outcome="continue",
                next_evaluation_on=TODAY + datetime.timedelta(days=30),
            )
    services.add_comment(version, t.guardian_user, f"Kommentar {goals}")
    return plan


def grow_relay(t, n):
    log = make_relay_log(t)
    for i in range(n):
        relay.add_entry(log, t.caseworker, kind="positive", text=f"Fint {i}", happened_on=TODAY)
        goal = services.add_goal(relay_log=log, text=f"Relay-mål {i}")
        services.add_measure(goal, description=f"Relay-tiltak {i}", responsible_person=t.provider)
    return log


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


@pytest.mark.parametrize(
    "who, path",
    [
        ("provider", "/stafettlogg/{f}/{log}/"),
        ("guardian_user", "/stafettlogg/{f}/{log}/familie/"),
        ("caseworker", "/stafettlogg/{f}/"),
    ],
)
def test_relay_pages_have_constant_query_counts(tenant, client_for, who, path):
    c = client_for(getattr(tenant, who))
    state_need_to_know(tenant.caseworker, tenant.family)  # the caseworker reads the log with a stated need
    log = grow_relay(tenant, 1)
    url = path.format(f=tenant.family.pk, log=log.pk)
    small = count(c, url)
    grow_relay(tenant, 15)
    relay.offer_handover(log, tenant.provider, to_holder=tenant.coordinator)
    RelayLog.objects.create(
        family=tenant.family, concern="Ny", level=0, holder=tenant.provider, opened_by=tenant.provider
    )
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
