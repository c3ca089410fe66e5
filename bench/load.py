"""Load per page: `los serve --workers 2` on PostgreSQL, a closed loop of connections per page.

Serves the Oslo-size data set (database los_oslo, `los seed --scale oslo --seed 1`) and the demo data set
(los_demo, `los seed --families 40 --seed 1`); each is seeded when it holds no municipality (or with
--reseed). Signs in as each role through the login form, then for each page sends one GET that must answer
200 and keeps --connections connections busy for --seconds: each sends its next request when the previous
one has answered. Per page: requests, errors (any answer but 200), req/s, p50/p95/p99 latency over all
answers, and p50 and req/s against /helse/db/ (one query); per page the Oslo/demo ratio of p50 and p95.
The client runs in this process, on the same machine as the server and the database. Prints a table and
writes bench/results/load.json.

    .venv/bin/python bench/load.py [--scale oslo|demo|both] [--seconds 30] [--demo-seconds 10]
        [--connections 20] [--pages health-db,plan,...] [--reseed] [--migrate]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import json
import os
import platform
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import aiohttp
import psycopg

REPO = Path(__file__).resolve().parents[1]
PG = "postgres://postgres@127.0.0.1:5432"
PASSWORD = "demo"  # the demo users' password (los/people/demo.py)
TARGET_P95_MS = 250.0
TARGET_RPS = 80.0
TARGET_SCALE_RATIO = 1.5  # Oslo p95 / demo p95
TOKEN_NAME = "bench-load"

SCALES = {
    "oslo": {
        "url": f"{PG}/los_oslo",
        "seed": ["seed", "--scale", "oslo", "--seed", "1"],
        "prefix": "oslo.",
    },
    "demo": {
        "url": f"{PG}/los_demo",
        "seed": ["seed", "--families", "40", "--seed", "1"],
        "prefix": "",
    },
}
ROLES = {
    "caseworker": "saksbehandler",
    "coordinator": "koordinator",
    "provider": "tjenesteyter",
    "guardian": "forelder",
    "leader": "leder",
    "regional_leader": "regionleder",
}


@dataclass(frozen=True)
class Page:
    key: str
    role: str  # a key of ROLES, "anonymous", or "api" (the caseworker's personal API token)
    path: str  # may name {caseworker_family}, {coordinator_family}, {provider_family}, ...
    follow: bool = False  # follow a redirect, as the browser does (latency covers both answers)


PAGES = [
    Page("health", "anonymous", "/helse/"),
    Page("health-db", "anonymous", "/helse/db/"),
    Page("start-caseworker", "caseworker", "/"),
    Page("start-coordinator", "coordinator", "/"),
    Page("start-provider", "provider", "/"),
    # With one family, the guardian's start page is that family's page (a redirect).
    Page("start-guardian", "guardian", "/familie/", follow=True),
    Page("start-leader", "leader", "/leder/"),
    Page("statistics", "leader", "/leder/statistikk/"),
    Page("statistics-side-by-side", "regional_leader", "/leder/statistikk/?kommune=alle"),
    Page("worklist", "caseworker", "/saker/"),
    Page("my-tasks", "coordinator", "/mine-oppgaver/"),
    Page("family-caseworker", "caseworker", "/familier/{caseworker_family}/"),
    Page("family-coordinator", "coordinator", "/familier/{coordinator_family}/"),
    Page("family-provider", "provider", "/familier/{provider_family}/"),
    Page("family-guardian", "guardian", "/familie/{guardian_family}/"),
    Page("plan", "coordinator", "/plan/{plan_family}/"),
    Page("calendar-week", "coordinator", "/kalender/familie/{coordinator_family}/uke/"),
    Page("api-families", "api", "/api/v1/families"),
]
BASELINE = "health-db"

# Run by `los shell` against the data set: the families each role really sees (the access policy's own
# query), the settings the server runs with, and the data set's size. Reads only.
INSPECT = r"""
import json
from django.conf import settings
from django.db import connection
from los.calendar.models import Appointment
from los.core.grants import visible_families
from los.core.models import AccessLogEntry, User
from los.people.models import Family
from los.plans.models import IndividualPlan

users = {role: User.objects.get(username=name) for role, name in NAMES.items()}
def seen(role, reason=None):
    families = visible_families(users[role])
    if reason:
        families = families.filter(access_reason=reason)
    return list(families.order_by("id").values_list("id", flat=True))
def pick(candidates, preferred):
    chosen = set(candidates)
    return next((f for f in preferred if f in chosen), candidates[0] if candidates else None)
guardian = seen("guardian")
coordinator = seen("coordinator", "assigned_coordinator")
planned = IndividualPlan.objects.filter(family_id__in=coordinator)
with_plan = sorted(planned.values_list("family_id", flat=True))
coordinator_family = pick(coordinator, [f for f in guardian if f in with_plan] + with_plan + guardian)
big = users["caseworker"].municipality_id
# A caseworker in the coordinating unit reaches every family of the municipality.
in_big = list(Family.objects.filter(municipality_id=big).order_by("id").values_list("id", flat=True))
with connection.cursor() as cursor:
    cursor.execute("SHOW server_version")
    version = cursor.fetchone()[0]
db = settings.DATABASES["default"]
print("INSPECT " + json.dumps({
    "ids": {
        "guardian_family": guardian[0] if guardian else None,
        "coordinator_family": coordinator_family,
        "provider_family": pick(seen("provider"), [coordinator_family] + guardian),
        "caseworker_family": pick(in_big, [coordinator_family] + guardian),
        "plan_family": pick(with_plan, [coordinator_family]),
    },
    "dataset": {
        "families": Family.objects.count(),
        "families_in_big_municipality": len(in_big),
        "big_municipality": users["caseworker"].municipality.name,
        "appointments": Appointment.objects.count(),
        "access_log_rows": AccessLogEntry.objects.count(),
        "coordinator_caseload": len(coordinator),
    },
    "pg_version": version,
    "database_settings": {
        "CONN_MAX_AGE": db.get("CONN_MAX_AGE"),
        "CONN_HEALTH_CHECKS": db.get("CONN_HEALTH_CHECKS"),
        "pool": db.get("OPTIONS", {}).get("pool"),
        "options": db.get("OPTIONS", {}).get("options"),
    },
}))
"""


class Failure(Exception):
    """The measurement cannot go on; the message says why."""


def los_command() -> list[str]:
    candidates = [Path(sys.executable).parent / "los", REPO / ".venv/bin/los"]
    los = next((c for c in candidates if c.exists()), None)
    return [str(los)] if los else [sys.executable, "-m", "los"]


def server_env(database_url: str) -> dict[str, str]:
    """The server's environment: production settings (DEBUG off) in demo mode over plain HTTP."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"LOS_TESTING", "DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="los.settings",
        LOS_ENV_FILE="",  # not the checkout's var/.env
        DATABASE_URL=database_url,
        DEBUG="0",
        LOS_DEMO="1",  # the named logins; also: cookies without Secure, no HTTPS redirect
        LOS_ALLOW_SYNTHETIC_IDS="1",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        # As docs/deployment.md recommends; settings.py decides whether a pool replaces it.
        DB_CONN_MAX_AGE=os.environ.get("DB_CONN_MAX_AGE", "60"),
    )
    return env


def run_los(args: list[str], env: dict[str, str], what: str) -> str:
    result = subprocess.run([*los_command(), *args], env=env, capture_output=True, text=True, cwd=REPO)
    if result.returncode != 0:
        raise Failure(
            f"{what} failed (los {' '.join(args[:3])}):\n{result.stdout[-2000:]}{result.stderr[-3000:]}"
        )
    return result.stdout


def _database(url: str, name: str | None = None) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}")) if name else url


def pending_migrations(env: dict[str, str]) -> list[str]:
    app, missing = "", []
    for line in run_los(["showmigrations"], env, "showmigrations").splitlines():
        if line and not line.startswith(" "):
            app = line.strip()
        elif line.strip().startswith("[ ]"):
            missing.append(f"{app}.{line.strip()[4:]}")
    return missing


def prepare_data(scale: str, url: str, reseed: bool, migrate: bool, env: dict[str, str]) -> list[str]:
    """Create, migrate and seed the data set when it is missing or empty (or when asked to reseed)."""
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(_database(url, "postgres"), autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reseed:
            print(f"[{scale}] dropping {name} (--reseed)", flush=True)
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(url, autocommit=True) as conn:
        try:
            has_data = conn.execute("SELECT EXISTS (SELECT 1 FROM core_municipality)").fetchone()[0]
        except psycopg.errors.UndefinedTable:
            has_data = False
    if has_data:
        missing = pending_migrations(env)
        if missing and migrate:
            run_los(["migrate", "--noinput", "--verbosity", "0"], env, f"migrate {name}")
            missing = pending_migrations(env)
        elif missing:
            # Served as it is: a page that needs a missing column fails its first GET, loudly.
            print(
                f"[{scale}] {name} lacks migrations (--migrate applies them): {', '.join(missing)}",
                flush=True,
            )
        print(f"[{scale}] using the data in {name}", flush=True)
        return missing
    began = time.monotonic()
    print(f"[{scale}] migrating and seeding {name}: los {' '.join(SCALES[scale]['seed'])}", flush=True)
    run_los(["migrate", "--noinput", "--verbosity", "0"], env, f"migrate {name}")
    out = run_los(SCALES[scale]["seed"], env, f"seed {name}")
    print(
        f"[{scale}] seeded in {time.monotonic() - began:.0f} s: {out.strip().splitlines()[-1:]}", flush=True
    )
    return []


def inspect(scale: str, env: dict[str, str]) -> dict:
    names = {role: SCALES[scale]["prefix"] + name for role, name in ROLES.items()}
    out = run_los(
        ["shell", "--no-imports", "-c", f"NAMES = {names!r}\n{INSPECT}"], env, "reading the data set"
    )
    line = next((ln for ln in out.splitlines() if ln.startswith("INSPECT ")), None)
    if line is None:
        raise Failure(f"no answer from the data set query:\n{out[-2000:]}")
    found = json.loads(line.removeprefix("INSPECT "))
    found["users"] = names
    missing = [k for k, v in found["ids"].items() if v is None]
    if missing:
        raise Failure(f"[{scale}] no family found for: {', '.join(missing)} ({found['ids']})")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`los serve` in a process group of its own; stopped with SIGTERM (then SIGKILL) however we leave."""

    def __init__(self, env: dict[str, str], workers: int, threads: int | None, interface: str, log: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        args = ["serve", "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(workers)]
        if threads:
            args += ["--threads", str(threads)]
        if interface != "wsgi":
            args += ["--interface", interface]
        self.args = args
        self.env = env
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(
                [*los_command(), *self.args],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=REPO,
                start_new_session=True,
            )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise Failure(
                    f"los serve exited with {self.process.returncode}:\n{self.log.read_text()[-3000:]}"
                )
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    sock.sendall(b"GET /helse/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    if sock.recv(64).startswith(b"HTTP/1.1 200"):
                        return
            except OSError:
                pass
            time.sleep(0.3)
        raise Failure(f"los serve did not answer /helse/ within 90 s:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


async def sign_in(base: str, username: str, connections: int) -> aiohttp.ClientSession:
    """A browser's session: the login form's CSRF token, then the form posted with the password."""
    session = aiohttp.ClientSession(
        base_url=base,
        cookie_jar=aiohttp.CookieJar(unsafe=True),  # keep cookies from 127.0.0.1
        connector=aiohttp.TCPConnector(limit=connections),
        timeout=aiohttp.ClientTimeout(total=120),
    )
    try:
        async with session.get("/logg-inn/") as response:
            html = await response.text()
            if response.status != 200:
                raise Failure(f"GET {base}/logg-inn/ answered {response.status}")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if token is None:
            raise Failure("the login page has no CSRF token")
        form = {"csrfmiddlewaretoken": token.group(1), "username": username, "password": PASSWORD}
        async with session.post(
            "/logg-inn/", data=form, allow_redirects=False, headers={"Referer": f"{base}/logg-inn/"}
        ) as response:
            await response.read()
            if response.status != 302:
                raise Failure(f"signing in as {username} answered {response.status}, not a redirect")
    except BaseException:
        await session.close()
        raise
    return session


def percentile(ordered: list[float], share: float) -> float:
    """Nearest rank."""
    if not ordered:
        return float("nan")
    index = max(0, min(len(ordered) - 1, int(round(share * len(ordered) + 0.5)) - 1))
    return ordered[index]


async def load(session, url: str, headers: dict, follow: bool, connections: int, seconds: float) -> dict:
    """Closed loop: `connections` clients, each sending its next request when the previous answered."""
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    began = time.perf_counter()
    deadline = began + seconds
    last = began

    async def client():
        nonlocal last
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                async with session.get(url, headers=headers, allow_redirects=follow) as response:
                    await response.read()
                    status = response.status
            except (TimeoutError, aiohttp.ClientError) as error:
                status = type(error).__name__
            end = time.perf_counter()
            latencies.append((end - start) * 1000)
            last = max(last, end)
            if status != 200:
                errors[str(status)] += 1

    await asyncio.gather(*(client() for _ in range(connections)))
    elapsed = last - began
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "errors": sum(errors.values()),
        "error_statuses": dict(errors),
        "seconds": round(elapsed, 2),
        "req_per_s": round(len(ordered) / elapsed, 1) if elapsed > 0 else 0.0,
        "p50_ms": round(percentile(ordered, 0.50), 1),
        "p95_ms": round(percentile(ordered, 0.95), 1),
        "p99_ms": round(percentile(ordered, 0.99), 1),
    }


async def measure_scale(scale: str, server: Server, found: dict, pages: list[Page], args, seconds: float):
    sessions: dict[str, aiohttp.ClientSession] = {}
    headers: dict[str, dict] = {}
    token_env = server.env
    roles = {p.role for p in pages}
    results = []
    try:
        for role in sorted(roles):
            if role in ROLES:
                sessions[role] = await sign_in(server.base, found["users"][role], args.connections)
                headers[role] = {}
            else:
                sessions[role] = aiohttp.ClientSession(
                    base_url=server.base,
                    connector=aiohttp.TCPConnector(limit=args.connections),
                    timeout=aiohttp.ClientTimeout(total=120),
                )
                headers[role] = {}
        if "api" in roles:  # a personal token, as an API client uses (`los token create`)
            key = run_los(
                ["token", "create", found["users"]["caseworker"], "--name", TOKEN_NAME], token_env, "token"
            )
            headers["api"] = {"Authorization": f"Bearer {key.strip()}", "Accept": "application/json"}
        for page in pages:
            path = page.path.format(**found["ids"])
            session = sessions[page.role]
            async with session.get(path, headers=headers[page.role], allow_redirects=page.follow) as response:
                await response.read()
                if response.status != 200:
                    raise Failure(
                        f"[{scale}] GET {server.base}{path} as {page.role} answered {response.status}; "
                        "no figures from an error page"
                    )
            figures = await load(session, path, headers[page.role], page.follow, args.connections, seconds)
            row = {"page": page.key, "as": who(page, found), "path": path, **figures}
            results.append(row)
            print(
                f"[{scale}] {page.key:<19} {figures['requests']:>6} req {figures['errors']:>4} err "
                f"{figures['req_per_s']:>7.1f}/s  p50 {figures['p50_ms']:>7.1f}  "
                f"p95 {figures['p95_ms']:>7.1f}  p99 {figures['p99_ms']:>7.1f} ms",
                flush=True,
            )
    finally:
        for session in sessions.values():
            await session.close()
        if "api" in roles:
            revoke_tokens(found["users"]["caseworker"], token_env)
    return results


def who(page: Page, found: dict) -> str:
    if page.role == "anonymous":
        return "-"
    if page.role == "api":
        return f"{found['users']['caseworker']} (token)"
    return found["users"][page.role]


def revoke_tokens(username: str, env: dict[str, str]) -> None:
    with contextlib.suppress(Failure):
        for line in run_los(["token", "list", username], env, "token list").splitlines():
            fields = line.split("\t")
            if len(fields) >= 6 and fields[2] == TOKEN_NAME and fields[-1] == "active":
                run_los(["token", "revoke", fields[0]], env, "token revoke")


def judge(rows: list[dict]) -> None:
    base = next((r for r in rows if r["page"] == BASELINE), None)
    for row in rows:
        if base and base["p50_ms"] > 0:
            row["p50_vs_one_query"] = round(row["p50_ms"] / base["p50_ms"], 2)
            row["req_per_s_vs_one_query"] = round(row["req_per_s"] / base["req_per_s"], 3)
        else:
            row["p50_vs_one_query"] = row["req_per_s_vs_one_query"] = None
        row["pass"] = row["errors"] == 0 and row["p95_ms"] <= TARGET_P95_MS and row["req_per_s"] >= TARGET_RPS


def print_table(scale: str, rows: list[dict], seconds: float, found: dict) -> None:
    data = found["dataset"]
    print(
        f"\n{scale}: {data['families']} families ({data['families_in_big_municipality']} in "
        f"{data['big_municipality']}), {data['appointments']} appointments, "
        f"{data['access_log_rows']} access-log rows; {seconds:g} s per page"
    )
    head = (
        f"{'page':<19} {'as':<28} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'p50/db':>7} {'rps/db':>7}  target"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        ratio = f"{r['p50_vs_one_query']:.1f}" if r["p50_vs_one_query"] is not None else "-"
        rps_ratio = f"{r['req_per_s_vs_one_query']:.2f}" if r["req_per_s_vs_one_query"] is not None else "-"
        print(
            f"{r['page']:<19} {r['as']:<28} {r['requests']:>8} {r['errors']:>6} {r['req_per_s']:>7.1f} "
            f"{r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['p99_ms']:>8.1f} {ratio:>7} {rps_ratio:>7}  "
            f"{'pass' if r['pass'] else 'FAIL'}"
        )


def compare(oslo: list[dict], demo: list[dict]) -> list[dict]:
    demo_by_page = {r["page"]: r for r in demo}
    rows = []
    for r in oslo:
        d = demo_by_page.get(r["page"])
        if not d:
            continue
        p50 = round(r["p50_ms"] / d["p50_ms"], 2) if d["p50_ms"] else None
        p95 = round(r["p95_ms"] / d["p95_ms"], 2) if d["p95_ms"] else None
        rows.append(
            {
                "page": r["page"],
                "p50_oslo_vs_demo": p50,
                "p95_oslo_vs_demo": p95,
                "pass": p95 is not None and p95 <= TARGET_SCALE_RATIO,
            }
        )
    print(f"\nOslo against demo (target: p95 ratio <= {TARGET_SCALE_RATIO})")
    print(f"{'page':<19} {'p50 ratio':>9} {'p95 ratio':>9}  target")
    for row in rows:
        print(
            f"{row['page']:<19} {row['p50_oslo_vs_demo']:>9} {row['p95_oslo_vs_demo']:>9}  "
            f"{'pass' if row['pass'] else 'FAIL'}"
        )
    return rows


def git_commit() -> dict:
    def git(*args):
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True).stdout.strip()

    return {"commit": git("rev-parse", "HEAD"), "uncommitted_changes": bool(git("status", "--porcelain"))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["oslo", "demo", "both"], default="both")
    parser.add_argument("--seconds", type=float, default=30.0, help="Seconds of load per page at Oslo scale.")
    parser.add_argument("--demo-seconds", type=float, default=10.0, help="Seconds per page at demo scale.")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument(
        "--pages", default="", help="Comma-separated page keys: " + ", ".join(p.key for p in PAGES)
    )
    parser.add_argument("--oslo-url", default=SCALES["oslo"]["url"])
    parser.add_argument("--demo-url", default=SCALES["demo"]["url"])
    parser.add_argument("--reseed", action="store_true", help="Drop the database and seed it afresh.")
    parser.add_argument("--migrate", action="store_true", help="Apply missing migrations to existing data.")
    parser.add_argument("--workers", type=int, default=2, help="los serve --workers")
    parser.add_argument(
        "--threads", type=int, default=None, help="los serve --threads (its default if unset)"
    )
    parser.add_argument("--interface", choices=["wsgi", "asgi"], default="wsgi", help="los serve --interface")
    parser.add_argument("--out", default=str(REPO / "bench" / "results" / "load.json"))
    args = parser.parse_args()

    keys = [k.strip() for k in args.pages.split(",") if k.strip()]
    unknown = sorted(set(keys) - {p.key for p in PAGES})
    if unknown:
        parser.error(f"unknown pages: {', '.join(unknown)}")
    pages = [p for p in PAGES if not keys or p.key in keys]
    scales = ["oslo", "demo"] if args.scale == "both" else [args.scale]
    urls = {"oslo": args.oslo_url, "demo": args.demo_url}
    seconds = {"oslo": args.seconds, "demo": args.demo_seconds}

    def stop_on_sigterm(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop_on_sigterm)
    logs = Path(tempfile.mkdtemp(prefix="los-load-"))
    result = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "git": git_commit(),
        "client": {
            "connections": args.connections,
            "closed_loop": True,
            "same_machine": True,
            "library": "aiohttp",
        },
        "targets": {
            "p95_ms_max": TARGET_P95_MS,
            "req_per_s_min": TARGET_RPS,
            "oslo_vs_demo_p95_max": TARGET_SCALE_RATIO,
        },
        "scales": {},
    }
    try:
        for scale in scales:
            env = server_env(urls[scale])
            missing = prepare_data(scale, urls[scale], args.reseed, args.migrate, env)
            found = inspect(scale, env)
            result["machine"]["pg_version"] = found["pg_version"]
            server = Server(env, args.workers, args.threads, args.interface, logs / f"serve-{scale}.log")
            load_before = os.getloadavg()
            try:
                server.start()
                print(f"[{scale}] los {' '.join(server.args)} (log: {server.log})", flush=True)
                rows = asyncio.run(measure_scale(scale, server, found, pages, args, seconds[scale]))
            finally:
                server.stop()
            load_after = os.getloadavg()
            started = [ln for ln in server.log.read_text().splitlines() if ln.startswith("Los kjører")]
            judge(rows)
            print_table(scale, rows, seconds[scale], found)
            result["scales"][scale] = {
                "database": urlsplit(urls[scale]).path.lstrip("/"),
                "dataset": found["dataset"],
                "migrations_not_applied": missing,
                "users": found["users"],
                "family_ids": found["ids"],
                "server": {
                    "command": "los " + " ".join(server.args),
                    "started": started[0] if started else None,
                    "database_settings": found["database_settings"],
                },
                "seconds_per_page": seconds[scale],
                # Others may share the machine: its load average (1, 5, 15 min) before and after.
                "load_average_before": [round(x, 2) for x in load_before],
                "load_average_after": [round(x, 2) for x in load_after],
                "pages": rows,
            }
        if len(result["scales"]) == 2:
            result["oslo_vs_demo"] = compare(
                result["scales"]["oslo"]["pages"], result["scales"]["demo"]["pages"]
            )
    except Failure as failure:
        print(f"\nFAILED: {failure}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nInterrupted; the server is stopped.", file=sys.stderr)
        return 130
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nWrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
