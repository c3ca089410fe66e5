"""The family's access log is read through indexes that match its order (newest first, then id), so a page
costs a walk of 50 index entries, not a sort of every row the family has (bench/access_log.py measures it
at 10 million rows). The planner is asked to avoid sequential scans, as it would at that size; the check
is that the page's query is answered from the index, with no sort."""

import datetime

import pytest
from django.db import connection

from los.core.models import AccessLogEntry
from los.people import selectors as staff
from los.portal import selectors as portal


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            # On a near-empty table every index costs the same to the planner; a sort made expensive
            # leaves it the index that yields the order, when there is one (as at millions of rows).
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(" ".join(str(col) for col in row) for row in cursor.fetchall())


def _sorts(plan: str) -> bool:
    return "Sort" in plan or "TEMP B-TREE" in plan


@pytest.fixture
def grant(tenant):
    class Grant:
        family = tenant.family
        user = tenant.guardian_user

    return Grant()


@pytest.mark.django_db(transaction=False)
def test_a_page_of_the_familys_log_walks_the_family_time_index(tenant):
    plan = _plan(staff.access_log(tenant.family.pk)[950:1000])
    assert "core_log_family_at_id_idx" in plan, plan
    assert not _sorts(plan), plan


@pytest.mark.django_db(transaction=False)
def test_the_familys_own_page_and_a_period_use_the_same_index(grant):
    since = datetime.date(2026, 1, 1)
    for wanted in (portal.LogFilter(), portal.LogFilter(since=since, until=since + datetime.timedelta(30))):
        plan = _plan(portal.filtered(grant, wanted, {})[:50])
        assert "core_log_family_at_id_idx" in plan, plan
        assert not _sorts(plan), plan


@pytest.mark.django_db(transaction=False)
def test_the_name_a_person_last_stored_is_one_step_of_the_family_person_index(tenant):
    """`people_in_log` asks, for each person in the log, for their newest row in this family: with
    (family, user, seq) that is the last entry of a short index range, not a sort of their rows."""
    newest = AccessLogEntry.objects.filter(family_id=tenant.family.pk, user_id=tenant.coordinator.pk)
    plan = _plan(newest.order_by("-seq").values("actor_name")[:1])
    assert "core_log_family_user_seq_idx" in plan, plan
    assert not _sorts(plan), plan


def test_the_log_has_no_index_that_no_reader_uses():
    """Every index costs on each of the ~100 million rows a year; the time of a row alone is read by no
    query (the family's indexes carry it), nor is the family alone (the family's indexes lead with it)."""
    at = AccessLogEntry._meta.get_field("at")
    family = AccessLogEntry._meta.get_field("family")
    assert not at.db_index
    assert not family.db_index
    names = {index.name for index in AccessLogEntry._meta.indexes}
    assert names == {"core_log_family_at_id_idx", "core_log_family_user_seq_idx"}
