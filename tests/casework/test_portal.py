"""The family applies in their own pages, sees each step, reads the letter, complains and asks to change
coordinator."""

import datetime

import pytest

from los.casework.models import Application, Complaint
from los.casework.services import complaints, decisions
from los.coordinators.models import ChangeOfCoordinatorRequest
from los.core import dates
from los.core.models import AccessLogEntry

from .helpers import assess_and_confirm

pytestmark = pytest.mark.django_db


def apply_post(tenant, **extra):
    data = {
        "wants": ["child_coordinator", "individual_plan"],
        "child": tenant.family.children.first().pk,
        "about_child": "Emma har en sjelden sykdom og mange avtaler.",
        "health_services": ["Fysioterapi"],
        "health_other": "Sykehuset",
        "welfare_services": ["Skolen"],
        "welfare_other": "",
        "wished_coordinator": tenant.coordinator.pk,
        "wishes": "En som er lett å nå på telefon.",
        "child_views": "Emma vil ha færre møter.",
        "preferred_language": "nb",
    }
    data.update(extra)
    return data


def test_guardian_applies_follows_each_step_reads_the_letter_complains_and_asks_to_change(tenant, client_for):
    guardian = client_for(tenant.guardian_user)
    family = tenant.family

    # The family page offers the application; the guided form is in plain language.
    page = guardian.get(f"/familie/{family.pk}/").content.decode()
    assert "Søk om koordinator eller individuell plan" in page
    form = guardian.get(f"/familie/{family.pk}/soknad/ny/").content.decode()
    assert "1. Hva søker dere om?" in form and "Hva mener barnet?" in form

    response = guardian.post(f"/familie/{family.pk}/soknad/ny/", apply_post(tenant))
    assert response.status_code == 302, response.content.decode()[:2000]
    application = Application.objects.get(family=family)
    assert application.channel == "portal" and application.received_on == dates.today()
    assert application.wished_coordinator == tenant.coordinator
    assert application.health_and_care_services == ["Fysioterapi", "Sykehuset"]

    steps = guardian.get(response["Location"]).content.decode()
    assert "Vi fikk søknaden" in steps and "Vi vurderer søknaden" in steps

    # The caseworker sends an interim reply; the family sees it.
    decisions.send_interim_reply(
        application,
        tenant.caseworker,
        "Vi venter på sykehuset.",
        dates.today() + datetime.timedelta(days=14),
    )
    steps = guardian.get(f"/familie/soknad/{application.pk}/").content.decode()
    assert "Foreløpig svar" in steps and "Vi venter på sykehuset." in steps

    # The caseworker decides; the family sees the decision and downloads the letter.
    assess_and_confirm(application, tenant.caseworker)
    decision = decisions.decide(
        application,
        tenant.caseworker,
        outcomes={"child_coordinator": ("granted", "", ""), "individual_plan": ("granted", "", "")},
        valid_from=dates.today(),
        facts="F.",
        family_views="V.",
        weighing="W.",
        contact_person=tenant.caseworker,
    )
    steps = guardian.get(f"/familie/soknad/{application.pk}/").content.decode()
    assert "Barnekoordinator innvilget" in steps and "Les vedtaksbrevet (PDF)" in steps
    assert "Dere kan klage innen" in steps
    letter = guardian.get(f"/familie/vedtak/{decision.pk}/brev.pdf")
    assert letter.status_code == 200 and bytes(letter.content).startswith(b"%PDF")
    assert AccessLogEntry.objects.filter(user=tenant.guardian_user, record_type="decision_letter").exists()

    # The family sees their coordinator (the tenant's family already has one).
    assert tenant.coordinator.first_name in steps

    # The family complains; the state and dates are visible to them.
    response = guardian.post(
        f"/familie/vedtak/{decision.pk}/klage/", {"grounds": "Vi ønsker en annen start."}
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get(decision=decision)
    assert complaint.state == "received" and complaint.channel == "portal"
    steps = guardian.get(f"/familie/soknad/{application.pk}/").content.decode()
    assert "Klagen er mottatt" in steps
    complaints.start_reconsideration(complaint, tenant.caseworker)
    steps = guardian.get(f"/familie/soknad/{application.pk}/").content.decode()
    assert "Kommunen vurderer saken på nytt" in steps and "Vi begynte å vurdere saken på nytt" in steps

    # The family asks to change coordinator; the request reaches the caseworker's worklist.
    response = guardian.post(
        f"/familie/{family.pk}/ny-koordinator/", {"reason": "Vi når henne aldri.", "wishes": ""}
    )
    assert response.status_code == 302
    assert ChangeOfCoordinatorRequest.objects.filter(family=family, state="open").exists()
    worklist = client_for(tenant.caseworker).get("/saker/").content.decode()
    assert "Familier som ønsker ny koordinator" in worklist and family.name in worklist
    page = guardian.get(f"/familie/{family.pk}/").content.decode()
    assert "Mottatt – venter på svar" in page


def test_portal_forms_refuse_bad_input_without_saving(tenant, client_for):
    guardian = client_for(tenant.guardian_user)
    family = tenant.family
    for bad in [
        {"wants": []},
        {"wants": ["everything"]},
        {"child": tenant.other_family.children.first().pk},
        {"about_child": ""},
        {"preferred_language": "xx"},
        {"wished_coordinator": tenant.caseworker.pk},
    ]:
        response = guardian.post(f"/familie/{family.pk}/soknad/ny/", apply_post(tenant, **bad))
        assert response.status_code == 422, bad
        assert "Noe må rettes" in response.content.decode()
    assert not Application.objects.exists()
    assert guardian.post(f"/familie/{family.pk}/ny-koordinator/", {"reason": ""}).status_code == 422
    assert not ChangeOfCoordinatorRequest.objects.exists()
    # A family without a coordinator cannot ask to change.
    from los.coordinators.models import CoordinatorAssignment

    CoordinatorAssignment.objects.filter(family=family).update(ends_on=dates.today())
    response = guardian.post(f"/familie/{family.pk}/ny-koordinator/", {"reason": "Bytte."})
    assert response.status_code == 422 and "ingen koordinator" in response.content.decode()


def test_family_cannot_complain_twice_at_once_or_on_someone_elses_decision(tenant, other_tenant, client_for):
    from .helpers import case_world

    world = case_world(tenant)
    Complaint.objects.filter(pk=world.complaint.pk).update(state="received")
    guardian = client_for(tenant.guardian_user)
    response = guardian.post(f"/familie/vedtak/{world.decision.pk}/klage/", {"grounds": "Igjen."})
    assert response.status_code == 422 and "allerede en klage" in response.content.decode()
    assert guardian.post(f"/familie/vedtak/{world.decision.pk}/klage/", {"grounds": ""}).status_code == 422
    foreign = client_for(other_tenant.guardian_user)
    assert foreign.post(f"/familie/vedtak/{world.decision.pk}/klage/", {"grounds": "X"}).status_code == 404
    assert Complaint.objects.count() == 1
