"""Referral pages: the coordinator refers and records answers; the coordinating unit keeps the directory."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from los.core import access, pages, paging
from los.core.access import Capability, family_view, login_first

from . import policy, selectors, services
from .forms import AnswerForm, OrganisationForm, ReferralForm
from .models import Referral

COORDINATE = (Capability.STAFF_VIEW, Capability.COORDINATE)


@family_view(Capability.STAFF_VIEW, record_type="referrals")
def referral_list(request, grant):
    return render(
        request,
        "referrals/list.html",
        {
            "family": grant.family,
            "referrals": selectors.referrals(grant),
            "can_refer": grant.can(Capability.COORDINATE),
        },
    )


@family_view(COORDINATE, record_type="referrals")
def referral_create(request, grant):
    family = grant.family
    form = ReferralForm(request.POST if request.method == "POST" else None, family=family)

    def refer(data):
        return services.refer(
            family,
            request.user,
            reason=data["reason"],
            sent_on=data["sent_on"],
            service_id=data["service"].pk if data["service"] else None,
            organisation_id=data["organisation"].pk if data["organisation"] else None,
        )

    if pages.run_form(form, refer):
        messages.success(request, _("Henvisningen er registrert. Registrer svaret når det kommer."))
        return redirect("referrals:list", family_id=family.pk)
    return pages.form_page(
        request,
        form,
        _("Ny henvisning"),
        family=family,
        back_url=reverse("referrals:list", args=[family.pk]),
        intro=_("Velg en tjeneste eller en pasient- og brukerorganisasjon fra kommunens katalog."),
        submit_label=_("Registrer henvisningen"),
    )


@login_first
def referral_answer(request, family_id, referral_id):
    # Only a referral of the family in the address: another family's answers 404 and logs nothing.
    grant, referral = access.get(
        request, Referral, referral_id, COORDINATE, queryset=Referral.objects.filter(family_id=family_id)
    )
    form = AnswerForm(request.POST if request.method == "POST" else None)
    if pages.run_form(form, lambda data: services.record_answer(referral, **data)):
        messages.success(request, _("Svaret er registrert."))
        return redirect("referrals:list", family_id=grant.family.pk)
    return pages.form_page(
        request,
        form,
        _("Registrer svar på henvisningen"),
        family=grant.family,
        back_url=reverse("referrals:list", args=[grant.family.pk]),
    )


@login_required
def directory(request):
    """The coordinating unit's directory of patient and user organisations (not family data)."""
    if not policy.may_read_directory(request.user):
        raise Http404
    organisations = selectors.directory(request.user).order_by("name", "id")
    query = request.GET.get("q", "").strip()[:100]
    if query:
        organisations = organisations.filter(Q(name__icontains=query) | Q(helps_with__icontains=query))
    page = paging.paginate(request, organisations)
    return render(
        request,
        "referrals/directory.html",
        {
            "organisations": page.object_list,
            "page": page,
            "query": query,
            "can_edit": policy.may_keep_directory(request.user),
        },
    )


@login_required
def organisation_edit(request, organisation_id=None):
    user = request.user
    if not policy.may_keep_directory(user):
        raise Http404
    instance = None
    if organisation_id:
        instance = selectors.directory_entry(user, organisation_id)
        if instance is None:
            raise Http404
    form = OrganisationForm(request.POST if request.method == "POST" else None, instance=instance)
    if pages.run_form(
        form, lambda data: services.save_organisation(user.municipality_id, instance=instance, **data)
    ):
        messages.success(request, _("Katalogen er oppdatert."))
        return redirect("referrals:directory")
    title = _("Endre organisasjon") if instance else _("Ny organisasjon i katalogen")
    return pages.form_page(request, form, title, back_url=reverse("referrals:directory"))
