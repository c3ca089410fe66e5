"""Consents and stale pages (issue 10). A consent is never edited: what a guardian does to one is sign it
or withdraw it, and each counts as a change of the consent's row (`lock_version`), taken in one
conditional UPDATE. A page that is no longer true is refused where it matters and says who changed the
consent and when: signing a consent that was withdrawn, withdrawing one already withdrawn. Another
guardian's signature is no conflict: a consent can be withdrawn at any time, and two signatures at once
are both kept."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from los.consent import services
from los.consent.models import Consent, ConsentSignature, ConsentStatus
from tests.consent.test_consent_changes import pending_consent, second_guardian, version_on_page
from tests.plans.lost_updates import APPLIED, REFUSED, race

pytestmark = pytest.mark.django_db


def told(client, response) -> str:
    return client.get(response["Location"]).content.decode()


def test_the_second_guardian_withdrawing_is_told_who_withdrew_first_and_when(tenant, client_for):
    other = second_guardian(tenant)
    first, second = client_for(tenant.guardian_user), client_for(other.user)
    url = reverse("portal:consent_withdraw", args=[tenant.consent.pk])
    assert first.get(url).status_code == 200 and second.get(url).status_code == 200
    assert first.post(url, {"reason": "Vi vil ikke dele"}).status_code == 302
    response = second.post(url, {"reason": "Ikke jeg heller"})
    message = told(second, response)
    assert "allerede trukket tilbake" in message
    assert f"av {tenant.guardian_user.display_name}" in message and " kl. " in message
    tenant.consent.refresh_from_db()
    assert tenant.consent.withdrawal_reason == "Vi vil ikke dele" and tenant.consent.lock_version == 2


def test_signing_a_consent_withdrawn_since_the_page_opened_names_who_withdrew_it(tenant, client_for):
    consent = pending_consent(tenant, client_for)
    other = second_guardian(tenant)
    second = client_for(other.user)
    seen = version_on_page(second, tenant.family.pk, consent.pk)
    client_for(tenant.guardian_user).post(reverse("portal:consent_withdraw", args=[consent.pk]), {})
    response = second.post(reverse("portal:consent_sign", args=[consent.pk]), {"version": seen})
    message = told(second, response)
    assert (
        f"trukket tilbake av {tenant.guardian_user.display_name}" in message
        and "Ingenting er lagret" in message
    )
    assert not ConsentSignature.objects.filter(consent=consent, guardian=other).exists()


def test_a_consent_can_be_withdrawn_from_a_page_opened_before_the_other_guardian_signed(tenant, client_for):
    consent = pending_consent(tenant, client_for)
    other = second_guardian(tenant)
    first = client_for(tenant.guardian_user)
    withdraw = reverse("portal:consent_withdraw", args=[consent.pk])
    assert first.get(withdraw).status_code == 200  # the form is open while the consent waits
    seen = version_on_page(client_for(other.user), tenant.family.pk, consent.pk)
    client_for(other.user).post(reverse("portal:consent_sign", args=[consent.pk]), {"version": seen})
    consent.refresh_from_db()
    assert consent.status == ConsentStatus.ACTIVE and consent.lock_version == 2

    assert first.post(withdraw, {"reason": "Likevel ikke"}).status_code == 302
    consent.refresh_from_db()
    assert consent.status == ConsentStatus.WITHDRAWN and consent.lock_version == 3


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Parallel saves need PostgreSQL: SQLite's in-memory test database serialises every writer.",
)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_withdrawals_withdraw_once_and_tell_the_rest(tenant):
    results = race(
        50,
        lambda i: (
            services.withdraw_consent(tenant.consent, tenant.guardian_user, f"grunn {i}").withdrawal_reason
        ),
        refusals=(services.ConsentChanged,),
    )
    assert all(outcome in (APPLIED, REFUSED) for outcome, _ in results), results
    applied = [reason for outcome, reason in results if outcome == APPLIED]
    assert len(applied) == 1
    consent = Consent.objects.get(pk=tenant.consent.pk)
    assert consent.withdrawal_reason == applied[0] and consent.lock_version == 2


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_both_guardians_signing_at_the_same_moment_both_count(tenant):
    consent = Consent.objects.create(
        family=tenant.family, starts_on=timezone.localdate(), created_by=tenant.caseworker
    )
    consent.services.set([tenant.school])
    other = second_guardian(tenant)
    signers = [(tenant.guardians[0], tenant.guardian_user), (other, other.user)]
    results = race(2, lambda i: services.sign_consent(consent, signers[i][0], signers[i][1]).pk)
    assert [outcome for outcome, _ in results] == [APPLIED, APPLIED], results
    consent.refresh_from_db()
    assert consent.signatures.count() == 2 and consent.status == ConsentStatus.ACTIVE
    assert consent.lock_version == 3
