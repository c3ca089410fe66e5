"""The family page's queries, per relation: a ceiling that holds with the plan, the team, the calendar,
the consents and the case all present, so a section that starts to read the same rows again (or per row)
fails here. Flat in the data: tests/people/test_query_counts.py and tests/plans/test_query_counts.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.casework.helpers import apply_for
from tests.plans.helpers import make_plan
from tests.team.helpers import make_relay_log

pytestmark = pytest.mark.django_db

# Measured on this world on PostgreSQL (SQLite takes the chain's lock without a query: one fewer); the
# session and the user (2) and the access-log write (5 on PostgreSQL) included.
# The messages with the health services section reads its three newest messages (one query) for the
# relations that reach the team area.
CEILINGS = {
    ("caseworker", "/familier/{f}/"): 23,
    ("coordinator", "/familier/{f}/"): 28,
    ("provider", "/familier/{f}/"): 29,
    ("guardian_user", "/familie/{f}/"): 34,
}


@pytest.mark.parametrize("who, path", list(CEILINGS))
def test_the_family_page_stays_under_its_query_ceiling(tenant, client_for, who, path):
    make_plan(tenant)
    make_relay_log(tenant)
    apply_for(tenant)
    client = client_for(getattr(tenant, who))
    url = path.format(f=tenant.family.pk)
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    ceiling = CEILINGS[(who, path)] - (0 if connection.vendor == "postgresql" else 1)
    assert len(queries.captured_queries) <= ceiling, [q["sql"][:120] for q in queries]
