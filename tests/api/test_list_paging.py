"""The API's growing lists answer a page at a time: `page` and `page_size` (at most 100), the total in
X-Total-Count, an empty list past the end, and a query count that does not grow with the rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from los.core import dates
from los.notifications.models import Notification
from los.team.models import ActionItem

pytestmark = pytest.mark.django_db


def add_items(tenant, n, start=1):
    ActionItem.objects.bulk_create(
        [
            ActionItem(
                family=tenant.family,
                title=f"Punkt {i:03}",
                responsible=tenant.coordinator,
                created_by=tenant.coordinator,
                due_on=dates.today() + datetime.timedelta(days=i),
            )
            for i in range(start, start + n)
        ]
    )


def add_notifications(user, n):
    Notification.objects.bulk_create(
        [Notification(user=user, kind=KIND, text=f"Varsel {i:03}") for i in range(1, n + 1)]
    )


KIND = Notification._meta.get_field("kind").choices[0][0]


def test_action_items_page_two_is_rows_51_to_100(tenant, client_for):
    add_items(tenant, 120)
    url = f"/api/v1/families/{tenant.family.pk}/action-items"
    response = client_for(tenant.coordinator).get(url + "?page=2")
    assert response.status_code == 200 and response["X-Total-Count"] == "120"
    assert [i["title"] for i in response.json()] == [f"Punkt {i:03}" for i in range(51, 101)]
    assert client_for(tenant.coordinator).get(url + "?page=4").json() == []


@pytest.mark.parametrize("query", ["page=0", "page=abc", "page_size=0", "page_size=101"])
def test_bad_paging_parameters_are_422(tenant, client_for, query):
    c = client_for(tenant.coordinator)
    for url in (
        f"/api/v1/families/{tenant.family.pk}/action-items",
        f"/api/v1/families/{tenant.family.pk}/appointments",
        "/api/v1/me/notifications",
    ):
        assert c.get(f"{url}?{query}").status_code == 422, url


def test_appointments_answer_a_page_with_the_total(tenant, client_for):
    response = client_for(tenant.coordinator).get(f"/api/v1/families/{tenant.family.pk}/appointments?page=3")
    assert response.status_code == 200 and response.json() == [] and response["X-Total-Count"] == "0"


def test_notifications_page_by_page_newest_first(tenant, client_for):
    add_notifications(tenant.coordinator, 60)
    c = client_for(tenant.coordinator)
    first = c.get("/api/v1/me/notifications")
    assert first["X-Total-Count"] == "60" and len(first.json()) == 50
    second = c.get("/api/v1/me/notifications?page=2&page_size=50").json()
    assert len(second) == 10
    assert not {n["id"] for n in first.json()} & {n["id"] for n in second}


def test_a_family_the_caller_may_not_see_is_404_whatever_the_page(tenant, other_tenant, client_for):
    add_items(tenant, 3)
    url = f"/api/v1/families/{tenant.family.pk}/action-items?page=1"
    assert client_for(other_tenant.coordinator).get(url).status_code == 404


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_query_count_is_the_same_for_3_and_60_rows(tenant, client_for):
    c = client_for(tenant.coordinator)
    items = f"/api/v1/families/{tenant.family.pk}/action-items"
    add_items(tenant, 3)
    add_notifications(tenant.coordinator, 3)
    c.get(items)
    small = (count(c, items), count(c, "/api/v1/me/notifications"))
    add_items(tenant, 57, start=4)
    add_notifications(tenant.coordinator, 57)
    large = (count(c, items), count(c, "/api/v1/me/notifications"))
    assert small == large
