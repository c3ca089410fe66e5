"""Complaints go to the municipality first, which reconsiders: upholds with a new decision, or forwards
to Statsforvalteren with the case documents as one PDF (pasient- og brukerrettighetsloven § 7-2)."""

import datetime

import pytest

from los.casework.letters import complaint_bundle_html
from los.casework.models import Complaint, Decision
from los.casework.services import complaints, decisions
from los.core import dates

from .helpers import apply_for, assess_and_confirm

pytestmark = pytest.mark.django_db

COMMON = dict(facts="Fakta.", family_views="Familien vil ha barnekoordinator.", weighing="Vektlagt.")


@pytest.fixture
def refused(tenant):
    application = apply_for(tenant, family=tenant.other_family, other_welfare_services=[])
    assess_and_confirm(application, tenant.caseworker)
    return decisions.decide(
        application,
        tenant.caseworker,
        outcomes={"child_coordinator": ("refused", "Bare helse.", "")},
        valid_from=dates.today(),
        contact_person=tenant.caseworker,
        **COMMON,
    )


def test_caseworker_registers_a_letter_complaint_and_forwards_it_with_a_pdf_bundle(
    tenant, client_for, refused
):
    c = client_for(tenant.caseworker)
    response = c.post(
        f"/saker/vedtak/{refused.pk}/klage/",
        {
            "channel": "letter",
            "received_on": dates.today().isoformat(),
            "grounds": "Skolen er en velferdstjeneste.",
        },
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get(decision=refused)
    assert not complaint.late
    assert c.post(f"/saker/klager/{complaint.pk}/ny-vurdering/").status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == "reconsidering" and complaint.reconsideration_started_on == dates.today()
    # Forwarding needs the municipality's assessment.
    assert c.post(f"/saker/klager/{complaint.pk}/send/", {"municipality_assessment": ""}).status_code == 422
    response = c.post(
        f"/saker/klager/{complaint.pk}/send/",
        {"municipality_assessment": "Barnet trenger bare helsetjenester nå."},
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == "forwarded" and complaint.forwarded_on == dates.today()
    bundle = c.get(f"/saker/klager/{complaint.pk}/oversendelse.pdf")
    assert bundle.status_code == 200 and bytes(bundle.content).startswith(b"%PDF")
    html = complaint_bundle_html(complaint)
    for expected in [
        "Oversendelse av klage",
        "Statsforvalteren",
        "Skolen er en velferdstjeneste.",
        "Barnet trenger bare helsetjenester nå.",
        "Vedtak om",
        "Søknaden",
    ]:
        assert expected in html, expected
    page = c.get("/saker/?vis=decided").content.decode()
    assert "Klage sendt til Statsforvalteren" in page
    # The family sees the state and the date.
    assert c.post(f"/saker/klager/{complaint.pk}/ny-vurdering/").status_code == 302  # refused, with a message
    complaint.refresh_from_db()
    assert complaint.state == "forwarded"


def test_upholding_a_complaint_makes_a_new_decision_that_replaces_the_old(tenant, client_for, refused):
    complaint = complaints.register_complaint(refused, tenant.caseworker, "Vi er uenige.")
    c = client_for(tenant.caseworker)
    page = c.get(f"/saker/{refused.application_id}/vedtak/?klage={complaint.pk}").content.decode()
    assert "tar klagen" in page
    response = c.post(
        f"/saker/{refused.application_id}/vedtak/?klage={complaint.pk}",
        {
            "individual_plan_outcome": "not_applied",
            "coordinator_outcome": "not_applied",
            "child_coordinator_outcome": "granted",
            "child_coordinator_more_generous": "Kommunen gir barnekoordinator også ved bare helsetjenester.",
            "valid_from": dates.today().isoformat(),
            "notified_on": dates.today().isoformat(),
            "contact_person": tenant.caseworker.pk,
            **COMMON,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    complaint.refresh_from_db()
    new = Decision.objects.get(replaces=refused)
    assert (
        complaint.state == "upheld"
        and complaint.new_decision == new
        and complaint.resolved_on == dates.today()
    )
    assert Decision.objects.filter(application=refused.application).count() == 2


def test_a_late_complaint_is_received_and_marked_late(tenant, refused):
    Decision.objects.filter(pk=refused.pk).update(
        complaint_deadline=dates.today() - datetime.timedelta(days=1)
    )
    refused.refresh_from_db()
    complaint = complaints.register_complaint(refused, tenant.caseworker, "Sent, men viktig.")
    assert complaint.late


def test_complaint_bad_input(tenant, client_for, refused):
    c = client_for(tenant.caseworker)
    for bad in [
        {"grounds": ""},
        {"received_on": "2020-01-01"},
        {"received_on": "i går"},
        {"received_on": (dates.today() + datetime.timedelta(days=1)).isoformat()},
        {"channel": "fax"},
    ]:
        data = {"channel": "letter", "received_on": dates.today().isoformat(), "grounds": "Tekst."}
        data.update(bad)
        assert c.post(f"/saker/vedtak/{refused.pk}/klage/", data).status_code == 422, bad
    assert not Complaint.objects.exists()
    assert c.get("/saker/klager/999999/").status_code == 404
    assert c.get("/saker/vedtak/999999/brev.pdf").status_code == 404
