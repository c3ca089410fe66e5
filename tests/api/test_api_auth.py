"""API authentication: session or personal token; no credentials is 401; tokens can be revoked."""

from io import StringIO

import pytest
from django.core.management import call_command

from los.core.models import ApiToken


def test_no_token_is_401(tenant, client):
    response = client.get("/api/v1/families")
    assert response.status_code == 401
    assert response.json()["message"]


def test_wrong_token_is_401(tenant, client):
    assert client.get("/api/v1/families", HTTP_AUTHORIZATION="Bearer los_wrong").status_code == 401


def test_token_created_by_command_works_until_revoked(tenant, client):
    out = StringIO()
    call_command("token", "create", tenant.caseworker.username, "--name", "EPJ", stdout=out)
    key = out.getvalue().strip()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    response = client.get("/api/v1/families", **auth)
    assert response.status_code == 200
    assert {f["id"] for f in response.json()} == {tenant.family.pk, tenant.other_family.pk}
    listing = StringIO()
    call_command("token", "list", tenant.caseworker.username, stdout=listing)
    assert "EPJ" in listing.getvalue() and "active" in listing.getvalue()
    token = ApiToken.objects.get(user=tenant.caseworker)
    assert token.key_hash != key and key not in listing.getvalue()
    call_command("token", "revoke", str(token.pk), stdout=StringIO())
    assert client.get("/api/v1/families", **auth).status_code == 401


def test_openapi_schema_and_docs_are_served(client):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in [
        "/api/v1/families",
        "/api/v1/families/{family_id}",
        "/api/v1/families/{family_id}/access-log",
        "/api/v1/families/{family_id}/consents",
        "/api/v1/consents/{consent_id}/withdraw",
    ]:
        assert path in paths
    assert "404" in paths["/api/v1/families/{family_id}"]["get"]["responses"]
    assert client.get("/api/v1/docs").status_code == 200


@pytest.mark.parametrize("bad", ["abc", "-1", "1.5", "99999999999999999999"])
def test_non_numeric_family_ids_are_4xx(tenant, client_for, bad):
    response = client_for(tenant.caseworker).get(f"/api/v1/families/{bad}")
    assert 400 <= response.status_code < 500
