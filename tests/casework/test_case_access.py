"""The case under the record policy: who reaches which case record, what a refused or invalid request
leaves in the access log (nothing), and that each change is logged once, by the service that made it."""

import datetime

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from los.casework import selectors
from los.casework.models import (
    Application,
    ApplicationDocument,
    Complaint,
    CriterionReview,
    Decision,
    DecisionRight,
    EligibilityAssessment,
    InterimReply,
)
from los.casework.services import decisions
from los.coordinators.models import ChangeOfCoordinatorRequest, CoordinatorAssignment
from los.core import access, dates
from los.core.models import AccessAction, AccessLogEntry, AccessReason

from .helpers import apply_for, assess_and_confirm, case_world, fake_decision

pytestmark = pytest.mark.django_db

CASE_MODELS = [
    Application,
    ApplicationDocument,
    EligibilityAssessment,
    CriterionReview,
    InterimReply,
    Decision,
    DecisionRight,
    Complaint,
    CoordinatorAssignment,
    ChangeOfCoordinatorRequest,
]


def staff_urls(world):
    return [
        f"/saker/{world.application.pk}/",
        f"/saker/{world.application.pk}/endre/",
        f"/saker/{world.application.pk}/vurdering/",
        f"/saker/{world.application.pk}/forelopig-svar/",
        f"/saker/{world.application.pk}/vedtak/",
        f"/saker/{world.application.pk}/oppnevn/",
        f"/saker/dokumenter/{world.document.pk}/",
        f"/saker/vedtak/{world.decision.pk}/brev.pdf",
        f"/saker/vedtak/{world.decision.pk}/klage/",
        f"/saker/klager/{world.complaint.pk}/",
        f"/saker/klager/{world.complaint.pk}/send/",
        f"/saker/klager/{world.complaint.pk}/oversendelse.pdf",
        f"/saker/bytte/{world.change_request.pk}/",
    ]


def family_urls(world):
    return [
        f"/familie/soknad/{world.application.pk}/",
        f"/familie/vedtak/{world.decision.pk}/brev.pdf",
        f"/familie/vedtak/{world.decision.pk}/klage/",
        f"/familie/dokumenter/{world.document.pk}/",
    ]


def no_log_rows():
    return not AccessLogEntry.objects.exists()


# --- Refused requests log nothing ------------------------------------------------------------------


def test_a_complaint_of_another_application_in_the_decision_form_answers_404_and_logs_nothing(
    tenant, client_for
):
    """The decision form takes the complaint it answers from `?klage=`; one on another application
    (or another family) is refused before the read is logged."""
    world = case_world(tenant)
    other = apply_for(tenant, family=tenant.other_family)
    c = client_for(tenant.caseworker)
    response = c.get(f"/saker/{other.pk}/vedtak/?klage={world.complaint.pk}")
    assert response.status_code == 404
    assert no_log_rows()
    # The same form with its own complaint is read, and logged once.
    assert c.get(f"/saker/{world.application.pk}/vedtak/?klage={world.complaint.pk}").status_code == 200
    assert list(AccessLogEntry.objects.values_list("record_type", "action")) == [
        ("decision", AccessAction.READ)
    ]


def test_a_complaint_without_a_bundle_answers_404_and_logs_no_export(tenant, client_for):
    """Before, the export was logged first and the missing bundle refused after."""
    world = case_world(tenant)
    Complaint.objects.filter(pk=world.complaint.pk).update(bundle_pdf=None)
    response = client_for(tenant.caseworker).get(f"/saker/klager/{world.complaint.pk}/oversendelse.pdf")
    assert response.status_code == 404
    assert no_log_rows()


def test_an_application_of_another_family_or_tenant_is_refused_and_logs_nothing(
    tenant, other_tenant, client_for
):
    world = case_world(tenant)
    foreign = case_world(other_tenant)
    other_family_application = apply_for(tenant, family=tenant.other_family)
    guardian = client_for(tenant.guardian_user)
    # The guardian asks for the other family's application in the same municipality, and for the
    # other tenant's case records.
    assert guardian.get(f"/familie/soknad/{other_family_application.pk}/").status_code == 404
    for url in family_urls(foreign):
        assert guardian.get(url).status_code == 404, url
    # The caseworker asks for the other tenant's case records (pages and the API).
    caseworker = client_for(tenant.caseworker)
    for url in staff_urls(foreign):
        assert caseworker.get(url).status_code == 404, url
    assert caseworker.get(f"/api/v1/families/{other_tenant.family.pk}/applications").status_code == 404
    assert no_log_rows()
    # And a change posted to another tenant's record is refused without a row or a change.
    response = caseworker.post(
        f"/saker/{foreign.application.pk}/forelopig-svar/",
        {"reason": "Venter.", "expected_by": (dates.today() + datetime.timedelta(days=9)).isoformat()},
    )
    assert response.status_code == 404
    assert no_log_rows() and not InterimReply.objects.exists()
    assert world.application.family_id == tenant.family.pk


def test_a_document_id_of_another_record_type_is_refused_and_logs_nothing(tenant, client_for):
    """An id that names an application, a decision or a complaint is not a document."""
    world = case_world(tenant)
    others = [apply_for(tenant, family=tenant.other_family).pk for _ in range(2)]
    documents = set(ApplicationDocument.objects.values_list("pk", flat=True))
    ids = {world.application.pk, world.decision.pk, world.complaint.pk, *others} - documents
    assert ids
    for pk in ids:
        assert client_for(tenant.caseworker).get(f"/saker/dokumenter/{pk}/").status_code == 404
        assert client_for(tenant.guardian_user).get(f"/familie/dokumenter/{pk}/").status_code == 404
    assert no_log_rows()


def test_an_invalid_form_writes_no_log_row(tenant, client_for):
    world = case_world(tenant)
    application = apply_for(tenant, family=tenant.other_family)
    c = client_for(tenant.caseworker)
    response = c.post(f"/saker/{application.pk}/forelopig-svar/", {"reason": "", "expected_by": ""})
    assert response.status_code == 422
    # A rule of the case (DomainError) refuses it: an interim reply after the decision.
    response = c.post(
        f"/saker/{world.application.pk}/forelopig-svar/",
        {"reason": "Venter.", "expected_by": (dates.today() + datetime.timedelta(days=9)).isoformat()},
    )
    assert response.status_code == 422
    response = client_for(tenant.guardian_user).post(
        f"/familie/vedtak/{world.decision.pk}/klage/", {"grounds": ""}
    )
    assert response.status_code == 422
    assert no_log_rows() and not InterimReply.objects.exists()


# --- Who reaches the case --------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["coordinator", "provider"])
def test_the_coordinator_and_a_provider_get_404_on_case_records(tenant, client_for, who):
    world = case_world(tenant)
    InterimReply.objects.create(
        application=world.application,
        sent_on=dates.today(),
        reason="R.",
        expected_by=dates.today() + datetime.timedelta(days=9),
        letter_text="T.",
        sent_by=tenant.caseworker,
    )
    c = client_for(getattr(tenant, who))
    for url in staff_urls(world) + family_urls(world) + [f"/api/v1/families/{tenant.family.pk}/applications"]:
        assert c.get(url).status_code == 404, url
    assert no_log_rows()
    # The policy agrees: no case record reaches them, although the family does.
    grant = access.grant_for(getattr(tenant, who), tenant.family.pk)
    assert grant is not None
    for model in CASE_MODELS:
        assert not access.visible(grant, model).exists(), model.__name__
        assert not access.may_see(getattr(tenant, who), model.objects.first()), model.__name__


def test_the_coordinator_s_family_page_shows_no_case(tenant, client_for):
    case_world(tenant)
    page = client_for(tenant.coordinator).get(f"/familier/{tenant.family.pk}/").content.decode()
    assert "Søknader og vedtak" not in page and "Registrer søknad" not in page


def test_the_guardian_sees_only_their_own_family_s_case_records(tenant, other_tenant, client_for):
    world = case_world(tenant)
    case_world(other_tenant)
    other = apply_for(tenant, family=tenant.other_family)
    assess_and_confirm(other, tenant.caseworker)
    grant = access.grant_for(tenant.guardian_user, tenant.family.pk)
    assert set(access.visible(grant, Application)) == {world.application}
    assert set(access.visible(grant, Decision)) == {world.decision}
    assert set(access.visible(grant, Complaint)) == {world.complaint}
    assert set(access.visible(grant, ApplicationDocument)) == {world.document}
    assert set(access.visible(grant, ChangeOfCoordinatorRequest)) == {world.change_request}
    assert set(access.visible(grant, DecisionRight)) == set(world.decision.rights.all())
    # The unit's working notes stay with the unit: the decision letter carries what they concluded.
    assert not access.visible(grant, EligibilityAssessment).exists()
    assert not access.visible(grant, CriterionReview).exists()
    assert not access.may_see(tenant.guardian_user, world.application.assessments.first())
    assert access.may_see(tenant.guardian_user, world.decision)
    assert not access.may_see(tenant.guardian_user, other)
    # The family page lists their own application, not the other family's.
    page = client_for(tenant.guardian_user).get(f"/familie/{tenant.family.pk}/").content.decode()
    assert f"/familie/soknad/{world.application.pk}/" in page
    assert f"/familie/soknad/{other.pk}/" not in page


def test_the_caseworker_reaches_every_case_record_of_the_municipality(tenant, other_tenant):
    world = case_world(tenant)
    case_world(other_tenant)
    grant = access.grant_for(tenant.caseworker, tenant.family.pk)
    assert set(access.visible(grant, Application)) == {world.application}
    assert access.visible(grant, EligibilityAssessment).count() == 1
    assert access.visible(grant, CriterionReview).exists()
    assert access.grant_for(tenant.caseworker, other_tenant.family.pk) is None


# --- Reads and exports ------------------------------------------------------------------------------


def test_the_letters_documents_and_the_bundle_are_logged_as_exports(tenant, client_for):
    world = case_world(tenant)
    caseworker = client_for(tenant.caseworker)
    assert caseworker.get(f"/saker/vedtak/{world.decision.pk}/brev.pdf").status_code == 200
    assert caseworker.get(f"/saker/klager/{world.complaint.pk}/oversendelse.pdf").status_code == 200
    assert caseworker.get(f"/saker/dokumenter/{world.document.pk}/").status_code == 200
    guardian = client_for(tenant.guardian_user)
    assert guardian.get(f"/familie/vedtak/{world.decision.pk}/brev.pdf").status_code == 200
    assert guardian.get(f"/familie/dokumenter/{world.document.pk}/").status_code == 200
    rows = list(
        AccessLogEntry.objects.order_by("seq").values_list("user", "action", "record_type", "record_id")
    )
    assert rows == [
        (tenant.caseworker.pk, AccessAction.EXPORT, "decision_letter", str(world.decision.pk)),
        (tenant.caseworker.pk, AccessAction.EXPORT, "complaint_bundle", str(world.complaint.pk)),
        (tenant.caseworker.pk, AccessAction.EXPORT, "document", str(world.document.pk)),
        (tenant.guardian_user.pk, AccessAction.EXPORT, "decision_letter", str(world.decision.pk)),
        (tenant.guardian_user.pk, AccessAction.EXPORT, "document", str(world.document.pk)),
    ]
    # A file is only fetched: a POST is refused and leaves nothing.
    assert caseworker.post(f"/saker/vedtak/{world.decision.pk}/brev.pdf").status_code == 405
    assert AccessLogEntry.objects.count() == len(rows)


def test_the_family_pages_log_one_read_and_the_case_sections_add_none(tenant, client_for):
    world = case_world(tenant)
    page = client_for(tenant.caseworker).get(f"/familier/{tenant.family.pk}/").content.decode()
    assert "Søknader og vedtak" in page and f"/saker/{world.application.pk}/" in page
    assert f"/saker/bytte/{world.change_request.pk}/" in page
    page = client_for(tenant.guardian_user).get(f"/familie/{tenant.family.pk}/").content.decode()
    assert "Søknader og koordinator" in page and tenant.coordinator.get_full_name() in page
    assert list(AccessLogEntry.objects.values_list("record_type", flat=True)) == ["family", "family"]


def test_the_case_worklist_logs_one_read_per_family_shown(tenant, client_for):
    case_world(tenant)
    apply_for(tenant, family=tenant.other_family)
    response = client_for(tenant.caseworker).get("/saker/")
    assert response.status_code == 200
    rows = AccessLogEntry.objects.filter(record_type="family_list")
    assert sorted(rows.values_list("family_id", flat=True)) == sorted(
        [tenant.family.pk, tenant.other_family.pk]
    )
    assert set(rows.values_list("reason", flat=True)) == {AccessReason.CASEWORKER}


def test_the_worklist_panel_renders_from_the_view_without_queries_or_log(tenant):
    case_world(tenant)
    child = tenant.family.children.first()
    child.birth_date = dates.today().replace(year=dates.today().year - 18) + datetime.timedelta(days=30)
    child.save()
    panel = selectors.worklist_panel(tenant.caseworker)
    assert [f.pk for f in panel["families"]] == [tenant.family.pk]
    assert panel["families"][0].access_reason == AccessReason.CASEWORKER
    request = RequestFactory().get("/")
    request.user = tenant.caseworker
    template = Template(
        '{% include "casework/_worklist_panel.html" with show=True transitions=case_panel.transitions'
        " counts=case_panel.counts is_caseworker=case_panel.is_caseworker %}"
    )
    with CaptureQueriesContext(connection) as queries:
        html = template.render(Context({"request": request, "case_panel": panel}))
    assert len(queries.captured_queries) == 0
    assert "Overganger å planlegge" in html and "Saker i koordinerende enhet" in html
    assert no_log_rows()
    assert selectors.worklist_panel(tenant.provider) is None


# --- Changes are logged once, by the service ------------------------------------------------------


def test_a_change_is_logged_once_by_the_service(tenant, client_for):
    application = apply_for(tenant, family=tenant.other_family)  # outside a request: no row
    assert no_log_rows()
    response = client_for(tenant.caseworker).post(
        f"/saker/{application.pk}/forelopig-svar/",
        {
            "reason": "Venter på sykehuset.",
            "expected_by": (dates.today() + datetime.timedelta(days=9)).isoformat(),
        },
    )
    assert response.status_code == 302
    reply = InterimReply.objects.get()
    rows = list(AccessLogEntry.objects.values_list("user", "action", "record_type", "record_id", "family"))
    assert rows == [
        (tenant.caseworker.pk, AccessAction.CHANGE, "interim_reply", str(reply.pk), tenant.other_family.pk)
    ]


def test_the_family_s_complaint_is_logged_once_as_their_change(tenant, client_for):
    application = apply_for(tenant)
    decision = fake_decision(
        application, tenant.caseworker, assess_and_confirm(application, tenant.caseworker)
    )
    response = client_for(tenant.guardian_user).post(
        f"/familie/vedtak/{decision.pk}/klage/", {"grounds": "Vi er uenige."}
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    rows = list(AccessLogEntry.objects.values_list("user", "action", "record_type", "record_id", "reason"))
    assert rows == [
        (tenant.guardian_user.pk, AccessAction.CHANGE, "complaint", str(complaint.pk), AccessReason.GUARDIAN)
    ]


def test_appointing_on_a_change_request_logs_the_assignment_and_the_request(tenant, client_for):
    from los.core.models import Role
    from tests.factories import make_user

    world = case_world(tenant)
    second = make_user("Reserve", Role.COORDINATOR, tenant.municipality)
    response = client_for(tenant.caseworker).post(
        f"/saker/bytte/{world.change_request.pk}/",
        {
            "coordinator": second.pk,
            "kind": "child_coordinator",
            "need_level": 2,
            "starts_on": dates.today().isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assignment = CoordinatorAssignment.objects.get(family=tenant.family, ends_on__isnull=True)
    ended = CoordinatorAssignment.objects.get(family=tenant.family, ends_on__isnull=False)
    rows = list(AccessLogEntry.objects.order_by("seq").values_list("action", "record_type", "record_id"))
    assert rows == [
        (AccessAction.CHANGE, "assignment", str(ended.pk)),  # ended with the reason, kept
        (AccessAction.CHANGE, "assignment", str(assignment.pk)),
        (AccessAction.CHANGE, "change_request", str(world.change_request.pk)),
    ]


def test_services_outside_a_request_log_nothing(tenant):
    application = apply_for(tenant)
    assess_and_confirm(application, tenant.caseworker)
    decisions.send_interim_reply(
        application, tenant.caseworker, "R.", dates.today() + datetime.timedelta(days=5)
    )
    assert no_log_rows()
