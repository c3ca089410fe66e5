"""What the plan's pages share: the coordinator's capabilities, binding a form, the plan's page, and the
plan as the record policy shows it."""

from django.http import Http404
from django.urls import reverse

from los.core import access
from los.core.access import Capability

from .. import selectors

COORDINATE = (Capability.STAFF_VIEW, Capability.COORDINATE)


def bound(request):
    """The posted data to bind a form to, or None for a GET."""
    return request.POST if request.method == "POST" else None


def plan_url(family) -> str:
    """The family's plan page."""
    return reverse("plans:plan", args=[family.pk])


def visible_plan(grant):
    """The family's plan as the record policy shows it to this grant; 404 when there is none."""
    plan = selectors.plan_of(grant)
    if plan is None:
        raise Http404(access.NOT_FOUND)
    return plan
