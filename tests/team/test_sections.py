"""The follow-up summary on the family pages is a section built through the record policy: it logs
nothing of its own, and shows each relation only what it may see. The coordinator's lists log one read
per family they name."""

import datetime

from django.urls import reverse

from los.core import dates
from los.core.models import AccessLogEntry, AccessReason
from los.team.services import minutes as minutes_services

from .helpers import make_item, make_meeting


def test_staff_family_page_shows_the_team_section_and_logs_one_read(tenant, client_for):
    make_item(tenant, due_on=dates.today() - datetime.timedelta(days=2))
    before = AccessLogEntry.objects.count()
    page = client_for(tenant.coordinator).get(reverse("people:family", args=[tenant.family.pk]))
    html = page.content.decode()
    assert "Ansvarsgruppe, møter og oppgaver" in html and "1 åpen oppgave" in html and "1 forsinket" in html
    rows = AccessLogEntry.objects.order_by("seq")[before:]
    assert [(r.record_type, r.family_id) for r in rows] == [("family", tenant.family.pk)]


def test_family_page_section_counts_only_what_the_family_may_see_and_offers_consent_requests(
    tenant, client_for
):
    from .helpers import consent_request

    ask = consent_request(tenant)
    meeting = make_meeting(tenant, days_ahead=0)  # the interpreter task hangs on this meeting
    minutes_services.write_minutes(meeting, tenant.coordinator, attendees="Alle")  # not shared
    make_item(tenant, responsible=tenant.guardian_user)
    html = (
        client_for(tenant.guardian_user)
        .get(reverse("portal:family", args=[tenant.family.pk]))
        .content.decode()
    )
    assert "1 åpen oppgave" in html  # the interpreter task from unshared minutes is not counted
    assert reverse("team:consent_request_answer", args=[ask.pk]) in html
    assert "Se hvem som gjør hva, møter og referater" in html


def test_caseworker_without_a_stated_need_gets_no_team_section(tenant, client_for):
    make_item(tenant)
    html = (
        client_for(tenant.caseworker).get(reverse("people:family", args=[tenant.family.pk])).content.decode()
    )
    assert "Ansvarsgruppe, møter og oppgaver" not in html


def test_follow_up_and_caseload_log_one_read_per_family_shown(tenant, client_for):
    late = dates.today() - datetime.timedelta(days=3)
    make_item(tenant, due_on=late, title="Første")
    make_item(tenant, due_on=late, title="Andre")
    coordinator = client_for(tenant.coordinator)
    for url, record_type in [
        (reverse("team:follow_up"), "follow_up"),
        (reverse("team:caseload"), "caseload"),
    ]:
        assert coordinator.get(url).status_code == 200
        rows = AccessLogEntry.objects.filter(user=tenant.coordinator, record_type=record_type)
        assert [(r.family_id, r.reason) for r in rows] == [(tenant.family.pk, AccessReason.COORDINATOR)]
