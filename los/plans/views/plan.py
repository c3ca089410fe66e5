"""The plan page, making and editing the plan, revising it, its versions, comparing two, and the PDF."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from los.core import access, pages, versions
from los.core.access import Capability, family_view, login_first
from los.people.models import Family

from .. import selectors
from ..compare import choose_versions, compare_versions
from ..forms import NewPlanForm, PlanForm, ReviseForm
from ..pdf import plan_pdf
from ..services import PLAN, VERSION_FIELDS
from ..services import plan as plan_services
from .common import COORDINATE, bound, plan_url, visible_plan


def _no_consent_context(family, grant):
    return {
        "can_record_consent": grant.can(Capability.RECORD_CONSENT),
        "consent_message": plan_services.no_consent_message(),
        "consent_url": reverse("people:consent_register", args=[family.pk]),
    }


@family_view(Capability.STAFF_VIEW, record_type=PLAN)
def plan_detail(request, access_):
    family = access_.family
    plan = selectors.plan_of(access_)
    can_edit = access_.can(Capability.COORDINATE)
    has_consent = plan_services.plan_consent(family) is not None
    if plan is None:
        return render(
            request,
            "plans/plan_missing.html",
            {"family": family, "can_edit": can_edit, "has_consent": has_consent}
            | _no_consent_context(family, access_),
        )
    version = selectors.version(plan)
    selectors.attach_evaluations(version, selectors.evaluations_by_lineage(plan))
    comments = selectors.comments(plan)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "family": family,
            "plan": plan,
            "version": version,
            "versions": selectors.version_list(plan),
            "progress": selectors.progress(version),
            "comments": comments,
            "unseen": selectors.unseen_comments(comments, request.user),
            "can_edit": can_edit,
            "user_id": request.user.pk,
            "has_consent": has_consent,
            **_no_consent_context(family, access_),
        },
    )


@family_view(COORDINATE, record_type=PLAN)
def plan_create(request, access_):
    family = access_.family
    if selectors.plan_of(access_) is not None:
        return redirect("plans:plan", family_id=family.pk)
    if plan_services.plan_consent(family) is None:
        refused = request.method == "POST"
        return render(
            request,
            "plans/plan_missing.html",
            {"family": family, "can_edit": True, "has_consent": False, "refused": refused}
            | _no_consent_context(family, access_),
            status=422 if refused else 200,
        )
    children = family.children.all()
    form = NewPlanForm(
        bound(request), initial=plan_services.new_plan_defaults(family=family), children=children
    )
    if pages.run_form(form, lambda data: plan_services.create_plan(family, request.user, **data)):
        messages.success(request, _("Planen er laget. Skriv inn mål og tiltak sammen med familien."))
        return redirect("plans:plan", family_id=family.pk)
    return pages.form_page(
        request,
        form,
        _("Lag individuell plan"),
        family=family,
        back_url=plan_url(family),
        intro=_("Planen lages sammen med barnet og familien. Mål og tiltak legger du inn etterpå."),
        submit_label=_("Lag planen"),
    )


@family_view(COORDINATE, record_type=PLAN)
def plan_edit(request, access_):
    family = access_.family
    version = plan_services.working_version(visible_plan(access_))
    form = PlanForm(bound(request), initial={name: getattr(version, name) for name in VERSION_FIELDS})
    versions.track(form, version)
    if pages.run_form(form, lambda data: plan_services.update_version(version, request.user, **data)):
        messages.success(request, _("Planen er lagret."))
        return redirect("plans:plan", family_id=family.pk)
    return pages.form_page(
        request,
        form,
        _("Endre planen (versjon %(n)s)") % {"n": version.number},
        family=family,
        back_url=plan_url(family),
    )


@family_view(COORDINATE, record_type=PLAN)
def revise(request, access_):
    family = access_.family
    plan = visible_plan(access_)
    version = plan_services.working_version(plan)
    form = ReviseForm(bound(request))
    done = pages.run_form(form, lambda data: plan_services.revise(plan, request.user, data["revision_note"]))
    if done:
        messages.success(
            request,
            _("Versjon %(old)s er låst. Dere arbeider nå i versjon %(new)s.")
            % {"old": version.number, "new": done.value.number},
        )
        return redirect("plans:plan", family_id=family.pk)
    return pages.form_page(
        request,
        form,
        _("Revider planen"),
        family=family,
        back_url=plan_url(family),
        intro=_(
            "Versjon %(n)s blir låst og tatt vare på slik den er. "
            "Alt kopieres til en ny versjon som dere endrer videre."
        )
        % {"n": version.number},
        submit_label=_("Lag ny versjon"),
    )


@family_view(Capability.VIEW, record_type=PLAN)
def version_detail(request, access_, number):
    plan = visible_plan(access_)
    version = selectors.version(plan, number)
    if version is None:
        raise Http404
    selectors.attach_evaluations(version, selectors.evaluations_by_lineage(plan))
    return render(
        request,
        "plans/version.html",
        {
            "family": access_.family,
            "plan": plan,
            "version": version,
            "versions": selectors.version_list(plan),
            "staff": access_.can(Capability.STAFF_VIEW),
        },
    )


@family_view(Capability.VIEW, record_type=PLAN)
def compare(request, access_):
    plan = visible_plan(access_)
    versions = selectors.version_list(plan)
    old_n, new_n, error = choose_versions(
        [v.number for v in versions], request.GET.get("fra"), request.GET.get("til")
    )
    return render(
        request,
        "plans/compare.html",
        {
            "family": access_.family,
            "plan": plan,
            "versions": versions,
            "diff": compare_versions(selectors.version(plan, old_n), selectors.version(plan, new_n)),
            "old_n": old_n,
            "new_n": new_n,
            "error": error,
            "staff": access_.can(Capability.STAFF_VIEW),
        },
        status=422 if error else 200,
    )


@login_first
def pdf(request, family_id):
    """The plan as a PDF in bokmål. A file leaving Los: logged as an export, once it is made."""
    access_, _family = access.get(request, Family, family_id, Capability.VIEW, record_type=PLAN, log=False)
    plan = visible_plan(access_)
    number = request.GET.get("versjon")
    version = selectors.version(plan, int(number)) if number and number.isdigit() else selectors.version(plan)
    if version is None:
        raise Http404(access.NOT_FOUND)
    content = plan_pdf(version)
    access.log_export(request, access_, PLAN, record_id=plan.pk)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="individuell-plan-v{version.number}.pdf"'
    return response
