"""Benchmark of the sweep: 100,000 open action items, a tenth of them late, one `los run-due`.

Builds a fresh database (`migrate`): SQLite in a temporary file by default, or, when DATABASE_URL names a
PostgreSQL server, the database `los_run_due_bench` on that server (created afresh, dropped afterwards
unless `--keep`). Seeds the items in bulk, then times one `los run-due --now 2027-03-01T08:00:00+01:00` in
this process while counting its SQL queries, and a second run at the same moment (which must make
nothing). Asserts the first run finishes in time (30 s on SQLite, 10 s on PostgreSQL) with a bounded
number of queries (batches, not a query per item), writes bench/results/run_due.json and prints a row for
the README's Figures table.

    .venv/bin/python bench/run_due.py [--items 100000] [--keep]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/run_due.py
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[1]
NOW = "2027-03-01T08:00:00+01:00"
TIME_LIMIT_SECONDS = {"sqlite": 30.0, "postgresql": 10.0}
PG_DATABASE = "los_run_due_bench"
QUERY_LIMIT = 500  # a few queries per batch of 2,000 items; one per item would be 100,000


def los_command() -> list[str]:
    candidates = [Path(sys.executable).parent / "los", REPO / ".venv/bin/los"]
    los = next((c for c in candidates if c.exists()), None)
    return [str(los)] if los else [sys.executable, "-m", "los"]


def postgres_admin(url: str, statement: str) -> None:
    """Run one statement on the server's `postgres` database, outside a transaction."""
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(statement)


def bench_database() -> tuple[str, str, Callable[[], None]]:
    """The database URL to run on, its kind, and how to remove it afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        postgres_admin(url, f'DROP DATABASE IF EXISTS "{PG_DATABASE}"')
        postgres_admin(url, f'CREATE DATABASE "{PG_DATABASE}"')

        def drop():
            from django.db import connections

            connections.close_all()
            postgres_admin(url, f'DROP DATABASE IF EXISTS "{PG_DATABASE}"')

        return urlunsplit(urlsplit(url)._replace(path=f"/{PG_DATABASE}")), "postgresql", drop
    db_file = Path(tempfile.mkdtemp(prefix="los-bench-")) / "run_due.sqlite3"
    return f"sqlite:///{db_file}", "sqlite", lambda: db_file.unlink(missing_ok=True)


def server_version(connection) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        return cursor.fetchone()[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--out", default=str(REPO / "bench" / "results" / "run_due.json"))
    parser.add_argument("--keep", action="store_true", help="Keep the benchmark database.")
    args = parser.parse_args()

    url, database, remove = bench_database()
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("LOS_TESTING", "1")  # immediate task backend: no worker chain in the benchmark
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["DJANGO_SETTINGS_MODULE"] = "los.settings"
    subprocess.run([*los_command(), "migrate", "--noinput", "--verbosity", "0"], check=True, env=os.environ)

    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core import mail
    from django.core.management import call_command
    from django.db import connection

    from los.core.models import Municipality, Role, User
    from los.notifications.models import Notification
    from los.people.models import Family
    from los.team.models import ActionItem

    began = time.monotonic()
    municipality = Municipality.objects.create(name="Benkvik", number="9990")
    users = User.objects.bulk_create(
        [
            User(
                username=f"ansvarlig{i:03d}",
                email=f"ansvarlig{i:03d}@example.invalid",
                role=Role.PROVIDER,
                municipality=municipality,
                password="!",
            )
            for i in range(200)
        ]
    )
    families = Family.objects.bulk_create(
        [Family(municipality=municipality, name=f"Familien Benk{i:05d}") for i in range(2_000)]
    )
    today = datetime.datetime.fromisoformat(NOW).date()
    late = args.items // 10
    items = []
    for i in range(args.items):
        if i < late:
            due = today - datetime.timedelta(days=1 + i % 60)  # late: one to sixty days
        else:
            due = today + datetime.timedelta(days=i % 365)  # ahead: today to a year from now
        items.append(
            ActionItem(
                family=families[i % len(families)],
                title=f"Oppgave {i}",
                responsible=users[i % len(users)],
                created_by=users[0],
                due_on=due,
            )
        )
    ActionItem.objects.bulk_create(items, batch_size=5_000)
    seed_seconds = time.monotonic() - began
    del items

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    mail.outbox = []
    with connection.execute_wrapper(count):
        began = time.monotonic()
        call_command("run-due", "--now", NOW, "--json", stdout=open(os.devnull, "w"))
        first_seconds = time.monotonic() - began
    first_queries = queries
    notifications = Notification.objects.count()
    emails = len(mail.outbox)

    queries = 0
    with connection.execute_wrapper(count):
        began = time.monotonic()
        call_command("run-due", "--now", NOW, "--json", stdout=open(os.devnull, "w"))
        second_seconds = time.monotonic() - began
    second_queries = queries
    again = Notification.objects.count() - notifications

    chases = Notification.objects.filter(kind="chase").count()
    reminders = Notification.objects.filter(kind="reminder").count()
    result = {
        "items": args.items,
        "late_items": late,
        "now": NOW,
        "database": database,
        "server_version": server_version(connection),
        "seed_seconds": round(seed_seconds, 2),
        "run_seconds": round(first_seconds, 2),
        "run_queries": first_queries,
        "notifications": notifications,
        "chases": chases,
        "reminders": reminders,
        "emails": emails,
        "second_run_seconds": round(second_seconds, 2),
        "second_run_queries": second_queries,
        "second_run_new_notifications": again,
        "time_limit_seconds": TIME_LIMIT_SECONDS[database],
        "query_limit": QUERY_LIMIT,
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))
    print()
    label = "SQLite" if database == "sqlite" else f"PostgreSQL {result['server_version'].split()[0]}"
    command = ".venv/bin/python bench/run_due.py"
    if database == "postgresql":
        command = f"DATABASE_URL=postgres://postgres@127.0.0.1:5432/test {command}"
    print(
        f"| `los run-due` over {args.items:,} open action items ({late:,} late), {label} "
        f"| {first_seconds:.1f} s, {first_queries} queries, {chases:,} chases + {reminders:,} reminders; "
        f"second run {second_seconds:.1f} s, {again} new "
        f"| `{command}` |"
    )
    if not args.keep:
        remove()
    assert chases == late, (chases, late)
    assert again == 0, "the second run at the same moment made notifications"
    assert first_seconds < TIME_LIMIT_SECONDS[database], f"run-due took {first_seconds:.1f} s"
    assert first_queries < QUERY_LIMIT, f"run-due made {first_queries} queries"
    return 0


if __name__ == "__main__":
    sys.exit(main())
