"""Children in transition, a page at a time: turning 18 within six months, or unborn past the due date."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from los.casework import selectors
from los.core import access, dates, paging


@require_safe
@login_required
def transitions(request):
    """Every transition in the families the caseworker or coordinator reaches; each family shown logged."""
    if request.user.role not in selectors.PANEL_ROLES or not request.user.municipality_id:
        raise Http404
    families = access.visible_families(request.user)
    page = paging.counted_page(request, selectors.transition_children(families, dates.today()))
    found = selectors.as_transitions(page.object_list)
    shown = {t.child.family_id for t in found}
    if shown:
        access.log_family_list(request, families.filter(pk__in=shown).order_by("pk"))
    return render(request, "casework/transitions.html", {"page": page, "transitions": found})
