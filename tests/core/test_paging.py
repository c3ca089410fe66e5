"""The one way lists are shown a page at a time (`los.core.paging`) and its page navigation."""

import pytest
from django.db import connection
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from los.core import paging
from los.core.models import Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(db):
    User.objects.bulk_create(
        [
            User(username=f"bruker{i:03}", role=Role.PROVIDER, first_name=f"Bruker {i:03}")
            for i in range(1, 121)
        ]
    )
    return User.objects.filter(username__startswith="bruker").order_by("username")


def get(query: str = ""):
    return RequestFactory().get("/liste/" + query)


def names(page):
    return [u.username for u in page.object_list]


def test_page_two_shows_rows_51_to_100(users):
    page = paging.paginate(get("?side=2"), users)
    assert names(page) == [f"bruker{i:03}" for i in range(51, 101)]
    assert page.paginator.num_pages == 3 and page.number == 2


@pytest.mark.parametrize(
    "value, number",
    [("abc", 1), ("", 1), ("1.5", 1), ("nan", 1), ("99999", 3), ("0", 3), ("-2", 3), ("3", 3), ("9" * 40, 1)],
)
def test_an_invalid_page_number_answers_the_first_or_last_page(users, value, number):
    assert paging.paginate(get(f"?side={value}"), users).number == number


def test_an_empty_list_is_one_empty_page():
    page = paging.paginate(get("?side=7"), User.objects.none().order_by("pk"))
    assert page.number == 1 and list(page.object_list) == [] and not page.has_other_pages()


def test_the_links_keep_the_other_parameters(users):
    page = paging.paginate(get("?q=Bruker&status=open&side=2"), users)
    assert page.previous_url == "?q=Bruker&status=open&side=1"
    assert page.next_url == "?q=Bruker&status=open&side=3"
    first = paging.paginate(get("?q=Bruker"), users)
    assert first.previous_url == "" and first.next_url == "?q=Bruker&side=2"


def test_a_second_list_on_the_same_page_has_its_own_parameter(users):
    request = get("?side=2&klager=3")
    assert paging.paginate(request, users).number == 2
    complaints = paging.paginate(request, users, per_page=10, param="klager")
    assert complaints.number == 3 and names(complaints)[0] == "bruker021"
    assert complaints.next_url == "?side=2&klager=4"


def test_counts_and_fetches_the_page_in_the_database(users):
    with CaptureQueriesContext(connection) as ctx:
        page = paging.paginate(get("?side=2"), users)
        list(page.object_list)
    sql = [q["sql"].upper() for q in ctx.captured_queries]
    assert len(sql) == 2
    assert "COUNT(" in sql[0] and "LIMIT 50" in sql[1] and "OFFSET 50" in sql[1]


def test_the_navigation_is_accessible_and_keeps_the_search(users):
    html = render_to_string("core/pagination.html", {"page": paging.paginate(get("?q=a%20b&side=2"), users)})
    assert '<nav class="ds-pagination" aria-label="Sider">' in html
    assert '<li aria-current="page">Side 2 av 3</li>' in html
    assert 'href="?q=a+b&amp;side=1">Forrige</a>' in html
    assert 'href="?q=a+b&amp;side=3">Neste</a>' in html


def test_the_navigation_names_a_second_list_and_hides_itself_for_one_page(users):
    html = render_to_string(
        "core/pagination.html",
        {"page": paging.paginate(get("?klager=2"), users, param="klager"), "label": "Sider med klager"},
    )
    assert 'aria-label="Sider med klager"' in html and 'href="?klager=1"' in html
    one = paging.paginate(get(), users.filter(username="bruker001"))
    assert render_to_string("core/pagination.html", {"page": one}).strip() == ""


def test_the_navigation_works_with_a_plain_paginator(users):
    """Lists paginated without `paginate` (a selector's own Paginator) still keep their parameters."""
    from django.core.paginator import Paginator

    request = get("?rolle=provider&side=2")
    html = render_to_string(
        "core/pagination.html", {"page": Paginator(users, 50).get_page(2)}, request=request
    )
    assert 'href="?rolle=provider&amp;side=1"' in html and 'href="?rolle=provider&amp;side=3"' in html


def test_api_page_counts_caps_and_answers_empty_past_the_end(users):
    response = HttpResponse()
    rows = paging.api_page(response, users, page=2, page_size=500)
    assert len(rows) == 20 and rows[0].username == "bruker101"  # capped at 100 a page
    assert response["X-Total-Count"] == "120"
    assert paging.api_page(HttpResponse(), users, page=4, page_size=50) == []
    assert [u.username for u in paging.api_page(HttpResponse(), users, page=3, page_size=50)][
        0
    ] == "bruker101"


@pytest.mark.parametrize(
    "query", ["", "?side=1", "?side=2", "?side=3", "?side=4", "?side=0", "?side=abc", "?side=٢", "?side=-1"]
)
def test_counted_page_answers_as_paginate_does(users, query):
    """The one-query page (`COUNT(*) OVER ()`) shows the same rows, count and links as `paginate`."""
    counted, plain = paging.counted_page(get(query), users), paging.paginate(get(query), users)
    assert names(counted) == names(plain)
    assert (counted.number, counted.paginator.count, counted.paginator.num_pages) == (
        plain.number,
        plain.paginator.count,
        plain.paginator.num_pages,
    )
    assert (counted.previous_url, counted.next_url) == (plain.previous_url, plain.next_url)


def test_counted_page_reads_a_page_and_its_total_in_one_query(users):
    with CaptureQueriesContext(connection) as queries:
        page = paging.counted_page(get("?side=2"), users)
    assert len(queries.captured_queries) == 1
    assert page.paginator.count == 120 and len(page.object_list) == 50


def test_counted_page_of_an_empty_list_is_one_empty_page():
    page = paging.counted_page(get(), User.objects.none().order_by("pk"))
    assert list(page.object_list) == [] and page.paginator.num_pages == 1 and not page.has_next()
