"""Which child? A family with several children has one plan, and every plan page says whom it is for:
«Individuell plan for Ola Moen (f. 2016)», or «hele familien» when the coordinator chose no child."""

import datetime

import pytest
from django.utils import timezone

from los.people.models import Child
from los.plans.models import IndividualPlan
from tests.factories import make_family

from .helpers import consent_to_plan, make_plan

pytestmark = pytest.mark.django_db


def add_children(t):
    """Emma (f. 2016, from the factory) gets two siblings: Ola (f. 2018) and Kari (f. 2021)."""
    last = t.family.children.first().last_name
    ola = Child.objects.create(
        family=t.family, first_name="Ola", last_name=last, birth_date=datetime.date(2018, 3, 1)
    )
    kari = Child.objects.create(
        family=t.family, first_name="Kari", last_name=last, birth_date=datetime.date(2021, 9, 9)
    )
    return ola, kari


def new_plan_post(**extra):
    today = timezone.localdate()
    return {
        "period_start": today.isoformat(),
        "next_revision_on": (today + datetime.timedelta(days=120)).isoformat(),
        **extra,
    }


def test_the_coordinator_chooses_the_child_when_making_the_plan(tenant, client_for):
    ola, _kari = add_children(tenant)
    consent_to_plan(tenant)
    c = client_for(tenant.coordinator)
    form_page = c.get(f"/plan/{tenant.family.pk}/ny/").content.decode()
    assert "Hvem er planen for" in form_page and "Hele familien" in form_page and "Kari" in form_page
    response = c.post(f"/plan/{tenant.family.pk}/ny/", new_plan_post(child=ola.pk))
    assert response.status_code == 302
    assert IndividualPlan.objects.get(family=tenant.family).child == ola
    page = c.get(f"/plan/{tenant.family.pk}/").content.decode()
    assert f"Individuell plan for Ola {ola.last_name} (f. 2018)" in page
    assert f"Mål og tiltak for Ola {ola.last_name} (f. 2018)" in page


def test_a_plan_for_no_one_child_is_for_the_whole_family(tenant, client_for):
    add_children(tenant)
    consent_to_plan(tenant)
    c = client_for(tenant.coordinator)
    assert c.post(f"/plan/{tenant.family.pk}/ny/", new_plan_post(child="")).status_code == 302
    assert IndividualPlan.objects.get(family=tenant.family).child is None
    assert "Individuell plan for hele familien" in c.get(f"/plan/{tenant.family.pk}/").content.decode()


def test_the_only_child_is_chosen_from_the_start(tenant, client_for):
    consent_to_plan(tenant)
    emma = tenant.family.children.get()
    page = client_for(tenant.coordinator).get(f"/plan/{tenant.family.pk}/ny/").content.decode()
    assert f'<option value="{emma.pk}" selected>' in page


def test_a_child_of_another_family_is_refused_in_bokmal(tenant, client_for):
    consent_to_plan(tenant)
    other = make_family(tenant.municipality, "Familien Annen").children.get()
    response = client_for(tenant.coordinator).post(
        f"/plan/{tenant.family.pk}/ny/", new_plan_post(child=other.pk)
    )
    assert response.status_code == 422
    assert "Velg et av barna i familien, eller hele familien." in response.content.decode()
    assert not IndividualPlan.objects.filter(family=tenant.family).exists()


def test_the_family_sees_whom_the_plan_is_for(tenant, client_for):
    emma = tenant.family.children.get()
    make_plan(tenant, child=emma)
    guardian = client_for(tenant.guardian_user)
    title = f"Individuell plan for Emma {emma.last_name} (f. 2016)"
    plainly = f"Den individuelle planen for Emma {emma.last_name} (f. 2016)"
    assert plainly in guardian.get(f"/plan/{tenant.family.pk}/familie/").content.decode()
    assert plainly in guardian.get(f"/familie/{tenant.family.pk}/").content.decode()  # the family's own page
    staff_page = client_for(tenant.coordinator).get(f"/familier/{tenant.family.pk}/").content.decode()
    assert title in staff_page
    version_page = client_for(tenant.coordinator).get(f"/plan/{tenant.family.pk}/versjon/1/").content.decode()
    assert title in version_page
