"""The CapabilityStatement says exactly what is served; the official R4 examples (tests/fhir/fixtures/,
see its README) pass the same validation as Los' own resources, and the validation refuses codes outside
the R4 value sets, which fhir.resources alone accepts."""

import json
from pathlib import Path

import pytest
from django.test import Client

from los.fhir.mapping import OID_HPR, OID_ORGANISATION_NUMBER
from los.fhir.resources import RESOURCES
from los.fhir.urls import WRITABLE
from los.fhir.validation import InvalidResource, validate

from .conftest import client_of, fhir_get

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("*.json"))


def test_capability_statement_lists_exactly_the_types_and_parameters_served(world):
    statement = fhir_get(Client(), "/fhir/R4/metadata").json()
    assert statement["resourceType"] == "CapabilityStatement" and statement["fhirVersion"] == "4.0.1"
    (rest,) = statement["rest"]
    assert [r["type"] for r in rest["resource"]] == list(RESOURCES)
    client = client_of(world.t.guardian_user)
    child = world.family.children.first()
    values = {
        "_id": "1",
        "patient": str(child.pk),
        "identifier": child.national_id,
        "_count": "5",
        "_offset": "0",
    }
    identifiers = {
        "Practitioner": f"{OID_HPR}|1234567",
        "Organization": f"{OID_ORGANISATION_NUMBER}|{world.t.physio.organisation.org_number or '920000002'}",
    }
    for resource in rest["resource"]:
        writes = ["create", "update"] if resource["type"] in WRITABLE else []
        assert [i["code"] for i in resource["interaction"]] == ["read", "search-type", *writes]
        for param in resource["searchParam"]:
            value = values[param["name"]]
            if param["name"] == "identifier":
                value = identifiers.get(resource["type"], value)
            params = {param["name"]: value}
            if resource["type"] != "Patient":
                params.setdefault("patient", str(child.pk))
            response = client.get(f"/fhir/R4/{resource['type']}", params)
            assert response.status_code == 200, (resource["type"], param["name"])


def test_an_unlisted_parameter_is_refused(world):
    assert client_of(world.t.guardian_user).get("/fhir/R4/Goal?patient=1&status=active").status_code == 400


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_official_r4_example_passes_the_validation(path):
    resource = json.loads(path.read_text(encoding="utf-8"))
    model = validate(resource)
    assert model.get_resource_type() == resource["resourceType"]
    assert model.id == resource["id"]


def test_fixtures_cover_the_types_served():
    served = set(RESOURCES)
    examples = {json.loads(p.read_text(encoding="utf-8"))["resourceType"] for p in FIXTURES}
    assert served <= examples


@pytest.mark.parametrize(
    "resource",
    [
        {"resourceType": "Appointment", "status": "planned", "participant": [{"status": "accepted"}]},
        {"resourceType": "Appointment", "status": "booked", "participant": [{"status": "maybe"}]},
        {
            "resourceType": "Consent",
            "status": "withdrawn",
            "scope": {"text": "x"},
            "category": [{"text": "x"}],
        },
        {"resourceType": "Task", "status": "open", "intent": "plan"},
        {"resourceType": "Patient", "gender": "M"},
        {
            "resourceType": "Bundle",
            "type": "searchset",
            "entry": [
                {
                    "resource": {
                        "resourceType": "Goal",
                        "lifecycleStatus": "done",
                        "description": {"text": "x"},
                        "subject": {"reference": "Patient/1"},
                    }
                }
            ],
        },
        {"resourceType": "NoSuchType"},
        {"id": "1"},
    ],
)
def test_validation_refuses_codes_outside_r4(resource):
    with pytest.raises((InvalidResource, ValueError)):
        validate(resource)
