"""Issue 10: ids the database cannot hold in the consent forms' checkboxes and hidden fields answered 500
(an OverflowError from the database). They are a form error now: 422 with the form, nothing saved."""

import pytest
from django.urls import reverse

from los.consent.models import Consent, ConsentExtensionRequest
from los.core import dates

pytestmark = pytest.mark.django_db

BAD = [str(2**63), "99999999999999999999", "-1", "abc"]


def _client(client_for, user):
    client = client_for(user)
    client.raise_request_exception = False  # a 500 shows as a status, not as the test's exception
    return client


@pytest.mark.parametrize("bad", BAD)
def test_guardian_consent_with_an_impossible_service_id_is_a_form_error(tenant, client_for, bad):
    guardian = _client(client_for, tenant.guardian_user)
    url = reverse("portal:consent_new", args=[tenant.family.pk])
    before = Consent.objects.count()
    response = guardian.post(url, {"services": [bad], "starts_on": dates.today().isoformat()})
    assert response.status_code == 422
    assert "Velg minst én tjeneste" not in response.content.decode()  # the value's error, not "required"
    assert Consent.objects.count() == before
    good = guardian.post(url, {"services": [tenant.school.pk], "starts_on": dates.today().isoformat()})
    assert good.status_code == 302


@pytest.mark.parametrize("field", ["services", "guardians"])
def test_paper_consent_with_two_to_the_63_in_a_checkbox_is_a_form_error(tenant, client_for, field):
    caseworker = _client(client_for, tenant.caseworker)
    url = reverse("people:consent_register", args=[tenant.family.pk])
    data = {
        "services": [tenant.school.pk],
        "starts_on": dates.today().isoformat(),
        "guardians": [g.pk for g in tenant.guardians],
    }
    before = Consent.objects.count()
    response = caseworker.post(url, {**data, field: [str(2**63)]})
    assert response.status_code == 422
    assert Consent.objects.count() == before
    assert caseworker.post(url, data).status_code == 302


def test_consent_dates_far_away_are_refused_on_the_field(tenant, client_for):
    guardian = _client(client_for, tenant.guardian_user)
    url = reverse("portal:consent_new", args=[tenant.family.pk])
    for field in ("starts_on", "ends_on"):
        data = {"services": [tenant.school.pk], "starts_on": dates.today().isoformat(), field: "9999-12-31"}
        response = guardian.post(url, data)
        assert response.status_code == 422 and "for langt fram i tid" in response.content.decode()


@pytest.mark.parametrize("member", [f"{2**63}:1", f"1:{2**63}", "-1:1", "abc", "1:2:3", "٣:1"])
def test_asking_to_extend_the_consent_for_an_impossible_member_is_a_message(tenant, client_for, member):
    coordinator = _client(client_for, tenant.coordinator)
    url = reverse("team:request_consent", args=[tenant.family.pk])
    response = coordinator.post(url, {"member": member, "role": "lærer"})
    assert response.status_code == 302
    assert response["Location"] == reverse("team:add_professional", args=[tenant.family.pk])
    assert not ConsentExtensionRequest.objects.exists()
