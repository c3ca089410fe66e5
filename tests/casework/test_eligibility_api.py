"""POST /api/v1/eligibility answers the contract exactly (issue 3)."""

import pytest

pytestmark = pytest.mark.django_db

EXAMPLE = {
    "assessed_on": "2026-11-23",
    "child_birth_date": "2015-04-02",
    "expected_due_date": None,
    "serious_condition": True,
    "long_term_needs": True,
    "complex_needs": False,
    "health_and_care_services": ["fysioterapi", "helsestasjon"],
    "other_welfare_services": ["barnehage"],
    "guardians_want_child_coordinator": True,
}


def post(client, body):
    return client.post("/api/v1/eligibility", body, content_type="application/json")


@pytest.fixture
def api(tenant, client_for):
    return client_for(tenant.provider)


def test_the_example_request_gets_the_contract_shape(api):
    response = post(api, EXAMPLE)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"assessed_on", "rights", "notes"}
    assert body["assessed_on"] == "2026-11-23"
    assert set(body["rights"]) == {"individual_plan", "coordinator", "child_coordinator"}
    for name, right in body["rights"].items():
        expected = {"status", "law", "criteria"} | ({"appoint"} if name == "child_coordinator" else set())
        assert set(right) == expected
        assert right["status"] in {"yes", "no", "unknown"}
        assert all(isinstance(law, str) for law in right["law"])
        for criterion in right["criteria"]:
            assert set(criterion) == {"code", "text", "status", "law"}
    rights = body["rights"]
    assert rights["child_coordinator"]["status"] == "yes" and rights["child_coordinator"]["appoint"] is True
    assert rights["child_coordinator"]["law"] == [
        "pasient- og brukerrettighetsloven § 2-5 c",
        "helse- og omsorgstjenesteloven § 7-2 a",
    ]
    assert rights["coordinator"]["status"] == "yes" and rights["individual_plan"]["status"] == "yes"
    assert {n["code"] for n in body["notes"]} == {"choose_one_coordinator"}
    assert all(set(n) == {"code", "text"} for n in body["notes"])


def test_every_field_is_optional_and_unknown_stays_unknown(api):
    body = post(api, {}).json()
    assert body["rights"]["child_coordinator"]["status"] == "unknown"
    assert body["rights"]["child_coordinator"]["appoint"] is None
    from los.core import dates

    assert body["assessed_on"] == dates.today().isoformat()


def test_guardians_who_do_not_want_it_give_appoint_false(api):
    body = post(api, {**EXAMPLE, "guardians_want_child_coordinator": False}).json()
    assert body["rights"]["child_coordinator"]["status"] == "yes"
    assert body["rights"]["child_coordinator"]["appoint"] is False


def test_expecting_a_child_and_turning_18_notes(api):
    expecting = post(api, {**EXAMPLE, "child_birth_date": None, "expected_due_date": "2027-02-01"}).json()
    assert "expecting_child" in {n["code"] for n in expecting["notes"]}
    turning = post(api, {**EXAMPLE, "child_birth_date": "2009-01-10"}).json()
    assert "turns_18_within_6_months" in {n["code"] for n in turning["notes"]}


@pytest.mark.parametrize(
    "body, field",
    [
        ({"child_birth_date": "2015-04-02", "expected_due_date": "2027-01-01"}, "expected_due_date"),
        ({"assessed_on": "2026-11-23", "child_birth_date": "2026-12-01"}, "child_birth_date"),
        ({"child_birth_date": "2015-02-30"}, "child_birth_date"),
        ({"assessed_on": "23.11.2026"}, "assessed_on"),
        ({"assessed_on": 0}, "assessed_on"),
        ({"expected_due_date": "soon"}, "expected_due_date"),
        ({"health_and_care_services": "fysioterapi"}, "health_and_care_services"),
        ({"other_welfare_services": ["barnehage", 3]}, "other_welfare_services"),
        ({"other_welfare_services": {"a": 1}}, "other_welfare_services"),
        ({"serious_condition": "yes"}, "serious_condition"),
        ({"unknown_field": True}, "unknown_field"),
    ],
)
def test_bad_input_is_422_with_a_message_naming_the_field(api, body, field):
    response = post(api, body)
    assert response.status_code == 422
    answer = response.json()
    assert field in answer["message"]
    assert field in {d["field"] for d in answer["detail"]}


def test_not_json_and_not_an_object_are_422_not_500(api):
    assert api.post("/api/v1/eligibility", "{not json", content_type="application/json").status_code in {
        400,
        422,
    }
    assert post(api, ["a"]).status_code == 422


def test_any_signed_in_user_may_ask_and_anonymous_gets_401(tenant, client_for, client, admin_user):
    assert post(client, EXAMPLE).status_code == 401
    for user in (tenant.caseworker, tenant.guardian_user, tenant.leader, admin_user):
        assert post(client_for(user), EXAMPLE).status_code == 200


def test_openapi_declares_the_answers(client_for, tenant):
    schema = client_for(tenant.caseworker).get("/api/v1/openapi.json").json()
    responses = schema["paths"]["/api/v1/eligibility"]["post"]["responses"]
    assert {"200", "401", "422"} <= set(responses)


def test_family_applications_in_the_api(tenant, client_for):
    from .helpers import case_world

    world = case_world(tenant)
    for user in (tenant.caseworker, tenant.guardian_user):
        body = client_for(user).get(f"/api/v1/families/{tenant.family.pk}/applications").json()
        assert body[0]["id"] == world.application.pk and body[0]["stage"] == "complaint_forwarded"
        assert body[0]["decision_id"] == world.decision.pk
    assert (
        client_for(tenant.coordinator).get(f"/api/v1/families/{tenant.family.pk}/applications").status_code
        == 404
    )
