"""The coordinating unit's worklist and applications: register, read, correct, documents.
Thin: access through the policy, rules in `services`, reads in `selectors`, forms through `core.pages`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from los.casework import selectors
from los.casework.forms import (
    DocumentForm,
    StaffApplicationForm,
)
from los.casework.models import Application, ApplicationDocument, ApplicationStatus, Decision, Outcome, Right
from los.casework.services import applications, assessments
from los.coordinators import selectors as coordinator_selectors
from los.coordinators.models import CoordinatorAssignment
from los.core import access, dates, pages, paging
from los.core.access import Capability, family_view
from los.core.models import Role

STAFF = (Capability.STAFF_VIEW, Capability.MANAGE_CASE)
PAGE_SIZE = 50
# Complaints and requests for another coordinator sit above the applications: a short page each, so the
# applications stay in view (each list has its own page links).
SIDE_PAGE_SIZE = 10


def require_caseworker(request) -> None:
    if request.user.role != Role.CASEWORKER or not request.user.municipality_id:
        raise Http404


# --- Worklist -----------------------------------------------------------------------------------

# The worklist's own filter besides `selectors.FILTERS`: granted a coordinator, none appointed yet.
AWAITING_APPOINTMENT = "venter-koordinator"


def awaiting_appointment() -> Q:
    """Applications whose standing decision grants a coordinator or child coordinator and that have no
    open appointment: what the worklist marks «venter på oppnevning», as a database condition."""
    granted = Decision.objects.filter(
        application=OuterRef("pk"),
        replaced_by__isnull=True,
        rights__right__in=[Right.COORDINATOR, Right.CHILD_COORDINATOR],
        rights__outcome__in=[Outcome.GRANTED, Outcome.PARTLY],
    )
    appointed = CoordinatorAssignment.objects.filter(application=OuterRef("pk"), ends_on__isnull=True)
    return Q(status=ApplicationStatus.DECIDED) & Q(Exists(granted)) & ~Q(Exists(appointed))


def filter_menu() -> list[tuple[str, str]]:
    """The worklist's filters, what needs work first: waiting for a decision (the default), granted and
    waiting for a coordinator, decided, all."""
    labels = {key: label for key, (label, _q) in selectors.FILTERS.items()}
    labels[AWAITING_APPOINTMENT] = _("Innvilget, mangler koordinator")
    return [(key, labels[key]) for key in ("open", AWAITING_APPOINTMENT, "decided", "all")]


def search_cases(applications, query: str):
    """Applications whose family or child matches the search text."""
    if not query:
        return applications
    return applications.filter(
        Q(family__name__icontains=query)
        | Q(child__first_name__icontains=query)
        | Q(child__last_name__icontains=query)
    )


@login_required
def worklist(request):
    """Applications waiting for a decision (by default; `?vis=` shows the decided, those waiting for a
    coordinator, or all) with days left and interim-reply flags, complaints, change requests, transitions.
    Each list a page at a time, counted with its rows in one query; the applications can be searched by
    family or child."""
    require_caseworker(request)
    today = dates.today()
    families = access.visible_families(request.user)
    filter_key = request.GET.get("vis", selectors.DEFAULT_FILTER)
    if filter_key not in selectors.FILTERS and filter_key != AWAITING_APPOINTMENT:
        filter_key = selectors.DEFAULT_FILTER
    query = request.GET.get("q", "").strip()[:100]
    if filter_key == AWAITING_APPOINTMENT:
        applications = selectors.case_list(families, "all").filter(awaiting_appointment())
    else:
        applications = selectors.case_list(families, filter_key)
    page = paging.counted_page(request, search_cases(applications, query), PAGE_SIZE)
    rows = [selectors.case_row(a, today) for a in page.object_list]
    complaint_page = paging.counted_page(
        request, selectors.open_complaints(families), SIDE_PAGE_SIZE, "klager"
    )
    complaints = list(complaint_page.object_list)
    change_page = paging.counted_page(
        request, coordinator_selectors.open_change_requests(families), SIDE_PAGE_SIZE, "bytte"
    )
    change_requests = list(change_page.object_list)
    transitions, transitions_total = selectors.first_transitions(families, today, selectors.PANEL_TRANSITIONS)
    shown = {r.application.family_id for r in rows} | {c.decision.application.family_id for c in complaints}
    shown |= {r.family_id for r in change_requests} | {t.child.family_id for t in transitions}
    if shown:
        access.log_family_list(request, families.filter(pk__in=shown).order_by("pk"))
    return render(
        request,
        "casework/worklist.html",
        {
            "rows": rows,
            "page": page,
            "query": query,
            "filter_key": filter_key,
            "filters": filter_menu(),
            "complaints": complaints,
            "complaint_page": complaint_page,
            "change_requests": change_requests,
            "change_page": change_page,
            "transitions": transitions,
            "transitions_total": transitions_total,
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
        coordinators=coordinator_selectors.coordinators_in(family.municipality_id),
        initial={"received_on": dates.today(), "channel": "letter"},
    )
    done = pages.run_form(
        form,
        lambda data: applications.register_application(
            family=family,
            by_user=request.user,
            channel=data["channel"],
            received_on=data["received_on"],
            **form.service_fields(),
        ),
    )
    if done:
        messages.success(request, _("Søknaden er registrert."))
        return redirect("casework:application", application_id=done.value.pk)
    return pages.form_page(
        request,
        form,
        _("Registrer søknad"),
        family=family,
        back_url=reverse("people:family", args=[family.pk]),
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
    row = selectors.case_row(application, dates.today())
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
        "casework/application_detail.html",
        {
            "application": application,
            "family": application.family,
            "row": row,
            "assessment": assessment,
            "rights": assessments.final_rights(assessment) if assessment else None,
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
        coordinators=coordinator_selectors.coordinators_in(family.municipality_id),
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
    done = pages.run_form(
        form,
        lambda data: applications.update_application(
            application,
            request.user,
            channel=data["channel"],
            received_on=data["received_on"],
            **form.service_fields(),
        ),
    )
    if done:
        messages.success(
            request, _("Endringen er lagret. Den gamle versjonen er tatt vare på i historikken.")
        )
        return redirect("casework:application", application_id=application.pk)
    return pages.form_page(
        request,
        form,
        _("Endre søknaden"),
        family=family,
        back_url=reverse("casework:application", args=[application.pk]),
    )


@login_required
@require_POST
def document_upload(request, application_id):
    grant, application = access.get(request, Application, application_id, STAFF, record_type="document")
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        pages.run_action(
            request,
            lambda: applications.add_document(
                application, request.user, form.cleaned_data["file"], form.cleaned_data["title"]
            ),
            success=_("Dokumentet er lagt til i saken."),
        )
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("casework:application", application_id=application.pk)


def document_response(request, document_id, capability):
    """A document of the case as a file: it leaves Los, so it is logged as an export."""
    grant, document = access.get(request, ApplicationDocument, document_id, capability, log=False)
    access.log_export(request, grant, "document", document.pk)
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="dokument-{document.pk}{applications.DOCUMENT_TYPES[document.content_type]}"'
    )
    return response


@login_required
@require_safe
def document_download(request, document_id):
    return document_response(request, document_id, STAFF)
