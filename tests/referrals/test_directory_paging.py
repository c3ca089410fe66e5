"""The directory of patient and user organisations a page at a time, with a search box."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from los.referrals.models import PatientOrganisation

pytestmark = pytest.mark.django_db

URL = "/henvisninger/organisasjoner/"


def add_organisations(municipality, n, start=1):
    PatientOrganisation.objects.bulk_create(
        [
            PatientOrganisation(
                municipality=municipality,
                name=f"Forening {i:03}",
                helps_with="Hjertesyke barn" if i % 10 == 0 else "Likepersoner",
            )
            for i in range(start, start + n)
        ]
    )


def names(html):
    return re.findall(r"Forening (\d{3})", html)


def test_page_two_shows_51_to_100_and_bad_pages_answer(tenant, client_for):
    add_organisations(tenant.municipality, 120)
    c = client_for(tenant.coordinator)
    assert names(c.get(URL + "?side=2").content.decode()) == [f"{i:03}" for i in range(51, 101)]
    for side in ("abc", "99999"):
        assert c.get(URL + f"?side={side}").status_code == 200


def test_search_by_name_or_what_they_help_with(tenant, other_tenant, client_for):
    add_organisations(tenant.municipality, 30)
    add_organisations(other_tenant.municipality, 30, start=500)
    c = client_for(tenant.coordinator)
    assert names(c.get(URL + "?q=forening+007").content.decode()) == ["007"]
    assert names(c.get(URL + "?q=hjertesyke").content.decode()) == ["010", "020", "030"]


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_query_count_is_the_same_for_3_and_60_organisations(tenant, client_for):
    c = client_for(tenant.coordinator)
    add_organisations(tenant.municipality, 3)
    c.get(URL)
    with_3 = count(c, URL + "?q=Forening")
    add_organisations(tenant.municipality, 57, start=4)
    assert count(c, URL + "?q=Forening") == with_3
