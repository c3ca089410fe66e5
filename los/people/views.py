"""Staff pages: the worklist, the family page, and registering families, children and guardians."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from los.core import access
from los.core.access import Capability, family_view
from los.core.models import AccessLogEntry, Role

from . import selectors
from .forms import ChildForm, FamilyForm, GuardianForm

PAGE_SIZE = 50

WORKLIST_TITLES = {
    Role.CASEWORKER: _("Arbeidsliste: familier i kommunen"),
    Role.COORDINATOR: _("Mine familier"),
    Role.PROVIDER: _("Familier jeg jobber med"),
}


@login_required
def worklist(request):
    """The staff start page: the families this user may see, paginated, each read logged."""
    if request.user.role not in access.STAFF_ROLES:
        raise Http404
    families = selectors.family_list(access.visible_families(request.user))
    query = request.GET.get("q", "").strip()[:100]
    if query:
        families = families.filter(name__icontains=query)
    page = Paginator(families, PAGE_SIZE).get_page(request.GET.get("side"))
    access.log_family_list(request, page.object_list)
    return render(
        request,
        "people/worklist.html",
        {
            "title": WORKLIST_TITLES.get(request.user.role, _("Familier")),
            "page": page,
            "query": query,
            "can_register": request.user.role == Role.CASEWORKER,
        },
    )


@family_view(Capability.STAFF_VIEW, record_type="family")
def family_detail(request, access_):
    family = selectors.family_detail(access_.family.pk, access.visible_families(request.user))
    return render(
        request,
        "people/family_detail.html",
        {
            "family": family,
            "access": access_,
            "can_edit": access_.can(Capability.EDIT_FAMILY),
            "can_record_consent": access_.can(Capability.RECORD_CONSENT),
            "can_read_log": access_.can(Capability.READ_ACCESS_LOG),
        },
    )


@login_required
def family_create(request):
    if request.user.role != Role.CASEWORKER or not request.user.municipality_id:
        raise Http404
    form = FamilyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        family = form.save(commit=False)
        family.municipality_id = request.user.municipality_id
        family.save()
        granted = access.require_family(request, family.pk, Capability.EDIT_FAMILY, record_type="family")
        messages.success(request, _("Familien er registrert. Legg til barn og foresatte."))
        return redirect("people:family", family_id=granted.family.pk)
    return render(
        request,
        "people/form.html",
        {"form": form, "title": _("Registrer familie")},
        status=422 if form.is_bound else 200,
    )


def _edit(request, access_, form_class, instance, title, record_type):
    form = form_class(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            obj = form.save(commit=False)
            obj.family = access_.family
            obj.save()
        messages.success(request, _("Lagret."))
        return redirect("people:family", family_id=access_.family.pk)
    return render(
        request,
        "people/form.html",
        {"form": form, "title": title, "family": access_.family},
        status=422 if form.is_bound else 200,
    )


@family_view((Capability.STAFF_VIEW, Capability.EDIT_FAMILY), record_type="child")
def child_edit(request, access_, child_id=None):
    child = get_object_or_404(access_.family.children, pk=child_id) if child_id else None
    title = _("Endre barn") if child else _("Legg til barn")
    return _edit(request, access_, ChildForm, child, title, "child")


@family_view((Capability.STAFF_VIEW, Capability.EDIT_FAMILY), record_type="guardian")
def guardian_edit(request, access_, guardian_id=None):
    guardian = get_object_or_404(access_.family.guardians, pk=guardian_id) if guardian_id else None
    title = _("Endre foresatt") if guardian else _("Legg til foresatt")
    return _edit(request, access_, GuardianForm, guardian, title, "guardian")


@family_view((Capability.STAFF_VIEW, Capability.READ_ACCESS_LOG), record_type="access_log")
def access_log(request, access_):
    entries = (
        AccessLogEntry.objects.filter(family=access_.family).select_related("user").order_by("-at", "-id")
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(request, "people/access_log.html", {"family": access_.family, "page": page, "staff": True})
