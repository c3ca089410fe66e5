"""Reading a service's own .ics file (RFC 5545), event by event, for the import.

A file is counted before it is read: over MAX_IMPORT_BYTES or MAX_IMPORT_EVENTS VEVENTs it is refused with
a message and nothing is imported. Then each VEVENT is parsed on its own, so a bad event never costs the
good ones: it is skipped with its first line in the file and the reason in bokmål. An event is good when it
has one UID that fits, a start and end with date and time in a known time zone (or floating, read as
Norwegian time and noted), both within the appointment range (`bounds.APPOINTMENT`), a length of more than
nothing and at most 24 hours, and a SEQUENCE from 0 that the database holds. All-day events, changes of one
time in a recurring series and later events with a UID already seen in the file are skipped; of a
recurring event only the first time is read, and a note says so. Time zones are the ones icalendar knows
(IANA and Windows names); a file's own VTIMEZONE definitions are not read, since icalendar would cache
them for every later file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field

import icalendar
from django.utils.translation import gettext as _
from icalendar.prop import vBroken

from los.core import bounds, dates
from los.core.errors import DomainError

#: The largest .ics file a service may import (a year of a busy service is far below it).
MAX_IMPORT_BYTES = 2_000_000
#: The most events one file may hold; a larger file is refused before any event is read.
MAX_IMPORT_EVENTS = 2_000
#: The longest appointment an event may describe.
MAX_DURATION = dt.timedelta(hours=24)
#: The largest SEQUENCE the database holds (a positive 32-bit integer, as RFC 5545 allows).
MAX_SEQUENCE = 2**31 - 1
#: The longest UID Los stores.
MAX_UID_LENGTH = 255
#: How many line numbers one note names before it says "and N more".
SHOWN_LINES = 20

_CONTENT_LINE = re.compile(r"^([A-Za-z0-9-]+)(?:;[^:]*)?:(.*)$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class ImportedEvent:
    """One good event: where it stands in the file, and the appointment it describes."""

    line: int
    number: int
    title: str
    uid: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    location: str
    cancelled: bool
    sequence: int


@dataclass(frozen=True)
class SkippedEvent:
    """One event left out: its first line in the file, its number among the file's events, and why."""

    line: int | None
    number: int | None
    title: str
    reason: str

    def __str__(self) -> str:
        if self.line is not None:
            where = _("Linje %(line)s") % {"line": self.line}
        else:
            where = _("Hendelse nr. %(number)s") % {"number": self.number}
        return f"{where} «{self.title}»: {self.reason}"


@dataclass
class Reading:
    """What a file holds: the good events, the skipped ones, and notes on what was read generously."""

    events: list[ImportedEvent] = field(default_factory=list)
    skipped: list[SkippedEvent] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class _Block:
    line: int
    number: int
    lines: list[str] = field(default_factory=list)
    finished: bool = False


class _Bad(Exception):
    """The event cannot be imported; the message says why (bokmål)."""


def _logical_lines(text: str):
    """(first line number, unfolded line) for each non-empty line; RFC 5545 § 3.1 folding undone."""
    start, current = 0, None
    for number, raw in enumerate(io.StringIO(text, newline=None), start=1):
        raw = raw.rstrip("\n")
        if raw[:1] in (" ", "\t") and current is not None:
            current += raw[1:]
            continue
        if current is not None:
            yield start, current
        start, current = number, (raw if raw.strip() else None)
    if current is not None:
        yield start, current


@dataclass
class _Split:
    blocks: list[_Block] = field(default_factory=list)
    events: int = 0  # all BEGIN:VEVENT, also those past the cap, which are counted and not kept
    unreadable: list[tuple[int, str]] = field(default_factory=list)  # the first SHOWN_LINES
    unreadable_count: int = 0


def _split(text: str) -> _Split:
    """The file's VEVENTs as blocks of their own property lines (nested alarms dropped), and the lines
    that are no content lines. Cheap: nothing is parsed, so the events can be counted first."""
    split = _Split()
    block: _Block | None = None
    nested: list[str] = []
    first = True
    for number, line in _logical_lines(text):
        match = _CONTENT_LINE.match(line)
        if first:
            if not match or line.strip().upper() != "BEGIN:VCALENDAR":
                raise DomainError(
                    _(
                        "Filen er ikke en iCalendar-fil: den begynner ikke med BEGIN:VCALENDAR. "
                        "Ingenting er importert."
                    ),
                    field="file",
                )
            first = False
        if not match:
            split.unreadable_count += 1
            if len(split.unreadable) < SHOWN_LINES:
                split.unreadable.append((number, line))
            continue
        name, value = match.group(1).upper(), match.group(2).strip().upper()
        if name == "BEGIN" and value == "VEVENT":
            split.events += 1
            block = _Block(line=number, number=split.events)
            if split.events <= MAX_IMPORT_EVENTS:
                split.blocks.append(block)  # an unfinished event before it stays unfinished
            nested = []
        elif block is None:
            continue  # the calendar's own lines, time zones and other components
        elif name == "BEGIN":
            nested.append(value)
        elif name == "END" and value == "VEVENT":
            block.finished, block = True, None
        elif name == "END" and value == "VCALENDAR":
            block = None
        elif name == "END":
            if nested and nested[-1] == value:
                nested.pop()
        elif not nested:
            block.lines.append(line)
    if first:
        raise DomainError(_("Filen er tom, ikke en iCalendar-fil. Ingenting er importert."), field="file")
    return split


def _one(event, name: str):
    """The event's single value of `name`, None when it has none; a repeated or unreadable one is bad."""
    value = event.get(name)
    if isinstance(value, list):
        raise _Bad(_("%(name)s står flere ganger.") % {"name": name})
    if isinstance(value, vBroken):
        raise _Bad(_("%(name)s kunne ikke leses: «%(value)s».") % {"name": name, "value": str(value)[:40]})
    return value


def _moment(event, name: str, notes: list[str]) -> dt.datetime | None:
    """DTSTART or DTEND as an aware time within the appointment range; floating times are Norwegian."""
    prop = _one(event, name)
    if prop is None:
        return None
    value = getattr(prop, "dt", None)  # a VALUE=TEXT start has no time at all
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        raise _Bad(_("heldagshendelser uten klokkeslett importeres ikke."))
    if not isinstance(value, dt.datetime):
        raise _Bad(_("%(name)s må være en dato med klokkeslett.") % {"name": name})
    if value.tzinfo is None:
        if prop.params.get("TZID"):
            raise _Bad(_("ukjent tidssone «%(tz)s».") % {"tz": str(prop.params.get("TZID"))[:60]})
        notes.append(name)
        value = value.replace(tzinfo=dates.OSLO)
    try:
        day = value.astimezone(dates.OSLO).date()
    except OverflowError:  # at the very ends of the calendar; its own date is as far off
        day = value.date()
    try:
        bounds.APPOINTMENT.check(day)
    except ValueError as error:
        raise _Bad(f"{name}: {error}") from None
    return value


def _end(event, start: dt.datetime, floating: list[str]) -> dt.datetime:
    """DTEND, or DTSTART plus DURATION, or an hour; the appointment lasts more than nothing and at most
    MAX_DURATION."""
    end = _moment(event, "DTEND", floating)
    if end is None:
        duration = _one(event, "DURATION")
        length = getattr(duration, "dt", None) if duration is not None else dt.timedelta(hours=1)
        if not isinstance(length, dt.timedelta) or length <= dt.timedelta(0):
            raise _Bad(_("DURATION må være en varighet lenger enn null."))
        if length > MAX_DURATION:
            raise _Bad(_("timen varer mer enn 24 timer."))
        end = start + length
    if end <= start:
        raise _Bad(_("slutter før den starter."))
    if end - start > MAX_DURATION:
        raise _Bad(_("timen varer mer enn 24 timer."))
    return end


def _sequence(event) -> int:
    """SEQUENCE: a whole number from 0 that the database holds; 0 when the event has none."""
    try:
        value = _one(event, "SEQUENCE")
    except _Bad:
        value = -1
    if value is None:
        return 0
    if not isinstance(value, int) or not 0 <= value <= MAX_SEQUENCE:
        raise _Bad(_("SEQUENCE må være et helt tall fra 0 til %(max)s.") % {"max": _number(MAX_SEQUENCE)})
    return int(value)


def _uid(event) -> str:
    uid = str(_one(event, "UID") or "").strip()
    if not uid:
        raise _Bad(_("mangler UID, så den kan ikke holdes oppdatert."))
    if len(uid) > MAX_UID_LENGTH or _CONTROL.search(uid):
        raise _Bad(_("UID-en er lengre enn %(max)s tegn eller har kontrolltegn.") % {"max": MAX_UID_LENGTH})
    return uid


def _event(block: _Block, floating: list[int], recurring: list[int]) -> ImportedEvent:
    """The appointment one VEVENT describes, or _Bad with the reason it cannot be imported."""
    if not block.finished:
        raise _Bad(_("hendelsen slutter ikke (mangler END:VEVENT)."))
    try:
        event = icalendar.Event.from_ical(
            "BEGIN:VEVENT\r\n" + "\r\n".join(block.lines) + "\r\nEND:VEVENT\r\n"
        )
    except Exception:  # noqa: BLE001  (an unreadable event is reported and skipped, never a crash)
        raise _Bad(_("hendelsen kunne ikke leses.")) from None
    uid = _uid(event)
    if event.get("RECURRENCE-ID") is not None:
        raise _Bad(_("endringer av én gang i en gjentatt serie (RECURRENCE-ID) importeres ikke."))
    times: list[str] = []
    start = _moment(event, "DTSTART", times)
    if start is None:
        raise _Bad(_("mangler DTSTART."))
    end = _end(event, start, times)
    sequence = _sequence(event)
    if times:
        floating.append(block.line)
    if event.get("RRULE") is not None:
        recurring.append(block.line)
    location, status = _one(event, "LOCATION"), _one(event, "STATUS")
    return ImportedEvent(
        line=block.line,
        number=block.number,
        title=_block_title(block),
        uid=uid,
        starts_at=start,
        ends_at=end,
        location=str(location or "").strip()[:200],
        cancelled=str(status or "").strip().upper() == "CANCELLED",
        sequence=sequence,
    )


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:SHOWN_LINES])
    more = len(numbers) - SHOWN_LINES
    return shown + (_(" og %(n)s til") % {"n": more} if more > 0 else "")


def read_events(data: bytes) -> Reading:
    """The events of a service's .ics file, event by event: each bad event skipped with its line and the
    reason, the good ones kept. A file over MAX_IMPORT_BYTES or MAX_IMPORT_EVENTS, or no iCalendar file,
    is refused (DomainError on the file) before any event is read."""
    if len(data) > MAX_IMPORT_BYTES:
        raise DomainError(_("Filen er for stor (mer enn 2 MB). Ingenting er importert."), field="file")
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    split = _split(text)
    if split.events > MAX_IMPORT_EVENTS:
        raise DomainError(
            _(
                "Filen har %(count)s hendelser; høyst %(max)s kan importeres om gangen. Del filen opp, for "
                "eksempel per måned, og importer delene hver for seg. Ingenting er importert."
            )
            % {"count": _number(split.events), "max": _number(MAX_IMPORT_EVENTS)},
            field="file",
        )
    reading = Reading()
    floating: list[int] = []
    recurring: list[int] = []
    first_line: dict[str, int] = {}
    for block in split.blocks:
        try:
            event = _event(block, floating, recurring)
            if event.uid in first_line:
                raise _Bad(
                    _("samme UID som hendelsen på linje %(line)s; bare den første er importert.")
                    % {"line": first_line[event.uid]}
                )
        except _Bad as bad:
            reading.skipped.append(SkippedEvent(block.line, block.number, _block_title(block), str(bad)))
            continue
        first_line[event.uid] = event.line
        reading.events.append(event)
    for number, line in split.unreadable:
        reading.notes.append(
            _("Linje %(n)s kunne ikke leses og er hoppet over: «%(line)s».")
            % {"n": number, "line": line[:60]}
        )
    if split.unreadable_count > SHOWN_LINES:
        more = split.unreadable_count - SHOWN_LINES
        reading.notes.append(_("%(n)s linjer til kunne ikke leses.") % {"n": more})
    if floating:
        reading.notes.append(
            _("Tiden hadde ingen tidssone og er lest som norsk tid (hendelsene på linje %(lines)s).")
            % {"lines": _lines(floating)}
        )
    if recurring:
        reading.notes.append(
            _("Hendelsene på linje %(lines)s gjentas (RRULE); bare den første timen er importert.")
            % {"lines": _lines(recurring)}
        )
    return reading


def _number(n: int) -> str:
    """A whole number in Norwegian form: 10 000."""
    return f"{n:,}".replace(",", "\xa0")


def _block_title(block: _Block) -> str:
    """The SUMMARY of an event read from its raw lines, for the report even when the event is broken."""
    for line in block.lines:
        if line[:8].upper() == "SUMMARY:" or line[:8].upper() == "SUMMARY;":
            return line.partition(":")[2].strip()[:80] or str(_("uten tittel"))
    return str(_("uten tittel"))
