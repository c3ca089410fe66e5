"""The access policy's family query reads only the families the relation reaches, on PostgreSQL's plan.

A hosted installation holds many municipalities; a user's page must not grow with the families of other
municipalities, nor (for a coordinator, a team member or a guardian) with the families of their own
municipality they have no relation to. The test builds two large municipalities, asks PostgreSQL for the
executed plan of the policy query (`EXPLAIN (ANALYZE, FORMAT JSON)`, sequential scans discouraged as at a
size where they would not pay) and counts the family rows each plan node reads."""

import datetime

import pytest
from django.db import connection, transaction

from los.core import access, grants
from los.people.models import Family

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the query plan is PostgreSQL's; run with DATABASE_URL"
    ),
]

OWN_EXTRA = 400
OTHER = 800


def family_rows_read(plan: dict) -> tuple[int, list[str]]:
    """Rows of people_family every node of the plan read (returned or filtered away), and the node types."""
    read, kinds = 0, []
    if plan.get("Relation Name") == "people_family":
        loops = plan.get("Actual Loops", 1)
        read += plan.get("Actual Rows", 0) * loops
        read += plan.get("Rows Removed by Filter", 0) + plan.get("Rows Removed by Index Recheck", 0)
        kinds.append(plan["Node Type"])
    for child in plan.get("Plans", []):
        more, more_kinds = family_rows_read(child)
        read += more
        kinds += more_kinds
    return read, kinds


def executed_plan(queryset) -> dict:
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        return cursor.fetchone()[0][0]


@pytest.fixture
def crowded(tenant, other_tenant):
    Family.objects.bulk_create(
        [Family(municipality=tenant.municipality, name=f"Familien Egen{i:04d}") for i in range(OWN_EXTRA)]
        + [
            Family(municipality=other_tenant.municipality, name=f"Familien Annen{i:04d}")
            for i in range(OTHER)
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return tenant


@pytest.mark.parametrize("role", ["caseworker", "coordinator", "provider", "guardian_user"])
@pytest.mark.parametrize("query", ["page", "one_family"])
def test_the_policy_query_reads_no_family_of_another_municipality(crowded, role, query):
    user = getattr(crowded, role)
    families = access.visible_families(user, datetime.date.today())
    own = Family.objects.filter(municipality=crowded.municipality).count()
    reached = families.count()
    assert reached >= 1
    if query == "page":
        queryset = families.order_by("name")[:50]
    else:  # the grant's own query for one family (`grant_for`)
        queryset = grants.one_family(user, crowded.family.pk, datetime.date.today())
    plan = executed_plan(queryset)
    read, kinds = family_rows_read(plan["Plan"])
    assert "Seq Scan" not in kinds, kinds
    if role == "caseworker" and query == "page":
        # The unit reaches every family of its municipality, and an ordered page reads them through the
        # tenant index: never the other municipality's.
        assert read <= own, (read, own)
    else:
        # Everyone else reads the families they reach (and a few index neighbours), not their whole
        # municipality, let alone the installation.
        assert read <= max(reached, 1) * 2 + 2, (read, reached, kinds)
