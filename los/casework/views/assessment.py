"""The eligibility assessment and the interim reply: enter the facts, run the engine, confirm or override
each criterion, and send a foreløpig svar when the answer takes time (forvaltningsloven § 11 a)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from los.core import access, dates, pages

from .. import deadlines, selectors
from ..forms import FactsForm, InterimReplyForm, ReviewForm
from ..models import Application
from ..services import assessments, decisions
from .applications import STAFF


def _assessment_page(request, application, form, latest, review_form):
    return render(
        request,
        "casework/assessment.html",
        {
            "application": application,
            "family": application.family,
            "form": form,
            "assessment": latest,
            "review_form": review_form,
            "rights": assessments.final_rights(latest) if latest else None,
        },
        status=422 if form.is_bound or (review_form is not None and review_form.is_bound) else 200,
    )


def _review_form(latest, data=None):
    return ReviewForm(data, criteria=assessments.criteria_of(latest), reviews=list(latest.reviews.all()))


@login_required
def assessment(request, application_id):
    """Enter the facts, run the engine, then confirm or override each criterion."""
    grant, application = access.get(request, Application, application_id, STAFF, record_type="eligibility")
    latest = selectors.latest_assessment(grant, application)
    facts = latest.facts if latest else assessments.known_facts(application)
    if latest:
        facts = {**facts, "assessed_on": dates.today()}
    form = FactsForm(
        request.POST if request.method == "POST" else None, initial=FactsForm.initial_from(facts)
    )
    if pages.run_form(
        form, lambda data: assessments.assess_application(application, request.user, form.facts())
    ):
        messages.success(request, _("Vilkårene er vurdert. Bekreft eller overstyr hvert vilkår."))
        return redirect(reverse("casework:assessment", args=[application.pk]) + "#review")
    return _assessment_page(request, application, form, latest, _review_form(latest) if latest else None)


@login_required
@require_POST
def assessment_review(request, application_id):
    grant, application = access.get(request, Application, application_id, STAFF, record_type="eligibility")
    latest = selectors.latest_assessment(grant, application)
    if latest is None:
        raise Http404
    form = _review_form(latest, request.POST)
    if pages.run_form(form, lambda data: assessments.review_assessment(latest, request.user, form.answers())):
        messages.success(request, _("Vurderingen av vilkårene er lagret."))
        return redirect("casework:application", application_id=application.pk)
    return _assessment_page(
        request, application, FactsForm(initial=FactsForm.initial_from(latest.facts)), latest, form
    )


@login_required
def interim_reply(request, application_id):
    """Send a foreløpig svar (fvl § 11 a); the letter text is generated and the date recorded."""
    grant, application = access.get(request, Application, application_id, STAFF, record_type="interim_reply")
    due = deadlines.interim_reply_due(application.received_on)
    form = InterimReplyForm(
        request.POST if request.method == "POST" else None,
        initial={
            "reason": _("Vi trenger opplysninger fra tjenestene rundt barnet før vi kan vurdere søknaden."),
            "expected_by": dates.add_weeks(max(dates.today(), due), 4),
        },
    )
    if pages.run_form(
        form,
        lambda data: decisions.send_interim_reply(
            application, request.user, data["reason"], data["expected_by"]
        ),
    ):
        messages.success(request, _("Foreløpig svar er sendt. Familien ser det på sidene sine."))
        return redirect("casework:application", application_id=application.pk)
    intro = _(
        "Søknaden kom %(received)s. Fristen for foreløpig svar er %(due)s (forvaltningsloven § 11 a). "
        "Brevet lages av teksten under og vises for familien i Los."
    ) % {"received": application.received_on.strftime("%d.%m.%Y"), "due": due.strftime("%d.%m.%Y")}
    return pages.form_page(
        request,
        form,
        _("Send foreløpig svar"),
        family=application.family,
        back_url=reverse("casework:application", args=[application.pk]),
        intro=intro,
        submit_label=_("Send foreløpig svar"),
    )
