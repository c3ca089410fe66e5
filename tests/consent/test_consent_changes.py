"""Consents change under an open page: the other guardian withdraws while the form is open, or the
consent is not what the guardian saw. Nothing is half-saved, the guardian is told in plain words, and
only a change that was made is logged (by the consent service)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from los.consent import services
from los.consent.models import Consent, ConsentSignature, ConsentStatus
from los.core.models import AccessLogEntry
from los.people.models import ParentalResponsibility
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def head():
    return AccessLogEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def changes_since(seq):
    return list(
        AccessLogEntry.objects.filter(seq__gt=seq, action="change").values_list(
            "user__username", "record_type"
        )
    )


def second_guardian(tenant):
    other = tenant.guardians[1]
    other.user = make_user("ola", "guardian")
    other.save()
    return other


def pending_consent(tenant, client_for):
    """The first guardian gives a consent to the school; it waits for the second guardian."""
    response = client_for(tenant.guardian_user).post(
        reverse("portal:consent_new", args=[tenant.family.pk]),
        {"services": [tenant.school.pk], "starts_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    consent = Consent.objects.latest("id")
    assert consent.status == ConsentStatus.PENDING
    return consent


def version_on_page(client, family_id, consent_id) -> str:
    page = client.get(reverse("portal:family", args=[family_id])).content.decode()
    form = page.split(reverse("portal:consent_sign", args=[consent_id]))[1].split("</form>")[0]
    return re.search(r'name="version" value="([0-9a-f]+)"', form).group(1)


def messages_after(response, client):
    return client.get(response["Location"]).content.decode()


def test_giving_signing_and_withdrawing_each_log_one_change_by_the_service(tenant, client_for):
    seq = head()
    consent = pending_consent(tenant, client_for)
    assert changes_since(seq) == [(tenant.guardian_user.username, "consent")]
    other = second_guardian(tenant)
    seq = head()
    client_for(other.user).post(reverse("portal:consent_sign", args=[consent.pk]))
    assert changes_since(seq) == [("ola", "consent")]
    seq = head()
    client_for(other.user).post(reverse("portal:consent_withdraw", args=[consent.pk]), {})
    assert changes_since(seq) == [("ola", "consent")]


def test_a_refused_or_invalid_consent_request_writes_no_log_row(tenant, client_for):
    guardian = client_for(tenant.guardian_user)
    seq = head()
    bad = guardian.post(reverse("portal:consent_new", args=[tenant.family.pk]), {"starts_on": "2026-01-01"})
    assert bad.status_code == 422
    too_long = guardian.post(
        reverse("portal:consent_withdraw", args=[tenant.consent.pk]), {"reason": "x" * 301}
    )
    assert too_long.status_code == 422
    assert (
        client_for(tenant.provider)
        .post(reverse("portal:consent_withdraw", args=[tenant.consent.pk]))
        .status_code
        == 404
    )
    assert AccessLogEntry.objects.filter(seq__gt=seq).count() == 0
    tenant.consent.refresh_from_db()
    assert tenant.consent.withdrawn_at is None


def test_a_withdrawal_while_the_withdraw_form_is_open_tells_the_guardian_and_changes_nothing(
    tenant, client_for
):
    other = second_guardian(tenant)
    first = client_for(tenant.guardian_user)
    url = reverse("portal:consent_withdraw", args=[tenant.consent.pk])
    assert first.get(url).status_code == 200  # the form is open
    assert client_for(other.user).post(url, {"reason": "Vi har snakket sammen"}).status_code == 302
    seq = head()
    response = first.post(url, {"reason": "Jeg også"})
    assert response.status_code == 302
    assert "Samtykket er allerede trukket tilbake" in messages_after(response, first)
    tenant.consent.refresh_from_db()
    assert tenant.consent.withdrawn_by == other.user
    assert tenant.consent.withdrawal_reason == "Vi har snakket sammen"
    assert changes_since(seq) == []


def test_a_withdrawal_while_the_sign_button_is_on_screen_saves_no_signature(tenant, client_for):
    consent = pending_consent(tenant, client_for)
    other = second_guardian(tenant)
    second = client_for(other.user)
    seen = version_on_page(second, tenant.family.pk, consent.pk)
    client_for(tenant.guardian_user).post(reverse("portal:consent_withdraw", args=[consent.pk]), {})
    seq = head()
    response = second.post(reverse("portal:consent_sign", args=[consent.pk]), {"version": seen})
    assert response.status_code == 302
    told = messages_after(response, second)
    assert "trukket tilbake" in told and "Ingenting er lagret" in told
    assert not ConsentSignature.objects.filter(consent=consent, guardian=other).exists()
    consent.refresh_from_db()
    assert consent.status == ConsentStatus.WITHDRAWN and consent.effective_at is None
    assert changes_since(seq) == []
    assert (
        client_for(tenant.school_provider).get(reverse("people:family", args=[tenant.family.pk])).status_code
        == 404
    )


def test_a_consent_changed_between_page_load_and_submit_is_not_signed(tenant, client_for):
    consent = pending_consent(tenant, client_for)
    other = second_guardian(tenant)
    second = client_for(other.user)
    seen = version_on_page(second, tenant.family.pk, consent.pk)
    consent.services.add(tenant.physio)  # what the consent covers changed after the page was loaded
    seq = head()
    response = second.post(reverse("portal:consent_sign", args=[consent.pk]), {"version": seen})
    assert response.status_code == 302
    assert "Samtykket er endret siden du åpnet siden" in messages_after(response, second)
    assert not ConsentSignature.objects.filter(consent=consent, guardian=other).exists()
    consent.refresh_from_db()
    assert consent.status == ConsentStatus.PENDING
    assert changes_since(seq) == []
    # Seen again, it can be given.
    seen = version_on_page(second, tenant.family.pk, consent.pk)
    second.post(reverse("portal:consent_sign", args=[consent.pk]), {"version": seen})
    consent.refresh_from_db()
    assert consent.status == ConsentStatus.ACTIVE


def test_a_consent_changed_between_load_and_submit_is_not_signed_through_the_api(tenant, client_for):
    consent = pending_consent(tenant, client_for)
    other = second_guardian(tenant)
    api = client_for(other.user)
    listed = api.get(f"/api/v1/families/{tenant.family.pk}/consents").json()
    seen = next(c["version"] for c in listed if c["id"] == consent.pk)
    consent.services.add(tenant.physio)
    response = api.post(
        f"/api/v1/consents/{consent.pk}/sign", {"version": seen}, content_type="application/json"
    )
    assert response.status_code == 422 and "endret siden" in response.json()["message"]
    assert not ConsentSignature.objects.filter(consent=consent, guardian=other).exists()
    withdrawn = client_for(tenant.guardian_user).post(
        f"/api/v1/consents/{consent.pk}/withdraw", {}, content_type="application/json"
    )
    assert withdrawn.status_code == 200
    again = api.post(f"/api/v1/consents/{consent.pk}/sign", {}, content_type="application/json")
    assert again.status_code == 422 and "trukket tilbake" in again.json()["message"]
    assert not ConsentSignature.objects.filter(consent=consent, guardian=other).exists()


def test_a_guardian_who_lost_parental_responsibility_while_the_form_was_open_gets_404(tenant, client_for):
    first = client_for(tenant.guardian_user)
    url = reverse("portal:consent_withdraw", args=[tenant.consent.pk])
    assert first.get(url).status_code == 200
    guardian = tenant.guardians[0]
    guardian.parental_responsibility = ParentalResponsibility.NONE
    guardian.save()
    seq = head()
    assert first.post(url, {}).status_code == 404
    tenant.consent.refresh_from_db()
    assert tenant.consent.withdrawn_at is None
    assert AccessLogEntry.objects.filter(seq__gt=seq).count() == 0


def test_signing_is_all_or_nothing(tenant, client_for, monkeypatch):
    consent = pending_consent(tenant, client_for)
    other = second_guardian(tenant)

    def log_fails(*args, **kwargs):
        raise RuntimeError("the access log is down")

    monkeypatch.setattr(services.audit, "changed", log_fails)
    with pytest.raises(RuntimeError):
        client_for(other.user).post(reverse("portal:consent_sign", args=[consent.pk]))
    consent.refresh_from_db()
    assert consent.effective_at is None
    assert not ConsentSignature.objects.filter(consent=consent, guardian=other).exists()


def test_giving_a_consent_is_all_or_nothing(tenant, client_for, monkeypatch):
    def log_fails(*args, **kwargs):
        raise RuntimeError("the access log is down")

    monkeypatch.setattr(services.audit, "changed", log_fails)
    before = (Consent.objects.count(), ConsentSignature.objects.count())
    with pytest.raises(RuntimeError):
        client_for(tenant.guardian_user).post(
            reverse("portal:consent_new", args=[tenant.family.pk]),
            {"services": [tenant.school.pk], "starts_on": timezone.localdate().isoformat()},
        )
    assert (Consent.objects.count(), ConsentSignature.objects.count()) == before


def test_provider_sees_only_the_consents_in_force_not_pending_or_withdrawn_ones(tenant, client_for):
    pending_consent(tenant, client_for)  # names the school, not yet given by both
    withdrawn = Consent.objects.create(
        family=tenant.family,
        starts_on=timezone.localdate(),
        created_by=tenant.caseworker,
        effective_at=timezone.now(),
        withdrawn_at=timezone.now(),
    )
    withdrawn.services.set([tenant.physio])
    provider = client_for(tenant.provider)
    listed = provider.get(f"/api/v1/families/{tenant.family.pk}/consents").json()
    assert [c["id"] for c in listed] == [tenant.consent.pk]
    page = provider.get(reverse("people:family", args=[tenant.family.pk])).content.decode()
    consents = page.split('id="consents-heading"')[1].split("</section>")[0]
    assert "Skolen" not in consents and "Trukket tilbake" not in consents
    family_sees = client_for(tenant.guardian_user).get(f"/api/v1/families/{tenant.family.pk}/consents").json()
    assert len(family_sees) == 3
