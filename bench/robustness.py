"""Robustness figures: schemathesis over the API per role, e-mails lost or sent twice when the sender is
killed, and lost updates out of 50 parallel saves of the plan.

Runs on a fresh test database on the server DATABASE_URL names (PostgreSQL in the README's figures;
SQLite when it is unset), prints the figures and writes bench/results/robustness.json.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/robustness.py \
        [--examples 100] [--mails 1000] [--kills 15] [--saves 50]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


SCHEMATHESIS_ONE_ROLE = """
import json, sys
import django
django.setup()
from tests.api.schemathesis_run import run_schemathesis
from tests.api.schemathesis_world import test_database
with test_database():
    print(json.dumps(run_schemathesis(sys.argv[1], int(sys.argv[2]))))
"""


def _schemathesis_in_own_process(role: str, examples: int) -> dict:
    """Schemathesis for one role in a fresh Python process on a fresh test database."""
    done = subprocess.run(
        [sys.executable, "-c", SCHEMATHESIS_ONE_ROLE, role, str(examples)],
        cwd=REPO,
        env=os.environ | {"DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"]},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100, help="schemathesis examples per operation")
    parser.add_argument("--mails", type=int, default=1000)
    parser.add_argument("--kills", type=int, default=15)
    parser.add_argument("--saves", type=int, default=50)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "los.settings_test")
    import django

    django.setup()
    from django.db import connection

    from los.notifications import crash_check
    from tests.api.schemathesis_run import ROLES
    from tests.api.schemathesis_world import test_database
    from tests.plans import lost_updates

    started = time.monotonic()
    database = connection.vendor
    # One process per role, as the suite runs them: hypothesis' stateful runs keep state in the process.
    api = {role: _schemathesis_in_own_process(role, args.examples) for role in ROLES}
    with test_database():
        saves = lost_updates.measure(args.saves)
    mail = crash_check.run(mails=args.mails, kills=args.kills, database_url=os.environ.get("DATABASE_URL"))
    result = {
        "database": database,
        "schemathesis": {
            role: {
                k: figures[k]
                for k in (
                    "cases",
                    "failures",
                    "server_errors",
                    "schema_violations",
                    "undocumented_statuses",
                    "seconds",
                )
            }
            for role, figures in api.items()
        },
        "examples_per_operation": args.examples,
        "email_crash": {k: mail[k] for k in ("mails", "kills", "lost", "duplicated") if k in mail},
        "parallel_saves": {k: saves[k] for k in ("applied", "refused", "errors", "lost") if k in saves}
        | {"saves": args.saves},
        "seconds": round(time.monotonic() - started, 1),
    }
    out = REPO / "bench" / "results" / "robustness.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    ok = (
        all(f["failures"] == 0 for f in result["schemathesis"].values())
        and result["email_crash"].get("lost") == 0
        and result["parallel_saves"].get("lost") == 0
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
