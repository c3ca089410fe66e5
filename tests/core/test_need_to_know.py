"""Need to know for the coordinating unit (helsepersonelloven § 21 a, pasientjournalloven § 16).

A caseworker sees the family's registration and case records by role. The plan, minutes, calendar, team
and relay log open only with a stated reason, for one day, logged as such and shown to the family."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from los.core.models import AccessLogEntry, AccessReason, NeedToKnow, NeedToKnowReason

NEED_TO_KNOW_PAGES = [
    lambda f: reverse("calendar:week", args=[f]),
    lambda f: reverse("team:overview", args=[f]),
    lambda f: reverse("plans:plan", args=[f]),
    lambda f: reverse("relay:list", args=[f]),
    lambda f: reverse("referrals:list", args=[f]),
]


def _state(
    client, family_id, reason=NeedToKnowReason.COORDINATOR_ABSENT, text="Koordinator er syk, mor ringte"
):
    return client.post(
        reverse("need_to_know", args=[family_id]),
        {"reason": reason, "explanation": text, "neste": reverse("calendar:week", args=[family_id])},
    )


@pytest.mark.parametrize("page", NEED_TO_KNOW_PAGES)
def test_caseworker_without_a_stated_need_is_sent_to_the_form_and_nothing_is_logged(page, tenant, client_for):
    c = client_for(tenant.caseworker)
    before = AccessLogEntry.objects.count()
    url = page(tenant.family.pk)
    response = c.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("need_to_know", args=[tenant.family.pk]))
    assert AccessLogEntry.objects.count() == before


def test_caseworker_still_sees_registration_and_cases_without_a_reason(tenant, client_for):
    c = client_for(tenant.caseworker)
    page = c.get(reverse("people:family", args=[tenant.family.pk]))
    assert page.status_code == 200
    assert reverse("need_to_know", args=[tenant.family.pk]) in page.content.decode()
    entry = AccessLogEntry.objects.filter(user=tenant.caseworker).latest("seq")
    assert entry.reason == AccessReason.CASEWORKER and entry.purpose == ""


def test_stated_need_opens_the_calendar_for_a_day_and_is_logged_with_its_reason(tenant, client_for):
    c = client_for(tenant.caseworker)
    response = _state(c, tenant.family.pk)
    assert response.status_code == 302
    assert response["Location"] == reverse("calendar:week", args=[tenant.family.pk])
    stated = NeedToKnow.objects.get(user=tenant.caseworker, family=tenant.family)
    assert datetime.timedelta(hours=23) < stated.expires_at - stated.starts_at <= datetime.timedelta(days=1)
    assert c.get(reverse("calendar:week", args=[tenant.family.pk])).status_code == 200
    read = AccessLogEntry.objects.filter(user=tenant.caseworker, action="read").latest("seq")
    assert read.reason == AccessReason.CASEWORKER_NEED_TO_KNOW
    assert "Koordinator er syk, mor ringte" in read.purpose
    stating = AccessLogEntry.objects.filter(
        user=tenant.caseworker, record_type="need_to_know", action="change"
    )
    assert stating.count() == 1


def test_the_family_reads_the_stated_reason_in_plain_words(tenant, client_for):
    c = client_for(tenant.caseworker)
    _state(c, tenant.family.pk, text="Familien ba om hjelp med møtet")
    c.get(reverse("calendar:week", args=[tenant.family.pk]))
    log = client_for(tenant.guardian_user).get(reverse("portal:access_log", args=[tenant.family.pk]))
    html = log.content.decode()
    assert "Familien ba om hjelp med møtet" in html
    assert "tjenstlig behov" in html


def test_a_stated_need_ends_after_a_day(tenant, client_for):
    now = timezone.now()
    NeedToKnow.objects.create(
        user=tenant.caseworker,
        family=tenant.family,
        reason=NeedToKnowReason.CASEWORK,
        explanation="Gammel grunn fra i går",
        starts_at=now - datetime.timedelta(days=2),
        expires_at=now - datetime.timedelta(days=1),
    )
    response = client_for(tenant.caseworker).get(reverse("calendar:week", args=[tenant.family.pk]))
    assert response.status_code == 302


def test_a_need_for_one_family_opens_no_other(tenant, client_for):
    c = client_for(tenant.caseworker)
    _state(c, tenant.family.pk)
    assert c.get(reverse("calendar:week", args=[tenant.other_family.pk])).status_code == 302


@pytest.mark.parametrize(
    "data, field",
    [
        ({"reason": "curious", "explanation": "Jeg vil bare se hva som står der"}, "reason"),
        ({"reason": NeedToKnowReason.CASEWORK, "explanation": "kort"}, "explanation"),
        ({"reason": NeedToKnowReason.CASEWORK, "explanation": ""}, "explanation"),
        ({"reason": NeedToKnowReason.CASEWORK, "explanation": "x" * 301}, "explanation"),
    ],
)
def test_a_reason_that_is_missing_or_too_thin_is_refused_and_nothing_is_saved(
    data, field, tenant, client_for
):
    c = client_for(tenant.caseworker)
    before = AccessLogEntry.objects.count()
    response = c.post(reverse("need_to_know", args=[tenant.family.pk]), data)
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert not NeedToKnow.objects.exists()
    assert AccessLogEntry.objects.count() == before


def test_the_form_does_not_send_the_caseworker_to_another_site(tenant, client_for):
    c = client_for(tenant.caseworker)
    response = c.post(
        reverse("need_to_know", args=[tenant.family.pk]),
        {
            "reason": NeedToKnowReason.CASEWORK,
            "explanation": "Behandler klagen nå",
            "neste": "https://example.org/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("people:family", args=[tenant.family.pk])


@pytest.mark.parametrize("who", ["coordinator", "provider", "guardian_user", "leader"])
def test_only_a_caseworker_states_a_need_to_know(who, tenant, client_for):
    c = client_for(getattr(tenant, who))
    assert c.get(reverse("need_to_know", args=[tenant.family.pk])).status_code == 404
    assert _state(c, tenant.family.pk).status_code == 404
    assert not NeedToKnow.objects.exists()


def test_a_caseworker_of_another_municipality_cannot_state_a_need(tenant, other_tenant, client_for):
    c = client_for(other_tenant.caseworker)
    assert _state(c, tenant.family.pk).status_code == 404
    assert not NeedToKnow.objects.exists()


def test_the_coordinator_needs_no_reason(tenant, client_for):
    c = client_for(tenant.coordinator)
    assert c.get(reverse("calendar:week", args=[tenant.family.pk])).status_code == 200
    entry = AccessLogEntry.objects.filter(user=tenant.coordinator).latest("seq")
    assert entry.reason == AccessReason.COORDINATOR


def test_api_answers_404_without_a_stated_need(tenant, client_for):
    c = client_for(tenant.caseworker)
    assert c.get(f"/api/v1/families/{tenant.family.pk}/appointments").status_code == 404
    _state(c, tenant.family.pk)
    assert c.get(f"/api/v1/families/{tenant.family.pk}/appointments").status_code == 200
