"""The case worklist a page at a time: 50 applications a page, search by family or child, the filter for
granted cases still waiting for a coordinator, the complaints and change requests paged on their own."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from los.casework import selectors
from los.casework.services import decisions
from los.core import access, dates

from .helpers import apply_for, assess_and_confirm, case_world
from .test_worklist import add_applications

pytestmark = pytest.mark.django_db


def application_ids(html: str) -> list[int]:
    cases = html[html.index('id="cases-heading"') :]
    cases = cases[: cases.index("</table>")]
    return [int(n) for n in re.findall(r'href="/saker/(\d+)/"', cases)]


def granted(tenant, family):
    application = apply_for(tenant, family=family)
    assess_and_confirm(application, tenant.caseworker)
    decisions.decide(
        application,
        tenant.caseworker,
        outcomes={"child_coordinator": ("granted", "", "")},
        valid_from=dates.today(),
        facts="F.",
        family_views="V.",
        weighing="W.",
        contact_person=tenant.caseworker,
    )
    return application


def test_page_two_shows_applications_51_to_100(tenant, client_for):
    add_applications(tenant, 120, 0)
    everything = selectors.case_list(access.visible_families(tenant.caseworker), "all")
    expected = list(everything.values_list("pk", flat=True))
    html = client_for(tenant.caseworker).get("/saker/?vis=all&side=2").content.decode()
    assert application_ids(html) == expected[50:100]
    assert "Side 2 av 3" in html and 'href="?vis=all&amp;side=3"' in html


@pytest.mark.parametrize(
    "query", ["side=abc", "side=99999", "side=0", "side=%C2%B2", "klager=abc", "bytte=99999", "vis=ukjent"]
)
def test_any_page_or_filter_parameter_answers(tenant, client_for, query):
    case_world(tenant)
    add_applications(tenant, 60, 0)
    assert client_for(tenant.caseworker).get(f"/saker/?{query}").status_code == 200


def test_search_narrows_to_the_family_and_keeps_the_filter(tenant, client_for):
    add_applications(tenant, 10, 0)
    c = client_for(tenant.caseworker)
    html = c.get("/saker/?vis=open&q=" + tenant.other_family.name.split()[-1]).content.decode()
    ids = application_ids(html)
    assert ids and set(ids) == set(
        tenant.other_family.applications.filter(status__in=["received", "assessing"]).values_list(
            "pk", flat=True
        )
    )
    assert 'name="vis" value="open"' in html
    tenant.family.children.update(first_name="Sigrid")
    by_child = application_ids(c.get("/saker/?vis=all&q=sigrid").content.decode())
    assert set(by_child) == set(tenant.family.applications.values_list("pk", flat=True))


def test_filter_granted_and_waiting_for_a_coordinator(tenant, client_for):
    add_applications(tenant, 5, 0)
    waiting = granted(tenant, tenant.other_family)
    html = client_for(tenant.caseworker).get("/saker/?vis=venter-koordinator").content.decode()
    assert application_ids(html) == [waiting.pk]
    assert 'aria-current="page">Innvilget, mangler koordinator' in html


def test_another_municipality_is_never_listed(tenant, other_tenant, client_for):
    add_applications(tenant, 5, 0)
    html = client_for(other_tenant.caseworker).get("/saker/?q=Familien").content.decode()
    assert not set(application_ids(html)) & set(tenant.family.applications.values_list("pk", flat=True))


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/saker/?vis=open&q=Familien", "/saker/?vis=venter-koordinator", "/saker/"])
def test_query_count_is_the_same_for_3_and_60_applications(tenant, client_for, url):
    """The same shape of rows on the page (open applications: no decisions to prefetch below), more of
    them: the same number of queries."""
    case_world(tenant)
    c = client_for(tenant.caseworker)
    add_applications(tenant, 3, 0)
    c.get(url)
    with_3 = count(c, url)
    add_applications(tenant, 57, 3)
    with_60 = count(c, url)
    assert with_3 == with_60, f"{url}: {with_3} queries with 3 applications, {with_60} with 60"


def test_by_default_the_worklist_shows_what_waits_for_a_decision(tenant, client_for):
    """The closed applications of past years stay out of the worklist unless the caseworker asks for them
    (`?vis=all`); granted cases waiting for a coordinator have their own filter."""
    add_applications(tenant, 4, 0)
    waiting = granted(tenant, tenant.other_family)
    c = client_for(tenant.caseworker)
    html = c.get("/saker/").content.decode()
    open_ids = set(
        selectors.case_list(access.visible_families(tenant.caseworker), "open").values_list("pk", flat=True)
    )
    assert set(application_ids(html)) == open_ids and waiting.pk not in open_ids
    assert 'aria-current="page">Venter på vedtak' in html and 'name="vis" value="open"' in html
    assert waiting.pk in application_ids(c.get("/saker/?vis=all").content.decode())
    assert waiting.pk in application_ids(c.get("/saker/?vis=venter-koordinator").content.decode())


def test_each_list_is_counted_with_its_rows(tenant, client_for):
    """No COUNT before the rows: each list's page carries its total (`COUNT(*) OVER ()`)."""
    case_world(tenant)
    add_applications(tenant, 60, 0)
    c = client_for(tenant.caseworker)
    c.get("/saker/")
    with CaptureQueriesContext(connection) as ctx:
        html = c.get("/saker/").content.decode()
    assert not [q for q in ctx.captured_queries if "COUNT(*) AS" in q["sql"]]
    assert len(ctx.captured_queries) <= 15
    assert "Side 1 av 2" in html


def test_a_page_past_the_end_shows_the_last_page(tenant, client_for):
    add_applications(tenant, 60, 0)
    everything = selectors.case_list(access.visible_families(tenant.caseworker), "all")
    html = client_for(tenant.caseworker).get("/saker/?vis=all&side=99").content.decode()
    assert application_ids(html) == list(everything.values_list("pk", flat=True))[50:]
    assert "Side 2 av 2" in html
