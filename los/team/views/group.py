"""The family's follow-up page and the responsibility group: who is in it, adding a professional or someone
from the family, and taking someone out.

Every page fetches its record through the access policy (`access.get`, `family_view`), which authorises
it by the record policy (`los.team.policy`) and logs the read; lists start from `access.visible`. The
services log the changes. Changes need Capability.COORDINATE (the family's coordinator) unless noted.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from los.consent.forms import ConsentRequestForm
from los.core import access, dates, pages
from los.core.access import Capability, family_view
from los.people.models import Child, Guardian, Professional, Service
from los.team import selectors
from los.team.forms import FamilyMemberForm, ProfessionalMemberForm
from los.team.services import group as group_services


def overview_url(family_id) -> str:
    return reverse("team:overview", args=[family_id])


def consent_needed(request, family, refusal: group_services.ConsentNeeded, role: str = ""):
    """Refuse someone the consent does not cover, and offer to ask the guardians to extend it."""
    form = ConsentRequestForm(
        initial={"member": f"{refusal.professional.pk}:{refusal.service.pk}", "role": role}
    )
    return render(
        request,
        "team/consent_needed.html",
        {
            "family": family,
            "message": refusal.message,
            "service": refusal.service,
            "professional": refusal.professional,
            "form": form,
            "back_url": overview_url(family.pk),
        },
        status=409,
    )


def run_form_or_ask_consent(form, action, *, fields=None):
    """`pages.run_form`, except that a refusal for want of consent (`ConsentNeeded`) comes back as the
    value instead of as a form error, so the page can offer to ask the family (`consent_needed`)."""

    def attempt(data):
        try:
            return action(data)
        except group_services.ConsentNeeded as refusal:
            return refusal

    return pages.run_form(form, attempt, fields=fields)


def asks_consent(done) -> bool:
    """Whether `run_form_or_ask_consent` came back with a refusal for want of consent."""
    return done is not None and isinstance(done.value, group_services.ConsentNeeded)


def _back_url(grant) -> str:
    if grant.is_guardian:
        return reverse("portal:family", args=[grant.family.pk])
    return reverse("people:family", args=[grant.family.pk])


def _one(rows, pk):
    row = rows.filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


# --- The family's follow-up page ----------------------------------------------------------------------


@family_view(Capability.VIEW, record_type="responsibility_group")
def overview(request, grant):
    today = dates.today()
    data = selectors.follow_up(grant, today)
    return render(
        request,
        "team/overview.html",
        {
            "family": grant.family,
            "access": grant,
            "today": today,
            "coordinates": grant.can(Capability.COORDINATE),
            "is_family": grant.is_guardian,
            "back_url": _back_url(grant),
            **data,
        },
    )


# --- The responsibility group -------------------------------------------------------------------------


@family_view((Capability.STAFF_VIEW, Capability.COORDINATE), record_type="responsibility_group")
def add_professional(request, grant):
    family = grant.family
    form = ProfessionalMemberForm(request.POST if request.method == "POST" else None, family=family)

    def add(data):
        professional_id, service_id = form.ids()
        professional = get_object_or_404(
            Professional.objects.select_related("organisation", "user"), pk=professional_id
        )
        service = get_object_or_404(Service.objects.select_related("organisation"), pk=service_id)
        return group_services.add_professional(family, professional, service, data["role"], data["contact"])

    done = run_form_or_ask_consent(form, add, fields={"professional": "member", "service": "member"})
    if asks_consent(done):
        return consent_needed(request, family, done.value, role=form.cleaned_data["role"])
    if done:
        messages.success(request, _("%(name)s er med i ansvarsgruppen.") % {"name": done.value.professional})
        return redirect("team:overview", family_id=family.pk)
    return pages.form_page(
        request,
        form,
        _("Legg til fagperson i ansvarsgruppen"),
        family=family,
        back_url=overview_url(family.pk),
        intro=_("Fagpersonen kan bare bli med når familiens samtykke gjelder tjenesten."),
        submit_label=_("Legg til"),
    )


@family_view((Capability.STAFF_VIEW, Capability.COORDINATE), record_type="responsibility_group")
def add_family_member(request, grant):
    family = grant.family
    form = FamilyMemberForm(request.POST if request.method == "POST" else None, family=family)

    def add(data):
        kind, pk = data["person"].split(":")
        return group_services.add_family_member(
            family,
            guardian=_one(access.visible(grant, Guardian), pk) if kind == "guardian" else None,
            child=_one(access.visible(grant, Child), pk) if kind == "child" else None,
            role=data["role"],
            contact=data["contact"],
        )

    if pages.run_form(form, add):
        messages.success(request, _("Lagt til i ansvarsgruppen."))
        return redirect("team:overview", family_id=family.pk)
    return pages.form_page(
        request,
        form,
        _("Legg til noen fra familien i ansvarsgruppen"),
        family=family,
        back_url=overview_url(family.pk),
        intro=_("Barnet kan være med fra 7 år, når barnet selv vil og klarer det."),
        submit_label=_("Legg til"),
    )


@require_POST
@family_view((Capability.STAFF_VIEW, Capability.COORDINATE), record_type="responsibility_group")
def end_membership(request, grant, kind, member_id):
    """The coordinator takes someone out of the responsibility group (kept as history)."""
    pages.run_action(
        request,
        lambda: group_services.end_membership(
            grant.family,
            professional_member_id=member_id if kind == "fagperson" else None,
            family_member_id=member_id if kind == "familie" else None,
        ),
        success=_("Medlemmet er tatt ut av ansvarsgruppen."),
    )
    return redirect("team:overview", family_id=grant.family.pk)
