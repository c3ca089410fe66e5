"""The family's access log as the family and the coordinating unit read it (Normen, fact sheet 15;
pasientjournalloven § 22): who, in which role and why, as each row stored it when it was written."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from los.core.models import AccessLogEntry, NeedToKnow, NeedToKnowReason, Role

pytestmark = pytest.mark.django_db


def log_card(page: str) -> str:
    """The family page's card of recent log rows (the page also lists the team by their names now)."""
    return page.split('id="log-heading"')[1].split("</section>")[0]


def log_pages(tenant, client_for):
    family = tenant.family.pk
    staff = client_for(tenant.caseworker)
    guardian = client_for(tenant.guardian_user)
    return {
        "staff": lambda: staff.get(reverse("people:access_log", args=[family])).content.decode(),
        "portal": lambda: guardian.get(reverse("portal:access_log", args=[family])).content.decode(),
        "portal card": lambda: log_card(
            guardian.get(reverse("portal:family", args=[family])).content.decode()
        ),
        "api": lambda: guardian.get(f"/api/v1/families/{family}/access-log").content.decode(),
    }


def test_access_log_shows_the_name_and_role_as_stored_after_the_user_is_renamed(tenant, client_for):
    provider = tenant.provider
    provider.first_name, provider.last_name = "Frida", "Fysio"
    provider.save()
    assert client_for(provider).get(reverse("people:family", args=[tenant.family.pk])).status_code == 200
    provider.first_name, provider.last_name, provider.role = "Helt", "Annetnavn", Role.COORDINATOR
    provider.save()
    for where, read in log_pages(tenant, client_for).items():
        content = read()
        assert "Frida Fysio" in content, where
        assert "Annetnavn" not in content, where
    page = log_pages(tenant, client_for)["staff"]()
    assert "(tjenesteyter)" in page  # the role the row stored, not the user's role now
    api = client_for(tenant.guardian_user).get(f"/api/v1/families/{tenant.family.pk}/access-log").json()
    row = next(r for r in api["results"] if r["who"] == "Frida Fysio")
    assert row["role"] == Role.PROVIDER and row["role_label"] == "Tjenesteyter"


def test_access_log_states_the_caseworkers_need_to_know_in_plain_words(tenant, client_for):
    now = timezone.now()
    NeedToKnow.objects.create(
        user=tenant.caseworker,
        family=tenant.family,
        reason=NeedToKnowReason.COORDINATOR_ABSENT,
        explanation="Koordinator er syk, mor ringte",
        starts_at=now,
        expires_at=now + datetime.timedelta(days=1),
    )
    assert (
        client_for(tenant.caseworker).get(reverse("referrals:list", args=[tenant.family.pk])).status_code
        == 200
    )
    expected = "Saksbehandler i koordinerende enhet oppga tjenstlig behov: "
    for where, read in log_pages(tenant, client_for).items():
        content = read()
        assert expected in content, where
        assert "Koordinator er syk, mor ringte" in content, where
    api = client_for(tenant.guardian_user).get(f"/api/v1/families/{tenant.family.pk}/access-log").json()
    row = next(r for r in api["results"] if r["record_type"] == "referrals")
    assert row["reason_text"].startswith(expected) and "Koordinator er syk" in row["purpose"]


@pytest.mark.parametrize(
    "who, url",
    [
        ("caseworker", "people:access_log"),
        ("guardian_user", "portal:access_log"),
        ("guardian_user", "api"),
        ("caseworker", "api"),
    ],
)
def test_post_to_the_access_log_answers_405_and_writes_no_row(tenant, client_for, who, url):
    family = tenant.family.pk
    address = f"/api/v1/families/{family}/access-log" if url == "api" else reverse(url, args=[family])
    before = AccessLogEntry.objects.count()
    response = client_for(getattr(tenant, who)).post(address, {})
    assert response.status_code == 405
    assert AccessLogEntry.objects.count() == before


def test_reading_the_access_log_is_itself_logged_once_as_a_read(tenant, client_for):
    before = AccessLogEntry.objects.count()
    client_for(tenant.guardian_user).get(reverse("portal:access_log", args=[tenant.family.pk]))
    rows = list(AccessLogEntry.objects.filter(seq__gt=before).values_list("action", "record_type"))
    assert rows == [("read", "access_log")]
