"""«Til oppfølging» a page at a time: 50 late items a page, search by item or family, a flat query count."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from los.core import dates
from los.team.models import ActionItem

pytestmark = pytest.mark.django_db

URL = "/oppfolging/"


def add_late_items(tenant, n, start=1, family=None):
    today = dates.today()
    ActionItem.objects.bulk_create(
        [
            ActionItem(
                family=family or tenant.family,
                title=f"Sent {i:03}",
                responsible=tenant.coordinator,
                created_by=tenant.coordinator,
                due_on=today - datetime.timedelta(days=400 - i),
            )
            for i in range(start, start + n)
        ]
    )


def titles(html):
    return re.findall(r">Sent (\d{3})</a>", html)


def test_page_two_shows_items_51_to_100(tenant, client_for):
    add_late_items(tenant, 120)
    html = client_for(tenant.coordinator).get(URL + "?side=2").content.decode()
    assert titles(html) == [f"{i:03}" for i in range(51, 101)]
    assert '<li aria-current="page">Side 2 av 3</li>' in html


@pytest.mark.parametrize("side", ["abc", "99999", "0"])
def test_any_page_parameter_answers(tenant, client_for, side):
    add_late_items(tenant, 60)
    assert client_for(tenant.coordinator).get(URL + f"?side={side}").status_code == 200


def test_search_narrows_and_the_pages_keep_it(tenant, client_for):
    add_late_items(tenant, 120)
    c = client_for(tenant.coordinator)
    assert titles(c.get(URL + "?q=sent+007").content.decode()) == ["007"]
    html = c.get(URL + "?q=Sent").content.decode()
    assert 'href="?q=Sent&amp;side=2"' in html
    assert titles(c.get(URL + "?q=" + tenant.family.name.replace(" ", "+")).content.decode())[:1] == ["001"]
    assert titles(c.get(URL + "?q=Ingen+slik").content.decode()) == []


def test_only_the_families_the_user_coordinates(tenant, other_tenant, client_for):
    add_late_items(tenant, 3)
    add_late_items(tenant, 3, start=10, family=tenant.other_family)  # not coordinated by them
    html = client_for(tenant.coordinator).get(URL).content.decode()
    assert titles(html) == ["001", "002", "003"]
    assert titles(client_for(other_tenant.coordinator).get(URL + "?q=Sent").content.decode()) == []


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", [URL, URL + "?q=Sent", URL + "?side=2"])
def test_query_count_is_the_same_for_3_and_60_items(tenant, client_for, url):
    c = client_for(tenant.coordinator)
    add_late_items(tenant, 3)
    c.get(url)
    with_3 = count(c, url)
    add_late_items(tenant, 57, start=4)
    with_60 = count(c, url)
    assert with_3 == with_60, f"{url}: {with_3} queries with 3 late items, {with_60} with 60"
