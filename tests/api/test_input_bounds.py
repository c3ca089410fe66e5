"""Every API input is bounded at the edge (issue 10): ids the database cannot hold, dates out of their
range, texts and lists too long answer 422 with the error shape and a message in bokmål, never 500."""

import datetime
import json

import pytest
from django.test import Client

from los.consent.models import Consent
from los.core import dates
from los.core.bounds import MAX_ID
from los.core.models import ApiToken
from los.notifications.models import Notification
from los.team.models import RelayLog

TOO_BIG = 2**63  # one more than the largest id the database holds


def post(client, url, data=None, raw=None, **extra):
    body = raw if raw is not None else json.dumps(data if data is not None else {})
    return client.post(url, body, content_type="application/json", **extra)


def assert_422_in_bokmal(response, field=None):
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["message"] and set(body) == {"message", "detail"}
    assert all(set(d) == {"field", "message", "type"} for d in body["detail"])
    assert "Input should" not in body["message"] and "Value error" not in body["message"]
    if field is not None:
        assert any(d["field"].split(".")[0] == field for d in body["detail"]), body


def test_marking_a_notification_with_a_twenty_digit_id_answers_422_not_500(tenant, client_for):
    response = client_for(tenant.coordinator).post("/api/v1/me/notifications/99999999999999999999/read")
    assert_422_in_bokmal(response, "notification_id")
    assert "for stor" in response.json()["message"]


def test_the_largest_id_the_database_holds_is_still_a_plain_404(tenant, client_for):
    response = client_for(tenant.coordinator).post(f"/api/v1/me/notifications/{MAX_ID}/read")
    assert response.status_code == 404


def test_a_consent_for_service_two_to_the_63_answers_422_and_saves_nothing(tenant, client_for):
    before = Consent.objects.count()
    response = post(
        client_for(tenant.guardian_user),
        f"/api/v1/families/{tenant.family.pk}/consents",
        {"services": [TOO_BIG]},
    )
    assert_422_in_bokmal(response, "services")
    assert Consent.objects.count() == before


@pytest.mark.parametrize(
    "field, value",
    [("services", []), ("services", list(range(1, 202))), ("guardian_ids", [TOO_BIG]), ("guardian_ids", [0])],
)
def test_consent_id_lists_are_bounded(tenant, client_for, field, value):
    body = {"services": [tenant.physio.pk], field: value}
    response = post(client_for(tenant.caseworker), f"/api/v1/families/{tenant.family.pk}/consents", body)
    assert_422_in_bokmal(response, field)


@pytest.mark.parametrize("level", [1.5, 1.0, "2", 4, -1, True])
def test_a_relay_log_level_is_a_whole_number_from_0_to_3(tenant, client_for, level):
    before = RelayLog.objects.count()
    response = post(
        client_for(tenant.provider),
        f"/api/v1/families/{tenant.family.pk}/relay-logs",
        {"concern": "Mye fravær", "level": level},
    )
    assert_422_in_bokmal(response, "level")
    assert RelayLog.objects.count() == before


def test_relay_log_service_ids_beyond_the_database_answer_422(tenant, client_for):
    response = post(
        client_for(tenant.provider),
        f"/api/v1/families/{tenant.family.pk}/relay-logs",
        {"concern": "Mye fravær", "level": 1, "service_ids": [TOO_BIG], "child_id": TOO_BIG},
    )
    assert_422_in_bokmal(response)
    assert {d["field"].split(".")[0] for d in response.json()["detail"]} == {"service_ids", "child_id"}


@pytest.mark.parametrize(
    "change, field",
    [
        ({"starts_at": "9999-12-31T10:00", "ends_at": "9999-12-31T11:00"}, "starts_at"),
        ({"starts_at": "2026-02-30T10:00"}, "starts_at"),
        ({"starts_at": "2026-03-02 10:00"}, "starts_at"),
        ({"ends_at": 1767225600}, "ends_at"),
        ({"guardian_ids": [TOO_BIG]}, "guardian_ids"),
        ({"service_id": TOO_BIG}, "service_id"),
        ({"place_id": 0}, "place_id"),
        ({"title": "x" * 121}, "title"),
        ({"notes": "a\x00b"}, "notes"),
    ],
)
def test_bad_appointment_fields_answer_422(tenant, client_for, change, field):
    day = (dates.today() + datetime.timedelta(days=7)).isoformat()
    body = {"starts_at": f"{day}T10:00", "ends_at": f"{day}T11:00", **change}
    response = post(client_for(tenant.coordinator), f"/api/v1/families/{tenant.family.pk}/appointments", body)
    assert_422_in_bokmal(response, field)


@pytest.mark.parametrize(
    "url, body, field",
    [
        ("action-items", {"title": "Søke", "due_on": "9999-12-31", "responsible_username": "x"}, "due_on"),
        ("action-items", {"title": "Søke", "due_on": "0001-01-01", "responsible_username": "x"}, "due_on"),
        ("referrals", {"reason": "Vurdering", "sent_on": "9999-12-31"}, "sent_on"),
        ("referrals", {"reason": "Vurdering", "organisation_id": TOO_BIG}, "organisation_id"),
        ("consents", {"services": [1], "ends_on": "9999-12-31"}, "ends_on"),
    ],
)
def test_dates_and_ids_out_of_range_in_other_bodies_answer_422(tenant, client_for, url, body, field):
    response = post(client_for(tenant.coordinator), f"/api/v1/families/{tenant.family.pk}/{url}", body)
    assert_422_in_bokmal(response, field)
    assert "9999" not in response.json()["message"] or "fram i tid" in response.json()["message"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/families?page=99999999999999999999",
        "/api/v1/families?page=0",
        "/api/v1/families?page_size=1000",
        "/api/v1/families/{family}/access-log?page=99999999999999999999",
        "/api/v1/me/notifications?page_size=0",
        "/api/v1/me/notifications?unread=kanskje",
        "/api/v1/families/99999999999999999999/consents",
        "/api/v1/families/-1/plan",
        "/api/v1/families/abc/referrals",
    ],
)
def test_bad_path_and_query_values_answer_422(tenant, client_for, url):
    response = client_for(tenant.caseworker).get(url.format(family=tenant.family.pk))
    assert_422_in_bokmal(response)


def test_nul_in_a_text_answers_422_on_every_database(tenant, client_for):
    response = post(
        client_for(tenant.guardian_user), f"/api/v1/consents/{tenant.consent.pk}/withdraw", {"reason": "\x00"}
    )
    assert_422_in_bokmal(response, "reason")


def test_a_body_that_is_not_json_answers_400_in_bokmal(tenant, client_for):
    response = post(client_for(tenant.coordinator), f"/api/v1/families/{tenant.family.pk}/referrals", raw="{")
    assert response.status_code == 400
    assert response.json() == {"message": "Forespørselen er ikke gyldig JSON."}


def test_a_post_without_credentials_is_401_and_a_session_without_csrf_is_403(tenant):
    url = f"/api/v1/families/{tenant.family.pk}/consents"
    browser = Client(enforce_csrf_checks=True)
    assert post(browser, url, {"services": [tenant.physio.pk]}).status_code == 401
    browser.force_login(tenant.guardian_user)
    refused = post(browser, url, {"services": [tenant.physio.pk]})
    assert refused.status_code == 403 and "CSRF" in refused.json()["message"]
    _token, key = ApiToken.issue(tenant.guardian_user)
    with_token = Client(enforce_csrf_checks=True)
    answered = post(with_token, url, {"services": [tenant.physio.pk]}, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert answered.status_code == 201


def test_an_unknown_notification_is_404_and_ones_own_is_marked_read(tenant, client_for):
    own = Notification.objects.create(user=tenant.coordinator, kind="reminder", text="Husk", url="/")
    other = Notification.objects.create(user=tenant.caseworker, kind="reminder", text="Husk", url="/")
    client = client_for(tenant.coordinator)
    assert client.post(f"/api/v1/me/notifications/{other.pk}/read").status_code == 404
    assert client.post(f"/api/v1/me/notifications/{own.pk}/read").status_code == 200
