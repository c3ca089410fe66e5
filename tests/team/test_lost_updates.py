"""No lost update in the minutes (issue 10): two coordinators write the minutes of the same meeting. The
second save is refused with who wrote them and when, the second one's text stays in the form, and the
first one's minutes are kept; the same when both correct minutes that exist, and for parallel saves on
PostgreSQL (the first draft too: before, two first drafts at once both "saved" and one was gone)."""

import pytest
from django.db import connection

from los.team.models import Minutes
from los.team.services import minutes as minutes_services
from tests.plans.lost_updates import APPLIED, REFUSED, open_page, page_form, race, second_coordinator
from tests.team.helpers import plain_meeting

pytestmark = pytest.mark.django_db


def minutes_url(meeting) -> str:
    return f"/oppfolging/moter/{meeting.pk}/referat/"


def test_two_coordinators_writing_the_first_minutes_of_a_meeting(tenant, client_for):
    meeting = plain_meeting(tenant)
    kari, ola = client_for(tenant.coordinator), client_for(second_coordinator(tenant))
    url = minutes_url(meeting)
    kari_page, ola_page = open_page(kari, url), open_page(ola, url)
    assert kari_page["lock_version"] == ola_page["lock_version"] == "0"  # no minutes yet

    kari_text = {"attendees": "Kari, Ingrid", "decisions": "Karis referat: vi søker avlastning"}
    assert kari.post(url, kari_page | kari_text | {"share": []}).status_code == 302
    refused = ola.post(
        url, ola_page | {"attendees": "Ola, Ingrid", "decisions": "Olas referat"} | {"share": []}
    )

    assert refused.status_code == 422
    html = refused.content.decode()
    assert "Referatet ble endret av" in html and tenant.coordinator.display_name in html
    assert "Olas referat" in html
    minutes = Minutes.objects.get(meeting=meeting)
    assert (
        minutes.decisions == "Karis referat: vi søker avlastning" and minutes.written_by == tenant.coordinator
    )

    # Knowing of Kari's minutes, Ola saves again: the form now carries their version.
    again = page_form(html)
    assert again["lock_version"] == "1"
    assert ola.post(url, again).status_code == 302
    minutes.refresh_from_db()
    assert minutes.decisions == "Olas referat" and minutes.lock_version == 2


def test_two_coordinators_correcting_the_same_minutes(tenant, client_for):
    meeting = plain_meeting(tenant)
    minutes_services.write_minutes(meeting, tenant.coordinator, attendees="Alle", notes="Første utkast")
    kari, ola = client_for(tenant.coordinator), client_for(second_coordinator(tenant))
    url = minutes_url(meeting)
    kari_page, ola_page = open_page(kari, url), open_page(ola, url)
    assert kari.post(url, kari_page | {"notes": "Karis rettelse", "share": []}).status_code == 302
    refused = ola.post(url, ola_page | {"notes": "Olas rettelse", "share": []})
    assert refused.status_code == 422
    assert "Olas rettelse" in refused.content.decode()
    assert Minutes.objects.get(meeting=meeting).notes == "Karis rettelse"


def test_sharing_the_minutes_makes_an_open_page_stale(tenant):
    meeting = plain_meeting(tenant)
    minutes = minutes_services.write_minutes(meeting, tenant.coordinator, attendees="Alle")
    minutes_services.share_minutes(minutes)
    with pytest.raises(minutes_services.versions.StaleEdit):
        minutes_services.write_minutes(meeting, tenant.coordinator, attendees="Alle", lock_version=1)


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Parallel saves need PostgreSQL: SQLite's in-memory test database serialises every writer.",
)


@postgresql_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("existing", [False, True], ids=["first draft", "correction"])
def test_fifty_parallel_saves_of_the_same_minutes_page_keep_exactly_one(tenant, existing):
    meeting = plain_meeting(tenant)
    opened = 0
    if existing:
        opened = minutes_services.write_minutes(meeting, tenant.coordinator, attendees="Alle").lock_version

    def save(i):
        return minutes_services.write_minutes(
            meeting, tenant.coordinator, attendees=f"Side {i}", lock_version=opened
        ).attendees

    results = race(50, save)
    assert all(outcome in (APPLIED, REFUSED) for outcome, _ in results), results
    applied = [text for outcome, text in results if outcome == APPLIED]
    assert len(applied) == 1
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.attendees == applied[0]
    assert minutes.lock_version == opened + 1 if existing else minutes.lock_version == 1
