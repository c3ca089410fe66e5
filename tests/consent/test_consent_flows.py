"""Guardians give, sign and withdraw consent in their own pages; a withdrawal stops sharing at once.

Who consents for a child: the guardians with parental responsibility; by default all of them
(domain.md: unsettled, safe default), a municipality may accept one.
"""

import datetime

from django.utils import timezone

from los.consent.models import Consent, ConsentStatus
from los.core.models import AccessLogEntry


def test_withdrawing_consent_removes_the_providers_access_at_once(tenant, client_for):
    provider = client_for(tenant.provider)
    assert provider.get(f"/familier/{tenant.family.pk}/").status_code == 200
    guardian = client_for(tenant.guardian_user)
    confirm = guardian.get(f"/familie/samtykke/{tenant.consent.pk}/trekk-tilbake/")
    assert "Fysioterapi" in confirm.content.decode()
    response = guardian.post(
        f"/familie/samtykke/{tenant.consent.pk}/trekk-tilbake/", {"reason": "Vi vil tenke"}
    )
    assert response.status_code == 302
    assert provider.get(f"/familier/{tenant.family.pk}/").status_code == 404
    assert provider.get(f"/api/v1/families/{tenant.family.pk}").status_code == 404
    tenant.consent.refresh_from_db()
    assert tenant.consent.status == ConsentStatus.WITHDRAWN
    assert tenant.consent.withdrawn_by == tenant.guardian_user
    # The caseworker and the coordinator keep their access: it does not rest on the consent.
    assert client_for(tenant.coordinator).get(f"/familier/{tenant.family.pk}/").status_code == 200


def test_new_consent_needs_every_holder_of_parental_responsibility_by_default(tenant, client_for):
    guardian = client_for(tenant.guardian_user)
    today = timezone.localdate().isoformat()
    response = guardian.post(
        f"/familie/{tenant.family.pk}/samtykke/nytt/", {"services": [tenant.school.pk], "starts_on": today}
    )
    assert response.status_code == 302
    consent = Consent.objects.latest("id")
    assert consent.status == ConsentStatus.PENDING
    assert client_for(tenant.school_provider).get(f"/familier/{tenant.family.pk}/").status_code == 404
    # The second guardian signs (they log in too).
    other = tenant.guardians[1]
    from tests.factories import make_user

    other.user = make_user("ola", "guardian")
    other.save()
    response = client_for(other.user).post(f"/familie/samtykke/{consent.pk}/gi/")
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.status == ConsentStatus.ACTIVE
    assert client_for(tenant.school_provider).get(f"/familier/{tenant.family.pk}/").status_code == 200


def test_municipality_may_accept_one_guardians_consent(tenant, client_for):
    tenant.municipality.consent_requires_all_guardians = False
    tenant.municipality.save()
    guardian = client_for(tenant.guardian_user)
    guardian.post(
        f"/familie/{tenant.family.pk}/samtykke/nytt/",
        {"services": [tenant.school.pk], "starts_on": timezone.localdate().isoformat()},
    )
    assert Consent.objects.latest("id").status == ConsentStatus.ACTIVE
    assert client_for(tenant.school_provider).get(f"/familier/{tenant.family.pk}/").status_code == 200


def test_consent_form_refuses_bad_input_and_saves_nothing(tenant, client_for):
    guardian = client_for(tenant.guardian_user)
    url = f"/familie/{tenant.family.pk}/samtykke/nytt/"
    before = Consent.objects.count()
    cases = [
        ({"starts_on": "2026-01-01"}, "Velg minst én tjeneste"),
        (
            {"services": [tenant.physio.pk], "starts_on": "2026-05-01", "ends_on": "2026-04-01"},
            "før startdatoen",
        ),
        ({"services": [999999], "starts_on": "2026-05-01"}, "gyldig"),
        ({"services": [tenant.physio.pk], "starts_on": "not a date"}, "dato"),
    ]
    for data, message in cases:
        response = guardian.post(url, data)
        assert response.status_code == 422, data
        assert message.lower() in response.content.decode().lower(), (data, message)
    assert Consent.objects.count() == before


def test_other_tenants_service_cannot_be_consented_to(tenant, other_tenant, client_for):
    response = client_for(tenant.guardian_user).post(
        f"/familie/{tenant.family.pk}/samtykke/nytt/",
        {"services": [other_tenant.physio.pk], "starts_on": "2026-05-01"},
    )
    assert response.status_code == 422


def test_history_is_kept_when_consent_is_withdrawn_and_given_again(tenant, client_for):
    guardian = client_for(tenant.guardian_user)
    guardian.post(f"/familie/samtykke/{tenant.consent.pk}/trekk-tilbake/", {})
    tenant.municipality.consent_requires_all_guardians = False
    tenant.municipality.save()
    guardian.post(
        f"/familie/{tenant.family.pk}/samtykke/nytt/",
        {"services": [tenant.physio.pk], "starts_on": timezone.localdate().isoformat()},
    )
    statuses = [c.status for c in Consent.objects.filter(family=tenant.family).order_by("id")]
    assert statuses == [ConsentStatus.WITHDRAWN, ConsentStatus.ACTIVE]
    page = guardian.get(f"/familie/{tenant.family.pk}/").content.decode()
    assert "Trukket tilbake" in page and "Gjelder" in page


def test_expired_and_future_consents_give_no_access(tenant, client_for):
    tenant.consent.withdrawn_at = timezone.now()
    tenant.consent.save()
    from tests.factories import give_full_consent

    today = timezone.localdate()
    give_full_consent(
        tenant.family,
        [tenant.physio],
        tenant.caseworker,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today - datetime.timedelta(days=1),
    )
    give_full_consent(
        tenant.family, [tenant.physio], tenant.caseworker, starts_on=today + datetime.timedelta(days=1)
    )
    assert client_for(tenant.provider).get(f"/familier/{tenant.family.pk}/").status_code == 404


def test_consent_changes_are_logged_as_changes(tenant, client_for):
    client_for(tenant.guardian_user).post(f"/familie/samtykke/{tenant.consent.pk}/trekk-tilbake/", {})
    assert AccessLogEntry.objects.filter(
        family=tenant.family, action="change", record_type="consent"
    ).exists()


def test_caseworker_registers_a_paper_consent_naming_who_signed(tenant, client_for):
    c = client_for(tenant.caseworker)
    url = f"/familier/{tenant.family.pk}/samtykker/nytt/"
    response = c.post(url, {"services": [tenant.school.pk], "starts_on": "2026-01-05"})
    assert response.status_code == 422 and "Oppgi hvilke foresatte" in response.content.decode()
    response = c.post(
        url,
        {
            "services": [tenant.school.pk],
            "starts_on": "2026-01-05",
            "guardians": [g.pk for g in tenant.guardians],
        },
    )
    assert response.status_code == 302
    assert Consent.objects.latest("id").status == ConsentStatus.ACTIVE
