"""The family's side of the case: apply, follow each step, read the letters, complain, ask to change
coordinator. Plain bokmål (klarspråk); every page works on a phone."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from los.core import access
from los.core.access import Capability, family_view
from los.core.errors import DomainError

from . import selectors, services
from .deadlines import today_oslo
from .forms import ApplicationForm, ChangeRequestForm, ComplaintForm
from .models import Application, ChangeRequestState, Decision
from .views import _domain_error, document_response, letter_download

FAMILY = Capability.ACT_AS_FAMILY


@family_view(FAMILY, record_type="application")
def apply(request, grant):
    """The short guided application."""
    family = grant.family
    form = ApplicationForm(
        request.POST if request.method == "POST" else None,
        family=family,
        coordinators=services.coordinators_in(family.municipality_id),
        initial={"child": family.children.values_list("pk", flat=True).first()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = services.register_application(
                family=family, by_user=request.user, **form.service_fields()
            )
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _("Takk! Vi har fått søknaden. Her ser dere hva som skjer videre."))
            return redirect("portal_case:application", application_id=application.pk)
    return render(
        request,
        "intake/portal/apply.html",
        {"form": form, "family": family},
        status=422 if form.is_bound else 200,
    )


@login_required
def application(request, application_id):
    """Each step of the case, the letters, the coordinator, and what the family can do now."""
    grant, app = access.get(request, Application, application_id, FAMILY)
    app = selectors.with_case_relations(access.visible(grant, Application).filter(pk=app.pk)).get()
    row = selectors.case_row(app, today_oslo())
    decisions = sorted(app.decisions.all(), key=lambda d: (d.created_at, d.pk))
    return render(
        request,
        "intake/portal/application.html",
        {
            "application": app,
            "family": grant.family,
            "row": row,
            "decisions": decisions,
            "replies": sorted(app.interim_replies.all(), key=lambda r: (r.sent_on, r.pk)),
            "complaints": sorted(
                [c for d in decisions for c in d.complaints.all()], key=lambda c: (c.received_on, c.pk)
            ),
            "assignment": selectors.current_assignment(grant),
            "documents": selectors.documents(grant, app),
            "today": today_oslo(),
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
    if request.method == "POST" and form.is_valid():
        try:
            services.register_complaint(decision, request.user, form.cleaned_data["grounds"])
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(request, _("Vi har fått klagen. Vi ser på saken på nytt og gir dere beskjed."))
            return redirect("portal_case:application", application_id=decision.application_id)
    intro = _(
        "Fristen for å klage er %(deadline)s. Vi som fattet vedtaket, ser på saken på nytt. "
        "Er vi enige med dere, får dere et nytt vedtak. Er vi ikke enige, sender vi klagen til "
        "Statsforvalteren, som avgjør saken."
    ) % {"deadline": decision.complaint_deadline.strftime("%d.%m.%Y")}
    return render(
        request,
        "people/form.html",
        {
            "form": form,
            "family": grant.family,
            "title": _("Klag på vedtaket"),
            "intro": intro,
            "back_url": reverse("portal_case:application", args=[decision.application_id]),
            "submit_label": _("Send klagen"),
        },
        status=422 if form.is_bound else 200,
    )


@family_view(FAMILY, record_type="change_request")
def change_coordinator(request, grant):
    """Ask for another coordinator, with a reason. The request reaches the coordinating unit."""
    family = grant.family
    assignment = selectors.current_assignment(grant)
    form = ChangeRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_change_of_coordinator(
                family, request.user, form.cleaned_data["reason"], form.cleaned_data.get("wishes", "")
            )
        except DomainError as error:
            _domain_error(form, error)
        else:
            messages.success(
                request, _("Vi har fått ønsket deres om ny koordinator. Dere får svar så snart som mulig.")
            )
            return redirect("portal:family", family_id=family.pk)
    if assignment is None:
        intro = _("Familien har ingen koordinator ennå.")
    else:
        intro = _(
            "Koordinatoren deres er %(name)s. Dere har rett til å be om en annen koordinator. "
            "Fortell hvorfor, så finner vi en løsning sammen med dere."
        ) % {"name": assignment.coordinator.get_full_name()}
    open_request = selectors.change_requests(grant).filter(state=ChangeRequestState.OPEN).exists()
    if open_request and request.method != "POST":
        messages.info(request, _("Dere har allerede bedt om å bytte. Vi svarer så snart som mulig."))
    return render(
        request,
        "people/form.html",
        {
            "form": form,
            "family": family,
            "title": _("Be om ny koordinator"),
            "intro": intro,
            "back_url": reverse("portal:family", args=[family.pk]),
            "submit_label": _("Send ønsket"),
        },
        status=422 if form.is_bound else 200,
    )
