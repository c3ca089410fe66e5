"""The coordinator's follow-up list and caseload view keep the same number of queries as families grow."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from los.casework.models import CoordinatorKind
from los.coordinators.models import CoordinatorAssignment
from los.core import dates
from los.core.dates import OSLO
from los.people.models import Family
from los.team.models import ActionItem, ContactLogEntry, Meeting


def add_coordinated_families(tenant, n, start=0):
    families = Family.objects.bulk_create(
        [Family(municipality=tenant.municipality, name=f"Familien Mengde{start + i:04d}") for i in range(n)]
    )
    CoordinatorAssignment.objects.bulk_create(
        [
            CoordinatorAssignment(
                family=f,
                coordinator=tenant.coordinator,
                kind=CoordinatorKind.COORDINATOR,
                starts_on=dates.today() - datetime.timedelta(days=100),
            )
            for f in families
        ]
    )
    today = dates.today()
    ActionItem.objects.bulk_create(
        [
            ActionItem(
                family=f,
                title=f"Punkt {k}",
                responsible=tenant.coordinator,
                created_by=tenant.coordinator,
                due_on=today + datetime.timedelta(days=k * 3 - 6),
            )
            for f in families
            for k in range(4)
        ]
    )
    monday = today - datetime.timedelta(days=today.weekday())
    starts = datetime.datetime.combine(monday + datetime.timedelta(days=2), datetime.time(10), tzinfo=OSLO)
    Meeting.objects.bulk_create(
        [
            Meeting(
                family=f,
                title="Møte",
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=1),
                location="Rådhuset",
                called_by=tenant.coordinator,
                uid=f"m{f.pk}@test",
            )
            for f in families
        ]
    )
    ContactLogEntry.objects.bulk_create(
        [
            ContactLogEntry(
                family=f,
                contacted_on=today - datetime.timedelta(days=40),
                channel="phone",
                needs_now="Avlastning",
                logged_by=tenant.coordinator,
            )
            for f in families[::2]
        ]
    )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("url", ["/oppfolging/", "/oppfolging/mine-familier/"])
def test_follow_up_pages_keep_a_constant_query_count(tenant, client_for, url):
    client = client_for(tenant.coordinator)
    add_coordinated_families(tenant, 3)
    small, _ = count_queries(client, url)
    add_coordinated_families(tenant, 60, start=100)
    large, response = count_queries(client, url)
    assert large == small, (small, large)
    assert "Familien Mengde0101" in response.content.decode()


def test_caseload_puts_the_most_urgent_family_first(tenant, client_for):
    add_coordinated_families(tenant, 2)
    quiet = Family.objects.create(municipality=tenant.municipality, name="Familien Aaa")
    CoordinatorAssignment.objects.create(
        family=quiet,
        coordinator=tenant.coordinator,
        kind=CoordinatorKind.COORDINATOR,
        starts_on=dates.today(),
    )
    html = client_for(tenant.coordinator).get("/oppfolging/mine-familier/").content.decode()
    assert html.index("Familien Mengde0000") < html.index("Familien Aaa")
    assert "Ingenting haster" in html
