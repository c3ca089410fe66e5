"""A cheap fingerprint of the database: every row of every table as one string per table, in one query,
so a cell can tell whether a request changed anything."""

from django.apps import apps
from django.db import connection

NOT_FINGERPRINTED = {"django_session", "core_accesslogentry"}
_fingerprint_sql: str | None = None


def _tables() -> list[tuple[str, list[str], str]]:
    tables = []
    seen = set()
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.proxy or not opts.managed or opts.db_table in NOT_FINGERPRINTED or opts.db_table in seen:
            continue
        seen.add(opts.db_table)
        columns = [f.column for f in opts.concrete_fields]
        tables.append((opts.db_table, columns, opts.pk.column))
    return sorted(tables)


def _build_sql() -> str:
    q = connection.ops.quote_name
    parts = []
    if connection.vendor == "postgresql":
        for table, _columns, pk in _tables():
            parts.append(
                f"SELECT '{table}', "
                f"(SELECT md5(string_agg(t::text, ';' ORDER BY t.{q(pk)})) FROM {q(table)} t)"
            )
        return " UNION ALL ".join(parts)
    for table, columns, pk in _tables():
        row = " || '|' || ".join(f"quote({q(c)})" for c in columns)
        parts.append(
            f"SELECT '{table}', (SELECT group_concat(x, ';') "
            f"FROM (SELECT {row} AS x FROM {q(table)} ORDER BY {q(pk)}))"
        )
    return " UNION ALL ".join(parts)


def fingerprint() -> dict[str, str]:
    """Every row of every table (but sessions and the access log), one string per table. One query."""
    global _fingerprint_sql
    if _fingerprint_sql is None:
        _fingerprint_sql = _build_sql()
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql)
        return {table: content or "" for table, content in cursor.fetchall()}


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(t for t in after if before.get(t) != after[t])
