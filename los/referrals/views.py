"""Referral pages: the coordinator refers and records answers; the coordinating unit keeps the directory."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from los.core import access
from los.core.access import STAFF_ROLES, Capability, family_view, login_first
from los.core.errors import DomainError
from los.core.models import Role

from . import selectors, services
from .forms import AnswerForm, OrganisationForm, ReferralForm
from .models import PatientOrganisation, Referral

COORDINATE = (Capability.STAFF_VIEW, Capability.COORDINATE)


def _form_page(request, form, title, back_url, family=None, intro="", submit_label=None):
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "title": title,
            "back_url": back_url,
            "family": family,
            "intro": intro,
            "submit_label": submit_label or _("Lagre"),
        },
        status=422 if form.is_bound else 200,
    )


def _fail(form, error):
    form.add_error(error.field if error.field in form.fields else None, error.message)


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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.refer(
                family,
                request.user,
                reason=data["reason"],
                sent_on=data["sent_on"],
                service_id=data["service"].pk if data["service"] else None,
                organisation_id=data["organisation"].pk if data["organisation"] else None,
            )
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Henvisningen er registrert. Registrer svaret når det kommer."))
            return redirect("referrals:list", family_id=family.pk)
    return _form_page(
        request,
        form,
        _("Ny henvisning"),
        reverse("referrals:list", args=[family.pk]),
        family,
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
    if request.method == "POST" and form.is_valid():
        try:
            services.record_answer(referral, **form.cleaned_data)
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Svaret er registrert."))
            return redirect("referrals:list", family_id=grant.family.pk)
    return _form_page(
        request,
        form,
        _("Registrer svar på henvisningen"),
        reverse("referrals:list", args=[grant.family.pk]),
        grant.family,
    )


def _staff_in_municipality(request):
    if request.user.role not in STAFF_ROLES or not request.user.municipality_id:
        raise Http404


@login_required
def directory(request):
    """The coordinating unit's directory of patient and user organisations (not family data)."""
    _staff_in_municipality(request)
    organisations = PatientOrganisation.objects.filter(municipality_id=request.user.municipality_id)
    if request.user.role != Role.CASEWORKER:
        organisations = organisations.filter(active=True)
    return render(
        request,
        "referrals/directory.html",
        {"organisations": organisations, "can_edit": request.user.role == Role.CASEWORKER},
    )


@login_required
def organisation_edit(request, organisation_id=None):
    if request.user.role != Role.CASEWORKER or not request.user.municipality_id:
        raise Http404
    instance = None
    if organisation_id:
        instance = get_object_or_404(
            PatientOrganisation, pk=organisation_id, municipality_id=request.user.municipality_id
        )
    form = OrganisationForm(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_organisation(request.user.municipality_id, instance=instance, **form.cleaned_data)
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Katalogen er oppdatert."))
            return redirect("referrals:directory")
    title = _("Endre organisasjon") if instance else _("Ny organisasjon i katalogen")
    return _form_page(request, form, title, reverse("referrals:directory"))
