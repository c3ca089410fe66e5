"""The caseworker takes a new application through assessment, interim reply, decision with letter and
appointment, in the browser pages (Django test client)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from los.casework.deadlines import complaint_deadline, interim_reply_due
from los.casework.letters import decision_letter_html
from los.casework.models import (
    Application,
    ApplicationDocument,
    CriterionReview,
    Decision,
    DecisionRight,
    EligibilityAssessment,
    InterimReply,
)
from los.casework.services import assessments, decisions
from los.coordinators.models import CoordinatorAssignment
from los.core import dates
from los.core.errors import DomainError
from los.core.models import AccessLogEntry

from .helpers import FAKE_PDF, apply_for, assess_and_confirm, days_ago

pytestmark = pytest.mark.django_db


def facts_post(**extra):
    data = {
        "assessed_on": dates.today().isoformat(),
        "child_birth_date": "2016-05-17",
        "expected_due_date": "",
        "serious_condition": "yes",
        "long_term_needs": "yes",
        "complex_needs": "",
        "health_and_care_services": "Fysioterapi\nHelsestasjon",
        "other_welfare_services": "Skolen",
        "guardians_want_child_coordinator": "yes",
    }
    data.update(extra)
    return data


def confirm_all_post(assessment, **overrides):
    data = {}
    for right, c in assessments.criteria_of(assessment):
        data[f"{right}__{c['code']}"] = c["status"]
        data[f"{right}__{c['code']}__reason"] = ""
    data.update(overrides)
    return data


def decision_post(**extra):
    data = {
        "individual_plan_outcome": "not_applied",
        "coordinator_outcome": "not_applied",
        "child_coordinator_outcome": "granted",
        "valid_from": dates.today().isoformat(),
        "notified_on": dates.today().isoformat(),
        "facts": "Søknad fra foreldrene. Uttalelse fra fysioterapeut.",
        "family_views": "Foreldrene ønsker barnekoordinator som kjenner skolen.",
        "child_views": "Emma vil ha én person å snakke med.",
        "weighing": "Familiens og Emmas ønsker er lagt stor vekt på.",
    }
    data.update(extra)
    return data


def test_caseworker_takes_a_letter_application_from_registration_to_appointed_coordinator(tenant, client_for):
    c = client_for(tenant.caseworker)
    family = tenant.other_family
    child = family.children.first()
    received = days_ago(40)

    # 1. Register the application that came by letter, with its received date.
    response = c.post(
        f"/saker/familie/{family.pk}/ny/",
        {
            "channel": "letter",
            "received_on": received.isoformat(),
            "wants": ["child_coordinator"],
            "child": child.pk,
            "about_child": "Trenger hjelp med å samordne.",
            "health_services": ["Fysioterapi"],
            "health_other": "Helsestasjon",
            "welfare_services": ["Skolen"],
            "welfare_other": "",
            "wishes": "Noen som kan polsk.",
            "child_views": "",
            "preferred_language": "pl",
            "interpreter_needed": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    application = Application.objects.get(family=family)
    assert application.received_on == received and application.channel == "letter"
    assert application.health_and_care_services == ["Fysioterapi", "Helsestasjon"]

    # 2. The worklist flags it: past the interim-reply date, no interim reply.
    page = c.get("/saker/").content.decode()
    assert family.name in page and "Foreløpig svar mangler" in page
    assert f"{(dates.today() - interim_reply_due(received)).days} dager over fristen" in page

    # 3. Send the interim reply; the letter text is generated and the date recorded.
    expected = dates.today() + datetime.timedelta(days=21)
    response = c.post(
        f"/saker/{application.pk}/forelopig-svar/",
        {"reason": "Vi venter på uttalelse fra sykehuset.", "expected_by": expected.isoformat()},
    )
    assert response.status_code == 302
    reply = InterimReply.objects.get(application=application)
    assert reply.sent_on == dates.today()
    assert "Vi venter på uttalelse fra sykehuset." in reply.letter_text
    assert "forvaltningsloven § 11 a" in reply.letter_text
    page = c.get("/saker/").content.decode()
    assert "Foreløpig svar sendt" in page and "Foreløpig svar mangler" not in page

    # 4. Assess: the engine runs on the facts, then each criterion is confirmed or overridden.
    assert c.get(f"/saker/{application.pk}/vurdering/").status_code == 200
    response = c.post(f"/saker/{application.pk}/vurdering/", facts_post())
    assert response.status_code == 302
    assessment = EligibilityAssessment.objects.get(application=application)
    assert assessment.result["rights"]["child_coordinator"]["status"] == "yes"
    page = c.get(f"/saker/{application.pk}/vurdering/").content.decode()
    assert "pasient- og brukerrettighetsloven § 2-5 c" in page

    # An override without a reason is refused, and nothing is saved.
    bad = confirm_all_post(assessment, **{"individual_plan__long_term_needs": "no"})
    response = c.post(f"/saker/{application.pk}/vurdering/vilkar/", bad)
    assert response.status_code == 422
    assert "Skriv hvorfor" in response.content.decode()
    assert not CriterionReview.objects.exists()

    good = confirm_all_post(assessment, **{"coordinator__complex_or_long_term_needs": "yes"})
    response = c.post(f"/saker/{application.pk}/vurdering/vilkar/", good)
    assert response.status_code == 302
    assert CriterionReview.objects.filter(assessment=assessment).count() == len(
        assessments.criteria_of(assessment)
    )

    # 5. Decide: child coordinator granted; the PDF letter is stored.
    assert c.get(f"/saker/{application.pk}/vedtak/").status_code == 200
    response = c.post(f"/saker/{application.pk}/vedtak/", decision_post(contact_person=tenant.caseworker.pk))
    assert response.status_code == 302, response.content.decode()[:3000]
    decision = Decision.objects.get(application=application)
    assert bytes(decision.letter_pdf).startswith(b"%PDF")
    assert decision.complaint_deadline == complaint_deadline(dates.today())
    letter = c.get(f"/saker/vedtak/{decision.pk}/brev.pdf")
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"
    assert AccessLogEntry.objects.filter(record_type="decision_letter", user=tenant.caseworker).exists()
    page = c.get("/saker/?vis=venter-koordinator").content.decode()  # no longer waiting for a decision
    assert "Innvilget" in page and "Venter på oppnevning" in page

    # 6. Appoint the coordinator with the ranked suggestions.
    page = c.get(f"/saker/{application.pk}/oppnevn/").content.decode()
    assert "Forslag, best først" in page and tenant.coordinator.first_name in page
    response = c.post(
        f"/saker/{application.pk}/oppnevn/",
        {
            "coordinator": tenant.coordinator.pk,
            "kind": "child_coordinator",
            "need_level": 2,
            "starts_on": dates.today().isoformat(),
            "chosen_because": "Har kapasitet.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assignment = CoordinatorAssignment.objects.get(family=family, ends_on__isnull=True)
    assert assignment.coordinator == tenant.coordinator and assignment.application == application
    # The coordinator now reaches the family through the access policy.
    assert client_for(tenant.coordinator).get(f"/familier/{family.pk}/").status_code == 200


def test_decision_letter_states_what_forvaltningsloven_requires(tenant):
    application = apply_for(tenant, family=tenant.other_family)
    assess_and_confirm(application, tenant.caseworker)
    decision = decisions.decide(
        application,
        tenant.caseworker,
        outcomes={"child_coordinator": ("granted", "", ""), "individual_plan": ("granted", "", "")},
        valid_from=dates.today(),
        facts="Uttalelse fra fysioterapeut.",
        family_views="Ønsker barnekoordinator.",
        child_views="Vil ha én å snakke med.",
        weighing="Lagt stor vekt på.",
        contact_person=tenant.caseworker,
    )
    html = decision_letter_html(decision, list(decision.rights.all()))
    for expected in [
        "Vedtak om",
        "Barnekoordinator",
        "Innvilget",
        "Vedtaket gjelder fra",  # the decision and from when
        "pasient- og brukerrettighetsloven § 2-5 c",
        "helse- og omsorgstjenesteloven § 7-2 a",  # legal basis
        "Uttalelse fra fysioterapeut.",  # facts
        "Vurderingen av vilkårene",
        "Barnet har alvorlig sykdom",  # each condition
        "Ønsker barnekoordinator.",
        "Vil ha én å snakke med.",
        "Lagt stor vekt på.",  # views and weighing
        "så snart koordinatoren er oppnevnt",  # appointed person (not yet)
        "Statsforvalteren",
        "fire uker",
        "pasient- og brukerrettighetsloven §§ 7-2 og 7-5",  # complaint
        "forvaltningsloven §§ 18 og 19",  # right to see documents
        "Kontaktperson",
    ]:
        assert expected in html, expected
    assert decision.legal_basis[:2] == [
        "pasient- og brukerrettighetsloven § 2-5",
        "helse- og omsorgstjenesteloven § 7-1",
    ]


def test_a_sent_decision_is_never_edited_and_a_new_one_replaces_it(tenant):
    application = apply_for(tenant, family=tenant.other_family)
    assess_and_confirm(application, tenant.caseworker)
    common = dict(
        valid_from=dates.today(),
        facts="F.",
        family_views="V.",
        weighing="W.",
        contact_person=tenant.caseworker,
    )
    first = decisions.decide(
        application, tenant.caseworker, outcomes={"child_coordinator": ("granted", "", "")}, **common
    )
    with pytest.raises(PermissionError):
        first.save()
    with pytest.raises(PermissionError):
        first.rights.first().save()
    with pytest.raises(DomainError):
        decisions.decide(
            application, tenant.caseworker, outcomes={"child_coordinator": ("granted", "", "")}, **common
        )
    second = decisions.decide(
        application,
        tenant.caseworker,
        outcomes={"child_coordinator": ("partly", "Fra høsten.", "")},
        replaces=first,
        **common,
    )
    assert second.replaces == first and Decision.objects.filter(application=application).count() == 2
    assert decisions.current_decision(application) == second
    assert "Dette vedtaket erstatter vedtaket av" in decision_letter_html(second, list(second.rights.all()))


def test_granting_beyond_the_law_needs_a_recorded_reason(tenant):
    application = apply_for(tenant, family=tenant.other_family, other_welfare_services=[])
    assess_and_confirm(application, tenant.caseworker)
    assert (
        assessments.final_rights(assessments.latest_assessment(application))["child_coordinator"]["status"]
        == "no"
    )
    common = dict(
        valid_from=dates.today(),
        facts="F.",
        family_views="V.",
        weighing="W.",
        contact_person=tenant.caseworker,
    )
    with pytest.raises(DomainError) as error:
        decisions.decide(
            application, tenant.caseworker, outcomes={"child_coordinator": ("granted", "", "")}, **common
        )
    assert error.value.field == "child_coordinator_more_generous"
    decision = decisions.decide(
        application,
        tenant.caseworker,
        outcomes={
            "child_coordinator": (
                "granted",
                "",
                "Kommunen gir barnekoordinator også ved bare helsetjenester.",
            )
        },
        **common,
    )
    right = decision.rights.get(right="child_coordinator")
    assert right.assessed_status == "no" and right.more_generous_than_law


def test_a_right_the_law_gives_cannot_be_refused_and_one_family_gets_one_coordinator(tenant):
    application = apply_for(tenant, family=tenant.other_family, wants_coordinator=True)
    assess_and_confirm(application, tenant.caseworker)
    common = dict(
        valid_from=dates.today(),
        facts="F.",
        family_views="V.",
        weighing="W.",
        contact_person=tenant.caseworker,
    )
    with pytest.raises(DomainError) as error:
        decisions.decide(
            application, tenant.caseworker, outcomes={"child_coordinator": ("refused", "Nei.", "")}, **common
        )
    assert error.value.field == "child_coordinator_outcome"
    with pytest.raises(DomainError) as error:
        decisions.decide(
            application,
            tenant.caseworker,
            outcomes={"child_coordinator": ("granted", "", ""), "coordinator": ("granted", "", "")},
            **common,
        )
    assert "to koordinatorer" in error.value.message
    assert not Decision.objects.exists() and not DecisionRight.objects.exists()


def test_decision_form_bad_input_answers_422_and_saves_nothing(tenant, client_for):
    application = apply_for(tenant, family=tenant.other_family)
    c = client_for(tenant.caseworker)
    # No assessment yet.
    response = c.post(f"/saker/{application.pk}/vedtak/", decision_post(contact_person=tenant.caseworker.pk))
    assert response.status_code == 422 and "Vurder vilkårene" in response.content.decode()
    assess_and_confirm(application, tenant.caseworker)
    for bad in [
        {"valid_from": "i morgen"},
        {"facts": ""},
        {"child_coordinator_outcome": "maybe"},
        {"contact_person": "999999"},
        {"child_coordinator_outcome": "refused", "child_coordinator_reasons": ""},
        {"notified_on": (dates.today() + datetime.timedelta(days=3)).isoformat()},
    ]:
        response = c.post(
            f"/saker/{application.pk}/vedtak/",
            decision_post(**{"contact_person": tenant.caseworker.pk, **bad}),
        )
        assert response.status_code == 422, bad
        assert "Noe må rettes" in response.content.decode()
    assert not Decision.objects.exists()


def test_application_changes_and_documents_are_kept_with_history(tenant, client_for):
    application = apply_for(tenant)
    c = client_for(tenant.caseworker)
    response = c.post(
        f"/saker/{application.pk}/endre/",
        {
            "channel": "portal",
            "received_on": application.received_on.isoformat(),
            "wants": ["child_coordinator", "individual_plan"],
            "child": application.child_id,
            "about_child": "Oppdatert.",
            "health_other": "Fysioterapi, Helsestasjon",
            "welfare_other": "Skolen",
            "preferred_language": "nb",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    application.refresh_from_db()
    assert application.wants_individual_plan and application.history.count() == 2
    page = c.get(f"/saker/{application.pk}/").content.decode()
    assert "Endret" in page and "ønsker individuell plan" in page

    upload = SimpleUploadedFile("uttalelse.pdf", FAKE_PDF, content_type="application/pdf")
    assert (
        c.post(f"/saker/{application.pk}/dokumenter/", {"title": "Uttalelse", "file": upload}).status_code
        == 302
    )
    document = ApplicationDocument.objects.get(application=application)
    download = c.get(f"/saker/dokumenter/{document.pk}/")
    assert download.status_code == 200 and download.content == FAKE_PDF
    # A file type that is not allowed is refused with a message.
    bad = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/x-msdownload")
    response = c.post(f"/saker/{application.pk}/dokumenter/", {"file": bad}, follow=True)
    assert "Filtypen støttes ikke" in response.content.decode()
    assert ApplicationDocument.objects.count() == 1
    # The family sees the document too (the right to see the case documents).
    assert client_for(tenant.guardian_user).get(f"/familie/dokumenter/{document.pk}/").status_code == 200


def test_register_and_assessment_forms_refuse_bad_input(tenant, client_for):
    c = client_for(tenant.caseworker)
    family = tenant.other_family
    for bad in [
        {"received_on": (dates.today() + datetime.timedelta(days=2)).isoformat()},
        {"wants": []},
        {"child": tenant.family.children.first().pk},  # a child of another family
        {"wished_coordinator": tenant.provider.pk},
        {"received_on": "2026-02-30"},
    ]:
        data = {
            "channel": "letter",
            "received_on": dates.today().isoformat(),
            "wants": ["coordinator"],
            "child": family.children.first().pk,
            "about_child": "Tekst.",
            "preferred_language": "nb",
        }
        data.update(bad)
        response = c.post(f"/saker/familie/{family.pk}/ny/", data)
        assert response.status_code == 422, bad
    assert not Application.objects.exists()
    application = apply_for(tenant, family=family)
    response = c.post(f"/saker/{application.pk}/vurdering/", facts_post(expected_due_date="2027-01-01"))
    assert response.status_code == 422 and "ikke begge" in response.content.decode()
    response = c.post(f"/saker/{application.pk}/vurdering/", facts_post(child_birth_date="2099-01-01"))
    assert response.status_code == 422 and "etter vurderingsdatoen" in response.content.decode()
    assert not EligibilityAssessment.objects.exists()
