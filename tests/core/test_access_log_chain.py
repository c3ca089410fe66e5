"""The access log as evidence: the actor as they were, a hash chain, and `los verify-log` that finds
a row changed, deleted or slipped in afterwards (Normen, fact sheet 15: logs must be protected)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from los.core import audit
from los.core.models import AccessAction, AccessLogEntry, AccessReason


def _log_some_reads(tenant, client_for, n=3):
    c = client_for(tenant.guardian_user)
    for _ in range(n):
        assert c.get(f"/familie/{tenant.family.pk}/").status_code == 200
    return list(AccessLogEntry.objects.order_by("seq"))


def _verify():
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify-log", stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue() + err.getvalue()
    return 0, out.getvalue() + err.getvalue()


def _raw(sql, params):
    table = AccessLogEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=table), params)


def test_rows_form_one_unbroken_chain(tenant, client_for):
    rows = _log_some_reads(tenant, client_for)
    assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
    assert rows[0].prev_hash == audit.GENESIS
    assert all(b.prev_hash == a.hash for a, b in zip(rows, rows[1:], strict=False))
    code, text = _verify()
    assert code == 0, text
    assert f"{len(rows)} rader" in text


def test_verify_log_names_a_row_changed_with_raw_sql(tenant, client_for):
    rows = _log_some_reads(tenant, client_for)
    target = rows[1]
    _raw("UPDATE {table} SET record_type = %s WHERE id = %s", ["access_log", target.pk])
    code, text = _verify()
    assert code == 1
    assert f"rad {target.seq} " in text and "hash" in text


def test_verify_log_finds_a_row_whose_actor_was_rewritten(tenant, client_for):
    rows = _log_some_reads(tenant, client_for)
    _raw("UPDATE {table} SET actor_name = %s WHERE id = %s", ["Noen Andre", rows[0].pk])
    code, text = _verify()
    assert code == 1 and f"rad {rows[0].seq} " in text


def test_verify_log_finds_a_deleted_row(tenant, client_for):
    rows = _log_some_reads(tenant, client_for)
    _raw("DELETE FROM {table} WHERE id = %s", [rows[1].pk])
    code, text = _verify()
    assert code == 1
    assert "mangler" in text or "missing" in text


def test_verify_log_finds_an_inserted_row(tenant, client_for):
    rows = _log_some_reads(tenant, client_for)
    last = rows[-1]
    _raw(
        "INSERT INTO {table} (seq, at, user_id, actor_name, actor_role, family_id, action, record_type,"
        " record_id, reason, purpose, channel, ip_address, prev_hash, hash)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        [
            last.seq + 1,
            last.at,
            tenant.caseworker.pk,
            "Saksbehandler",
            "caseworker",
            tenant.family.pk,
            AccessAction.READ,
            "family",
            str(tenant.family.pk),
            AccessReason.CASEWORKER,
            "",
            "web",
            None,
            last.hash,
            "f" * 64,
        ],
    )
    code, text = _verify()
    assert code == 1 and f"rad {last.seq + 1} " in text


def test_verify_log_finds_a_row_slipped_in_between(tenant, client_for):
    rows = _log_some_reads(tenant, client_for)
    # Renumber the tail to make room, as someone hiding an insertion would, then insert a row.
    _raw("UPDATE {table} SET seq = seq + 100 WHERE seq >= %s", [rows[1].seq])
    _raw(
        "INSERT INTO {table} (seq, at, user_id, actor_name, actor_role, family_id, action, record_type,"
        " record_id, reason, purpose, channel, ip_address, prev_hash, hash)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        [
            rows[1].seq,
            rows[0].at,
            tenant.caseworker.pk,
            "X",
            "caseworker",
            tenant.family.pk,
            "read",
            "family",
            "1",
            AccessReason.CASEWORKER,
            "",
            "web",
            None,
            rows[0].hash,
            "0" * 64,
        ],
    )
    code, text = _verify()
    assert code == 1 and f"rad {rows[1].seq} " in text


def test_each_row_keeps_the_actors_name_and_role_as_they_were(tenant, client_for):
    tenant.caseworker.first_name, tenant.caseworker.last_name = "Kari", "Nordmann"
    tenant.caseworker.save()
    client_for(tenant.caseworker).get(f"/familier/{tenant.family.pk}/")
    tenant.caseworker.first_name = "Omdøpt"
    tenant.caseworker.role = "leader"
    tenant.caseworker.save()
    entry = AccessLogEntry.objects.filter(user=tenant.caseworker).latest("seq")
    entry.refresh_from_db()
    assert entry.actor_name == "Kari Nordmann"
    assert entry.actor_role == "caseworker"
    assert _verify()[0] == 0


def test_rows_cannot_be_written_around_the_chain(tenant):
    with pytest.raises(PermissionError):
        AccessLogEntry(
            seq=1, user=tenant.caseworker, family=tenant.family, action="read", record_type="family"
        ).save()


def test_an_empty_log_verifies(db):
    assert AccessLogEntry.objects.count() == 0
    code, text = _verify()
    assert code == 0 and "0 rader" in text
