"""The database schema as plain data, to compare a database the migrations built with the test database.

The suite builds its test database from the models (`--nomigrations`, in seconds); `test_migrations`
proves that the migrations build the same tables, columns and constraints. Run as a module it migrates the
database DATABASE_URL names from nothing and prints that schema as JSON:

    DATABASE_URL=sqlite:////tmp/x.sqlite3 python -m tests.core.schema_dump
"""

from __future__ import annotations

import json
import os
import sys


def schema(connection) -> dict[str, dict]:
    """Per table of Los' own apps: its columns (type, null) and its constraints (kind and columns). The
    names the database gave constraints are left out: only what they do matters."""
    from django.apps import apps

    ours = {m._meta.db_table for m in apps.get_models() if m.__module__.startswith("los.")}
    found = {}
    with connection.cursor() as cursor:
        for table in sorted(set(connection.introspection.table_names(cursor)) & ours):
            columns = {
                c.name: [str(c.type_code), bool(c.null_ok)]
                for c in connection.introspection.get_table_description(cursor, table)
            }
            constraints = sorted(
                json.dumps(
                    {
                        "columns": c["columns"],
                        "primary_key": c["primary_key"],
                        "unique": c["unique"],
                        "foreign_key": c["foreign_key"],
                        "check": c["check"],
                        "index": c["index"],
                        "orders": c.get("orders"),
                        "type": c.get("type"),
                        "definition": c.get("definition"),
                    },
                    sort_keys=True,
                )
                for c in connection.introspection.get_constraints(cursor, table).values()
            )
            found[table] = {"columns": columns, "constraints": constraints}
    return found


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "los.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    json.dump(schema(connection), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
