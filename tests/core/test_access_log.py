"""The access log: every look at a family's data is written, the family can read it, nobody can change it."""

import pytest

from los.core.models import AccessAction, AccessLogEntry, AccessReason


def test_guardian_reads_family_and_sees_those_reads_in_the_log(tenant, client_for):
    c = client_for(tenant.guardian_user)
    assert c.get(f"/familie/{tenant.family.pk}/").status_code == 200
    page = c.get(f"/familie/{tenant.family.pk}/tilgangslogg/?egne=on")  # the family's own reads, asked for
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hvem har sett opplysningene våre" in html
    assert "foresatt med foreldreansvar" in html.lower()
    entries = AccessLogEntry.objects.filter(family=tenant.family, user=tenant.guardian_user)
    assert {e.record_type for e in entries} >= {"family", "access_log"}


def test_each_staff_look_is_logged_with_the_relation_that_allowed_it(tenant, client_for):
    for user, reason in [
        (tenant.caseworker, AccessReason.CASEWORKER),
        (tenant.coordinator, AccessReason.COORDINATOR),
        (tenant.provider, AccessReason.TEAM_WITH_CONSENT),
    ]:
        client_for(user).get(f"/familier/{tenant.family.pk}/", REMOTE_ADDR="127.0.0.9")
        entry = AccessLogEntry.objects.filter(family=tenant.family, user=user).latest("id")
        assert entry.reason == reason
        assert entry.action == AccessAction.READ
        assert entry.ip_address == "127.0.0.9"
        assert entry.channel == "web"


def test_api_reads_are_logged_as_api(tenant, client_for):
    client_for(tenant.provider).get(f"/api/v1/families/{tenant.family.pk}")
    entry = AccessLogEntry.objects.filter(family=tenant.family, user=tenant.provider).latest("id")
    assert entry.channel == "api" and entry.record_type == "family"


def test_a_worklist_logs_one_read_per_family_shown(tenant, client_for):
    client_for(tenant.caseworker).get("/familier/")
    logged = set(
        AccessLogEntry.objects.filter(user=tenant.caseworker, record_type="family_list").values_list(
            "family_id", flat=True
        )
    )
    assert logged == {tenant.family.pk, tenant.other_family.pk}


def test_log_rows_cannot_be_changed_or_deleted(tenant, client_for):
    client_for(tenant.guardian_user).get(f"/familie/{tenant.family.pk}/")
    entry = AccessLogEntry.objects.filter(family=tenant.family).first()
    entry.record_type = "changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(record_type="x")
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.filter(pk=entry.pk).delete()


def test_admin_has_no_access_log_screen(admin_user, client_for):
    c = client_for(admin_user)
    assert c.get("/admin/core/accesslogentry/").status_code == 404
    assert c.get("/admin/people/family/").status_code == 404


def test_guardian_log_is_newest_first_and_paginated(tenant, client_for):
    staff = client_for(tenant.caseworker)
    for _ in range(30):
        staff.get(f"/familier/{tenant.family.pk}/")
    c = client_for(tenant.guardian_user)
    first = c.get(f"/familie/{tenant.family.pk}/tilgangslogg/")
    assert "Side 1 av " in first.content.decode()
    second = c.get(f"/familie/{tenant.family.pk}/tilgangslogg/?side=2")
    assert second.status_code == 200
    data = client_for(tenant.guardian_user).get(f"/api/v1/families/{tenant.family.pk}/access-log").json()
    times = [r["at"] for r in data["results"]]
    assert times == sorted(times, reverse=True)
    assert data["count"] >= 31


def test_pages_speak_bokmal_even_to_an_english_browser_until_the_user_switches(client):
    page = client.get("/logg-inn/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="nb"' in page.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/logg-inn/"})
    assert '<html lang="en"' in client.get("/logg-inn/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
