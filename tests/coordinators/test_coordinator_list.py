"""The coordinators overview («Koordinatorer og kapasitet») and the training page's list of untrained
coordinators: 50 a page, search by name, filters by training and capacity, a flat query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from los.coordinators.models import CoordinatorProfile, TrainingCompletion, TrainingCourse
from los.core import dates
from los.core.models import Role, User

pytestmark = pytest.mark.django_db

URL = "/saker/koordinatorer/"


def add_coordinators(tenant, n: int, start: int = 1) -> list[User]:
    users = User.objects.bulk_create(
        [
            User(
                username=f"kari{i:03}",
                first_name="Kari",
                last_name=f"K{i:03}",
                role=Role.COORDINATOR,
                municipality=tenant.municipality,
            )
            for i in range(start, start + n)
        ]
    )
    CoordinatorProfile.objects.bulk_create(
        [CoordinatorProfile(user=u, coordination_share=20 + (i % 5) * 10) for i, u in enumerate(users)]
    )
    return users


def listed(html: str) -> list[str]:
    return [part.split("<")[0] for part in html.split("Kari K")[1:]]


def test_page_two_shows_coordinators_51_to_100(tenant, client_for):
    add_coordinators(tenant, 120)
    html = client_for(tenant.caseworker).get(URL + "?q=Kari&side=2").content.decode()
    table = html[: html.index("</table>")]
    assert listed(table) == [f"{i:03}" for i in range(51, 101)]
    assert '<li aria-current="page">Side 2 av 3</li>' in html
    assert 'href="?q=Kari&amp;side=1"' in html and 'href="?q=Kari&amp;side=3"' in html


@pytest.mark.parametrize("side", ["abc", "99999", "-1", ""])
def test_any_page_parameter_answers(tenant, client_for, side):
    add_coordinators(tenant, 60)
    assert client_for(tenant.caseworker).get(URL + f"?side={side}").status_code == 200


def test_search_narrows_by_name(tenant, client_for):
    add_coordinators(tenant, 60)
    html = client_for(tenant.caseworker).get(URL + "?q=kari+k007").content.decode()
    assert listed(html[: html.index("</table>")]) == ["007"]
    assert tenant.coordinator.first_name not in html[: html.index("</table>")]


def test_filters_narrow_by_training_and_capacity(tenant, client_for):
    users = add_coordinators(tenant, 3)
    course = TrainingCourse.objects.create(
        municipality=tenant.municipality, name="Koordinatoropplæring", counts_as_coordinator_training=True
    )
    TrainingCompletion.objects.create(
        course=course, coordinator=users[0], completed_on=dates.today(), recorded_by=tenant.caseworker
    )
    # The tenant's coordinator has a family and no profile: no capacity, so over it.
    c = client_for(tenant.caseworker)
    trained = c.get(URL + "?opplaering=fullfort").content.decode()
    assert listed(trained[: trained.index("</table>")]) == ["001"]
    untrained = c.get(URL + "?opplaering=mangler").content.decode()
    assert listed(untrained[: untrained.index("</table>")]) == ["002", "003"]
    over = c.get(URL + "?kapasitet=over").content.decode()
    table = over[: over.index("</table>")]
    assert listed(table) == [] and tenant.coordinator.get_full_name() in table
    free = c.get(URL + "?kapasitet=ledig&opplaering=mangler").content.decode()
    table = free[: free.index("</table>")]
    assert listed(table) == ["002", "003"] and tenant.coordinator.get_full_name() not in table
    # A value that is not a choice filters nothing and still answers.
    assert c.get(URL + "?kapasitet=alle&opplaering=kanskje").status_code == 200


def test_capacity_filter_matches_the_rounding_of_capacity_points(tenant, client_for):
    """A 10 % share gives 2 points; a family of need 2 is then neither over nor under capacity."""
    CoordinatorProfile.objects.create(user=tenant.coordinator, coordination_share=10)
    tenant.coordinator.coordinator_assignments.update(need_level=2)
    c = client_for(tenant.caseworker)
    name = tenant.coordinator.get_full_name()
    for value in ("over", "ledig"):
        html = c.get(URL + f"?kapasitet={value}").content.decode()
        assert name not in html[: html.index("</table>")], value


def test_only_the_own_municipality_and_only_caseworkers(tenant, other_tenant, client_for):
    add_coordinators(tenant, 3)
    html = client_for(other_tenant.caseworker).get(URL + "?q=Kari").content.decode()
    assert listed(html[: html.index("</table>")]) == []
    assert client_for(tenant.coordinator).get(URL).status_code == 404
    assert client_for(tenant.provider).get(URL).status_code == 404


def test_training_page_lists_untrained_a_page_at_a_time(tenant, client_for):
    add_coordinators(tenant, 60)
    c = client_for(tenant.caseworker)
    first = c.get("/saker/opplaering/").content.decode()
    assert "Side 1 av 2" in first
    second = c.get("/saker/opplaering/?side=2").content.decode()
    assert "Side 2 av 2" in second and "Kari K060" in second and "Kari K001" not in second
    assert c.get("/saker/opplaering/?side=abc").status_code == 200


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url", [URL, URL + "?q=Kari", URL + "?kapasitet=over&opplaering=mangler", "/saker/opplaering/"]
)
def test_query_count_does_not_grow_with_coordinators(tenant, client_for, url):
    c = client_for(tenant.caseworker)
    add_coordinators(tenant, 3)
    c.get(url)
    with_3 = count(c, url)
    add_coordinators(tenant, 57, start=4)
    with_60 = count(c, url)
    assert with_3 == with_60, f"{url}: {with_3} queries with 3 coordinators, {with_60} with 60"
