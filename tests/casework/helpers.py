"""A small case world on top of the `tenant` fixture: one application through every step.

The decision letter here is a stand-in PDF so tests that only need the rows stay fast; the flows in
test_casework.py make real letters through the services."""

import datetime
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from los.casework.deadlines import complaint_deadline
from los.casework.models import Application, ApplicationDocument, Complaint, Decision, DecisionRight, Outcome
from los.casework.services import applications, assessments, complaints
from los.coordinators import services as coordinator_services
from los.coordinators.models import ChangeOfCoordinatorRequest, CoordinatorProfile, TrainingCourse
from los.core import dates

FAKE_PDF = b"%PDF-1.4\n% stand-in letter\n%%EOF\n"

FULL_FACTS = {
    "serious_condition": True,
    "long_term_needs": True,
    "complex_needs": True,
}


@dataclass
class CaseWorld:
    application: Application
    decision: Decision
    complaint: Complaint
    document: ApplicationDocument
    change_request: ChangeOfCoordinatorRequest
    course: TrainingCourse


def apply_for(tenant, family=None, **extra) -> Application:
    family = family or tenant.family
    fields = {
        "child": family.children.first(),
        "wants_child_coordinator": True,
        "about_child": "Emma har cerebral parese og trenger mye oppfølging.",
        "health_and_care_services": ["Fysioterapi", "Helsestasjon"],
        "other_welfare_services": ["Skolen"],
        "child_views": "Emma vil ha én person å snakke med.",
        "wishes": "En som kjenner skolen.",
    }
    fields.update(extra)
    return applications.register_application(family=family, by_user=tenant.guardian_user, **fields)


def assess_and_confirm(application, caseworker, **facts):
    base = assessments.known_facts(application)
    base.update(FULL_FACTS)
    base.update(facts)
    assessment = assessments.assess_application(application, caseworker, base)
    answers = {(right, c["code"]): (c["status"], "") for right, c in assessments.criteria_of(assessment)}
    assessments.review_assessment(assessment, caseworker, answers)
    return assessment


def fake_decision(application, caseworker, assessment, outcome=Outcome.GRANTED, right="child_coordinator"):
    today = dates.today()
    decision = Decision(
        application=application,
        assessment=assessment,
        decided_on=today,
        valid_from=today,
        notified_on=today,
        complaint_deadline=complaint_deadline(today),
        facts="Fakta.",
        family_views="Familien ønsker barnekoordinator.",
        weighing="Vektlagt.",
        legal_basis=["pasient- og brukerrettighetsloven § 2-5 c"],
        contact_person=caseworker,
        decided_by=caseworker,
        letter_pdf=FAKE_PDF,
    )
    decision.save()
    DecisionRight.objects.create(
        decision=decision, right=right, outcome=outcome, assessed_status="yes", reasons="Begrunnelse."
    )
    Application.objects.filter(pk=application.pk).update(status="decided")
    return decision


def case_world(tenant) -> CaseWorld:
    if getattr(tenant, "_case_world", None):
        return tenant._case_world
    application = apply_for(tenant)
    assessment = assess_and_confirm(application, tenant.caseworker)
    decision = fake_decision(application, tenant.caseworker, assessment)
    complaint = complaints.register_complaint(decision, tenant.guardian_user, "Vi er uenige.")
    Complaint.objects.filter(pk=complaint.pk).update(
        state="forwarded", bundle_pdf=FAKE_PDF, forwarded_on=dates.today()
    )
    document = applications.add_document(
        application,
        tenant.caseworker,
        SimpleUploadedFile("erklaering.pdf", FAKE_PDF, "application/pdf"),
        "Legeerklæring",
    )
    change_request = coordinator_services.request_change_of_coordinator(
        tenant.family, tenant.guardian_user, "Vi ønsker en annen."
    )
    CoordinatorProfile.objects.get_or_create(user=tenant.coordinator, defaults={"coordination_share": 40})
    course = TrainingCourse.objects.create(municipality=tenant.municipality, name="Koordinatoropplæring")
    tenant._case_world = CaseWorld(application, decision, complaint, document, change_request, course)
    return tenant._case_world


def days_ago(n: int) -> datetime.date:
    return dates.today() - datetime.timedelta(days=n)
