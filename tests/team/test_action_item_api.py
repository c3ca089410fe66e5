"""The API contract: POST /api/v1/families/{id}/action-items and GET /api/v1/me/notifications."""

import datetime

import pytest

from los.core import dates
from los.notifications.models import Notification
from los.notifications.sweep import run_due
from los.team.models import ActionItem

URL = "/api/v1/families/{}/action-items"


def post(client, family_id, body):
    return client.post(URL.format(family_id), body, content_type="application/json")


def test_coordinator_creates_an_action_item(tenant, client_for):
    due = (dates.today() + datetime.timedelta(days=10)).isoformat()
    response = post(
        client_for(tenant.coordinator),
        tenant.family.pk,
        {"title": "Søke om BPA", "due_on": due, "responsible_username": tenant.provider.username},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert isinstance(body["id"], int)
    item = ActionItem.objects.get(pk=body["id"])
    assert (item.title, item.due_on.isoformat(), item.responsible) == ("Søke om BPA", due, tenant.provider)
    assert body["due_in_past_when_created"] is False and body["late"] is False
    listed = client_for(tenant.guardian_user).get(URL.format(tenant.family.pk)).json()
    assert [i["id"] for i in listed] == [body["id"]]


def test_a_past_due_date_is_allowed_but_flagged(tenant, client_for):
    due = (dates.today() - datetime.timedelta(days=2)).isoformat()
    response = post(
        client_for(tenant.coordinator),
        tenant.family.pk,
        {"title": "Ringe skolen", "due_on": due, "responsible_username": tenant.guardian_user.username},
    )
    assert response.status_code == 201
    assert response.json()["due_in_past_when_created"] is True and response.json()["late"] is True


@pytest.mark.parametrize(
    "body, field",
    [
        ({"title": "X", "due_on": "2027-02-30", "responsible_username": "{provider}"}, "due_on"),
        ({"title": "X", "due_on": "01.03.2027", "responsible_username": "{provider}"}, "due_on"),
        ({"title": "X", "due_on": 0, "responsible_username": "{provider}"}, "due_on"),
        (
            {"title": "X", "due_on": "2027-03-01", "responsible_username": "ingen-slik-bruker"},
            "responsible_username",
        ),
        ({"title": "X", "due_on": "2027-03-01", "responsible_username": "{foreign}"}, "responsible_username"),
        (
            {"title": "X", "due_on": "2027-03-01", "responsible_username": "{foreign_guardian}"},
            "responsible_username",
        ),
        (
            {"title": "X", "due_on": "2027-03-01", "responsible_username": "{not_on_team}"},
            "responsible_username",
        ),
        ({"title": "", "due_on": "2027-03-01", "responsible_username": "{provider}"}, "title"),
        ({"due_on": "2027-03-01", "responsible_username": "{provider}"}, "title"),
        ({"title": "X", "due_on": "2027-03-01", "responsible_username": "{provider}", "extra": 1}, "extra"),
    ],
)
def test_bad_input_answers_422_naming_the_field_and_saves_nothing(
    tenant, other_tenant, client_for, body, field
):
    names = {
        "{provider}": tenant.provider.username,
        "{foreign}": other_tenant.provider.username,
        "{foreign_guardian}": other_tenant.guardian_user.username,
        "{not_on_team}": tenant.other_provider.username,
    }
    body = {k: names.get(v, v) if isinstance(v, str) else v for k, v in body.items()}
    response = post(client_for(tenant.coordinator), tenant.family.pk, body)
    assert response.status_code == 422, response.json()
    assert field in [d["field"] for d in response.json()["detail"]]
    assert response.json()["message"]
    assert not ActionItem.objects.exists() and not Notification.objects.exists()


def test_a_user_from_another_municipality_is_named_as_such(tenant, other_tenant, client_for):
    response = post(
        client_for(tenant.coordinator),
        tenant.family.pk,
        {"title": "X", "due_on": "2027-03-01", "responsible_username": other_tenant.coordinator.username},
    )
    assert response.status_code == 422
    assert "annen kommune" in response.json()["message"]


@pytest.mark.parametrize("actor", ["provider", "caseworker", "guardian_user", "leader"])
def test_only_the_coordinator_creates_items_others_get_404(tenant, client_for, actor):
    body = {"title": "X", "due_on": "2027-03-01", "responsible_username": tenant.provider.username}
    assert post(client_for(getattr(tenant, actor)), tenant.family.pk, body).status_code == 404


def test_family_not_visible_answers_404(tenant, other_tenant, client_for):
    body = {"title": "X", "due_on": "2027-03-01", "responsible_username": tenant.provider.username}
    c = client_for(tenant.coordinator)
    assert post(c, other_tenant.family.pk, body).status_code == 404
    assert post(c, tenant.other_family.pk, body).status_code == 404
    assert post(c, 999999, body).status_code == 404


def test_anonymous_gets_401(tenant, client):
    body = {"title": "X", "due_on": "2027-03-01", "responsible_username": tenant.provider.username}
    assert post(client, tenant.family.pk, body).status_code == 401
    assert client.get("/api/v1/me/notifications").status_code == 401


def test_my_notifications_lists_reminders_and_chases_with_their_item(tenant, client_for):
    item_body = {
        "title": "Søke om BPA",
        "due_on": "2027-02-26",
        "responsible_username": tenant.provider.username,
    }
    item_id = post(client_for(tenant.coordinator), tenant.family.pk, item_body).json()["id"]
    run_due(datetime.datetime.fromisoformat("2027-03-01T08:00:00+01:00"))
    rows = client_for(tenant.provider).get("/api/v1/me/notifications").json()
    kinds = {(r["kind"], r["action_item_id"]) for r in rows}
    assert ("chase", item_id) in kinds and ("action_item_assigned", item_id) in kinds
    assert all("created_at" in r for r in rows)
    assert all(
        r["kind"] != "chase" for r in client_for(tenant.coordinator).get("/api/v1/me/notifications").json()
    )
    first = rows[0]["id"]
    provider = client_for(tenant.provider)
    assert provider.post(f"/api/v1/me/notifications/{first}/read").status_code == 200
    assert first not in [r["id"] for r in provider.get("/api/v1/me/notifications?unread=true").json()]
    assert client_for(tenant.coordinator).post(f"/api/v1/me/notifications/{first}/read").status_code == 404
