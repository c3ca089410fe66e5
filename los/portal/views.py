"""The family's pages: our family at a glance, consents, and who has looked at our data.

Access goes through `los.core.access` only; the consent services log the changes they make."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from los.consent import services as consent_services
from los.consent.forms import SignForm, WithdrawForm
from los.consent.models import Consent
from los.core import access, sections
from los.core.access import Capability, family_view, login_first
from los.core.errors import DomainError
from los.core.models import Role
from los.people import selectors

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
    return render(
        request,
        "portal/family.html",
        {
            "family": family,
            "guardian": guardian,
            "portal": True,
            "recent_log": selectors.recent_access(family.pk),
            "sections": sections.compose(grant, sections.FAMILY),
        },
    )


@require_safe
@family_view((Capability.ACT_AS_FAMILY, Capability.READ_ACCESS_LOG), record_type="access_log")
def access_log(request, grant):
    """Who has seen our data: name, role and reason as each row stored them."""
    page = selectors.access_log_page(grant.family.pk, request.GET.get("side"), LOG_PAGE_SIZE)
    return render(request, "people/access_log.html", {"family": grant.family, "page": page, "staff": False})


@login_first
def consent_withdraw(request, consent_id):
    grant, consent = access.get(request, Consent, consent_id, Capability.MANAGE_CONSENT)
    back = redirect("portal:family", family_id=grant.family.pk)
    if consent.withdrawn_at is not None and request.method != "POST":
        messages.info(request, _("Samtykket er allerede trukket tilbake."))
        return back
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            consent_services.withdraw_consent(consent, request.user, form.cleaned_data["reason"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Samtykket er trukket tilbake. Tjenestene har ikke lenger tilgang gjennom det.")
            )
        return back
    return render(
        request,
        "people/form.html",
        {
            "form": form,
            "family": grant.family,
            "back_url": reverse("portal:family", args=[grant.family.pk]),
            "title": _("Trekk tilbake samtykke"),
            "intro": _(
                "Samtykket gjelder %(services)s. Når du trekker det tilbake, kan disse tjenestene "
                "ikke lenger se familiens opplysninger i Los. Det gjelder fra nå."
            )
            % {"services": ", ".join(s.name for s in consent.services.all())},
            "submit_label": _("Trekk tilbake samtykket"),
        },
        status=422 if form.is_bound else 200,
    )


@login_first
@require_POST
def consent_sign(request, consent_id):
    grant, consent = access.get(request, Consent, consent_id, Capability.MANAGE_CONSENT)
    form = SignForm(request.POST)
    # A version that does not parse cannot match: the guardian is asked to look again.
    seen = (form.cleaned_data["version"] or None) if form.is_valid() else ""
    try:
        guardian = consent_services.guardian_for(request.user, grant.family)
        if guardian is None:
            raise DomainError(_("Bare foresatte med foreldreansvar kan samtykke for barnet."))
        consent_services.sign_consent(consent, guardian, request.user, seen_version=seen)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Takk. Du har gitt samtykket."))
    return redirect("portal:family", family_id=grant.family.pk)
