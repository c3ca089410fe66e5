"""Referrals: the coordinator refers the family to a service or an organisation and tracks the answer;
the coordinating unit keeps the directory of patient and user organisations."""

import datetime

import pytest

from los.core import dates
from los.referrals.models import PatientOrganisation, Referral
from tests.plans.helpers import make_organisation

pytestmark = pytest.mark.django_db
TODAY = dates.today()


def test_coordinator_refers_to_an_organisation_and_records_the_answer(tenant, client_for):
    org = make_organisation(tenant)
    c = client_for(tenant.coordinator)
    response = c.post(
        f"/henvisninger/{tenant.family.pk}/ny/",
        {
            "organisation": org.pk,
            "reason": "Likepersoner og råd om rettigheter",
            "sent_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.organisation == org and referral.status == "sent"
    url = f"/henvisninger/{tenant.family.pk}/{referral.pk}/svar/"
    early = c.post(
        url, {"status": "accepted", "answered_on": (TODAY - datetime.timedelta(days=3)).isoformat()}
    )
    assert early.status_code == 422 and "før henvisningen ble sendt" in early.content.decode()
    assert (
        c.post(
            url, {"status": "accepted", "answered_on": TODAY.isoformat(), "note": "De ringer familien"}
        ).status_code
        == 302
    )
    referral.refresh_from_db()
    assert referral.status == "accepted" and referral.answer_note == "De ringer familien"
    # the family sees it on their page, the staff on the family page
    assert (
        "Funksjonshemmedes Fellesorganisasjon (FFO)"
        in client_for(tenant.guardian_user).get(f"/familie/{tenant.family.pk}/").content.decode()
    )
    assert "Takket ja" in c.get(f"/henvisninger/{tenant.family.pk}/").content.decode()
    # A referral to a patient organisation names no service, so no consent opens it to a professional.
    assert "Takket ja" not in (
        client_for(tenant.provider).get(f"/henvisninger/{tenant.family.pk}/").content.decode()
    )


@pytest.mark.parametrize(
    "data, message",
    [
        ({"reason": "Hjelp"}, "Velg enten en tjeneste eller en organisasjon"),
        (
            {"service": "SERVICE", "organisation": "ORG", "reason": "Hjelp"},
            "Velg enten en tjeneste eller en organisasjon",
        ),
        ({"service": "999999", "reason": "Hjelp"}, "Velg en tjeneste fra listen"),
        ({"service": "FOREIGN", "reason": "Hjelp"}, "Velg en tjeneste fra listen"),
        ({"service": "SERVICE", "reason": ""}, "Skriv hva familien trenger hjelp til"),
    ],
)
def test_bad_referrals_answer_422_and_save_nothing(tenant, other_tenant, client_for, data, message):
    org = make_organisation(tenant)
    values = {"SERVICE": tenant.physio.pk, "ORG": org.pk, "FOREIGN": other_tenant.physio.pk}
    data = {k: values.get(v, v) for k, v in data.items()} | {"sent_on": TODAY.isoformat()}
    response = client_for(tenant.coordinator).post(f"/henvisninger/{tenant.family.pk}/ny/", data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Referral.objects.exists()


def test_api_refers_and_lists(tenant, other_tenant, client_for):
    c = client_for(tenant.coordinator)
    url = f"/api/v1/families/{tenant.family.pk}/referrals"
    assert (
        c.post(
            url, {"service_id": other_tenant.physio.pk, "reason": "x"}, content_type="application/json"
        ).status_code
        == 422
    )
    assert (
        c.post(
            url,
            {"service_id": tenant.physio.pk, "reason": "x", "sent_on": 0},
            content_type="application/json",
        ).status_code
        == 422
    )
    created = c.post(
        url, {"service_id": tenant.physio.pk, "reason": "Vurdering"}, content_type="application/json"
    )
    assert created.status_code == 201 and created.json()["status"] == "sent"
    assert (
        client_for(tenant.provider)
        .post(url, {"service_id": tenant.physio.pk, "reason": "x"}, content_type="application/json")
        .status_code
        == 404
    )
    assert [r["reason"] for r in client_for(tenant.guardian_user).get(url).json()] == ["Vurdering"]


def test_caseworker_keeps_the_directory_per_municipality(tenant, other_tenant, client_for):
    c = client_for(tenant.caseworker)
    data = {
        "name": "Foreningen for hjertesyke barn",
        "helps_with": "Støtte til familier",
        "website": "ffhb.no",
        "active": "on",
    }
    assert c.post("/henvisninger/organisasjoner/ny/", data).status_code == 302
    org = PatientOrganisation.objects.get()
    assert org.municipality == tenant.municipality and org.website == "https://ffhb.no"
    duplicate = c.post("/henvisninger/organisasjoner/ny/", data)
    assert duplicate.status_code == 422 and "allerede" in duplicate.content.decode()
    assert PatientOrganisation.objects.count() == 1
    assert client_for(tenant.coordinator).post("/henvisninger/organisasjoner/ny/", data).status_code == 404
    assert (
        "hjertesyke" in client_for(tenant.coordinator).get("/henvisninger/organisasjoner/").content.decode()
    )
    assert (
        "hjertesyke"
        not in client_for(other_tenant.caseworker).get("/henvisninger/organisasjoner/").content.decode()
    )
