"""Decisions and complaints: make the decision with its letter (forvaltningsloven §§ 24, 25, 27), read the
letter, and receive, reconsider or forward a complaint (pasient- og brukerrettighetsloven § 7-2)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from los.core import access, dates, pages
from los.core.models import Role, User

from .. import outcomes, selectors
from ..forms import DecisionForm, ForwardForm, StaffComplaintForm
from ..models import Application, Complaint, Decision
from ..services import assessments, complaints, decisions
from .applications import STAFF


@login_required
def decision_new(request, application_id):
    """Make the decision, or a new one that replaces the current (after a complaint is upheld)."""
    grant, application = access.get(
        request, Application, application_id, STAFF, record_type="decision", log=False
    )
    complaint = None
    if request.GET.get("klage"):
        # The complaint a new decision answers must be one on this application: anything else is
        # refused before the read is logged.
        raw = request.GET["klage"]
        complaint = (
            access.visible(grant, Complaint).filter(pk=raw, decision__application=application).first()
            if raw.isdigit() and int(raw) < 2**63
            else None
        )
        if complaint is None:
            raise Http404
    if access.is_reading(request):
        access.log_read(request, grant, "decision", application.pk)
    current = decisions.current_decision(application)
    assessment_ = selectors.latest_assessment(grant, application)
    rights = assessments.final_rights(assessment_) if assessment_ else None
    initial = {
        "valid_from": dates.today(),
        "notified_on": dates.today(),
        "contact_person": request.user.pk,
        "facts": _("Søknaden mottatt %(date)s. %(about)s")
        % {"date": application.received_on.strftime("%d.%m.%Y"), "about": application.about_child},
        "family_views": application.wishes,
        "child_views": application.child_views,
    }
    for right, outcome in outcomes.proposed_outcomes(rights, set(application.wanted_rights)).items():
        initial[f"{right}_outcome"] = outcome
    caseworkers = User.objects.filter(
        role=Role.CASEWORKER, municipality_id=application.family.municipality_id, is_active=True
    ).order_by("first_name", "id")
    form = DecisionForm(
        request.POST if request.method == "POST" else None, caseworkers=caseworkers, initial=initial
    )

    def fields(data):
        return {
            "outcomes": form.outcomes(),
            "valid_from": data["valid_from"],
            "notified_on": data["notified_on"],
            "facts": data["facts"],
            "family_views": data["family_views"],
            "child_views": data.get("child_views", ""),
            "weighing": data["weighing"],
            "contact_person": data["contact_person"],
            "replaces": current,
            "complaint": complaint,
        }

    preview = None
    if request.method == "POST" and request.POST.get("action") == "preview":
        # The letter of the unsaved decision, by the same rules: nothing is saved or logged as changed.
        shown = pages.run_form(
            form, lambda data: decisions.preview_letter(application, request.user, **fields(data))
        )
        preview = shown.value if shown else None
    else:
        done = pages.run_form(form, lambda data: decisions.decide(application, request.user, **fields(data)))
        if done:
            messages.success(
                request, _("Vedtaket er fattet. Brevet er lagret og familien ser det på sidene sine.")
            )
            return redirect("casework:application", application_id=application.pk)
    return render(
        request,
        "casework/decision_form.html",
        {
            "application": application,
            "family": application.family,
            "form": form,
            "rights": rights,
            "current": current,
            "complaint": complaint,
            "assessment": assessment_,
            "preview": preview,
        },
        status=200 if preview is not None or not form.is_bound else 422,
    )


def letter_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(bytes(pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def letter_download(request, decision_id, capability):
    """The decision letter as a PDF: it leaves Los, so it is logged as an export."""
    grant, decision = access.get(
        request, Decision, decision_id, capability, record_type="decision_letter", log=False
    )
    access.log_export(request, grant, "decision_letter", decision.pk)
    return letter_response(decision.letter_pdf, f"vedtak-{decision.pk}.pdf")


@login_required
@require_safe
def decision_letter(request, decision_id):
    return letter_download(request, decision_id, STAFF)


# --- Complaints ---------------------------------------------------------------------------------


@login_required
def complaint_register(request, decision_id):
    """Register a complaint received by letter, e-mail or phone."""
    grant, decision = access.get(request, Decision, decision_id, STAFF, record_type="complaint")
    form = StaffComplaintForm(
        request.POST if request.method == "POST" else None,
        initial={"received_on": dates.today(), "channel": "letter"},
    )
    done = pages.run_form(
        form,
        lambda data: complaints.register_complaint(
            decision, request.user, data["grounds"], data["received_on"], data["channel"]
        ),
    )
    if done:
        messages.success(request, _("Klagen er registrert."))
        return redirect("casework:complaint", complaint_id=done.value.pk)
    return pages.form_page(
        request,
        form,
        _("Registrer klage"),
        family=decision.application.family,
        back_url=reverse("casework:application", args=[decision.application_id]),
    )


@login_required
def complaint_detail(request, complaint_id):
    grant, complaint = access.get(request, Complaint, complaint_id, STAFF)
    return render(
        request,
        "casework/complaint_detail.html",
        {
            "complaint": complaint,
            "decision": complaint.decision,
            "application": complaint.decision.application,
            "family": complaint.decision.application.family,
            "forward_form": ForwardForm(),
        },
    )


@login_required
@require_POST
def complaint_reconsider(request, complaint_id):
    grant, complaint = access.get(request, Complaint, complaint_id, STAFF)
    pages.run_action(
        request,
        lambda: complaints.start_reconsideration(complaint, request.user),
        success=_("Klagen er til ny vurdering. Familien ser det på sidene sine."),
    )
    return redirect("casework:complaint", complaint_id=complaint.pk)


@login_required
def complaint_forward(request, complaint_id):
    """Forward to Statsforvalteren with the case documents as one PDF (pbrl § 7-2)."""
    grant, complaint = access.get(request, Complaint, complaint_id, STAFF)
    form = ForwardForm(request.POST if request.method == "POST" else None)
    if pages.run_form(
        form,
        lambda data: complaints.forward_complaint(complaint, request.user, data["municipality_assessment"]),
    ):
        messages.success(request, _("Klagen er sendt til Statsforvalteren. Oversendelsen er lagret som PDF."))
        return redirect("casework:complaint", complaint_id=complaint.pk)
    return pages.form_page(
        request,
        form,
        _("Send klagen til Statsforvalteren"),
        family=complaint.decision.application.family,
        back_url=reverse("casework:complaint", args=[complaint.pk]),
        intro=_(
            "Kommunen er ikke enig i klagen. Klagen, vedtakene, søknaden og dokumentene i saken samles i én "
            "PDF til Statsforvalteren."
        ),
        submit_label=_("Send til Statsforvalteren"),
    )


@login_required
@require_safe
def complaint_bundle(request, complaint_id):
    """The bundle sent to Statsforvalteren: logged as an export, and only when there is one."""
    grant, complaint = access.get(request, Complaint, complaint_id, STAFF, log=False)
    if not complaint.bundle_pdf:
        raise Http404
    access.log_export(request, grant, "complaint_bundle", complaint.pk)
    return letter_response(complaint.bundle_pdf, f"klage-{complaint.pk}-oversendelse.pdf")
