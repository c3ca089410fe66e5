"""Consents through the API: the same rules as the pages, with 4xx answers for bad input."""

import json

import pytest

from los.consent.models import Consent, ConsentStatus
from los.core.models import ApiToken


def post(client, url, data=None, raw=None):
    body = raw if raw is not None else json.dumps(data or {})
    return client.post(url, body, content_type="application/json")


def test_guardian_gives_consent_by_api_with_a_token(tenant, client):
    _token, key = ApiToken.issue(tenant.guardian_user)
    tenant.municipality.consent_requires_all_guardians = False
    tenant.municipality.save()
    response = client.post(
        f"/api/v1/families/{tenant.family.pk}/consents",
        json.dumps(
            {"services": [tenant.school.pk], "starts_on": "2026-01-01", "covers_individual_plan": True}
        ),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "active" and body["services"] == [tenant.school.pk]
    listed = client.get(f"/api/v1/families/{tenant.family.pk}/consents", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert len(listed.json()) == 2


def test_guardian_withdraws_by_api_and_provider_loses_access(tenant, client_for):
    provider = client_for(tenant.provider)
    assert provider.get(f"/api/v1/families/{tenant.family.pk}").status_code == 200
    response = post(
        client_for(tenant.guardian_user), f"/api/v1/consents/{tenant.consent.pk}/withdraw", {"reason": "x"}
    )
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    assert provider.get(f"/api/v1/families/{tenant.family.pk}").status_code == 404
    again = post(client_for(tenant.guardian_user), f"/api/v1/consents/{tenant.consent.pk}/withdraw")
    assert again.status_code == 422 and "allerede" in again.json()["message"]


def test_second_guardian_signs_pending_consent_by_api(tenant, client_for):
    from tests.factories import make_user

    response = post(
        client_for(tenant.guardian_user),
        f"/api/v1/families/{tenant.family.pk}/consents",
        {"services": [tenant.school.pk]},
    )
    assert response.status_code == 201 and response.json()["status"] == "pending"
    second = tenant.guardians[1]
    second.user = make_user("ola2", "guardian")
    second.save()
    signed = post(client_for(second.user), f"/api/v1/consents/{response.json()['id']}/sign")
    assert signed.status_code == 200 and signed.json()["status"] == "active"


@pytest.mark.parametrize(
    "body, field, status",
    [
        ({"services": []}, "services", 422),
        ({"services": [1], "starts_on": "2026-05-01", "ends_on": "2026-04-01"}, "ends_on", 422),
        ({"services": "fysioterapi"}, "services", 422),
        ({"services": ["1"]}, "services", 422),
        ({"services": [1], "starts_on": 0}, "starts_on", 422),
        ({"services": [1], "starts_on": "2026-02-30"}, "starts_on", 422),
        ({"services": [1], "unknown": True}, "unknown", 422),
        ({}, "services", 422),
    ],
)
def test_bad_consent_bodies_get_422_naming_the_field_and_save_nothing(
    tenant, client_for, body, field, status
):
    if body.get("services") == [1]:
        body["services"] = [tenant.physio.pk]
    before = Consent.objects.count()
    response = post(client_for(tenant.guardian_user), f"/api/v1/families/{tenant.family.pk}/consents", body)
    assert response.status_code == status, response.content
    assert field in response.json()["message"] or any(d["field"] == field for d in response.json()["detail"])
    assert Consent.objects.count() == before


@pytest.mark.parametrize("raw", ["{not json", '"AAA"', "[1, 2]", "null", "12"])
def test_malformed_json_is_a_4xx_not_a_500(tenant, client_for, raw):
    response = post(
        client_for(tenant.guardian_user), f"/api/v1/families/{tenant.family.pk}/consents", raw=raw
    )
    assert 400 <= response.status_code < 500
    assert response.json()["message"]


def test_provider_cannot_give_consent_for_the_family(tenant, client_for):
    response = post(
        client_for(tenant.provider),
        f"/api/v1/families/{tenant.family.pk}/consents",
        {"services": [tenant.physio.pk]},
    )
    assert response.status_code == 404


def test_staff_registering_a_paper_consent_must_name_the_guardians(tenant, client_for):
    c = client_for(tenant.caseworker)
    url = f"/api/v1/families/{tenant.family.pk}/consents"
    missing = post(c, url, {"services": [tenant.school.pk]})
    assert missing.status_code == 422
    ok = post(c, url, {"services": [tenant.school.pk], "guardian_ids": [g.pk for g in tenant.guardians]})
    assert ok.status_code == 201 and ok.json()["status"] == ConsentStatus.ACTIVE


def test_withdrawing_someone_elses_consent_answers_404(tenant, other_tenant, client_for):
    response = post(client_for(tenant.guardian_user), f"/api/v1/consents/{other_tenant.consent.pk}/withdraw")
    assert response.status_code == 404
    assert post(client_for(tenant.guardian_user), "/api/v1/consents/999999/withdraw").status_code == 404
