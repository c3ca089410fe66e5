"""The leader's overview: counts only, small ones hidden, and none recoverable from the others."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from los.casework.models import CoordinatorKind
from los.coordinators.models import CoordinatorAssignment
from los.core import dates
from los.people.models import Child, Family
from los.reports.figures import FIGURES, RELATIONS, leader_figures, municipality_counts

from .test_disclosure import assert_nothing_disclosed

URL = "/leder/"


def grow(tenant, families, with_coordinator, expected_children=0):
    """Add `families` families to the tenant's municipality, the first `with_coordinator` of them with
    a coordinator, each with a child born, and `expected_children` of them expecting one too."""
    rows = Family.objects.bulk_create(
        [Family(municipality=tenant.municipality, name=f"Familie nr. {i}") for i in range(families)]
    )
    CoordinatorAssignment.objects.bulk_create(
        [
            CoordinatorAssignment(family=f, coordinator=tenant.coordinator, kind=CoordinatorKind.COORDINATOR)
            for f in rows[:with_coordinator]
        ]
    )
    due = dates.today() + datetime.timedelta(days=90)
    Child.objects.bulk_create(
        [
            Child(family=f, first_name="Barn", last_name=str(f.pk), birth_date=datetime.date(2018, 1, 1))
            for f in rows
        ]
        + [
            Child(family=f, first_name="Venter", last_name=str(f.pk), expected_due_date=due)
            for f in rows[:expected_children]
        ]
    )


def shown_figures(response) -> dict[str, str]:
    """Label -> what the page shows, read from the HTML as a leader sees it."""
    html = response.content.decode()
    pairs = re.findall(r"<dt[^>]*>(.*?)</dt><dd[^>]*>(.*?)</dd>", html, flags=re.S)
    return {label.strip(): value.strip() for label, value in pairs}


def labels():
    return {key: str(label) for key, label in FIGURES}


def test_leader_cannot_work_out_the_families_without_a_coordinator_by_subtraction(tenant, client_for):
    """40 families, 37 with a coordinator: showing 40 and 37 while hiding the 3 gives the 3 away."""
    # The tenant has 2 families, 1 with a coordinator: 38 more, 36 of them with one, makes 40 and 37.
    grow(tenant, 38, 36)
    page = shown_figures(client_for(tenant.leader).get(URL))
    name = labels()
    assert page[name["families"]] == "40"
    assert "3" not in (page[name["families_with_coordinator"]], page[name["families_without_coordinator"]])
    assert not (page[name["families_with_coordinator"]].isdigit() and page[name["families"]].isdigit()), (
        "families minus families with a coordinator would give the hidden count"
    )
    assert page[name["families_with_coordinator"]] == page[name["families_without_coordinator"]] == "skjult"


def test_no_figure_on_the_page_is_small_or_recoverable(tenant, client_for):
    grow(tenant, 10, 6, expected_children=2)
    response = client_for(tenant.leader).get(URL)
    assert response.status_code == 200
    page = shown_figures(response)
    counts = municipality_counts(tenant.municipality.pk)
    hidden = set()
    for key, label in labels().items():
        value = page[label]
        if value == "skjult":
            hidden.add(key)
        else:
            assert int(value) == counts[key] and (int(value) == 0 or int(value) >= 5), (label, value)
    assert_nothing_disclosed(counts, RELATIONS, hidden)
    assert "Familie nr." not in response.content.decode()


def test_the_counts_are_right(tenant):
    grow(tenant, 10, 6, expected_children=2)
    counts = municipality_counts(tenant.municipality.pk)
    assert counts == {
        "families": 12,
        "children": 14,
        "children_expected": 2,
        "families_with_coordinator": 7,
        "families_without_coordinator": 5,
        "coordinators": 1,
        "families_with_consent": 1,
    }


def test_an_ended_assignment_and_a_withdrawn_consent_do_not_count(tenant):
    CoordinatorAssignment.objects.filter(family=tenant.family).update(
        ends_on=dates.today() - datetime.timedelta(days=1)
    )
    tenant.consent.withdrawn_at = timezone.now()
    tenant.consent.save(update_fields=["withdrawn_at"])
    counts = municipality_counts(tenant.municipality.pk)
    assert counts["families_with_coordinator"] == 0 and counts["families_with_consent"] == 0


def test_figures_of_another_municipality_are_not_counted(tenant, other_tenant):
    grow(other_tenant, 20, 20)
    assert municipality_counts(tenant.municipality.pk)["families"] == 2


def _dashboard_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_the_dashboard_query_count_does_not_grow_with_the_number_of_families(tenant, client_for):
    client = client_for(tenant.leader)
    small = _dashboard_queries(client)
    grow(tenant, 60, 45, expected_children=7)
    assert _dashboard_queries(client) == small
    assert small <= 12


@pytest.mark.parametrize("actor", ["caseworker", "coordinator", "provider", "guardian_user"])
def test_only_leaders_see_the_overview(tenant, client_for, actor):
    assert client_for(getattr(tenant, actor)).get(URL).status_code == 404


# --- The leader's figures, table by table --------------------------------------------------------


def counts(**given):
    base = {
        "families": 40,
        "children": 48,
        "children_expected": 0,
        "families_with_coordinator": 25,
        "families_without_coordinator": 15,
        "coordinators": 6,
        "families_with_consent": 30,
    }
    base.update(given)
    assert base["families"] == base["families_with_coordinator"] + base["families_without_coordinator"]
    return base


@pytest.mark.parametrize(
    "case, given, hidden",
    [
        ("nothing small", counts(), set()),
        ("zero expected children is shown", counts(children_expected=0), set()),
        ("a few expected children", counts(children_expected=3), {"children_expected"}),
        ("few coordinators", counts(coordinators=2), {"coordinators"}),
        (
            "three without a coordinator: the part with one goes too",
            counts(families_with_coordinator=37, families_without_coordinator=3),
            {"families_with_coordinator", "families_without_coordinator"},
        ),
        (
            "two with a coordinator: the part without goes too",
            counts(families_with_coordinator=2, families_without_coordinator=38),
            {"families_with_coordinator", "families_without_coordinator"},
        ),
        (
            "every family has a coordinator",
            counts(families_with_coordinator=40, families_without_coordinator=0),
            set(),
        ),
        (
            "a tiny municipality",
            counts(
                families=4,
                children=4,
                families_with_coordinator=3,
                families_without_coordinator=1,
                coordinators=1,
                families_with_consent=4,
            ),
            {
                "families",
                "children",
                "families_with_coordinator",
                "families_without_coordinator",
                "coordinators",
                "families_with_consent",
            },
        ),
        (
            "three families, all with a coordinator: the zero stays",
            counts(
                families=3,
                families_with_coordinator=3,
                families_without_coordinator=0,
                families_with_consent=3,
                children=3,
            ),
            {"families", "families_with_coordinator", "families_with_consent", "children"},
        ),
        (
            "four and four of eight",
            counts(
                families=8,
                families_with_coordinator=4,
                families_without_coordinator=4,
                families_with_consent=8,
                children=9,
            ),
            {"families_with_coordinator", "families_without_coordinator"},
        ),
    ],
)
def test_leader_figures(case, given, hidden):
    figures = leader_figures(given)
    assert [f.key for f in figures] == [key for key, _label in FIGURES]
    assert {f.key for f in figures if f.hidden} == hidden, case
    assert all(f.value == given[f.key] for f in figures if not f.hidden)
    assert_nothing_disclosed(given, RELATIONS, hidden)
