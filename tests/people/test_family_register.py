"""The caseworker registers a family, its children and guardians; bad input is refused, nothing half-saved."""

import datetime

import pytest

from los.people.identifiers import make_synthetic_national_id
from los.people.models import Child, Family, Guardian


def test_caseworker_registers_family_child_and_guardian(tenant, client_for):
    c = client_for(tenant.caseworker)
    response = c.post("/familier/ny/", {"name": "Familien Ny"})
    assert response.status_code == 302
    family = Family.objects.get(name="Familien Ny")
    assert family.municipality == tenant.municipality
    birth = datetime.date(2019, 3, 9)
    response = c.post(
        f"/familier/{family.pk}/barn/ny/",
        {
            "first_name": "Nora",
            "last_name": "Ny",
            "birth_date": "2019-03-09",
            "national_id": make_synthetic_national_id(birth, 700),
        },
    )
    assert response.status_code == 302
    response = c.post(
        f"/familier/{family.pk}/barn/ny/",
        {"first_name": "Baby", "last_name": "Ny", "expected_due_date": "2027-04-01"},
    )
    assert response.status_code == 302
    response = c.post(
        f"/familier/{family.pk}/foresatte/ny/",
        {
            "first_name": "Aisha",
            "last_name": "Ny",
            "parental_responsibility": "joint",
            "preferred_language": "ar",
            "interpreter_needed": "on",
        },
    )
    assert response.status_code == 302
    assert family.children.count() == 2
    assert family.guardians.get().interpreter_needed
    page = c.get(f"/familier/{family.pk}/").content.decode()
    assert "Nora Ny" in page and "termin" in page and "Trenger tolk" in page


@pytest.mark.parametrize(
    "data, message",
    [
        ({"first_name": "A", "last_name": "B"}, "Oppgi fødselsdato"),
        (
            {"first_name": "A", "last_name": "B", "birth_date": "2019-03-09", "national_id": "12345678901"},
            "Kontrollsifrene",
        ),
        ({"first_name": "A", "last_name": "B", "birth_date": "2019-03-09", "national_id": "123"}, "11 sifre"),
        ({"first_name": "A", "last_name": "B", "birth_date": "2099-01-01"}, "fremtiden"),
        ({"first_name": "A", "last_name": "B", "birth_date": "31.02.2019"}, "dato"),
        (
            {
                "first_name": "A",
                "last_name": "B",
                "birth_date": "2019-01-01",
                "expected_due_date": "2027-01-01",
            },
            "termindato",
        ),
        ({"last_name": "B", "birth_date": "2019-01-01"}, "Feltet er påkrevet"),
    ],
)
def test_bad_child_input_is_refused_with_a_message_and_nothing_saved(tenant, client_for, data, message):
    before = Child.objects.count()
    response = client_for(tenant.caseworker).post(f"/familier/{tenant.family.pk}/barn/ny/", data)
    assert response.status_code == 422
    assert message.lower() in response.content.decode().lower()
    assert Child.objects.count() == before


def test_bad_guardian_input_is_refused(tenant, client_for):
    before = Guardian.objects.count()
    response = client_for(tenant.caseworker).post(
        f"/familier/{tenant.family.pk}/foresatte/ny/",
        {
            "first_name": "X",
            "last_name": "Y",
            "parental_responsibility": "sometimes",
            "preferred_language": "xx",
            "email": "not-an-email",
        },
    )
    assert response.status_code == 422
    assert Guardian.objects.count() == before


def test_a_child_of_another_family_cannot_be_edited_through_this_one(tenant, client_for):
    other_child = tenant.other_family.children.first()
    response = client_for(tenant.caseworker).get(f"/familier/{tenant.family.pk}/barn/{other_child.pk}/")
    assert response.status_code == 404
