"""The OpenAPI schema is honest (issue 10): every 4xx an endpoint can give is declared, and every input
carries its real bounds, so a client (or schemathesis) learns the rules from the schema."""

import pytest

from los.core.bounds import MAX_ID, MAX_IDS

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def resolve(schema, node):
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def inputs(schema, node, where):
    """Every leaf of a request schema, as (where, leaf)."""
    node = resolve(schema, node)
    for option in node.get("anyOf", []) + node.get("allOf", []):
        yield from inputs(schema, option, where)
    if node.get("type") == "object":
        for name, child in node.get("properties", {}).items():
            yield from inputs(schema, child, f"{where}.{name}")
    elif node.get("type") == "array":
        yield where, node
        yield from inputs(schema, node["items"], f"{where}[]")
    elif "type" in node or "enum" in node:
        yield where, node


def test_every_endpoint_declares_the_4xx_it_can_give(schema):
    checked = 0
    for path, method, operation in operations(schema):
        declared = set(operation["responses"])
        label = f"{method.upper()} {path}"
        assert {"401", "422"} <= declared, label  # no credentials; a bad path, query or body value
        if "{" in path:
            assert "404" in declared, label  # missing, or not yours
        if method != "get":
            assert "403" in declared, label  # a browser session without its CSRF token
        if "requestBody" in operation:
            assert "400" in declared, label  # a body that is not JSON
        for status in declared - {"200", "201"}:
            body = operation["responses"][status]["content"]["application/json"]["schema"]
            assert "message" in resolve(schema, body)["properties"], (label, status)
        checked += 1
    assert checked >= 21


def test_every_id_in_a_path_is_a_positive_integer_the_database_can_hold(schema):
    for path, _method, operation in operations(schema):
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path":
                assert parameter["schema"]["type"] == "integer", (path, parameter)
                assert parameter["schema"]["minimum"] == 1 and parameter["schema"]["maximum"] == MAX_ID


def test_every_input_declares_its_bounds(schema):
    leaves = []
    for path, method, operation in operations(schema):
        for parameter in operation.get("parameters", []):
            leaves.append((f"{method} {path} {parameter['name']}", parameter["schema"]))
        body = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if body:
            leaves.extend(inputs(schema, body["schema"], f"{method} {path} body"))
    assert leaves
    for where, leaf in leaves:
        kind = leaf.get("type")
        if kind == "integer":
            assert "minimum" in leaf and "maximum" in leaf, where
        elif kind == "array":
            assert "maxItems" in leaf, where
        elif kind == "string" and "enum" not in leaf:
            assert "maxLength" in leaf or "pattern" in leaf or leaf.get("format") == "date", where


def test_a_consent_needs_at_least_one_service_and_the_bti_level_is_an_integer_0_to_3(schema):
    components = schema["components"]["schemas"]
    services = components["ConsentIn"]["properties"]["services"]
    assert services["minItems"] == 1 and services["maxItems"] == MAX_IDS
    assert services["items"]["maximum"] == MAX_ID
    level = components["RelayLogIn"]["properties"]["level"]
    assert (level["type"], level["minimum"], level["maximum"]) == ("integer", 0, 3)
    starts = components["AppointmentIn"]["properties"]["starts_at"]
    assert starts["type"] == "string" and starts["pattern"]
