import pytest
from django.test import Client

from los.core.models import AccessLogEntry
from los.fhir.validation import validate
from tests.core.matrix_world import World

FHIR_JSON = "application/fhir+json"


@pytest.fixture
def world(db):
    return World()


def client_of(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def fhir_get(client, url, **extra):
    """GET a FHIR url: the answer is always FHIR JSON that validates (a resource, Bundle or outcome)."""
    response = client.get(url, **extra)
    assert response.status_code < 500, (url, response.status_code)
    assert response["Content-Type"].startswith(FHIR_JSON), (url, response["Content-Type"])
    validate(response.json())
    return response


def last_seq() -> int:
    return AccessLogEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def rows_since(seq: int) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(seq__gt=seq).order_by("seq"))


def entries(bundle: dict) -> list[dict]:
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "searchset"
    return [e["resource"] for e in bundle.get("entry", [])]
