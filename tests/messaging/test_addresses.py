"""The address register's export gives the municipality's organisations and health services their HER-ids
(tjenestebasert adressering), so nobody types them by hand; a file with a bad row changes nothing."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import example, given, settings
from hypothesis import strategies as st

from los.messaging import addresses
from los.people.models import Organisation, Sector, Service

pytestmark = pytest.mark.django_db


def upload(client, name, content):
    return client.post("/meldinger/adresser/", {"file": SimpleUploadedFile(name, content)})


def csv_for(tenant, separator=","):
    org = Organisation.objects.get(
        municipality=tenant.municipality, name=f"{tenant.municipality.name} kommune"
    )
    rows = [
        ["her_id", "name", "type", "org_number", "parent_her_id", "service_type"],
        ["8300100", org.name, "organisation", org.org_number, "", ""],
        ["8300101", "Fysioterapi", "service", "", "8300100", "KR01"],
        ["8300102", "Helsestasjon", "service", "", "8300100", "KX04"],
        ["8399999", "Sykehuset i nabofylket", "organisation", "999999999", "", ""],
    ]
    return "\n".join(separator.join(r) for r in rows).encode()


@pytest.mark.parametrize("separator", [",", ";"])
def test_the_unit_imports_the_register_and_services_get_their_her_ids(tenant, client_for, separator):
    client = client_for(tenant.caseworker)
    response = upload(client, "adresser.csv", csv_for(tenant, separator))
    assert response.status_code == 302
    tenant.physio.refresh_from_db()
    assert (tenant.physio.her_id, tenant.physio.service_type_code) == (8300101, "KR01")
    added = Service.objects.get(name="Helsestasjon")
    assert (added.her_id, added.organisation, added.sector) == (
        8300102,
        tenant.physio.organisation,
        Sector.HEALTH_AND_CARE,
    )
    page = client.get("/meldinger/adresser/").content.decode()
    assert "8300101" in page and "Helsestasjon" in page
    assert "ingen organisasjon «Sykehuset i nabofylket»" in page  # skipped, and said so


def test_json_works_the_same(tenant, client_for):
    org = Organisation.objects.get(
        municipality=tenant.municipality, name=f"{tenant.municipality.name} kommune"
    )
    data = [
        {"her_id": 8300100, "name": org.name, "type": "organisation", "org_number": org.org_number},
        {"her_id": "8300101", "name": "fysioterapi", "type": "service", "parent_her_id": 8300100},
    ]
    assert upload(client_for(tenant.caseworker), "a.json", json.dumps(data).encode()).status_code == 302
    tenant.physio.refresh_from_db()
    assert tenant.physio.her_id == 8300101


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"her_id,name,type\nabc,Fysio,service\n", "Linje 2"),
        (b"her_id,name,type\n123,,organisation\n", "navn mangler"),
        (b"her_id,name,type\n123,Fysio,tjeneste\n", "type må være"),
        (b"her_id,name,type\n123,Fysio,service\n", "Organisasjonens HER-id"),
        (b"navn;nummer\nx;y\n", "overskriftene"),
        (b"[1, 2]", "ett objekt per"),
        (b"{not json", "ikke gyldig JSON"),
        ("her_id,name,type\n1,Æ,organisation\n".encode("latin-1"), "UTF-8"),
        (b"her_id,name,type\n", "ingen rader"),
    ],
)
def test_a_bad_file_changes_nothing_and_says_which_rows(tenant, client_for, content, says):
    before = list(Service.objects.values_list("pk", "her_id", "service_type_code"))
    response = upload(client_for(tenant.caseworker), "fil.csv", content)
    assert response.status_code == 422
    assert says in response.content.decode()
    assert list(Service.objects.values_list("pk", "her_id", "service_type_code")) == before


def test_a_good_row_is_not_saved_when_another_row_is_bad(tenant, client_for):
    content = csv_for(tenant) + b"\nnot-a-number,X,service,,8300100,\n"
    assert upload(client_for(tenant.caseworker), "fil.csv", content).status_code == 422
    tenant.physio.refresh_from_db()
    assert tenant.physio.her_id is None


def test_only_the_coordinating_unit_keeps_the_addresses(tenant, other_tenant, client_for):
    for user in (tenant.coordinator, tenant.provider, tenant.guardian_user, tenant.leader):
        assert client_for(user).get("/meldinger/adresser/").status_code == 404
    # Another municipality's unit cannot reach this municipality's services with its file.
    upload(client_for(other_tenant.caseworker), "fil.csv", csv_for(tenant))
    tenant.physio.refresh_from_db()
    assert tenant.physio.her_id is None


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
@example(b"\r")  # a lone carriage return once made the CSV reader fail
@example(b'her_id,name,type\n"1,\x00')
def test_any_bytes_are_read_or_refused_with_a_message(content):
    try:
        parties = addresses.read(content)
    except addresses.AddressFileError as error:
        assert error.message
    else:
        assert all(p.her_id > 0 and p.name for p in parties)
