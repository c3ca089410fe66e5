"""Intake sections on pages other apps own: the family page, the family's portal page, the worklist.

Each tag asks the access policy itself rather than trusting the page it is placed on. The page's own
view has written the access log for the family page; the tags do not log the same page view twice."""

from django import template

from los.core import access
from los.core.access import Capability
from los.core.models import Role

from .. import selectors
from ..deadlines import today_oslo
from ..models import Application, ChangeOfCoordinatorRequest

register = template.Library()


def _rows(family, today):
    applications = selectors.with_case_relations(Application.objects.filter(family=family)).order_by(
        "-received_on", "-id"
    )
    return [selectors.case_row(a, today) for a in applications]


@register.inclusion_tag("intake/_family_cases.html", takes_context=True)
def intake_family_section(context, family):
    """The family's applications on the staff family page (caseworkers only)."""
    request = context["request"]
    found = access.access_for(request.user, family.pk)
    if found is None or not found.can(Capability.MANAGE_CASE):
        return {"show": False}
    return {
        "show": True,
        "family": family,
        "rows": _rows(family, today_oslo()),
        "change_requests": ChangeOfCoordinatorRequest.objects.filter(family=family, state="open"),
    }


@register.inclusion_tag("intake/portal/_family_cases.html", takes_context=True)
def intake_portal_section(context, family):
    """The family's applications, coordinator and requests on their own page."""
    request = context["request"]
    found = access.access_for(request.user, family.pk)
    if found is None or not found.can(Capability.ACT_AS_FAMILY):
        return {"show": False}
    from ..services import current_assignment

    return {
        "show": True,
        "family": family,
        "rows": _rows(family, today_oslo()),
        "assignment": current_assignment(family),
        "change_requests": ChangeOfCoordinatorRequest.objects.filter(family=family).order_by(
            "-requested_on", "-id"
        )[:3],
    }


@register.inclusion_tag("intake/_worklist_panel.html", takes_context=True)
def intake_worklist_panel(context):
    """On the staff start page: what waits in the coordinating unit, and children in transition."""
    request = context["request"]
    user = request.user
    if not user.is_authenticated or user.role not in (Role.CASEWORKER, Role.COORDINATOR):
        return {"show": False}
    today = today_oslo()
    families = access.visible_families(user)
    found = selectors.transitions(families, today)
    if found:
        reasons = dict(
            families.filter(pk__in={t.child.family_id for t in found}).values_list("pk", "access_reason")
        )
        access.log_access(
            request,
            [
                access.FamilyAccess(family=f, reason=reasons[f.pk])
                for f in {t.child.family_id: t.child.family for t in found}.values()
                if f.pk in reasons
            ],
            record_type="family_list",
        )
    counts = None
    if user.role == Role.CASEWORKER:
        rows = [selectors.case_row(a, today) for a in selectors.case_list(families, "open")]
        counts = {
            "open": len(rows),
            "interim_overdue": sum(1 for r in rows if r.interim_overdue),
            "complaints": sum(1 for c in selectors.open_complaints(families) if c.is_open),
            "change_requests": selectors.open_change_requests(families).count(),
        }
    return {
        "show": True,
        "transitions": found,
        "counts": counts,
        "is_caseworker": user.role == Role.CASEWORKER,
    }
