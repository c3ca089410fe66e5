# ruff: noqa: E501  (iCalendar fixtures read best one property per line)
"""Import of a service's .ics file: UID-based updates, event by event with a report (line, reason in
bokmål), the good events kept in one transaction, and a size and event cap checked before anything is
imported. The reproductions of issue 10 (500 on SEQUENCE, far dates and huge durations; a bad event losing
the good ones; 10,000 events in a 1.4 MB file) each have a test here."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from los.calendar import ical_reader
from los.calendar.models import Appointment, AppointmentStatus
from los.calendar.services import ical_import
from los.core import dates
from los.core.access import grant_for
from los.core.errors import DomainError

from .world import add_calendar

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture
def world(tenant):
    return add_calendar(tenant)


def import_bytes(world, data: bytes, user=None):
    return ical_import.import_ics(grant_for(user or world.provider, world.family.pk), world.physio, data)


def import_file(world, content: str, user=None):
    return import_bytes(world, content.encode(), user)


def post_file(world, client_for, data: bytes):
    provider = client_for(world.provider)
    return provider.post(
        f"/kalender/familie/{world.family.pk}/import/",
        {"service": world.physio.pk, "file": SimpleUploadedFile("t.ics", data, "text/calendar")},
    )


def soon(days=30, hour=9) -> str:
    """A local time a month ahead, well inside the appointment range, in iCalendar form."""
    return f"{dates.today() + dt.timedelta(days=days):%Y%m%d}T{hour:02d}0000"


def good(name: str, days: int = 30) -> str:
    return f"UID:{name}@epj\r\nDTSTART;TZID=Europe/Oslo:{soon(days)}\r\nDTEND;TZID=Europe/Oslo:{soon(days, 10)}\r\nSUMMARY:Time\r\n"


def vcalendar(*events: str) -> bytes:
    """A file whose first event starts on line 4; each `good` event takes six lines with BEGIN/END."""
    body = "".join(f"BEGIN:VEVENT\r\n{event}END:VEVENT\r\n" for event in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Fysio//EPJ//NO\r\n{body}END:VCALENDAR\r\n".encode()


def skipped_text(report) -> str:
    return " ".join(str(s) for s in report.skipped)


# --------------------------------------------------------------------------- UID-based import

ICS = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Fysio//EPJ//NO\r
BEGIN:VEVENT\r
UID:fysio-1@epj\r
DTSTART;TZID=Europe/Oslo:20270302T090000\r
DTEND;TZID=Europe/Oslo:20270302T094500\r
SUMMARY:Time for Emma Fjordsen\r
LOCATION:Helsehuset\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:fysio-2@epj\r
DTSTART:20270309T080000Z\r
DTEND:20270309T084500Z\r
SUMMARY:Time\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_import_twice_updates_instead_of_duplicating(world):
    report = import_file(world, ICS)
    assert (report.created, report.updated, report.skipped) == (2, 0, [])
    first = Appointment.objects.get(uid="fysio-1@epj")
    assert first.starts_at.astimezone(OSLO).time() == dt.time(9)
    assert first.title == "Fysioterapi"  # not the name from the service's system
    assert first.place == world.health_house
    again = import_file(world, ICS)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    moved = import_file(
        world, ICS.replace("20270302T090000", "20270302T100000").replace("20270302T094500", "20270302T104500")
    )
    assert (moved.created, moved.updated) == (0, 1)
    first.refresh_from_db()
    assert first.sequence == 1 and first.starts_at.astimezone(OSLO).time() == dt.time(10)
    assert first.lock_version == 2  # a page opened before the import is stale now
    assert Appointment.objects.count() == 2
    cancelled = import_file(
        world, ICS.replace("LOCATION:Helsehuset\r\n", "LOCATION:Helsehuset\r\nSTATUS:CANCELLED\r\n")
    )
    assert cancelled.updated == 1
    assert Appointment.objects.get(uid="fysio-1@epj").status == AppointmentStatus.CANCELLED


BROKEN = """BEGIN:VCALENDAR\r
VERSION:2.0\r
BEGIN:VEVENT\r
UID:ok@epj\r
DTSTART;TZID=Europe/Oslo:20270302T090000\r
DTEND;TZID=Europe/Oslo:20270302T094500\r
THIS LINE IS BROKEN\r
SUMMARY:Ok\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:mars@epj\r
DTSTART;TZID=Mars/Olympus:20270303T090000\r
DTEND;TZID=Mars/Olympus:20270303T094500\r
SUMMARY:Mars\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:floating@epj\r
DTSTART:20270304T090000\r
DTEND:20270304T094500\r
SUMMARY:Flytende\r
END:VEVENT\r
BEGIN:VEVENT\r
DTSTART:20270305T090000Z\r
SUMMARY:Uten UID\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:allday@epj\r
DTSTART;VALUE=DATE:20270306\r
SUMMARY:Heldag\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_broken_ics_imports_what_it_can_and_reports_the_rest(world):
    report = import_file(world, BROKEN)
    assert report.created == 2
    assert set(Appointment.objects.values_list("uid", flat=True)) == {"ok@epj", "floating@epj"}
    text = skipped_text(report)
    # The unreadable line is dropped; its event is kept and the line named in the notes.
    assert "Linje 7" in " ".join(report.notes)
    assert "ukjent tidssone «Mars/Olympus»" in text
    assert "mangler UID" in text and "heldagshendelser" in text
    assert [(s.line, s.number) for s in report.skipped] == [(10, 2), (22, 4), (26, 5)]
    assert "norsk tid" in " ".join(report.notes)
    floating = Appointment.objects.get(uid="floating@epj")
    assert floating.starts_at.astimezone(OSLO).time() == dt.time(9)


@pytest.mark.parametrize(
    "garbage", [b"", b"\x00\xff\xfe", b"hello world", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n"]
)
def test_garbage_never_fails(world, garbage):
    try:
        report = import_bytes(world, garbage)
    except DomainError as refusal:  # a file that is no calendar is refused with a message
        assert "iCalendar" in refusal.message and refusal.field == "file"
    else:
        assert report.created == 0 and report.skipped
    assert not Appointment.objects.exists()


def test_import_page_shows_the_report(world, client_for):
    url = f"/kalender/familie/{world.family.pk}/import/"
    assert client_for(world.provider).get(url).status_code == 200
    response = post_file(world, client_for, BROKEN.encode())
    assert response.status_code == 200
    body = response.content.decode()
    assert "2 nye" in body and "3 hoppet over" in body and "Mars/Olympus" in body
    assert client_for(world.guardian_user).get(url).status_code == 404


# --------------------------------------------------------------------------- issue 10: bad events

# Each bad event sits between two good ones: the first takes lines 4-9, so the bad one starts on line 10.
BAD_EVENTS = {
    "sequence_not_a_number": (
        "UID:bad@epj\r\nDTSTART;TZID=Europe/Oslo:{start}\r\nDTEND;TZID=Europe/Oslo:{end}\r\nSEQUENCE:abc\r\n",
        "SEQUENCE",
    ),
    "sequence_too_large": (
        "UID:bad@epj\r\nDTSTART;TZID=Europe/Oslo:{start}\r\nDTEND;TZID=Europe/Oslo:{end}\r\nSEQUENCE:99999999999999999999\r\n",
        "SEQUENCE",
    ),
    "year_9999_without_end": ("UID:bad@epj\r\nDTSTART:99991231T233000Z\r\n", "for langt fram i tid"),
    "duration_of_two_million_years": (
        "UID:bad@epj\r\nDTSTART;TZID=Europe/Oslo:{start}\r\nDURATION:P99999999W\r\n",
        "24 timer",
    ),
}


@pytest.mark.parametrize("case", list(BAD_EVENTS))
def test_a_bad_event_is_skipped_with_its_line_and_the_good_ones_are_kept(world, client_for, case):
    template, reason = BAD_EVENTS[case]
    bad = template.format(start=soon(40), end=soon(40, 10))
    response = post_file(world, client_for, vcalendar(good("first"), bad, good("last", days=50)))
    assert response.status_code == 200  # was 500, and the first good event was lost
    assert set(Appointment.objects.values_list("uid", flat=True)) == {"first@epj", "last@epj"}
    report = response.context["report"]
    assert (report.created, len(report.skipped)) == (2, 1)
    (skipped,) = report.skipped
    assert (skipped.line, skipped.number) == (10, 2)
    assert reason in skipped.reason
    body = response.content.decode()
    assert "2 nye" in body and "1 hoppet over" in body and reason in body


@pytest.mark.parametrize(
    "event, reason",
    [
        (
            "UID:bad@epj\r\nDTSTART;TZID=Europe/Oslo:{start}\r\nDTEND;TZID=Europe/Oslo:{end}\r\nSEQUENCE:-1\r\n",
            "SEQUENCE",
        ),
        ("UID:bad@epj\r\nDTSTART:00010101T000000Z\r\nDTEND:00010101T010000Z\r\n", "for langt tilbake i tid"),
        ("UID:bad@epj\r\nDTSTART:99991231T233000Z\r\nDTEND:99991231T235900Z\r\n", "for langt fram i tid"),
        ("UID:bad@epj\r\nDTSTART;TZID=Europe/Oslo:{start}\r\nDTEND;TZID=Europe/Oslo:{far}\r\n", "24 timer"),
        ("UID:bad@epj\r\nDTSTART;TZID=Europe/Oslo:{start}\r\nDURATION:-PT1H\r\n", "varighet"),
        ("UID:bad@epj\r\nDTSTART;TZID=Europe/Oslo:{start}\r\nDURATION:P9999999999999W\r\n", "DURATION"),
        ("UID:bad@epj\r\nDTSTART:garbage\r\n", "DTSTART"),
        (
            "UID:bad@epj\r\nDTSTART;TZID=Europe/Oslo:{start}\r\nDTSTART;TZID=Europe/Oslo:{end}\r\n",
            "flere ganger",
        ),
        ("UID:bad@epj\r\nDTSTART;VALUE=PERIOD:20270302T090000Z/PT1H\r\n", "DTSTART"),
        ("UID:bad@epj\r\nDTSTART;VALUE=TEXT:i morgen\r\n", "DTSTART"),
        ("UID:bad@epj\r\nDTSTART;TZID=Europe/Oslo:{start}\r\nDURATION;VALUE=TEXT:lenge\r\n", "DURATION"),
        (
            "UID:bad@epj\r\nDTSTART;TZID=Europe/Oslo:{start}\r\nDTEND;TZID=Europe/Oslo:{start}\r\n",
            "slutter før",
        ),
        ("UID:" + "x" * 300 + "\r\nDTSTART;TZID=Europe/Oslo:{start}\r\n", "UID"),
        ("UID:bad\x00uid\r\nDTSTART;TZID=Europe/Oslo:{start}\r\n", "UID"),
        ("UID:first@epj\r\nDTSTART;TZID=Europe/Oslo:{start}\r\n", "linje 4"),
        (
            "UID:bad@epj\r\nRECURRENCE-ID:20270302T090000Z\r\nDTSTART;TZID=Europe/Oslo:{start}\r\n",
            "RECURRENCE-ID",
        ),
    ],
)
def test_other_bad_events_are_skipped_with_a_reason(world, event, reason):
    bad = event.format(start=soon(40), end=soon(40, 10), far=soon(42))
    report = import_bytes(world, vcalendar(good("first"), bad, good("last", days=50)))
    assert set(Appointment.objects.values_list("uid", flat=True)) == {"first@epj", "last@epj"}
    (skipped,) = report.skipped
    assert skipped.line == 10 and reason in skipped.reason


def test_an_unfinished_event_is_reported_and_the_rest_kept(world):
    data = vcalendar(good("first")) + b"BEGIN:VEVENT\r\nUID:cut@epj\r\n"
    report = import_bytes(world, data)
    assert report.created == 1
    (skipped,) = report.skipped
    assert skipped.line == 11 and "END:VEVENT" in skipped.reason


def test_line_numbers_count_folded_lines_in_the_file(world):
    folded = "DESCRIPTION:En lang\r\n  tekst som er brettet\r\n over tre linjer\r\n"
    report = import_bytes(world, vcalendar(folded + good("first"), "UID:bad@epj\r\nSEQUENCE:abc\r\n"))
    assert [s.line for s in report.skipped] == [13]


def test_a_recurring_event_keeps_its_first_time_and_says_so(world):
    report = import_bytes(world, vcalendar(good("weekly") + "RRULE:FREQ=WEEKLY;COUNT=10\r\n"))
    assert report.created == 1
    assert "gjentas" in " ".join(report.notes)


def test_a_crash_while_saving_leaves_nothing_half_written(world, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(ical_import.audit, "changed", fail)
    with pytest.raises(RuntimeError):
        import_bytes(world, vcalendar(good("first"), good("second", days=31)))
    assert not Appointment.objects.exists()


def test_another_family_s_uid_is_skipped_not_taken_over(world, other_tenant):
    import_bytes(world, vcalendar(good("first")))
    Appointment.objects.filter(uid="first@epj").update(family=other_tenant.family)
    report = import_bytes(world, vcalendar(good("first"), good("mine", days=31)))
    assert report.created == 1
    (skipped,) = report.skipped
    assert skipped.line == 4 and "annen avtale" in skipped.reason


def test_a_service_the_relation_may_not_book_is_refused(world):
    grant = grant_for(world.provider, world.family.pk)
    with pytest.raises(DomainError) as refusal:
        ical_import.import_ics(grant, world.school, vcalendar(good("first")))
    assert refusal.value.field == "service"
    assert not Appointment.objects.exists()


# --------------------------------------------------------------------------- issue 10: the caps


def many_events(count: int) -> bytes:
    """`count` events of about 140 bytes each, the shape of the 1.4 MB file with 10,000 events."""
    start = dates.today() + dt.timedelta(days=10)
    events = []
    for n in range(count):
        day = start + dt.timedelta(days=n % 1000)
        events.append(
            f"UID:mass-{n}@epj\r\nDTSTART;TZID=Europe/Oslo:{day:%Y%m%d}T{8 + n % 7:02d}0000\r\n"
            f"DTEND;TZID=Europe/Oslo:{day:%Y%m%d}T{8 + n % 7:02d}4500\r\nSUMMARY:Time\r\n"
        )
    return vcalendar(*events)


def test_ten_thousand_events_are_refused_before_anything_is_imported(world, client_for):
    data = many_events(10_000)
    assert 1_000_000 < len(data) < ical_reader.MAX_IMPORT_BYTES  # under the size cap: the event cap stops it
    response = post_file(world, client_for, data)
    assert response.status_code == 422  # was 200 with 10,000 appointments
    body = response.content.decode()
    assert "10\xa0000 hendelser" in body or "10 000 hendelser" in body
    assert "Ingenting er importert" in body
    assert not Appointment.objects.exists()


def test_the_event_cap_counts_before_parsing(world, monkeypatch):
    def parse(*args, **kwargs):
        raise AssertionError("an event was parsed before the file was counted")

    monkeypatch.setattr(ical_reader.icalendar.Event, "from_ical", parse)
    with pytest.raises(DomainError) as refusal:
        import_bytes(world, many_events(ical_reader.MAX_IMPORT_EVENTS + 1))
    assert refusal.value.field == "file"
    assert "2\xa0000" in refusal.value.message or "2 000" in refusal.value.message


def test_a_file_at_the_event_cap_is_imported_in_one_go(world):
    report = import_bytes(world, many_events(ical_reader.MAX_IMPORT_EVENTS))
    assert (report.created, report.skipped) == (ical_reader.MAX_IMPORT_EVENTS, [])
    assert Appointment.objects.count() == ical_reader.MAX_IMPORT_EVENTS


def test_a_file_over_two_megabytes_is_refused_with_a_message(world, client_for):
    data = vcalendar(good("first")) + b"X-PADDING:" + b"x" * ical_reader.MAX_IMPORT_BYTES + b"\r\n"
    with pytest.raises(DomainError) as refusal:
        import_bytes(world, data)
    assert "2 MB" in refusal.value.message and refusal.value.field == "file"
    response = post_file(world, client_for, data)
    assert response.status_code == 422 and "2 MB" in response.content.decode()
    assert not Appointment.objects.exists()


def test_damaged_files_are_refused_or_reported_never_a_crash():
    """Cut, doubled and overwritten bytes anywhere in a file: the reader refuses or reports, never fails."""
    import random

    rng = random.Random(10)
    original = vcalendar(good("first"), BAD_EVENTS["sequence_not_a_number"][0], good("last", days=50))
    original += BROKEN.encode()
    noise = [
        b":",
        b";",
        b"\r\n",
        b"\r\n ",
        b"BEGIN:VEVENT\r\n",
        b"END:VEVENT\r\n",
        b"\x00",
        b"\xff",
        b'"',
        b"9" * 30,
    ]
    for _ in range(400):
        data = bytearray(original)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(data))
            data[at : at + rng.randint(0, 8)] = rng.choice(noise)
        try:
            reading = ical_reader.read_events(bytes(data))
        except DomainError as refusal:
            assert refusal.field == "file"
            continue
        for event in reading.events:
            assert event.ends_at > event.starts_at and 0 <= event.sequence <= ical_reader.MAX_SEQUENCE
        assert all(s.reason for s in reading.skipped)
