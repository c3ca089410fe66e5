"""Benchmark of the access log at municipal scale on PostgreSQL: 10 million rows, the family's log pages,
the chain's head and append, `verify_chain`, and the indexes that serve them.

Creates (or reuses) a dedicated database, migrates it, fills it with COPY (psycopg 3): 30 municipalities
and ~30,000 families over three years, one municipality with 5,000 families holding a third of the rows,
one family with 200,000 rows, ~3,000 staff users. Every row carries a real hash over its content and the
row before it, so the chain is valid up to the rows the benchmark itself appends (the read timings do not
depend on that; `verify_chain` is timed over the first `--verify-rows` rows).

Then, for each index set (the schema before core 0005 and the one core 0005 makes), times the readers
with EXPLAIN (ANALYZE, BUFFERS) and the median of `--runs` warm runs through the real selectors, the
chain's head lookup and a 5-row `audit.write` (lock included), a 100,000-row insert (rolled back) for the
cost of each index, and compares a BRIN index on `at` with the btree. Prints a table and writes
bench/results/access_log.json.

    .venv/bin/python bench/access_log.py [--url postgres://postgres@127.0.0.1:5432/los_log_bench]
        [--rows 10000000] [--runs 20] [--reuse] [--drop]
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/los_log_bench"
TABLE = "core_accesslogentry"
START = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
SPAN = datetime.timedelta(days=3 * 365)
GENESIS = "0" * 64
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
SLOW_MS = 5_000  # a reader slower than this is timed twice, not `--runs` times

# The indexes beside the primary key and the unique `seq`, per schema. "before" is what migrations up to
# core 0004 make; "after" is what core 0005 makes (keep the two in step with los/core/migrations).
INDEX_SETS = {
    "before": {
        "bench_log_at": f"CREATE INDEX bench_log_at ON {TABLE} (at)",
        "bench_log_user": f"CREATE INDEX bench_log_user ON {TABLE} (user_id)",
        "bench_log_family": f"CREATE INDEX bench_log_family ON {TABLE} (family_id)",
        "bench_log_family_at": f"CREATE INDEX bench_log_family_at ON {TABLE} (family_id, at DESC)",
    },
    "after": {
        "bench_log_user": f"CREATE INDEX bench_log_user ON {TABLE} (user_id)",
        "bench_log_family_at_id": (
            f"CREATE INDEX bench_log_family_at_id ON {TABLE} (family_id, at DESC, id DESC)"
        ),
        "bench_log_family_user_seq": (
            f"CREATE INDEX bench_log_family_user_seq ON {TABLE} (family_id, user_id, seq)"
        ),
    },
}

ROLES = [("caseworker", 0.15), ("coordinator", 0.25), ("provider", 0.60)]
REASON_OF_ROLE = {
    "caseworker": "caseworker_in_municipality",
    "coordinator": "assigned_coordinator",
    "provider": "team_member_with_consent",
}
RECORD_TYPES = [
    "family",
    "family_list",
    "child",
    "guardian",
    "consents",
    "application",
    "decision",
    "calendar",
    "appointment",
    "individual_plan",
    "relay_log",
    "responsibility_group",
    "meeting",
    "minutes",
    "action_item",
    "caseload",
    "follow_up",
]
PURPOSES = ["Veiledning av koordinator", "Familien ba om hjelp med søknaden", "Koordinator er syk denne uken"]


def database_url(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def ensure_database(url: str) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(database_url(url, "postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(database_url(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


# --- filling -------------------------------------------------------------------------------------------


def seed_people(args, rng):
    """Municipalities, staff users and families through the ORM (small), returned as plain arrays."""
    from faker import Faker

    from los.core.models import Municipality, User
    from los.people.models import Family

    fake = Faker("no_NO")
    Faker.seed(args.seed)
    municipalities = Municipality.objects.bulk_create(
        [Municipality(name=f"Benk{i:02d}", number=f"{9000 + i}") for i in range(args.municipalities)]
    )
    big = args.big_families
    rest = args.families - big
    per_other = rest // (args.municipalities - 1)
    family_muni = [0] * big + [1 + min(i // per_other, args.municipalities - 2) for i in range(rest)]
    families = Family.objects.bulk_create(
        [
            Family(municipality=municipalities[m], name=f"Familien B{i:05d}")
            for i, m in enumerate(family_muni)
        ],
        batch_size=5000,
    )
    # A third of the users work in the big municipality, as a third of the reads happen there.
    user_muni = [0] * (args.users // 3) + [
        1 + i % (args.municipalities - 1) for i in range(args.users - args.users // 3)
    ]
    roles = rng.choice([r for r, _ in ROLES], size=args.users, p=[p for _, p in ROLES])
    users = User.objects.bulk_create(
        [
            User(
                username=f"benk{i:05d}",
                first_name=fake.first_name(),
                last_name=fake.last_name(),
                role=str(roles[i]),
                municipality=municipalities[m],
                password="!",
            )
            for i, m in enumerate(user_muni)
        ],
        batch_size=5000,
    )
    return families, family_muni, users, user_muni


def fill(args, rng) -> dict:
    """COPY `args.rows` chained rows into the access log; returns what the readers need to know."""
    import numpy as np
    import psycopg

    began = time.monotonic()
    families, family_muni, users, user_muni = seed_people(args, rng)
    n_fam = len(families)
    family_ids = np.array([f.pk for f in families])
    user_muni = np.array(user_muni)

    # Each family is read by a handful of people from its own municipality; the heavy family by many.
    pool_size = 12
    by_muni = {m: np.flatnonzero(user_muni == m) for m in range(args.municipalities)}
    pools = np.empty((n_fam, pool_size), dtype=np.int64)
    pool_len = rng.integers(4, pool_size + 1, size=n_fam)
    for f in range(n_fam):
        pools[f] = rng.choice(by_muni[family_muni[f]], size=pool_size, replace=False)

    # Which family each row is about: a third in the big municipality, lognormal weights within.
    big = args.big_families
    n = args.rows
    weights = rng.lognormal(0.0, 1.0, size=n_fam)
    weights[0] = 0.0  # the heavy family gets exactly --heavy-rows below
    in_big = rng.random(n) < (1 / 3)
    fam = np.empty(n, dtype=np.int64)
    wb = weights[:big] / weights[:big].sum()
    wo = weights[big:] / weights[big:].sum()
    nb = int(in_big.sum())
    fam[in_big] = rng.choice(big, size=nb, p=wb)
    fam[~in_big] = big + rng.choice(n_fam - big, size=n - nb, p=wo)
    heavy_rows = rng.choice(np.flatnonzero(in_big), size=args.heavy_rows, replace=False)
    fam[heavy_rows] = 0
    heavy_pool = rng.choice(by_muni[0], size=60, replace=False)
    who = pools[fam, rng.integers(0, 1 << 30, size=n) % pool_len[fam]]
    who[heavy_rows] = heavy_pool[rng.integers(0, len(heavy_pool), size=args.heavy_rows)]
    at_us = np.sort(rng.integers(0, int(SPAN.total_seconds() * 1e6), size=n)) + int(
        (START - EPOCH).total_seconds() * 1e6
    )
    action = rng.choice(3, size=n, p=[0.85, 0.12, 0.03])
    record = rng.integers(0, len(RECORD_TYPES), size=n)
    record_id = rng.integers(1, 2_000_000, size=n)
    channel = rng.choice(3, size=n, p=[0.9, 0.07, 0.03])
    need = rng.random(n) < 0.05
    ip = rng.integers(0, 1 << 16, size=n)
    seeded = time.monotonic() - began

    names = [(u.get_full_name() or u.username)[:160] for u in users]
    user_strs = [str(u.pk) for u in users]
    family_strs = [str(f.pk) for f in families]
    roles = [u.role for u in users]
    actions = ["read", "change", "export"]
    channels = ["web", "api", "ical"]
    conninfo = args.url
    began = time.monotonic()
    prev = GENESIS
    with psycopg.connect(conninfo) as conn:
        with conn.cursor() as cur:
            # The load skips the foreign-key triggers (the ids come from the rows just made) and builds the
            # secondary indexes afterwards, as a bulk load does.
            cur.execute("SET session_replication_role = replica")
            drop_secondary_indexes(cur)
            columns = (
                "id, seq, at, user_id, actor_name, actor_role, family_id, action, record_type, record_id, "
                "reason, purpose, channel, ip_address, prev_hash, hash"
            )
            with cur.copy(f"COPY {TABLE} ({columns}) FROM STDIN") as copy:
                step = 50_000
                for lo in range(0, n, step):
                    hi = min(n, lo + step)
                    chunk = []
                    rows = zip(
                        who[lo:hi].tolist(),
                        fam[lo:hi].tolist(),
                        at_us[lo:hi].tolist(),
                        action[lo:hi].tolist(),
                        record[lo:hi].tolist(),
                        record_id[lo:hi].tolist(),
                        channel[lo:hi].tolist(),
                        need[lo:hi].tolist(),
                        ip[lo:hi].tolist(),
                        strict=True,
                    )
                    for seq, (u, f, us, act, rec, rid, chan, nd, addr) in enumerate(rows, start=lo + 1):
                        role = roles[u]
                        at = (EPOCH + datetime.timedelta(microseconds=us)).isoformat(timespec="microseconds")
                        if role == "caseworker" and nd:
                            reason, purpose = "caseworker_need_to_know", PURPOSES[seq % 3]
                        else:
                            reason, purpose = REASON_OF_ROLE[role], ""
                        address = f"10.{u % 250}.{addr >> 8}.{addr & 255}" if chan != 2 else ""
                        fields = [
                            str(seq),
                            at,
                            user_strs[u],
                            names[u],
                            role,
                            family_strs[f],
                            actions[act],
                            RECORD_TYPES[rec],
                            str(rid),
                            reason,
                            purpose,
                            channels[chan],
                            address,
                            prev,
                        ]
                        digest = hashlib.sha256("\x1f".join(fields).encode()).hexdigest()
                        fields[12] = address or "\\N"
                        chunk.append("\t".join([fields[0], *fields, digest]))
                        prev = digest
                    copy.write("\n".join(chunk) + "\n")
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{TABLE}', 'id'), %s)", [n])
        conn.commit()
    copied = time.monotonic() - began

    counts = np.bincount(fam, minlength=n_fam)
    typical = int(np.argsort(counts[:big])[big // 2])  # the median family of the big municipality
    return {
        "seed_seconds": round(seeded, 1),
        "copy_seconds": round(copied, 1),
        "copy_rows_per_second": round(n / copied),
        "heavy_family_id": int(family_ids[0]),
        "typical_family_id": int(family_ids[typical]),
        "family_rows_median": int(np.median(counts[counts > 0])),
        "family_rows_p99": int(np.percentile(counts, 99)),
        "family_rows_max_besides_heavy": int(counts[1:].max()),
    }


def save_fill_info(info: dict) -> None:
    """What the fill made (the families to read, the migrated indexes), kept in the benchmark's database
    for a later `--reuse`."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS bench_fill (info jsonb NOT NULL)")
        cur.execute("DELETE FROM bench_fill")
        cur.execute("INSERT INTO bench_fill (info) VALUES (%s::jsonb)", [json.dumps(info)])


def load_fill_info() -> dict:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT info FROM bench_fill")
        info = cur.fetchone()[0]
    return json.loads(info) if isinstance(info, str) else info


def drop_secondary_indexes(cur) -> list[str]:
    """Every index of the log except those behind constraints (the primary key, the unique `seq`)."""
    cur.execute(
        """SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
           WHERE x.indrelid = %s::regclass
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)""",
        [TABLE],
    )
    names = [r[0] for r in cur.fetchall()]
    for name in names:
        cur.execute(f'DROP INDEX "{name}"')
    return names


def secondary_index_defs() -> dict:
    """The log's indexes besides the constraints', as migrations made them: name -> CREATE INDEX."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            """SELECT i.relname, pg_get_indexdef(x.indexrelid)
               FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
               WHERE x.indrelid = %s::regclass
                 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)""",
            [TABLE],
        )
        return dict(cur.fetchall())


def restore_indexes(defs: dict) -> None:
    """Back to the migrated schema, so that a later `migrate` on a reused database finds its indexes."""
    from django.db import connection

    with connection.cursor() as cur:
        drop_secondary_indexes(cur)
        cur.execute("SET maintenance_work_mem = '512MB'")
        for sql in defs.values():
            cur.execute(sql)


def apply_index_set(name: str) -> dict:
    """Make the log's secondary indexes exactly the set `name`; returns build seconds and sizes."""
    from django.db import connection

    built = {}
    with connection.cursor() as cur:
        drop_secondary_indexes(cur)
        cur.execute("SET maintenance_work_mem = '512MB'")
        for index, sql in INDEX_SETS[name].items():
            began = time.monotonic()
            cur.execute(sql)
            seconds = time.monotonic() - began
            cur.execute("SELECT pg_relation_size(%s::regclass)", [index])
            built[index] = {"build_seconds": round(seconds, 1), "mb": round(cur.fetchone()[0] / 2**20, 1)}
        cur.execute("RESET maintenance_work_mem")
        cur.execute(f"ANALYZE {TABLE}")
    return built


# --- measuring -----------------------------------------------------------------------------------------


def plan_summary(plan: dict) -> dict:
    nodes = []

    def walk(node):
        label = node["Node Type"]
        if "Index Name" in node:
            label += f" on {node['Index Name']}"
        nodes.append(label)
        for child in node.get("Plans", []):
            walk(child)

    walk(plan["Plan"])
    top = plan["Plan"]
    if "Execution Time" not in plan:
        return {"nodes": nodes, "estimated_cost": top["Total Cost"]}
    return {
        "nodes": nodes,
        "execution_ms": round(plan["Execution Time"], 3),
        "shared_hit": top.get("Shared Hit Blocks", 0),
        "shared_read": top.get("Shared Read Blocks", 0),
        "rows": top.get("Actual Rows"),
    }


def explain(sql: str, analyze: bool = True) -> dict:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            ("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " if analyze else "EXPLAIN (FORMAT JSON) ") + sql
        )
        return plan_summary(cur.fetchone()[0][0])


def measure(call, runs: int, *, explain_queries: bool = True) -> dict:
    """Median wall time of `runs` warm calls of `call`, and the plan of each SQL query it makes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        began = time.perf_counter()
        call()  # warm
        first_ms = (time.perf_counter() - began) * 1000
    if first_ms > SLOW_MS:
        # Too slow to repeat: one run, and the plans without executing them again.
        return {
            "median_ms": round(first_ms, 1),
            "runs": 1,
            "queries": len(captured.captured_queries),
            "plans": [
                {"sql": q["sql"][:300], **explain(q["sql"], analyze=False)}
                for q in captured.captured_queries
                if q["sql"].lstrip().upper().startswith("SELECT")
            ],
        }
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        call()
        times.append((time.perf_counter() - began) * 1000)
    result = {
        "median_ms": round(statistics.median(times), 3),
        "max_ms": round(max(times), 3),
        "queries": len(captured.captured_queries),
    }
    if explain_queries:
        plans = []
        for query in captured.captured_queries:
            sql = query["sql"]
            if sql.lstrip().upper().startswith("SELECT") and "pg_advisory" not in sql:
                plans.append({"sql": sql[:300], **explain(sql), "sql_median_ms": sql_median(sql, runs)})
        result["plans"] = plans
        result["sql_median_ms"] = round(sum(p["sql_median_ms"] for p in plans), 3)
    return result


def sql_median(sql: str, runs: int) -> float:
    """Median round trip of the query alone (no ORM), over `runs` warm runs: the figure least disturbed
    by other work on the machine."""
    from django.db import connection

    times = []
    with connection.cursor() as cur:
        for _ in range(runs):
            began = time.perf_counter()
            cur.execute(sql)
            cur.fetchall()
            times.append((time.perf_counter() - began) * 1000)
    return round(statistics.median(times), 3)


def readers(family_id: int, runs: int) -> dict:
    """The family's log as staff and the family read it, for one family."""
    from django.core.paginator import Paginator
    from django.db.models import Count

    from los.core.models import AccessAction, AccessLogEntry
    from los.core.versions import last_change
    from los.people import selectors as staff
    from los.portal import selectors as portal

    rows = AccessLogEntry.objects.filter(family_id=family_id)
    # The person filter asks for someone of middling activity in this family.
    per_user = list(rows.order_by().values("user_id").annotate(n=Count("id")).order_by("n"))
    person = per_user[len(per_user) // 2]["user_id"]
    newest = rows.order_by("-at").values_list("at", flat=True).first()
    since = (newest - datetime.timedelta(days=365)).date()
    until = since + datetime.timedelta(days=30)
    changed = rows.filter(action=AccessAction.CHANGE).order_by("-seq").values_list("record_type", "record_id")
    record_type, record_id = changed.first() or ("family", str(family_id))
    grant = SimpleNamespace(family=SimpleNamespace(pk=family_id), user=SimpleNamespace(pk=-1))

    def portal_page(wanted, number):
        def call():
            page = Paginator(portal.filtered(grant, wanted, {}), 50).get_page(number)
            return list(page.object_list)

        return call

    out = {
        "family_rows": rows.count(),
        "staff_first_page": measure(lambda: staff.access_log_page(family_id, 1, 50), runs),
        "staff_page_20": measure(lambda: staff.access_log_page(family_id, 20, 50), runs),
        "paginator_count": measure(lambda: staff.access_log(family_id).count(), runs),
        "portal_first_page": measure(portal_page(portal.LogFilter(), 1), runs),
        "portal_person_filter": measure(portal_page(portal.LogFilter(user_id=person), 1), runs),
        "portal_period_filter": measure(portal_page(portal.LogFilter(since=since, until=until), 1), runs),
        "portal_people_in_log": measure(lambda: portal.people_in_log(grant, {}), runs),
        "last_change_lookup": measure(lambda: last_change(family_id, record_type, record_id), runs),
    }
    out["person_filter_rows"] = rows.filter(user_id=person).count()
    return out


def chain_writes(runs: int) -> dict:
    from los.core import audit
    from los.core.models import AccessAction, AccessReason, User

    user = User.objects.filter(role="coordinator").first()
    family_id = user.municipality.families.values_list("pk", flat=True).first()
    batch = [
        audit.LogRow(
            user, family_id, AccessAction.READ, "family_list", str(family_id), AccessReason.COORDINATOR
        )
    ] * 5
    return {
        "chain_head": measure(audit._head, runs),
        "audit_write_5_rows": measure(lambda: audit.write(batch), runs),
    }


def insert_cost(rows: int = 100_000) -> dict:
    """A 100,000-row INSERT into the log with the current indexes (foreign keys checked), rolled back: what
    the indexes cost per written row."""
    from django.db import connection, transaction

    sql = f"""
        INSERT INTO {TABLE} (seq, at, user_id, actor_name, actor_role, family_id, action, record_type,
                             record_id, reason, purpose, channel, ip_address, prev_hash, hash)
        SELECT m.top + g, now() + g * interval '1 ms', m.u0 + (g::bigint * 104729) %% m.nu,
               'Benk Benksen', 'provider', m.f0 + (g::bigint * 7919) %% m.nf, 'read', 'family', g::text,
               'team_member_with_consent', '', 'web',
               NULL, md5(g::text) || md5(g::text), md5((g + 1)::text) || md5(g::text)
        FROM generate_series(1, %s) g
        CROSS JOIN (SELECT (SELECT max(seq) FROM {TABLE}) AS top,
                           (SELECT min(id) FROM people_family) AS f0,
                           (SELECT count(*) FROM people_family) AS nf,
                           (SELECT min(id) FROM core_user) AS u0, (SELECT count(*) FROM core_user) AS nu) m
    """
    runs = []
    for _ in range(3):
        try:
            with transaction.atomic(), connection.cursor() as cur:
                began = time.monotonic()
                cur.execute(sql, [rows])
                runs.append(time.monotonic() - began)
                raise _Rollback
        except _Rollback:
            pass
    seconds = statistics.median(runs)
    return {
        "rows": rows,
        "seconds": round(seconds, 2),
        "runs_seconds": [round(r, 2) for r in runs],
        "us_per_row": round(seconds / rows * 1e6, 1),
    }


class _Rollback(Exception):
    pass


def brin_vs_btree(runs: int) -> dict:
    """A period over the whole installation (a day): btree on `at` against BRIN on `at`."""
    from django.db import connection

    sql = (
        f"SELECT count(*), count(DISTINCT family_id) FROM {TABLE} "
        "WHERE at >= '2025-06-02T00:00:00+00' AND at < '2025-06-03T00:00:00+00'"
    )
    out = {}
    for kind, ddl in (
        ("btree", f"CREATE INDEX bench_at_btree ON {TABLE} (at)"),
        ("brin", f"CREATE INDEX bench_at_brin ON {TABLE} USING brin (at)"),
    ):
        name = "bench_at_btree" if kind == "btree" else "bench_at_brin"
        with connection.cursor() as cur:
            began = time.monotonic()
            cur.execute(ddl)
            build = time.monotonic() - began
            cur.execute("SELECT pg_relation_size(%s::regclass)", [name])
            size = cur.fetchone()[0]
            cur.execute(f"ANALYZE {TABLE}")

            def call():
                with connection.cursor() as c:
                    c.execute(sql)
                    c.fetchall()

            result = measure(call, runs)
            cur.execute(f"DROP INDEX {name}")
            cur.execute(f"ANALYZE {TABLE}")
        out[kind] = {"build_seconds": round(build, 1), "kb": round(size / 1024), **result}
    return out


def verify_range(rows: int) -> dict:
    """`verify_chain`'s walk (the same `_walk`, the same iterator) over the first `rows` rows."""
    from los.core import audit
    from los.core.models import AccessLogEntry

    began = time.monotonic()
    counted = 0

    def entries():
        nonlocal counted
        for entry in AccessLogEntry.objects.filter(seq__lte=rows).order_by("seq").iterator(chunk_size=5000):
            counted += 1
            yield entry

    found = audit._walk(entries())
    seconds = time.monotonic() - began
    return {
        "rows": counted,
        "seconds": round(seconds, 1),
        "rows_per_second": round(counted / seconds),
        "break": None if found is None else f"{found.seq}: {found.problem}",
        "estimated_minutes_at_10m": round(10_000_000 / (counted / seconds) / 60, 1),
        "estimated_minutes_at_100m": round(100_000_000 / (counted / seconds) / 60, 1),
    }


def table_sizes() -> dict:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "SELECT pg_relation_size(%s), pg_indexes_size(%s), pg_total_relation_size(%s), "
            "pg_database_size(current_database())",
            [TABLE, TABLE, TABLE],
        )
        heap, indexes, total, database = cur.fetchone()
        cur.execute(
            """SELECT i.relname, pg_relation_size(i.oid)
               FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
               WHERE x.indrelid = %s::regclass ORDER BY 1""",
            [TABLE],
        )
        each = {name: round(size / 2**20, 1) for name, size in cur.fetchall()}
    mb = 2**20
    return {
        "heap_mb": round(heap / mb),
        "indexes_mb": round(indexes / mb),
        "total_mb": round(total / mb),
        "database_mb": round(database / mb),
        "index_mb": each,
    }


def print_table(result: dict) -> None:
    row = "{:<34} {:>10} {:>10} {:>14}  {}"
    for set_name, figures in result["index_sets"].items():
        print(f"\n== index set: {set_name} ({', '.join(figures['indexes'])})")
        print(row.format("measure", "median ms", "sql ms", "exec ms", "plan"))
        for who in ("typical_family", "heavy_family"):
            for key, value in figures[who].items():
                if not isinstance(value, dict):
                    continue
                plans = value.get("plans", [])
                execution = "+".join(
                    f"{p['execution_ms']:.2f}" if "execution_ms" in p else "n/a" for p in plans
                )
                nodes = " | ".join(" > ".join(p["nodes"][:4]) for p in plans)
                sql_ms = value.get("sql_median_ms", "")
                print(
                    row.format(
                        f"{who[:7]} {key}", f"{value['median_ms']:.2f}", sql_ms, execution, nodes[:100]
                    )
                )
        for key, value in figures["chain"].items():
            print(row.format(key, f"{value['median_ms']:.2f}", value.get("sql_median_ms", ""), "", ""))
        cost = figures["insert_100k"]
        print(
            row.format("insert 100k rows (rolled back)", f"{cost['seconds'] * 1000:.0f}", "", "", f"{cost}")
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--url", default=DEFAULT_URL, help="the benchmark's own database (created if missing)"
    )
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--families", type=int, default=30_000)
    parser.add_argument("--big-families", type=int, default=5_000)
    parser.add_argument("--municipalities", type=int, default=30)
    parser.add_argument("--users", type=int, default=3_000)
    parser.add_argument("--heavy-rows", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--verify-rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="keep the rows of an earlier fill")
    parser.add_argument("--drop", action="store_true", help="drop the database afterwards")
    parser.add_argument("--out", default=str(REPO / "bench/results/access_log.json"))
    args = parser.parse_args()

    import numpy as np

    ensure_database(args.url)
    os.environ["DATABASE_URL"] = args.url
    os.environ.setdefault("LOS_TESTING", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "los.settings"
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", "--noinput", verbosity=0)
    from los.core.models import AccessLogEntry

    rng = np.random.default_rng(args.seed)
    existing = AccessLogEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    if args.reuse and existing:
        fill_info = load_fill_info()
        fill_info["reused_rows"] = existing
    else:
        if existing:
            raise SystemExit(f"{args.url} already holds {existing} rows; use --reuse or drop it first")
        migrated_indexes = secondary_index_defs()
        fill_info = fill(args, rng)
        fill_info["migrated_indexes"] = migrated_indexes
        save_fill_info(fill_info)
    with connection.cursor() as cur:
        began = time.monotonic()
        cur.execute("VACUUM (ANALYZE)")  # every table: the readers join users and families too
        fill_info["vacuum_analyze_seconds"] = round(time.monotonic() - began, 1)
        cur.execute("SHOW server_version")
        server = cur.fetchone()[0]
        cur.execute("SHOW shared_buffers")
        shared_buffers = cur.fetchone()[0]

    result = {
        "database": "postgresql",
        "server_version": server,
        "shared_buffers": shared_buffers,
        "rows": AccessLogEntry.objects.count(),
        "chain": "valid: every filled row is hashed with the row before it (the benchmark's appends "
        "continue it); the read timings would not depend on it",
        "runs": args.runs,
        "fill": fill_info,
        "index_sets": {},
    }
    for set_name in INDEX_SETS:
        built = apply_index_set(set_name)
        figures = {"indexes": built, "sizes": table_sizes()}
        figures["typical_family"] = readers(fill_info["typical_family_id"], args.runs)
        figures["heavy_family"] = readers(fill_info["heavy_family_id"], args.runs)
        figures["chain"] = chain_writes(args.runs)
        figures["insert_100k"] = insert_cost()
        result["index_sets"][set_name] = figures
    result["at_index_brin_vs_btree"] = brin_vs_btree(args.runs)
    result["verify_chain"] = verify_range(args.verify_rows)
    result["sizes"] = table_sizes()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1, default=str) + "\n", encoding="utf-8")
    print_table(result)
    print("\nBRIN vs btree on at:", json.dumps(result["at_index_brin_vs_btree"], default=str)[:600])
    print("verify_chain walk:", result["verify_chain"])
    print("sizes:", result["sizes"])
    if not args.drop:
        restore_indexes(fill_info["migrated_indexes"])
    connection.close()
    if args.drop:
        drop_database(args.url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
