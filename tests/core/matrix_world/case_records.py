"""The coordinating unit's case about the world's family: an application through assessment, decision,
complaint and a document, a change-of-coordinator request and a training course."""

from functools import cached_property

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.casework.helpers import FAKE_PDF, CaseWorld, apply_for, assess_and_confirm, fake_decision


class CaseRecords:
    """Mixed into `World` (which provides `self.t`, the family's tenant)."""

    @cached_property
    def case(self) -> CaseWorld:
        from los.casework.models import Complaint
        from los.casework.services import applications, complaints
        from los.coordinators import services as coordinator_services
        from los.coordinators.models import CoordinatorProfile, TrainingCourse
        from los.core import dates

        t = self.t
        # One health and care service only (the helper's default names two).
        application = apply_for(t, health_and_care_services=["Fysioterapi"])
        assessment = assess_and_confirm(application, t.caseworker)
        decision = fake_decision(application, t.caseworker, assessment)
        complaint = complaints.register_complaint(decision, t.guardian_user, "Vi er uenige.")
        Complaint.objects.filter(pk=complaint.pk).update(
            state="forwarded", bundle_pdf=FAKE_PDF, forwarded_on=dates.today()
        )
        document = applications.add_document(
            application,
            t.caseworker,
            SimpleUploadedFile("erklaering.pdf", FAKE_PDF, "application/pdf"),
            "Legeerklæring",
        )
        change_request = coordinator_services.request_change_of_coordinator(
            t.family, t.guardian_user, "Vi ønsker en annen."
        )
        CoordinatorProfile.objects.get_or_create(user=t.coordinator, defaults={"coordination_share": 40})
        course = TrainingCourse.objects.create(municipality=t.municipality, name="Koordinatoropplæring")
        return CaseWorld(application, decision, complaint, document, change_request, course)
