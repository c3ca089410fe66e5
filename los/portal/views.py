"""The family's pages: our family at a glance and who has looked at our data (the consent pages are in
`los.consent.views`).

Access goes through `los.core.access` only; the consent services log the changes they make."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from los.consent import services as consent_services
from los.core import access, sections
from los.core.access import Capability, family_view
from los.core.models import Role
from los.people import selectors

from . import selectors as log
from .forms import LogFilterForm

LOG_PAGE_SIZE = 25


@login_required
def home(request):
    if request.user.role != Role.GUARDIAN:
        raise Http404
    families = list(access.visible_families(request.user).order_by("name", "id"))
    if len(families) == 1:
        return redirect("portal:family", family_id=families[0].pk)
    access.log_family_list(request, families)
    return render(request, "portal/choose_family.html", {"families": families})


@family_view(Capability.ACT_AS_FAMILY, record_type="family")
def family(request, grant):
    """The family's own page: one read of the family is logged; the sections add none of their own."""
    family = selectors.family_detail(grant)
    guardian = consent_services.guardian_for(request.user, family)
    for consent in family.all_consents:
        consent.signed_ids = {s.guardian_id for s in consent.signatures.all()}
        consent.version = consent_services.version_of(consent)
        # Whose signature the consent still waits for, and how each of them can give it.
        consent.missing = consent_services.missing_signers(consent, family)
        consent.missing_names = consent_services.names(consent.missing)
        consent.how = [consent_services.how_to_sign(g) for g in consent.missing]
    coordinators = [a.coordinator for a in family.current_assignments]
    return render(
        request,
        "portal/family.html",
        {
            "family": family,
            "guardian": guardian,
            "coordinator": coordinators[0] if coordinators else None,
            "portal": True,
            "recent_log": log.recent_others(
                grant, guardians=log.family_user_ids(grant, family.guardians.all())
            ),
            "sections": sections.compose(grant, sections.FAMILY),
        },
    )


@require_safe
@family_view((Capability.ACT_AS_FAMILY, Capability.READ_ACCESS_LOG), record_type="access_log")
def access_log(request, grant):
    """Who has seen our data: others' reads, the family's own only on request, filtered by person, role
    and period (a GET form that works without JavaScript), each person under one name
    (`los.portal.selectors`)."""
    guardians = log.family_user_ids(grant)
    people = log.people_in_log(grant, guardians)
    form = LogFilterForm(request.GET or None, people=people.values())
    valid = form.is_valid() if form.is_bound else True
    wanted = form.wanted() if form.is_bound else log.LogFilter()
    page = log.log_page(grant, wanted, request.GET.get("side"), LOG_PAGE_SIZE, guardians, people)
    return render(
        request,
        "portal/access_log.html",
        {"family": grant.family, "page": page, "form": form, "wanted": wanted},
        status=200 if valid else 400,
    )
