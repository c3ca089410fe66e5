"""The family's access log for people (issue 11): others' reads first, the family's own reads hidden until
asked for, filters by person, role and period that work without JavaScript, one name per person, and a
page whose query count does not grow with the log."""

import datetime
import re
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from los.core import audit
from los.core.models import AccessAction, AccessLogEntry, AccessReason, Role
from tests.factories import make_user


def log(user, family, at=None, record_type="family", reason=AccessReason.COORDINATOR):
    """One row in the chain, written at `at` as the guard would have written it."""
    row = audit.LogRow(
        user=user,
        family_id=family.pk,
        action=AccessAction.READ,
        record_type=record_type,
        record_id=str(family.pk),
        reason=reason,
    )
    with mock.patch("django.utils.timezone.now", return_value=at or timezone.now()):
        audit.write([row])


def shown(response):
    return [(e.user_id, e.record_type) for e in response.context["page"].object_list]


def url(tenant, query=""):
    return f"/familie/{tenant.family.pk}/tilgangslogg/{query}"


def test_others_reads_come_first_and_the_familys_own_are_hidden_until_asked(tenant, client_for):
    now = timezone.now()
    log(tenant.coordinator, tenant.family, now - datetime.timedelta(hours=3))
    log(
        tenant.provider,
        tenant.family,
        now - datetime.timedelta(hours=1),
        reason=AccessReason.TEAM_WITH_CONSENT,
    )
    guardian = client_for(tenant.guardian_user)
    for _ in range(5):
        guardian.get(f"/familie/{tenant.family.pk}/")

    page = guardian.get(url(tenant))
    assert page.status_code == 200
    assert [user for user, _ in shown(page)] == [tenant.provider.pk, tenant.coordinator.pk]
    assert "Det dere selv har sett i Los, er skjult." in page.content.decode()

    everything = guardian.get(url(tenant, "?egne=on"))
    users = [user for user, _ in shown(everything)]
    assert users.count(tenant.guardian_user.pk) >= 5
    assert users[-2:] == [tenant.provider.pk, tenant.coordinator.pk]  # newest first
    assert 'name="egne"' in everything.content.decode() and "checked" in everything.content.decode()


def test_the_familys_page_lists_only_others_among_the_latest(tenant, client_for):
    log(tenant.coordinator, tenant.family)
    guardian = client_for(tenant.guardian_user)
    guardian.get(f"/familie/{tenant.family.pk}/")
    recent = guardian.get(f"/familie/{tenant.family.pk}/").context["recent_log"]
    assert [e.user_id for e in recent] == [tenant.coordinator.pk]


def test_filter_by_person_role_and_period(tenant, client_for):
    now = timezone.now()
    long_ago = now - datetime.timedelta(days=40)
    log(tenant.coordinator, tenant.family, long_ago)
    log(tenant.coordinator, tenant.family, now)
    log(tenant.provider, tenant.family, now, reason=AccessReason.TEAM_WITH_CONSENT)
    log(tenant.caseworker, tenant.family, now, reason=AccessReason.CASEWORKER)
    guardian = client_for(tenant.guardian_user)

    by_person = guardian.get(url(tenant, f"?person={tenant.coordinator.pk}"))
    assert {u for u, _ in shown(by_person)} == {tenant.coordinator.pk} and len(shown(by_person)) == 2

    by_role = guardian.get(url(tenant, f"?rolle={Role.PROVIDER}"))
    assert [u for u, _ in shown(by_role)] == [tenant.provider.pk]

    day = timezone.localdate(long_ago)
    in_period = guardian.get(url(tenant, f"?fra={day.isoformat()}&til={day.isoformat()}"))
    assert [u for u, _ in shown(in_period)] == [tenant.coordinator.pk]
    since = guardian.get(url(tenant, f"?fra={timezone.localdate().isoformat()}"))
    assert {u for u, _ in shown(since)} == {tenant.coordinator.pk, tenant.provider.pk, tenant.caseworker.pk}
    assert len(shown(since)) == 3

    # Asking for one of the family shows their reads without the toggle.
    guardian.get(f"/familie/{tenant.family.pk}/")
    own = guardian.get(url(tenant, f"?person={tenant.guardian_user.pk}"))
    assert shown(own) and {u for u, _ in shown(own)} == {tenant.guardian_user.pk}


def test_the_filter_is_a_get_form_and_pages_keep_it(tenant, client_for):
    for _ in range(30):
        log(tenant.provider, tenant.family, reason=AccessReason.TEAM_WITH_CONSENT)
    log(tenant.coordinator, tenant.family)
    page = client_for(tenant.guardian_user).get(url(tenant, f"?rolle={Role.PROVIDER}"))
    html = page.content.decode()
    assert re.search(r'<form method="get"', html)
    assert "Side 1 av 2" in html
    assert f'href="?rolle={Role.PROVIDER}&amp;side=2"' in html
    second = client_for(tenant.guardian_user).get(url(tenant, f"?rolle={Role.PROVIDER}&side=2"))
    assert {u for u, _ in shown(second)} == {tenant.provider.pk}


def test_bad_filters_answer_400_in_bokmal(tenant, client_for):
    guardian = client_for(tenant.guardian_user)
    stranger = make_user("fremmed", Role.COORDINATOR, tenant.municipality)
    cases = [
        ("?fra=2026-05-02&til=2026-05-01", "Til-datoen kan ikke være før fra-datoen"),
        ("?fra=i-går", "dato"),
        (f"?person={stranger.pk}", "Velg"),
        ("?person=abc", "Velg"),
        ("?rolle=admin", "Velg"),
        ("?fra=9999-12-31", ""),
    ]
    for query, expected in cases:
        response = guardian.get(url(tenant, query))
        assert response.status_code == 400, query
        assert expected in response.content.decode(), query


def test_one_name_per_person_whatever_the_rows_stored(tenant, client_for):
    coordinator = tenant.coordinator
    log(coordinator, tenant.family)
    coordinator.first_name, coordinator.last_name = "Kari", "Koordinator"
    coordinator.save()
    log(coordinator, tenant.family)
    stored = set(
        AccessLogEntry.objects.filter(family=tenant.family, user=coordinator).values_list(
            "actor_name", flat=True
        )
    )
    assert stored == {"Fjordkoordinator", "Kari Koordinator"}  # the rows keep what they stored

    guardian = client_for(tenant.guardian_user)
    guardian.get(f"/familie/{tenant.family.pk}/")
    page = guardian.get(url(tenant, "?egne=on"))
    names = {(e.user_id, e.who) for e in page.context["page"].object_list}
    assert (coordinator.pk, "Kari Koordinator") in names
    assert (coordinator.pk, "Fjordkoordinator") not in names
    # The guardian's login is "Fjordforelder"; the family knows her as Ingrid Fjordsen.
    assert (tenant.guardian_user.pk, "Ingrid Fjordsen") in names
    assert len({who for user, who in names if user == tenant.guardian_user.pk}) == 1
    options = page.context["form"].fields["person"].choices
    assert [label for value, label in options if value == coordinator.pk] == [
        "Kari Koordinator (koordinator)"
    ]
    assert len([v for v, _ in options if v]) == len({v for v, _ in options if v})
    # The chain is untouched.
    checked, broken = audit.verify_chain()
    assert broken is None and checked == AccessLogEntry.objects.count()


def test_the_table_reads_as_a_list_on_a_phone(tenant, client_for):
    log(tenant.coordinator, tenant.family)
    html = client_for(tenant.guardian_user).get(url(tenant)).content.decode()
    headings = re.findall(r'<th scope="col">([^<]+)</th>', html)
    assert headings == ["Når", "Hvem", "Hva", "Hvorfor de hadde tilgang"]
    labels = re.findall(r'<td data-label="([^"]+)"', html)
    assert labels == headings
    assert "<th>" not in html


def test_the_query_count_does_not_grow_with_the_log(tenant, client_for):
    guardian = client_for(tenant.guardian_user)
    log(tenant.coordinator, tenant.family)
    log(tenant.provider, tenant.family, reason=AccessReason.TEAM_WITH_CONSENT)
    guardian.get(url(tenant))  # warm: sessions, the first read of the page

    def queries(query=""):
        with CaptureQueriesContext(connection) as captured:
            assert guardian.get(url(tenant, query)).status_code == 200
        return len(captured)

    few, few_filtered = queries(), queries(f"?rolle={Role.PROVIDER}&egne=on")
    for i in range(12):
        person = make_user(f"fagperson{i}", Role.PROVIDER, tenant.municipality)
        for _ in range(5):
            log(person, tenant.family, reason=AccessReason.TEAM_WITH_CONSENT)
    assert queries() == few
    assert queries(f"?rolle={Role.PROVIDER}&egne=on") == few_filtered
