"""Every allowed read is one row in the family's access log, written by the guard with the channel "api":
one row per family per request, whatever the number of records shown; a refused read writes none."""

from .conftest import client_of, fhir_get, last_seq, rows_since


def test_a_read_writes_one_row_naming_the_record(world):
    w = world
    before = last_seq()
    fhir_get(client_of(w.t.provider), f"/fhir/R4/Appointment/{w.appointment.pk}")
    (row,) = rows_since(before)
    assert (row.action, row.record_type, row.record_id) == ("read", "appointment", str(w.appointment.pk))
    assert (row.channel, row.reason, row.family_id) == ("api", "team_member_with_consent", w.family.pk)


def test_a_search_of_many_records_writes_one_row_for_the_family(world):
    w = world
    w.appointment  # noqa: B018
    before = last_seq()
    bundle = fhir_get(
        client_of(w.t.coordinator), f"/fhir/R4/RelatedPerson?patient={w.family.children.first().pk}"
    )
    assert bundle.json()["total"] == 2
    (row,) = rows_since(before)
    assert (row.record_type, row.channel, row.family_id) == ("guardian", "api", w.family.pk)


def test_the_patient_list_writes_one_row_per_family_shown(world):
    w = world
    before = last_seq()
    fhir_get(client_of(w.t.caseworker), "/fhir/R4/Patient")
    rows = rows_since(before)
    assert sorted(r.family_id for r in rows) == sorted([w.family.pk, w.t.other_family.pk])
    assert {(r.record_type, r.channel, r.reason) for r in rows} == {
        ("child", "api", "caseworker_in_municipality")
    }


def test_refused_and_invalid_requests_write_nothing(world):
    w = world
    before = last_seq()
    for user, url in [
        (w.t.school_provider, f"/fhir/R4/Patient/{w.family.children.first().pk}"),
        (w.t.coordinator, f"/fhir/R4/AuditEvent?patient={w.family.children.first().pk}"),
        (w.t.leader, "/fhir/R4/Patient"),
        (w.t.provider, "/fhir/R4/Patient?bogus=1"),
        (w.o.coordinator, f"/fhir/R4/CareTeam/{w.family.pk}"),
    ]:
        fhir_get(client_of(user), url)
    assert rows_since(before) == []
