"""Staff pages: the worklist, the family page, and registering families, children and guardians.

Access goes through `los.core.access` only: the guard fetches, authorises and logs a read; a change is
logged by the service that makes it (`services`); a refused or invalid request logs nothing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from los.casework.selectors import worklist_panel
from los.core import access, pages, sections
from los.core.access import Capability, family_view, login_first
from los.core.models import Role

from . import policy, selectors, services
from .forms import ChildForm, FamilyForm, GuardianForm
from .models import Child, Family, Guardian

PAGE_SIZE = 50
EDIT = (Capability.STAFF_VIEW, Capability.EDIT_FAMILY)

WORKLIST_TITLES = {
    Role.CASEWORKER: _("Arbeidsliste: familier i kommunen"),
    Role.COORDINATOR: _("Mine familier"),
    Role.PROVIDER: _("Familier jeg jobber med"),
}


@login_required
def worklist(request):
    """The staff start page: the families this user may see, paginated, each read logged."""
    if not policy.has_worklist(request.user):
        raise Http404
    families = selectors.family_list(access.visible_families(request.user))
    query = request.GET.get("q", "").strip()[:100]
    if query:
        families = families.filter(name__icontains=query)
    page = Paginator(families, PAGE_SIZE).get_page(request.GET.get("side"))
    panel = worklist_panel(request.user)  # None for anyone but caseworker and coordinator
    # One read per family shown, on the list or in the panel (both come from `visible_families`).
    shown = {f.pk: f for f in page.object_list}
    for f in panel["families"] if panel else []:
        shown.setdefault(f.pk, f)
    access.log_family_list(request, list(shown.values()))
    return render(
        request,
        "people/worklist.html",
        {
            "title": WORKLIST_TITLES.get(request.user.role, _("Familier")),
            "page": page,
            "query": query,
            "can_register": policy.may_register_family(request.user),
            "case_panel": panel,
        },
    )


@family_view(Capability.STAFF_VIEW, record_type="family")
def family_detail(request, grant):
    """The staff family page: one read of the family is logged; the sections add none of their own."""
    return render(
        request,
        "people/family_detail.html",
        {
            "family": selectors.family_detail(grant),
            "access": grant,
            "can_edit": grant.can(Capability.EDIT_FAMILY),
            "can_record_consent": grant.can(Capability.RECORD_CONSENT),
            "can_read_log": grant.can(Capability.READ_ACCESS_LOG),
            "sections": sections.compose(grant, sections.STAFF),
            "need_to_know": grant.need_to_know,
            "offer_need_to_know": grant.is_caseworker,
        },
    )


@login_required
def family_create(request):
    if not policy.may_register_family(request.user):
        raise Http404
    form = FamilyForm(request.POST if request.method == "POST" else None)
    if done := pages.run_form(
        form, lambda _data: services.register_family(form.save(commit=False), request.user.municipality_id)
    ):
        messages.success(request, _("Familien er registrert. Legg til barn og foresatte."))
        return redirect("people:family", family_id=done.value.pk)
    return pages.form_page(request, form, _("Registrer familie"))


def _edit(request, grant, form_class, instance, title, save):
    form = form_class(request.POST if request.method == "POST" else None, instance=instance)
    if pages.run_form(form, lambda _data: save(grant.family, form.save(commit=False))):
        messages.success(request, _("Lagret."))
        return redirect("people:family", family_id=grant.family.pk)
    return pages.form_page(request, form, title, family=grant.family)


def _record_in_family(request, model, pk, family_id):
    """One child or guardian through the guard, and only as a record of the family in the address (a
    record of another family answers 404 and logs nothing)."""
    return access.get(request, model, pk, EDIT, queryset=model.objects.filter(family_id=family_id))


@login_first
def child_edit(request, family_id, child_id=None):
    if child_id is None:
        grant, _family = access.get(request, Family, family_id, EDIT, record_type="family")
        return _edit(request, grant, ChildForm, None, _("Legg til barn"), services.save_child)
    grant, child = _record_in_family(request, Child, child_id, family_id)
    return _edit(request, grant, ChildForm, child, _("Endre barn"), services.save_child)


@login_first
def guardian_edit(request, family_id, guardian_id=None):
    if guardian_id is None:
        grant, _family = access.get(request, Family, family_id, EDIT, record_type="family")
        return _edit(request, grant, GuardianForm, None, _("Legg til foresatt"), services.save_guardian)
    grant, guardian = _record_in_family(request, Guardian, guardian_id, family_id)
    return _edit(request, grant, GuardianForm, guardian, _("Endre foresatt"), services.save_guardian)


@require_safe
@family_view((Capability.STAFF_VIEW, Capability.READ_ACCESS_LOG), record_type="access_log")
def access_log(request, grant):
    """The family's access log for the coordinating unit: who, in which role and why, as stored."""
    page = selectors.access_log_page(grant.family.pk, request.GET.get("side"), PAGE_SIZE)
    return render(request, "people/access_log.html", {"family": grant.family, "page": page, "staff": True})
