"""The case worklist: days left, interim-reply flags, and a query count that does not grow with the
number of applications."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from los.casework.models import Application, InterimReply
from los.core import dates

from .helpers import case_world

pytestmark = pytest.mark.django_db


def add_applications(tenant, n, start):
    families = [tenant.family, tenant.other_family]
    apps = Application.objects.bulk_create(
        [
            Application(
                family=families[i % 2],
                child=families[i % 2].children.first(),
                received_on=dates.today() - datetime.timedelta(days=(start + i) % 60),
                wants_child_coordinator=True,
                submitted_by=tenant.caseworker,
                health_and_care_services=["Fysioterapi"],
            )
            for i in range(n)
        ]
    )
    InterimReply.objects.bulk_create(
        [
            InterimReply(
                application=a,
                sent_on=dates.today(),
                reason="R.",
                expected_by=dates.today() + datetime.timedelta(days=10),
                letter_text="T.",
                sent_by=tenant.caseworker,
            )
            for a in apps[::3]
        ]
    )


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/saker/", "/saker/?vis=open", "/familier/"])
def test_worklist_query_count_does_not_grow_with_applications(tenant, client_for, url):
    case_world(tenant)  # decision, complaint, change request, document
    c = client_for(tenant.caseworker)
    add_applications(tenant, 5, 0)
    c.get(url)
    with_5 = count(c, url)
    add_applications(tenant, 40, 5)  # 46 in all: still one page of the worklist
    with_45 = count(c, url)
    assert with_5 == with_45, f"{url}: {with_5} queries with 5 applications, {with_45} with 45"


def test_worklist_shows_days_left_and_flags(tenant, client_for):
    fresh = Application.objects.create(
        family=tenant.other_family,
        received_on=dates.today() - datetime.timedelta(days=3),
        wants_coordinator=True,
        submitted_by=tenant.caseworker,
    )
    html = client_for(tenant.caseworker).get("/saker/").content.decode()
    assert fresh.family.name in html and "Ny" in html
    assert "dager igjen" in html and "Foreløpig svar mangler" not in html
    Application.objects.filter(pk=fresh.pk).update(received_on=dates.today() - datetime.timedelta(days=45))
    html = client_for(tenant.caseworker).get("/saker/").content.decode()
    assert "Foreløpig svar mangler" in html and "har passert fristen for foreløpig svar" in html


def test_only_caseworkers_have_the_case_worklist(tenant, other_tenant, client_for):
    Application.objects.create(
        family=tenant.family,
        received_on=dates.today(),
        wants_coordinator=True,
        submitted_by=tenant.caseworker,
    )
    assert tenant.family.name not in client_for(other_tenant.caseworker).get("/saker/").content.decode()
    assert client_for(tenant.coordinator).get("/saker/").status_code == 404
