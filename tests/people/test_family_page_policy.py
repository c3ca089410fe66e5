"""The family pages read through the record policy: one read of the family is logged per page, changes
are logged by the services that make them, and a professional sees only what the consent names."""

import datetime

import pytest
from django.urls import reverse

from los.core.models import AccessLogEntry
from los.people.models import Child, Family

pytestmark = pytest.mark.django_db


def new_rows(before):
    return list(
        AccessLogEntry.objects.filter(seq__gt=before).values_list("action", "record_type", "record_id")
    )


def head():
    return AccessLogEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


@pytest.mark.parametrize(
    "who, page",
    [
        ("caseworker", "people:family"),
        ("coordinator", "people:family"),
        ("provider", "people:family"),
        ("guardian_user", "portal:family"),
    ],
)
def test_family_page_logs_exactly_one_read_of_the_family_and_nothing_else(tenant, client_for, who, page):
    from tests.plans.helpers import make_referral

    make_referral(tenant)  # a section with something in it
    before = head()
    response = client_for(getattr(tenant, who)).get(reverse(page, args=[tenant.family.pk]))
    assert response.status_code == 200
    assert new_rows(before) == [("read", "family", str(tenant.family.pk))]


def test_provider_sees_only_the_services_the_consent_names_on_the_family_page(tenant, client_for):
    # The school is on the team, but the consent names only physiotherapy: that the child is followed
    # by the school is not the physiotherapist's to see.
    page = client_for(tenant.provider).get(reverse("people:family", args=[tenant.family.pk])).content.decode()
    team = page.split('id="team-heading"')[1].split("</section>")[0]
    assert "Fysioterapi" in team
    assert "Skolen" not in team and tenant.school_provider.get_full_name() not in team


def test_provider_sees_only_the_services_the_consent_names_in_the_api(tenant, client_for):
    family = client_for(tenant.provider).get(f"/api/v1/families/{tenant.family.pk}").json()
    assert [s["service_id"] for s in family["services"]] == [tenant.physio.pk]
    everyone = client_for(tenant.coordinator).get(f"/api/v1/families/{tenant.family.pk}").json()
    assert {s["service_id"] for s in everyone["services"]} == {tenant.physio.pk, tenant.school.pk}


def test_registering_and_correcting_a_child_is_logged_once_as_a_change(tenant, client_for):
    c = client_for(tenant.caseworker)
    before = head()
    bad = c.post(f"/familier/{tenant.family.pk}/barn/ny/", {"first_name": "A", "last_name": "B"})
    assert bad.status_code == 422
    assert new_rows(before) == []
    ok = c.post(
        f"/familier/{tenant.family.pk}/barn/ny/",
        {"first_name": "Nora", "last_name": "Ny", "expected_due_date": "2027-04-01"},
    )
    assert ok.status_code == 302
    child = tenant.family.children.get(first_name="Nora")
    assert new_rows(before) == [("change", "child", str(child.pk))]
    before = head()
    c.post(
        f"/familier/{tenant.family.pk}/barn/{child.pk}/",
        {"first_name": "Nora", "last_name": "Nyberg", "expected_due_date": "2027-04-01"},
    )
    assert new_rows(before) == [("change", "child", str(child.pk))]


def test_registering_a_family_and_a_guardian_is_logged_as_changes(tenant, client_for):
    c = client_for(tenant.caseworker)
    before = head()
    assert c.post("/familier/ny/", {"name": "Familien Ny"}).status_code == 302
    family = Family.objects.get(name="Familien Ny")
    assert new_rows(before) == [("change", "family", str(family.pk))]
    before = head()
    response = c.post(
        f"/familier/{family.pk}/foresatte/ny/",
        {
            "first_name": "Aisha",
            "last_name": "Ny",
            "parental_responsibility": "joint",
            "preferred_language": "nb",
        },
    )
    assert response.status_code == 302
    assert new_rows(before) == [("change", "guardian", str(family.guardians.get().pk))]


def test_opening_the_edit_form_of_a_child_is_logged_as_a_read_of_that_child(tenant, client_for):
    child = tenant.family.children.first()
    before = head()
    response = client_for(tenant.caseworker).get(f"/familier/{tenant.family.pk}/barn/{child.pk}/")
    assert response.status_code == 200
    assert new_rows(before) == [("read", "child", str(child.pk))]


def test_the_child_of_another_family_answers_404_through_this_family_and_logs_nothing(tenant, client_for):
    other_child = tenant.other_family.children.first()
    other_guardian = tenant.other_family.guardians.first()
    c = client_for(tenant.caseworker)
    before = head()
    assert c.get(f"/familier/{tenant.family.pk}/barn/{other_child.pk}/").status_code == 404
    assert (
        c.post(
            f"/familier/{tenant.family.pk}/barn/{other_child.pk}/",
            {"first_name": "X", "last_name": "Y", "birth_date": "2019-01-01"},
        ).status_code
        == 404
    )
    assert c.get(f"/familier/{tenant.family.pk}/foresatte/{other_guardian.pk}/").status_code == 404
    assert new_rows(before) == []
    other_child.refresh_from_db()
    assert other_child.first_name == "Emma"


def test_worklist_logs_one_read_per_family_shown_in_the_list_or_the_intake_panel(tenant, client_for):
    # An unborn child past its due date puts the family in the panel as well as on the list.
    Child.objects.create(
        family=tenant.family,
        first_name="Baby",
        last_name="Fjordsen",
        expected_due_date=datetime.date.today() - datetime.timedelta(days=3),
    )
    before = head()
    page = client_for(tenant.caseworker).get(reverse("people:worklist"))
    assert page.status_code == 200
    assert "Overganger å planlegge" in page.content.decode()
    rows = sorted(new_rows(before))
    assert rows == sorted(
        [("read", "family_list", str(tenant.family.pk)), ("read", "family_list", str(tenant.other_family.pk))]
    )
