"""The relay log's pages keep the same number of queries as entries, goals, measures, handovers and logs
grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from los.core import dates
from los.plans.services import goals as goal_services
from los.team.models import RelayLog
from los.team.services import relay
from tests.plans.helpers import state_need_to_know

from .helpers import make_relay_log

pytestmark = pytest.mark.django_db
TODAY = dates.today()


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def grow_relay(t, n):
    log = make_relay_log(t)
    for i in range(n):
        relay.add_entry(log, t.caseworker, kind="positive", text=f"Fint {i}", happened_on=TODAY)
        goal = goal_services.add_goal(relay_log=log, text=f"Relay-mål {i}")
        goal_services.add_measure(goal, description=f"Relay-tiltak {i}", responsible_person=t.provider)
    return log


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
