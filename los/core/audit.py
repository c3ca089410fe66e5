"""The access log as evidence: writing rows into the hash chain, and checking the chain.

The family has the right to know who has read its data and why (pasientjournalloven § 22 and
personopplysningsloven / GDPR art. 15); the log must show every access and resist later change
(Normen, fact sheet 15 on access logs).

Reads are logged by the guard (`los.core.access.get`), changes by the service that made them
(`changed`), refused and invalid requests not at all. Each row stores the actor's name and role as they
were, and a hash over its content and the previous row's hash, chained over the whole installation, so
that a row changed, deleted or slipped in afterwards is found by `verify_chain` (`los verify-log`).

Writers serialise on one lock (a PostgreSQL advisory lock inside the transaction; a process lock on
SQLite, where the database serialises writers anyway), read the chain's head and append.
"""

from __future__ import annotations

import contextvars
import datetime
import hashlib
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from types import SimpleNamespace

from django.db import connection, transaction
from django.utils import timezone

from .models import AccessAction, AccessLogEntry

GENESIS = "0" * 64
_CHAIN_LOCK_KEY = 7_146_385_201  # any constant; names the access-log chain among advisory locks
_process_lock = threading.Lock()

# The request being served, so a service can log the change it makes with the actor's address and the
# relation the guard found, without every service taking the request as an argument.
_current_request: contextvars.ContextVar = contextvars.ContextVar("los_request", default=None)


class RequestContextMiddleware:
    """Makes the current request known to `changed` for the duration of the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)

    def process_exception(self, request, exception):
        """A caseworker who needs to state a need to know is offered the form on a web page."""
        from django.shortcuts import redirect
        from django.urls import reverse
        from django.utils.http import urlencode

        from .access import NeedToKnowRequired

        if isinstance(exception, NeedToKnowRequired) and request.method == "GET":
            if not request.path.startswith(("/api/", "/fhir/")):
                url = reverse("need_to_know", args=[exception.family_id])
                return redirect(f"{url}?{urlencode({'neste': request.get_full_path()})}")
        return None


def current_request():
    """The request being served, or None outside a request (a background job, a command)."""
    return _current_request.get()


@dataclass(frozen=True)
class LogRow:
    """What one access-log row says, before it joins the chain."""

    user: object
    family_id: int
    action: str
    record_type: str
    record_id: str
    reason: str
    purpose: str = ""
    channel: str = "web"
    ip_address: str | None = None


def _digest(entry: AccessLogEntry) -> str:
    fields = [
        str(entry.seq),
        entry.at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
        str(entry.user_id),
        entry.actor_name,
        entry.actor_role,
        str(entry.family_id),
        entry.action,
        entry.record_type,
        entry.record_id,
        entry.reason,
        entry.purpose,
        entry.channel,
        entry.ip_address or "",
        entry.prev_hash,
    ]
    return hashlib.sha256("\x1f".join(fields).encode()).hexdigest()


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


def _head() -> tuple[int, str]:
    last = AccessLogEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    return last if last else (0, GENESIS)


# The columns `write` fills, in the order of its INSERT; `_digest` hashes the same values (the bulk seed
# builds its rows with them too).
COLUMNS = (
    "seq",
    "at",
    "user_id",
    "actor_name",
    "actor_role",
    "family_id",
    "action",
    "record_type",
    "record_id",
    "reason",
    "purpose",
    "channel",
    "ip_address",
    "prev_hash",
    "hash",
)
# Rows per INSERT statement: well inside SQLite's limit on parameters (32,766) at 15 per row.
_ROWS_PER_INSERT = 500


def write(rows: Iterable[LogRow]) -> int:
    """Append rows to the chain, each hashed with the one before it, so that a row changed or removed
    afterwards is found (Normen, fact sheet 15). Returns the number of rows written.

    A page that lists 50 families writes 50 rows: they go in as plain values in one INSERT, without a
    model instance per row (which cost more than the database's work)."""
    rows = list(rows)
    if not rows:
        return 0
    now = timezone.now()
    with _process_lock, transaction.atomic():
        _lock_chain()
        seq, prev = _head()
        entries = []
        for row in rows:
            seq += 1
            user = row.user
            entry = SimpleNamespace(
                seq=seq,
                at=now,
                user_id=user.pk,
                actor_name=(user.get_full_name() or user.username)[:160],
                actor_role=user.role or "",
                family_id=row.family_id,
                action=row.action,
                record_type=row.record_type,
                record_id=str(row.record_id)[:40],
                reason=row.reason,
                purpose=row.purpose[:400],
                channel=row.channel,
                ip_address=row.ip_address,
                prev_hash=prev,
            )
            entry.hash = prev = _digest(entry)
            entries.append(entry)
        _insert(entries)
    return len(entries)


def _insert(entries: list[SimpleNamespace]) -> None:
    ops = connection.ops
    adapt = {  # what the database driver needs for these two; the rest are plain strings and numbers
        "at": ops.adapt_datetimefield_value,
        "ip_address": ops.adapt_ipaddressfield_value,
    }
    rows = [[adapt[c](getattr(e, c)) if c in adapt else getattr(e, c) for c in COLUMNS] for e in entries]
    table = ops.quote_name(AccessLogEntry._meta.db_table)
    columns = ", ".join(ops.quote_name(c) for c in COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One array per column: the same statement text whatever the number of rows, so PostgreSQL
            # plans it once per connection.
            sql = f"INSERT INTO {table} ({columns}) SELECT * FROM UNNEST({_unnest_arrays()})"
            cursor.execute(sql, [list(column) for column in zip(*rows, strict=True)])
            return
        one_row = "(" + ", ".join(["%s"] * len(COLUMNS)) + ")"
        for start in range(0, len(rows), _ROWS_PER_INSERT):
            batch = rows[start : start + _ROWS_PER_INSERT]
            values = ", ".join([one_row] * len(batch))
            params = [value for row in batch for value in row]
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {values}", params)


def _unnest_arrays() -> str:
    fields = {f.attname: f for f in AccessLogEntry._meta.concrete_fields}
    return ", ".join(f"%s::{fields[c].cast_db_type(connection)}[]" for c in COLUMNS)


def client_address(request) -> str | None:
    """The address the request came from, as the log records it (None when unknown)."""
    address = request.META.get("REMOTE_ADDR") if request is not None else None
    return address or None


def channel_of(request) -> str:
    """How the data left: "web", "api" (the JSON API and FHIR), "ical" (a calendar feed) or "system" (no
    request)."""
    if request is None:
        return "system"
    path = request.path
    if path.startswith(("/api/", "/fhir/")):
        return "api"
    if path.startswith("/kalender/ics/"):
        return "ical"
    return "web"


def changed(family_id: int, record_type: str, record_id: object = "", *, user=None) -> None:
    """Log a change of one record of a family, made by the user of the current request.

    Called by the service that made the change, after it succeeded. Outside a request (a background
    job, a command) no person acted, and nothing is logged."""
    from . import access

    request = current_request()
    if request is None:
        return
    user = user or getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    grant = access.cached_grant(request, family_id) or access.grant_for(user, family_id)
    if grant is None:
        return
    reason, purpose = grant.log_reason(record_type)
    write(
        [
            LogRow(
                user=user,
                family_id=family_id,
                action=AccessAction.CHANGE,
                record_type=record_type,
                record_id=str(record_id or family_id),
                reason=reason,
                purpose=purpose,
                channel=channel_of(request),
                ip_address=client_address(request),
            )
        ]
    )


@dataclass(frozen=True)
class Break:
    seq: int
    entry_id: int | None
    problem: str


def _walk(entries: Iterator[AccessLogEntry]) -> Break | None:
    expected_seq, prev = 1, GENESIS
    for entry in entries:
        if entry.seq != expected_seq:
            return Break(entry.seq, entry.pk, f"row {expected_seq} is missing (next is {entry.seq})")
        if entry.prev_hash != prev:
            return Break(entry.seq, entry.pk, "does not follow the row before it")
        if _digest(entry) != entry.hash:
            return Break(entry.seq, entry.pk, "its content does not match its hash")
        prev = entry.hash
        expected_seq += 1
    return None


def verify_chain(batch: int = 5000) -> tuple[int, Break | None]:
    """Check the whole chain: every row present, in order, and unchanged since it was written (the
    evidence a family's access log is, pasientjournalloven § 22). Returns (rows checked, the first
    break or None)."""
    count = 0

    def rows():
        nonlocal count
        for entry in AccessLogEntry.objects.order_by("seq").iterator(chunk_size=batch):
            count += 1
            yield entry

    found = _walk(rows())
    return count, found
