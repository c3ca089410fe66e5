"""Who sees a family's referrals (the record policy, Area.REFERRAL).

Where a family has been referred is confidential: a professional on the team sees only referrals to
services an active consent names; a referral to a patient or user organisation names no service, so only
the family, its coordinator and the coordinating unit (with a stated need to know) see it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from los.casework.models import CoordinatorKind
from los.coordinators.models import CoordinatorAssignment
from los.core import dates
from los.core.models import AccessLogEntry, AccessReason, NeedToKnow, NeedToKnowReason
from los.referrals.models import Referral
from tests.plans.helpers import make_organisation

pytestmark = pytest.mark.django_db


def referrals_of(tenant):
    """One referral to the consented physiotherapy, one to the school (on the team, not consented),
    one to a patient organisation."""
    org = make_organisation(tenant)
    make = lambda **target: Referral.objects.create(  # noqa: E731
        family=tenant.family, sent_by=tenant.coordinator, reason="Trenger hjelp", **target
    )
    return make(service=tenant.physio), make(service=tenant.school), make(organisation=org)


def names_on(content: str) -> set[str]:
    found = set()
    for name in ("Fysioterapi", "Skolen", "Funksjonshemmedes Fellesorganisasjon"):
        if name in content:
            found.add(name)
    return found


def test_provider_does_not_see_referrals_to_services_the_consent_does_not_name_on_the_page(
    tenant, client_for
):
    referrals_of(tenant)
    page = client_for(tenant.provider).get(reverse("referrals:list", args=[tenant.family.pk]))
    assert page.status_code == 200
    assert names_on(page.content.decode()) == {"Fysioterapi"}


def test_provider_does_not_see_referrals_to_services_the_consent_does_not_name_in_the_api(tenant, client_for):
    physio, _school, _org = referrals_of(tenant)
    response = client_for(tenant.provider).get(f"/api/v1/families/{tenant.family.pk}/referrals")
    assert response.status_code == 200
    assert [r["id"] for r in response.json()] == [physio.pk]


def test_provider_does_not_see_a_referral_to_a_user_organisation_on_the_family_page(tenant, client_for):
    referrals_of(tenant)
    page = client_for(tenant.provider).get(reverse("people:family", args=[tenant.family.pk]))
    assert page.status_code == 200
    section = page.content.decode().split('id="referrals-heading"')[1].split("</section>")[0]
    assert names_on(section) == {"Fysioterapi"}


def test_school_provider_without_consent_sees_no_referrals_at_all(tenant, client_for):
    referrals_of(tenant)
    c = client_for(tenant.school_provider)  # on the team, but no consent names the school
    assert c.get(reverse("referrals:list", args=[tenant.family.pk])).status_code == 404
    assert c.get(f"/api/v1/families/{tenant.family.pk}/referrals").status_code == 404


def test_family_and_coordinator_see_every_referral(tenant, client_for):
    referrals_of(tenant)
    everything = {"Fysioterapi", "Skolen", "Funksjonshemmedes Fellesorganisasjon"}
    staff = client_for(tenant.coordinator).get(reverse("referrals:list", args=[tenant.family.pk]))
    assert names_on(staff.content.decode()) == everything
    api = client_for(tenant.guardian_user).get(f"/api/v1/families/{tenant.family.pk}/referrals").json()
    assert len(api) == 3
    portal = client_for(tenant.guardian_user).get(reverse("portal:family", args=[tenant.family.pk]))
    section = portal.content.decode().split('id="referrals-heading"')[1].split("</section>")[0]
    assert names_on(section) == everything


def test_provider_who_loses_the_consent_loses_the_referrals(tenant, client_for):
    referrals_of(tenant)
    tenant.consent.withdrawn_at = timezone.now()
    tenant.consent.save()
    c = client_for(tenant.provider)
    assert c.get(reverse("referrals:list", args=[tenant.family.pk])).status_code == 404
    assert c.get(f"/api/v1/families/{tenant.family.pk}/referrals").status_code == 404


def test_caseworker_reads_referrals_only_with_a_stated_need_to_know(tenant, client_for):
    referrals_of(tenant)
    c = client_for(tenant.caseworker)
    before = AccessLogEntry.objects.count()
    page = c.get(reverse("referrals:list", args=[tenant.family.pk]))
    assert page.status_code == 302 and page["Location"].startswith(
        reverse("need_to_know", args=[tenant.family.pk])
    )
    assert c.get(f"/api/v1/families/{tenant.family.pk}/referrals").status_code == 404
    family_page = c.get(reverse("people:family", args=[tenant.family.pk])).content.decode()
    assert 'id="referrals-heading"' not in family_page
    assert AccessLogEntry.objects.count() == before + 1  # the family page only
    now = timezone.now()
    NeedToKnow.objects.create(
        user=tenant.caseworker,
        family=tenant.family,
        reason=NeedToKnowReason.FAMILY_ASKED,
        explanation="Mor ba oss se over henvisningene",
        starts_at=now,
        expires_at=now + datetime.timedelta(days=1),
    )
    assert len(c.get(f"/api/v1/families/{tenant.family.pk}/referrals").json()) == 3
    row = AccessLogEntry.objects.filter(user=tenant.caseworker).latest("seq")
    assert row.record_type == "referrals" and row.reason == AccessReason.CASEWORKER_NEED_TO_KNOW
    assert "Mor ba oss se over henvisningene" in row.purpose


def test_referral_changes_are_logged_by_the_service_and_refused_ones_not_at_all(tenant, client_for):
    c = client_for(tenant.coordinator)
    url = reverse("referrals:create", args=[tenant.family.pk])
    before = AccessLogEntry.objects.count()
    bad = c.post(url, {"service": tenant.physio.pk, "reason": "", "sent_on": dates.today().isoformat()})
    assert bad.status_code == 422
    assert AccessLogEntry.objects.count() == before
    ok = c.post(
        url, {"service": tenant.physio.pk, "reason": "Vurdering", "sent_on": dates.today().isoformat()}
    )
    assert ok.status_code == 302
    referral = Referral.objects.get()
    rows = list(
        AccessLogEntry.objects.filter(seq__gt=before).values_list("action", "record_type", "record_id")
    )
    assert rows == [("change", "referral", str(referral.pk))]
    answer = reverse("referrals:answer", args=[tenant.family.pk, referral.pk])
    c.post(answer, {"status": "accepted", "answered_on": dates.today().isoformat()})
    assert AccessLogEntry.objects.filter(action="change", record_type="referral").count() == 2


def test_a_referral_of_another_family_cannot_be_answered_through_this_familys_address(tenant, client_for):
    other = Referral.objects.create(
        family=tenant.other_family, service=tenant.physio, reason="x", sent_by=tenant.coordinator
    )
    # The coordinator coordinates for both families, but the address names the first one.
    CoordinatorAssignment.objects.create(
        family=tenant.other_family, coordinator=tenant.coordinator, kind=CoordinatorKind.COORDINATOR
    )
    c = client_for(tenant.coordinator)
    before = AccessLogEntry.objects.count()
    url = reverse("referrals:answer", args=[tenant.family.pk, other.pk])
    assert c.get(url).status_code == 404
    assert c.post(url, {"status": "accepted", "answered_on": dates.today().isoformat()}).status_code == 404
    assert AccessLogEntry.objects.count() == before
    other.refresh_from_db()
    assert other.status == "sent"
