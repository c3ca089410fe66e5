"""Consent pages: guardians give, sign and withdraw in the portal; staff register paper consents."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from los.core.access import Capability, family_view
from los.core.errors import DomainError

from . import services
from .forms import ConsentForm, PaperConsentForm


def _save(request, grant, form, as_guardian):
    try:
        services.record_consent(
            family=grant.family,
            by_user=request.user,
            as_guardian=as_guardian,
            service_ids=[s.pk for s in form.cleaned_data["services"]],
            starts_on=form.cleaned_data["starts_on"],
            ends_on=form.cleaned_data.get("ends_on"),
            covers_individual_plan=form.cleaned_data.get("covers_individual_plan", False),
            guardian_ids=[g.pk for g in form.cleaned_data.get("guardians", [])],
        )
    except DomainError as error:
        form.add_error(None, error.message)
        return False
    return True


@family_view((Capability.STAFF_VIEW, Capability.RECORD_CONSENT), record_type="consent")
def staff_register_consent(request, grant):
    form = PaperConsentForm(request.POST if request.method == "POST" else None, family=grant.family)
    if request.method == "POST" and form.is_valid() and _save(request, grant, form, as_guardian=False):
        messages.success(request, _("Samtykket er registrert."))
        return redirect("people:family", family_id=grant.family.pk)
    return render(
        request,
        "people/form.html",
        {"form": form, "family": grant.family, "title": _("Registrer samtykke gitt på papir")},
        status=422 if form.is_bound else 200,
    )


@family_view((Capability.ACT_AS_FAMILY, Capability.MANAGE_CONSENT), record_type="consent")
def portal_new_consent(request, grant):
    form = ConsentForm(request.POST if request.method == "POST" else None, family=grant.family)
    if request.method == "POST" and form.is_valid() and _save(request, grant, form, as_guardian=True):
        messages.success(request, _("Takk. Samtykket er registrert."))
        return redirect("portal:family", family_id=grant.family.pk)
    from django.urls import reverse

    return render(
        request,
        "people/form.html",
        {
            "form": form,
            "family": grant.family,
            "back_url": reverse("portal:family", args=[grant.family.pk]),
            "title": _("Gi samtykke"),
            "intro": _(
                "Når du samtykker, kan tjenestene du velger dele opplysninger om barnet med hverandre for å "
                "samarbeide. Du kan trekke samtykket tilbake når som helst."
            ),
            "submit_label": _("Gi samtykke"),
        },
        status=422 if form.is_bound else 200,
    )
