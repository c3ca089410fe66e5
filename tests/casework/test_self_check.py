"""The anonymous self-check "Har vi rett til barnekoordinator?": same engine, stores nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from los.core import dates

pytestmark = pytest.mark.django_db

ANSWERS = {
    "born": "born",
    "child_birth_date": "2016-05-17",
    "serious_condition": "yes",
    "long_term_needs": "yes",
    "health_services": ["Fysioterapi", "Helsestasjon"],
    "welfare_services": ["Skole"],
    "guardians_want_child_coordinator": "yes",
}


def test_anonymous_family_gets_an_answer_and_nothing_is_stored(client):
    page = client.get("/har-vi-rett/")
    assert page.status_code == 200 and "Har vi rett til barnekoordinator?" in page.content.decode()
    with CaptureQueriesContext(connection) as ctx:
        response = client.post("/har-vi-rett/", ANSWERS)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Det ser ut til at dere har rett." in html
    assert "pasient- og brukerrettighetsloven § 2-5 c" in html
    assert "skal ikke ha to koordinatorer" in html  # choose one coordinator
    assert ctx.captured_queries == [], "the self-check must not touch the database"
    assert "sessionid" not in response.cookies


def test_health_services_only_is_no_right_by_law(client):
    html = client.post("/har-vi-rett/", {**ANSWERS, "welfare_services": []}).content.decode()
    assert "Barnekoordinator" in html and "Vi trenger flere opplysninger" in html
    html = client.post("/har-vi-rett/", {**ANSWERS, "serious_condition": "no"}).content.decode()
    assert "Det ser ikke ut til at dere har rett etter loven." in html


def test_expecting_a_child(client):
    due = dates.add_months(dates.today(), 4).isoformat()  # a real due date: 2099 is now out of range
    html = client.post(
        "/har-vi-rett/", {**ANSWERS, "born": "expected", "expected_due_date": due}
    ).content.decode()
    assert "Familien venter barn" in html


def test_bad_input_is_a_message_not_an_error(client):
    for bad in [
        {"child_birth_date": "2099-01-01"},
        {"child_birth_date": "17.05.20166"},
        {"born": "maybe"},
        {"serious_condition": "kanskje"},
        {"health_services": ["Noe ukjent"]},
    ]:
        response = client.post("/har-vi-rett/", {**ANSWERS, **bad})
        assert response.status_code == 422, bad
        assert "Noe må rettes" in response.content.decode()


def test_the_login_page_links_families_to_the_self_check(client):
    page = client.get("/logg-inn/").content.decode()
    assert 'href="/har-vi-rett/"' in page and "uten å logge inn" in page
