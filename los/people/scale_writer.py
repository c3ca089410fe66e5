"""Fast row writing for the large synthetic data set (`los seed --scale oslo`).

Rows get their ids here, counted up from the table's largest id, so related rows can point at each other
before anything is written. On PostgreSQL rows go in with COPY; elsewhere (SQLite in tests) with one
executemany per batch. Foreign keys are deferred to the end of the transaction on both, so tables can
be written in any order. The sequences are moved past the new ids at the end (`finish`).
"""

from __future__ import annotations

import datetime
import json

from django.core.management.color import no_style
from django.db import connection
from django.db.models import JSONField
from django.utils.functional import Promise

FLUSH_EVERY = 50_000


class Table:
    """Rows of one model, given as tuples in the order of `columns` (the id comes first, assigned)."""

    def __init__(self, writer: Writer, model, columns: list[str]):
        self.writer = writer
        self.model = model
        self.columns = columns
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [c for c in columns if c not in fields]
        if unknown:
            raise ValueError(f"{model.__name__} has no columns {unknown}")
        pk = model._meta.pk.attname
        # Columns not given take the model's default, computed once (never a per-row default).
        self.extra = [
            (f.attname, _plain(f.get_default()))
            for f in model._meta.concrete_fields
            if f.attname not in columns and f.attname != pk
        ]
        self.all_columns = [pk, *columns, *(name for name, _ in self.extra)]
        self.extra_values = tuple(value for _, value in self.extra)
        self.table_fields = [fields[c] for c in self.all_columns]
        self.rows: list[tuple] = []
        self.next_id = writer.start_id(model)
        writer.defer_foreign_keys(model)
        self.count = 0

    def add(self, *values) -> int:
        row_id = self.next_id
        self.next_id += 1
        self.rows.append((row_id, *values))
        self.count += 1
        if len(self.rows) >= FLUSH_EVERY:
            self.flush()
        return row_id

    def flush(self) -> None:
        if not self.rows:
            return
        self.writer.write(self)
        self.rows = []


class Writer:
    def __init__(self):
        self.tables: list[Table] = []
        self.postgres = connection.vendor == "postgresql"
        self.dropped: list[tuple[str, str, str]] = []  # (table, constraint, definition)
        self.indexes: list[str] = []  # CREATE INDEX statements

    def defer_foreign_keys(self, model) -> None:
        """On PostgreSQL, take the table's foreign keys and plain indexes off while it is filled, and put
        them back in `restore_foreign_keys`: one check per key and one index build over the whole table
        instead of work per row. Call before any row of the table is written in the transaction."""
        if not self.postgres:
            return
        table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
                [table],
            )
            for name, definition in cursor.fetchall():
                cursor.execute(
                    f"ALTER TABLE {connection.ops.quote_name(table)} "
                    f"DROP CONSTRAINT {connection.ops.quote_name(name)}"
                )
                self.dropped.append((table, name, definition))
            # Indexes that back no constraint are built once at the end, not row by row.
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i "
                "WHERE i.schemaname = current_schema() AND i.tablename = %s AND NOT EXISTS ("
                "  SELECT 1 FROM pg_constraint c WHERE c.conindid = "
                "  (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass"
                ") ORDER BY i.indexname",
                [table],
            )
            for name, definition in cursor.fetchall():
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
                self.indexes.append(definition)

    def restore_foreign_keys(self) -> None:
        """Build the indexes and put the foreign keys back; PostgreSQL checks every row against them."""
        with connection.cursor() as cursor:
            for definition in self.indexes:
                cursor.execute(definition)
            self.indexes = []
            for table, name, definition in self.dropped:
                cursor.execute(
                    f"ALTER TABLE {connection.ops.quote_name(table)} "
                    f"ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
                )
        self.dropped = []

    def table(self, model, columns: str) -> Table:
        """The table of `model`; `columns` names the columns each row gives, separated by spaces."""
        table = Table(self, model, columns.split())
        self.tables.append(table)
        return table

    def start_id(self, model) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT MAX({connection.ops.quote_name(model._meta.pk.column)}) "
                f"FROM {connection.ops.quote_name(model._meta.db_table)}"
            )
            (largest,) = cursor.fetchone()
        return (largest or 0) + 1

    def write(self, table: Table) -> None:
        model = table.model
        names = [_column(model, c) for c in table.all_columns]
        quoted = ", ".join(connection.ops.quote_name(n) for n in names)
        qname = connection.ops.quote_name(model._meta.db_table)
        n_given = len(table.all_columns) - len(table.extra)
        if self.postgres:
            json_given = [i for i, f in enumerate(table.table_fields[:n_given]) if isinstance(f, JSONField)]
            extra = tuple(
                json.dumps(v) if isinstance(f, JSONField) else v
                for v, f in zip(table.extra_values, table.table_fields[n_given:], strict=True)
            )
            with connection.cursor() as cursor:
                raw = cursor.connection
                with raw.cursor() as pg, pg.copy(f"COPY {qname} ({quoted}) FROM STDIN") as copy:
                    for row in table.rows:
                        if json_given:
                            row = list(row)
                            for i in json_given:
                                row[i] = json.dumps(row[i])
                        copy.write_row((*row, *extra))
        else:
            converters = [_sqlite_converter(f) for f in table.table_fields]
            marks = ", ".join(["%s"] * len(names))
            extra = table.extra_values
            prepared = [
                tuple(
                    v if v is None or c is None else c(v)
                    for c, v in zip(converters, (*row, *extra), strict=True)
                )
                for row in table.rows
            ]
            with connection.cursor() as cursor:
                cursor.executemany(f"INSERT INTO {qname} ({quoted}) VALUES ({marks})", prepared)

    def finish(self) -> None:
        for table in self.tables:
            table.flush()
        models = list(dict.fromkeys(t.model for t in self.tables))
        statements = connection.ops.sequence_reset_sql(no_style(), models)
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)


def _naive_utc(value: datetime.datetime) -> str:
    return str(value.astimezone(datetime.UTC).replace(tzinfo=None))


def _sqlite_converter(f):
    """How a value of the field goes to SQLite, as Django would store it (None: as it is)."""
    kind = f.get_internal_type()
    if kind == "DateTimeField":
        return _naive_utc
    if kind in ("DateField", "TimeField"):
        return str
    if kind == "JSONField":
        return json.dumps
    if kind == "UUIDField":
        return lambda v: v.hex
    if kind == "BinaryField":
        return bytes
    return None


def _plain(value):
    """A lazy translation as the text it stands for (defaults such as a consent's purpose)."""
    return str(value) if isinstance(value, Promise) else value


def _column(model, attname: str) -> str:
    for f in model._meta.concrete_fields:
        if f.attname == attname:
            return f.column
    raise ValueError(attname)
