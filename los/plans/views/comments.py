"""The family's page of the plan, where guardians read it and comment, and the coordinator marking the
comments as read."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from los.core import pages
from los.core.access import Capability, family_view

from .. import selectors
from ..forms import CommentForm
from ..services import PLAN
from ..services import evaluations as evaluation_services
from .common import COORDINATE, bound, visible_plan


@require_POST
@family_view(COORDINATE, record_type=PLAN)
def comments_seen(request, access_):
    plan = visible_plan(access_)
    evaluation_services.mark_comments_seen(plan, request.user)
    messages.success(request, _("Kommentarene er merket som lest."))
    return redirect("plans:plan", family_id=access_.family.pk)


@family_view(Capability.ACT_AS_FAMILY, record_type=PLAN)
def portal_plan(request, access_):
    """The guardian reads the plan and comments on it."""
    family = access_.family
    plan = selectors.plan_of(access_)
    version = selectors.version(plan) if plan else None
    form = CommentForm(bound(request))
    if version is not None:
        if pages.run_form(
            form, lambda data: evaluation_services.add_comment(version, request.user, data["text"])
        ):
            messages.success(request, _("Takk. Kommentaren er sendt til koordinatoren."))
            return redirect("plans:portal_plan", family_id=family.pk)
        selectors.attach_evaluations(version, selectors.evaluations_by_lineage(plan))
    return render(
        request,
        "plans/portal_plan.html",
        {
            "family": family,
            "plan": plan,
            "version": version,
            "form": form,
            "versions": selectors.version_list(plan) if plan else [],
            "comments": selectors.comments(plan) if plan else [],
            "progress": selectors.progress(version) if version else None,
        },
        status=422 if form.is_bound and form.errors else 200,
    )
