"""The family's side of the case: apply, follow each step, read the letters, and complain. Plain bokmål
(klarspråk); every page works on a phone."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from los.casework import selectors
from los.casework.forms import ApplicationForm, ComplaintForm
from los.casework.models import Application, Decision
from los.casework.services import applications, complaints
from los.casework.views.applications import document_response
from los.casework.views.decisions import letter_download
from los.coordinators import selectors as coordinator_selectors
from los.core import access, dates, pages
from los.core.access import Capability, family_view

FAMILY = Capability.ACT_AS_FAMILY


@family_view(FAMILY, record_type="application")
def apply(request, grant):
    """The short guided application."""
    family = grant.family
    form = ApplicationForm(
        request.POST if request.method == "POST" else None,
        family=family,
        coordinators=coordinator_selectors.coordinators_in(family.municipality_id),
        initial={"child": family.children.values_list("pk", flat=True).first()},
    )
    done = pages.run_form(
        form,
        lambda data: applications.register_application(
            family=family, by_user=request.user, **form.service_fields()
        ),
    )
    if done:
        messages.success(request, _("Takk! Vi har fått søknaden. Her ser dere hva som skjer videre."))
        return redirect("portal_case:application", application_id=done.value.pk)
    return render(
        request,
        "casework/portal/apply.html",
        {"form": form, "family": family},
        status=422 if form.is_bound else 200,
    )


@login_required
def application(request, application_id):
    """Each step of the case, the letters, the coordinator, and what the family can do now."""
    grant, app = access.get(request, Application, application_id, FAMILY)
    app = selectors.with_case_relations(access.visible(grant, Application).filter(pk=app.pk)).get()
    row = selectors.case_row(app, dates.today())
    decisions = sorted(app.decisions.all(), key=lambda d: (d.created_at, d.pk))
    return render(
        request,
        "casework/portal/application.html",
        {
            "application": app,
            "family": grant.family,
            "row": row,
            "decisions": decisions,
            "replies": sorted(app.interim_replies.all(), key=lambda r: (r.sent_on, r.pk)),
            "complaints": sorted(
                [c for d in decisions for c in d.complaints.all()], key=lambda c: (c.received_on, c.pk)
            ),
            "assignment": coordinator_selectors.current_assignment(grant),
            "documents": selectors.documents(grant, app),
            "today": dates.today(),
        },
    )


@login_required
@require_safe
def decision_letter(request, decision_id):
    return letter_download(request, decision_id, FAMILY)


@login_required
@require_safe
def document(request, document_id):
    return document_response(request, document_id, FAMILY)


@login_required
def complain(request, decision_id):
    """Complain about a decision: to the municipality first, which may change it or send it on."""
    grant, decision = access.get(request, Decision, decision_id, FAMILY, record_type="complaint")
    form = ComplaintForm(request.POST if request.method == "POST" else None)
    if pages.run_form(
        form, lambda data: complaints.register_complaint(decision, request.user, data["grounds"])
    ):
        messages.success(request, _("Vi har fått klagen. Vi ser på saken på nytt og gir dere beskjed."))
        return redirect("portal_case:application", application_id=decision.application_id)
    intro = _(
        "Fristen for å klage er %(deadline)s. Vi som fattet vedtaket, ser på saken på nytt. "
        "Er vi enige med dere, får dere et nytt vedtak. Er vi ikke enige, sender vi klagen til "
        "Statsforvalteren, som avgjør saken."
    ) % {"deadline": decision.complaint_deadline.strftime("%d.%m.%Y")}
    return pages.form_page(
        request,
        form,
        _("Klag på vedtaket"),
        family=grant.family,
        back_url=reverse("portal_case:application", args=[decision.application_id]),
        intro=intro,
        submit_label=_("Send klagen"),
    )
