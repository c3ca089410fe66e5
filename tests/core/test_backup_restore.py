"""Backup and restore, proven (issue 10, part 7): a seeded database with a non-trivial access-log chain
is dumped with `pg_dump -Fc`, restored with `pg_restore` into a new database exactly as
docs/operations.md tells an operator to, and nothing is lost: every table has the same rows, every
sequence the same position, and `los verify-log` run against the restored database finds the chain whole.
"""

import datetime
import io
import os
import shutil
import subprocess
import sys
import time
import uuid
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from los.core import audit
from los.core.models import AccessAction, AccessLogEntry, AccessReason, User
from los.people.models import Family

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="pg_dump/pg_restore back up PostgreSQL only; run with DATABASE_URL=postgres://…",
    ),
    pytest.mark.skipif(
        not (shutil.which("pg_dump") and shutil.which("pg_restore")),
        reason="pg_dump/pg_restore are not on PATH: install the PostgreSQL client (postgresql-client)",
    ),
]


def _pg_env() -> dict[str, str]:
    """The connection of the test database, as libpq's environment variables."""
    s = connection.settings_dict
    env = dict(os.environ)
    for var, key in [("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")]:
        if s.get(key):
            env[var] = str(s[key])
    return env


def _connect(dbname: str, autocommit: bool = False):
    import psycopg

    s = connection.settings_dict
    return psycopg.connect(
        dbname=dbname,
        host=s.get("HOST") or None,
        port=s.get("PORT") or None,
        user=s.get("USER") or None,
        password=s.get("PASSWORD") or None,
        autocommit=autocommit,
    )


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    result = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, f"{args[0]} failed:\n{result.stdout}\n{result.stderr}"
    return result


def _snapshot(dbname: str) -> dict[str, tuple[int, str]]:
    """Per table: (row count, md5 of all rows as text in a fixed order); per sequence: its position."""
    with _connect(dbname) as conn, conn.cursor() as cur:
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [row[0] for row in cur.fetchall()]
        found = {}
        for table in tables:
            cur.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) "
                f'FROM "{table}" t'
            )
            found[table] = tuple(cur.fetchone())
        cur.execute(
            "SELECT sequencename, coalesce(last_value, 0) FROM pg_sequences WHERE schemaname = 'public'"
        )
        for name, last_value in cur.fetchall():
            found[f"sequence {name}"] = (last_value, "")
        return found


def _write_access_log() -> None:
    """A chain of reads and changes written in several transactions, with the fields a dump could
    mangle: non-ASCII purposes, addresses, microsecond timestamps."""
    users = list(User.objects.exclude(role="").order_by("pk")[:4])
    families = list(Family.objects.order_by("pk")[:5])
    assert users and families, "the seed made no users or families"
    for batch in range(3):
        audit.write(
            audit.LogRow(
                user=users[(batch + i) % len(users)],
                family_id=families[i % len(families)].pk,
                action=AccessAction.READ if i % 3 else AccessAction.CHANGE,
                record_type="family",
                record_id=str(families[i % len(families)].pk),
                reason=AccessReason.CASEWORKER_NEED_TO_KNOW,
                purpose=f"Oppfølging av vedtak, sak {batch}-{i}: æøå ÆØÅ «sitat»",
                channel="web" if i % 2 else "api",
                ip_address="2001:db8::7" if i % 2 else "10.0.0.12",
            )
            for i in range(4)
        )


@pytest.mark.django_db(transaction=True)
def test_a_seeded_database_dumped_and_restored_into_a_new_one_loses_nothing(tmp_path):
    started = time.monotonic()
    with override_settings(LOS_DEMO=True):
        call_command("seed", families=12, seed=3, stdout=io.StringIO())
    _write_access_log()
    source = connection.settings_dict["NAME"]
    rows_in_chain = AccessLogEntry.objects.count()
    head = AccessLogEntry.objects.order_by("-seq").values_list("hash", flat=True).first()
    assert rows_in_chain >= 12 and head
    assert audit.verify_chain() == (rows_in_chain, None)

    env = _pg_env()
    dump = tmp_path / "los.dump"
    _run(["pg_dump", "-Fc", "-d", source, "-f", str(dump)], env)
    restored = f"{source}_restored_{uuid.uuid4().hex[:8]}"
    with _connect(source, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{restored}" TEMPLATE template0')
    try:
        _run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "-d", restored, str(dump)],
            env,
        )
        before, after = _snapshot(source), _snapshot(restored)
        assert AccessLogEntry._meta.db_table in before and Family._meta.db_table in before
        assert {t: c for t, (c, _) in after.items()} == {t: c for t, (c, _) in before.items()}
        assert after == before, "same counts but different content"

        s = connection.settings_dict
        auth = quote(s.get("USER") or "", safe="")
        if s.get("PASSWORD"):
            auth += ":" + quote(s["PASSWORD"], safe="")
        verify_env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("LOS_", "DEBUG", "DJANGO_"))},
            "DATABASE_URL": f"postgres://{auth}@{s.get('HOST') or 'localhost'}:{s.get('PORT') or 5432}"
            f"/{restored}",
            "SECRET_KEY": "backup-restore-test-" + uuid.uuid4().hex * 2,
            "ALLOWED_HOSTS": "los.kommune.no",
        }
        verified = _run([sys.executable, "-m", "los", "verify-log"], verify_env)
        assert f"{rows_in_chain} rader" in verified.stdout, verified.stdout
        with _connect(restored) as conn:
            table = AccessLogEntry._meta.db_table
            restored_head = conn.execute(f'SELECT hash FROM "{table}" ORDER BY seq DESC LIMIT 1').fetchone()
        assert restored_head == (head,)
    finally:
        with _connect(source, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
    elapsed = datetime.timedelta(seconds=time.monotonic() - started)
    print(f"backup and restore of {len(before)} tables and sequences checked in {elapsed}")
