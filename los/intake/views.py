"""The coordinating unit's case pages: worklist, applications, assessment, interim reply, decisions,
complaints. Thin: access through the policy, rules in `services`, reads in `selectors`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from los.core import access
from los.core.access import Capability, family_view
from los.core.errors import DomainError
from los.core.models import Role, User

from . import deadlines, selectors, services
from .deadlines import today_oslo
from .forms import (
    DecisionForm,
    DocumentForm,
    FactsForm,
    ForwardForm,
    InterimReplyForm,
    ReviewForm,
    StaffApplicationForm,
    StaffComplaintForm,
)
from .models import Application, ApplicationDocument, Complaint, Decision, Outcome

STAFF = (Capability.STAFF_VIEW, Capability.MANAGE_CASE)
PAGE_SIZE = 50


def require_caseworker(request) -> None:
    if request.user.role != Role.CASEWORKER or not request.user.municipality_id:
        raise Http404


def _form_page(request, form, title, family, back_url, intro="", submit_label=None, status=None):
    return render(
        request,
        "people/form.html",
        {
            "form": form,
            "title": title,
            "family": family,
            "back_url": back_url,
            "intro": intro,
            "submit_label": submit_label,
        },
        status=status or (422 if form.is_bound else 200),
    )


def _domain_error(form, error: DomainError) -> None:
    if error.field and error.field in form.fields:
        form.add_error(error.field, error.message)
    else:
        form.add_error(None, error.message)


# --- Worklist -----------------------------------------------------------------------------------


@login_required
def worklist(request):
    """Open applications with days left and interim-reply flags, complaints, change requests, transitions."""
    require_caseworker(request)
    today = today_oslo()
    families = access.visible_families(request.user)
    filter_key = request.GET.get("vis", "all")
    if filter_key not in selectors.FILTERS:
        filter_key = "all"
    page = Paginator(selectors.case_list(families, filter_key), PAGE_SIZE).get_page(request.GET.get("side"))
    rows = [selectors.case_row(a, today) for a in page.object_list]
    complaints = list(selectors.open_complaints(families)[:PAGE_SIZE])
    change_requests = list(selectors.open_change_requests(families)[:PAGE_SIZE])
    transitions = selectors.transitions(families, today)
    shown = {r.application.family_id for r in rows} | {c.decision.application.family_id for c in complaints}
    shown |= {r.family_id for r in change_requests} | {t.child.family_id for t in transitions}
    if shown:
        access.log_family_list(request, families.filter(pk__in=shown).order_by("pk"))
    return render(
        request,
        "intake/worklist.html",
        {
            "rows": rows,
            "page": page,
            "filter_key": filter_key,
            "filters": [(key, label) for key, (label, _q) in selectors.FILTERS.items()],
            "complaints": complaints,
            "change_requests": change_requests,
            "transitions": transitions,
            "overdue_count": sum(1 for r in rows if r.interim_overdue),
            "today": today,
        },
    )


# --- Applications -------------------------------------------------------------------------------


@family_view(STAFF, record_type="application")
def application_register(request, grant):
    """Register an application received by letter, phone, e-mail or the health network."""
    family = grant.family
    form = StaffApplicationForm(
        request.POST if request.method == "POST" else None,
        family=family,
        coordinators=services.coordinators_in(family.municipality_id),
        initial={"received_on": today_oslo(), "channel": "letter"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = services.register_application(
                family=family,
                by_user=request.user,
                channel=form.cleaned_data["channel"],
                received_on=form.cleaned_data["received_on"],
                **form.service_fields(),
            )
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _("Søknaden er registrert."))
            return redirect("intake:application", application_id=application.pk)
    return _form_page(
        request,
        form,
        _("Registrer søknad"),
        family,
        reverse("people:family", args=[family.pk]),
        submit_label=_("Registrer søknaden"),
    )


@login_required
def application_detail(request, application_id):
    grant, application = access.get(request, Application, application_id, STAFF)
    application = (
        selectors.with_case_relations(access.visible(grant, Application).filter(pk=application.pk))
        .select_related("family__municipality__coordinating_unit", "wished_coordinator")
        .get()
    )
    row = selectors.case_row(application, today_oslo())
    assessment = selectors.latest_assessment(grant, application)
    history = application.history.select_related("history_user").order_by("-history_date", "-history_id")
    changes = []
    for record in history:
        previous = record.prev_record
        fields = []
        if previous is not None:
            fields = [
                str(Application._meta.get_field(c.field).verbose_name)
                for c in record.diff_against(previous).changes
            ]
        changes.append((record, fields))
    return render(
        request,
        "intake/application_detail.html",
        {
            "application": application,
            "family": application.family,
            "row": row,
            "assessment": assessment,
            "rights": services.final_rights(assessment) if assessment else None,
            "decisions": list(application.decisions.all()),
            "documents": selectors.documents(grant, application).select_related("uploaded_by"),
            "interim_replies": sorted(application.interim_replies.all(), key=lambda r: (r.sent_on, r.pk)),
            "assignments": list(application.assignments.all()),
            "changes": changes,
            "document_form": DocumentForm(),
        },
    )


@login_required
def application_edit(request, application_id):
    grant, application = access.get(request, Application, application_id, STAFF)
    family = application.family
    form = StaffApplicationForm(
        request.POST if request.method == "POST" else None,
        family=family,
        coordinators=services.coordinators_in(family.municipality_id),
        initial={
            **StaffApplicationForm.initial_from(application),
            "received_on": application.received_on,
            "channel": application.channel,
        },
    )
    if application.channel == "portal":
        form.fields["channel"].choices = [("portal", _("Søknad i Los (familiens sider)"))] + form.fields[
            "channel"
        ].choices
    if request.method == "POST" and form.is_valid():
        try:
            services.update_application(
                application,
                request.user,
                channel=form.cleaned_data["channel"],
                received_on=form.cleaned_data["received_on"],
                **form.service_fields(),
            )
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(
                request, _("Endringen er lagret. Den gamle versjonen er tatt vare på i historikken.")
            )
            return redirect("intake:application", application_id=application.pk)
    return _form_page(
        request, form, _("Endre søknaden"), family, reverse("intake:application", args=[application.pk])
    )


@login_required
@require_POST
def document_upload(request, application_id):
    grant, application = access.get(request, Application, application_id, STAFF, record_type="document")
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_document(
                application, request.user, form.cleaned_data["file"], form.cleaned_data["title"]
            )
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("intake:application", application_id=application.pk)
        messages.success(request, _("Dokumentet er lagt til i saken."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("intake:application", application_id=application.pk)


def document_response(request, document_id, capability):
    """A document of the case as a file: it leaves Los, so it is logged as an export."""
    grant, document = access.get(request, ApplicationDocument, document_id, capability, log=False)
    access.log_export(request, grant, "document", document.pk)
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="dokument-{document.pk}{services.DOCUMENT_TYPES[document.content_type]}"'
    )
    return response


@login_required
@require_safe
def document_download(request, document_id):
    return document_response(request, document_id, STAFF)


# --- Assessment ---------------------------------------------------------------------------------


@login_required
def assessment(request, application_id):
    """Enter the facts, run the engine, then confirm or override each criterion."""
    grant, application = access.get(request, Application, application_id, STAFF, record_type="eligibility")
    latest = selectors.latest_assessment(grant, application)
    facts = latest.facts if latest else services.known_facts(application)
    if latest:
        facts = {**facts, "assessed_on": today_oslo()}
    form = FactsForm(
        request.POST if request.method == "POST" else None, initial=FactsForm.initial_from(facts)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assess_application(application, request.user, form.facts())
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _("Vilkårene er vurdert. Bekreft eller overstyr hvert vilkår."))
            return redirect(reverse("intake:assessment", args=[application.pk]) + "#review")
    review_form = None
    if latest is not None:
        review_form = ReviewForm(criteria=services.criteria_of(latest), reviews=list(latest.reviews.all()))
    return render(
        request,
        "intake/assessment.html",
        {
            "application": application,
            "family": application.family,
            "form": form,
            "assessment": latest,
            "review_form": review_form,
            "rights": services.final_rights(latest) if latest else None,
        },
        status=422 if form.is_bound else 200,
    )


@login_required
@require_POST
def assessment_review(request, application_id):
    grant, application = access.get(request, Application, application_id, STAFF, record_type="eligibility")
    latest = selectors.latest_assessment(grant, application)
    if latest is None:
        raise Http404
    form = ReviewForm(request.POST, criteria=services.criteria_of(latest), reviews=list(latest.reviews.all()))
    if form.is_valid():
        try:
            services.review_assessment(latest, request.user, form.answers())
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _("Vurderingen av vilkårene er lagret."))
            return redirect("intake:application", application_id=application.pk)
    facts_form = FactsForm(initial=FactsForm.initial_from(latest.facts))
    return render(
        request,
        "intake/assessment.html",
        {
            "application": application,
            "family": application.family,
            "form": facts_form,
            "assessment": latest,
            "review_form": form,
            "rights": services.final_rights(latest),
        },
        status=422,
    )


# --- Interim reply ------------------------------------------------------------------------------


@login_required
def interim_reply(request, application_id):
    """Send a foreløpig svar (fvl § 11 a); the letter text is generated and the date recorded."""
    grant, application = access.get(request, Application, application_id, STAFF, record_type="interim_reply")
    due = deadlines.interim_reply_due(application.received_on)
    form = InterimReplyForm(
        request.POST if request.method == "POST" else None,
        initial={
            "reason": _("Vi trenger opplysninger fra tjenestene rundt barnet før vi kan vurdere søknaden."),
            "expected_by": deadlines.add_weeks(max(today_oslo(), due), 4),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.send_interim_reply(
                application, request.user, form.cleaned_data["reason"], form.cleaned_data["expected_by"]
            )
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _("Foreløpig svar er sendt. Familien ser det på sidene sine."))
            return redirect("intake:application", application_id=application.pk)
    intro = _(
        "Søknaden kom %(received)s. Fristen for foreløpig svar er %(due)s (forvaltningsloven § 11 a). "
        "Brevet lages av teksten under og vises for familien i Los."
    ) % {"received": application.received_on.strftime("%d.%m.%Y"), "due": due.strftime("%d.%m.%Y")}
    return _form_page(
        request,
        form,
        _("Send foreløpig svar"),
        application.family,
        reverse("intake:application", args=[application.pk]),
        intro=intro,
        submit_label=_("Send foreløpig svar"),
    )


# --- Decisions ----------------------------------------------------------------------------------

OUTCOME_OF_STATUS = {"yes": Outcome.GRANTED, "no": Outcome.REFUSED, "unknown": Outcome.REFUSED}


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
    current = services.current_decision(application)
    assessment_ = selectors.latest_assessment(grant, application)
    rights = services.final_rights(assessment_) if assessment_ else None
    initial = {
        "valid_from": today_oslo(),
        "notified_on": today_oslo(),
        "contact_person": request.user.pk,
        "facts": _("Søknaden mottatt %(date)s. %(about)s")
        % {"date": application.received_on.strftime("%d.%m.%Y"), "about": application.about_child},
        "family_views": application.wishes,
        "child_views": application.child_views,
    }
    for right in services.RIGHTS:
        wanted = right in application.wanted_rights
        status = rights[right]["status"] if rights else "unknown"
        initial[f"{right}_outcome"] = OUTCOME_OF_STATUS[status] if wanted else Outcome.NOT_APPLIED
    caseworkers = User.objects.filter(
        role=Role.CASEWORKER, municipality_id=application.family.municipality_id, is_active=True
    ).order_by("first_name", "id")
    form = DecisionForm(
        request.POST if request.method == "POST" else None, caseworkers=caseworkers, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.decide(
                application,
                request.user,
                outcomes=form.outcomes(),
                valid_from=data["valid_from"],
                notified_on=data["notified_on"],
                facts=data["facts"],
                family_views=data["family_views"],
                child_views=data.get("child_views", ""),
                weighing=data["weighing"],
                contact_person=data["contact_person"],
                replaces=current,
                complaint=complaint,
            )
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(
                request, _("Vedtaket er fattet. Brevet er lagret og familien ser det på sidene sine.")
            )
            return redirect("intake:application", application_id=decision.application_id)
    return render(
        request,
        "intake/decision_form.html",
        {
            "application": application,
            "family": application.family,
            "form": form,
            "rights": rights,
            "current": current,
            "complaint": complaint,
            "assessment": assessment_,
        },
        status=422 if form.is_bound else 200,
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
        initial={"received_on": today_oslo(), "channel": "letter"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.register_complaint(
                decision,
                request.user,
                form.cleaned_data["grounds"],
                form.cleaned_data["received_on"],
                form.cleaned_data["channel"],
            )
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _("Klagen er registrert."))
            return redirect("intake:complaint", complaint_id=complaint.pk)
    return _form_page(
        request,
        form,
        _("Registrer klage"),
        decision.application.family,
        reverse("intake:application", args=[decision.application_id]),
    )


@login_required
def complaint_detail(request, complaint_id):
    grant, complaint = access.get(request, Complaint, complaint_id, STAFF)
    return render(
        request,
        "intake/complaint_detail.html",
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
    try:
        services.start_reconsideration(complaint, request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Klagen er til ny vurdering. Familien ser det på sidene sine."))
    return redirect("intake:complaint", complaint_id=complaint.pk)


@login_required
def complaint_forward(request, complaint_id):
    """Forward to Statsforvalteren with the case documents as one PDF (pbrl § 7-2)."""
    grant, complaint = access.get(request, Complaint, complaint_id, STAFF)
    form = ForwardForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.forward_complaint(complaint, request.user, form.cleaned_data["municipality_assessment"])
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(
                request, _("Klagen er sendt til Statsforvalteren. Oversendelsen er lagret som PDF.")
            )
            return redirect("intake:complaint", complaint_id=complaint.pk)
    return _form_page(
        request,
        form,
        _("Send klagen til Statsforvalteren"),
        complaint.decision.application.family,
        reverse("intake:complaint", args=[complaint.pk]),
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
