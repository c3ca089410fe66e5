"""The e-mail crash check: kill the sender with SIGKILL half-way, several times, then count what the mail
server got. Every e-mail must arrive exactly once, or once more with the same Message-ID; none lost.

It runs in a database of its own (a temporary SQLite file, or a scratch database on the PostgreSQL server
`database_url` names, dropped afterwards) and in subprocesses, so a caller needs no Django set up:

    from los.notifications.crash_check import run
    run(mails=200, kills=3)   # {"mails": 200, "lost": 0, "duplicated": 1, ...}

    .venv/bin/python -m los.notifications.crash_check [--mails 200] [--kills 3] [--database-url URL]

The mail server is `RecordingBackend`: it waits `send_seconds` (the SMTP round trip), then writes the
Message-ID of the accepted e-mail to a log file, as a server that answered "250 OK" has the mail. A kill
lands at a uniformly random moment of a random e-mail's cycle (build, send, mark). Each run's clock is one
lease later than the last, so it takes over the e-mails a killed run held, as the worker does in
production once the lease has ended; a last run sends what is left.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.core.mail.backends.base import BaseEmailBackend

REPO = Path(__file__).resolve().parents[2]
LOG_ENV = "LOS_CRASH_MAIL_LOG"
DELAY_ENV = "LOS_CRASH_SEND_SECONDS"


class RecordingBackend(BaseEmailBackend):
    """A mail server that writes one line per accepted e-mail (its Message-ID) to LOS_CRASH_MAIL_LOG."""

    def send_messages(self, email_messages) -> int:
        delay = float(os.environ.get(DELAY_ENV, "0"))
        fd = os.open(os.environ[LOG_ENV], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            for message in email_messages:
                header = message.message()["Message-ID"]
                time.sleep(delay)
                os.write(fd, f"{header}\n".encode())  # accepted: the server has it from here on
        finally:
            os.close(fd)
        return len(email_messages)


# --- Steps, each in its own process --------------------------------------------------------------------


def _seed(mails: int) -> dict:
    from los.core.models import Municipality, Role, User
    from los.notifications import services
    from los.notifications.models import Kind, Notification

    municipality = Municipality.objects.create(name="Krasjvik", number="9989")
    users = User.objects.bulk_create(
        [
            User(
                username=f"mottaker{i:05d}",
                email=f"mottaker{i:05d}@example.invalid",
                role=Role.PROVIDER,
                municipality=municipality,
                password="!",
            )
            for i in range(mails)
        ]
    )
    Notification.objects.bulk_create(
        [Notification(user=u, kind=Kind.REMINDER, text=f"Påminnelse {i}") for i, u in enumerate(users)]
    )
    return {"queued": services.queue_immediate()}


def _deliver(offset_seconds: int) -> dict:
    import datetime

    from django.utils import timezone

    from los.notifications import outbox

    began = time.monotonic()
    report = outbox.deliver(now=timezone.now() + datetime.timedelta(seconds=offset_seconds))
    seconds = time.monotonic() - began
    return {
        "sent": report.total_sent,
        "retrying": report.retrying,
        "failed": report.failed,
        "seconds": seconds,
    }


def _lease() -> dict:
    from los.notifications import outbox

    return {"seconds": outbox.lease().total_seconds()}


def _count() -> dict:
    from django.db import connection

    from los.notifications.models import EmailStatus, Notification, OutboxMessage, OutboxState

    rows = dict(OutboxMessage.objects.values_list("message_id", "state"))
    inconsistent = 0
    for status, state in Notification.objects.values_list("email_status", "outbox__state"):
        sent = state == OutboxState.SENT
        if sent != (status in (EmailStatus.SENT, EmailStatus.IN_DIGEST)) or (
            status == EmailStatus.QUEUED and state is None
        ):
            inconsistent += 1
    return {
        "rows": rows,
        "notifications": Notification.objects.count(),
        "inconsistent_notifications": inconsistent,
        "database": connection.vendor,
    }


# --- The orchestra ---------------------------------------------------------------------------------------


def _on_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _scratch_postgres(url: str) -> tuple[str, str]:
    """A new, empty database on the server `url` names (made from its `postgres` database)."""
    import psycopg

    name = f"los_crash_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_on_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return _on_database(url, name), name


def _drop_postgres(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(_on_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _command(step: str) -> list[str]:
    return [sys.executable, "-m", "los.notifications.crash_check", "--step", step]


def _step(env: dict, step: str, *args: str, timeout: float = 600) -> dict:
    done = subprocess.run(
        [*_command(step), *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def run(
    mails: int = 200,
    kills: int = 3,
    database_url: str | None = None,
    send_seconds: float = 0.01,
    seed: int = 10,
) -> dict:
    """Seed `mails` e-mails in the outbox, start the sender and SIGKILL it half-way `kills` times, let a
    last run finish, and count: {"mails", "lost", "duplicated", ...}. `duplicated` counts extra copies,
    each with the Message-ID of the first (`duplicates_with_other_message_id` says if not)."""
    began = time.monotonic()
    chance = random.Random(seed)
    workdir = Path(tempfile.mkdtemp(prefix="los-crash-"))
    log = workdir / "accepted.log"
    scratch = None
    if database_url and database_url.startswith(("postgres://", "postgresql://")):
        url, scratch = _scratch_postgres(database_url)
    else:
        url = f"sqlite:///{workdir / 'crash.sqlite3'}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "los.settings",
        "LOS_TESTING": "1",  # no worker chain: only this check sends
        "DATABASE_URL": url,
        "EMAIL_BACKEND": f"{__name__}.RecordingBackend",
        LOG_ENV: str(log),
        DELAY_ENV: str(send_seconds),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    try:
        subprocess.run(
            [sys.executable, "-m", "los", "migrate", "--noinput", "--verbosity", "0"],
            env=env,
            cwd=REPO,
            check=True,
            timeout=600,
        )
        queued = _step(env, "seed", "--mails", str(mails))["queued"]
        landed = 0
        # Each run's clock is one lease later than the last: it takes over what a killed run held.
        step = int(_step(env, "lease")["seconds"]) + 60
        for round_ in range(kills):
            before = _lines(log)
            left = mails - len(set(before))
            if left < 4:
                break
            wanted = chance.randint(max(1, left // 20), max(2, left // 4))
            sender = subprocess.Popen(
                [*_command("deliver"), "--offset-seconds", str((round_ + 1) * step)],
                env=env,
                cwd=REPO,
                stdout=subprocess.DEVNULL,
            )
            first = None
            while sender.poll() is None and (count := len(_lines(log)) - len(before)) < wanted:
                if count and first is None:
                    first = (time.monotonic(), count)
                time.sleep(0.002)
            # Kill at a uniform moment of one e-mail's whole cycle (build, send, mark), not just after
            # an acceptance: the figure is then the real chance that a kill doubles an e-mail.
            cycle = send_seconds
            if first is not None and count > first[1]:
                cycle = (time.monotonic() - first[0]) / (count - first[1])
            time.sleep(chance.uniform(0, cycle))
            if sender.poll() is None:
                sender.send_signal(signal.SIGKILL)
                landed += 1
            sender.wait(timeout=60)
        last = _step(env, "deliver", "--offset-seconds", str((kills + 1) * step))
        _step(env, "deliver", "--offset-seconds", str((kills + 2) * step))  # must find nothing left
        final = _step(env, "count")
        accepted = Counter(_lines(log))
    finally:
        if scratch:
            _drop_postgres(database_url, scratch)
        shutil.rmtree(workdir, ignore_errors=True)
    rows = final["rows"]
    return {
        "mails": len(rows),
        "queued": queued,
        "kills": landed,
        "lost": sum(1 for message_id in rows if not accepted[message_id]),
        "duplicated": sum(n - 1 for message_id, n in accepted.items() if message_id in rows and n > 1),
        "duplicates_with_other_message_id": sum(
            n for message_id, n in accepted.items() if message_id not in rows
        ),
        "sent_exactly_once": sum(1 for message_id in rows if accepted[message_id] == 1),
        "not_marked_sent": sum(1 for state in rows.values() if state != "sent"),
        "inconsistent_notifications": final["inconsistent_notifications"],
        "database": final["database"],
        "send_seconds": send_seconds,
        "last_run_ms_per_mail": round(1000 * last["seconds"] / last["sent"], 1) if last["sent"] else None,
        "seconds": round(time.monotonic() - began, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--step", choices=["seed", "deliver", "count", "lease"], help=argparse.SUPPRESS)
    parser.add_argument("--mails", type=int, default=200)
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--offset-seconds", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--database-url", default=None, help="a PostgreSQL server for a scratch database")
    parser.add_argument("--send-seconds", type=float, default=0.01)
    args = parser.parse_args(argv)
    if args.step is None:
        print(json.dumps(run(args.mails, args.kills, args.database_url, args.send_seconds), indent=1))
        return 0
    import django

    django.setup()
    steps = {
        "seed": lambda: _seed(args.mails),
        "deliver": lambda: _deliver(args.offset_seconds),
        "count": _count,
        "lease": _lease,
    }
    print(json.dumps(steps[args.step]()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
