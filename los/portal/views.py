"""The family's pages: our family at a glance, consents, and who has looked at our data."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from los.consent import services as consent_services
from los.consent.forms import WithdrawForm
from los.consent.models import Consent
from los.core import access
from los.core.access import Capability, family_view
from los.core.errors import DomainError
from los.core.models import AccessLogEntry, Role
from los.people import selectors


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
def family(request, access_):
    family = selectors.family_detail(access_.family.pk, access.visible_families(request.user))
    guardian = consent_services.guardian_for(request.user, family)
    for consent in family.all_consents:
        consent.signed_ids = {s.guardian_id for s in consent.signatures.all()}
    recent_log = (
        AccessLogEntry.objects.filter(family=family).select_related("user").order_by("-at", "-id")[:5]
    )
    return render(
        request,
        "portal/family.html",
        {"family": family, "guardian": guardian, "portal": True, "recent_log": recent_log},
    )


@family_view(Capability.ACT_AS_FAMILY, record_type="access_log")
def access_log(request, access_):
    entries = (
        AccessLogEntry.objects.filter(family=access_.family).select_related("user").order_by("-at", "-id")
    )
    page = Paginator(entries, 25).get_page(request.GET.get("side"))
    return render(request, "people/access_log.html", {"family": access_.family, "page": page, "staff": False})


def _consent_access(request, consent_id):
    family_id = Consent.objects.filter(pk=consent_id).values_list("family_id", flat=True).first()
    if family_id is None:
        raise Http404
    granted = access.require_family(
        request, family_id, Capability.MANAGE_CONSENT, record_type="consent", record_id=consent_id
    )
    consent = (
        Consent.objects.select_related("family__municipality").prefetch_related("services").get(pk=consent_id)
    )
    return granted, consent


@login_required
def consent_withdraw(request, consent_id):
    granted, consent = _consent_access(request, consent_id)
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
        return redirect("portal:family", family_id=granted.family.pk)
    return render(
        request,
        "people/form.html",
        {
            "form": form,
            "family": granted.family,
            "back_url": reverse("portal:family", args=[granted.family.pk]),
            "title": _("Trekk tilbake samtykke"),
            "intro": _(
                "Samtykket gjelder %(services)s. Når du trekker det tilbake, kan disse tjenestene "
                "ikke lenger se familiens opplysninger i Los. Det gjelder fra nå."
            )
            % {"services": ", ".join(s.name for s in consent.services.all())},
            "submit_label": _("Trekk tilbake samtykket"),
        },
    )


@login_required
@require_POST
def consent_sign(request, consent_id):
    granted, consent = _consent_access(request, consent_id)
    guardian = consent_services.guardian_for(request.user, granted.family)
    try:
        if guardian is None:
            raise DomainError(_("Bare foresatte med foreldreansvar kan samtykke for barnet."))
        consent_services.sign_consent(consent, guardian, request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Takk. Du har gitt samtykket."))
    return redirect("portal:family", family_id=granted.family.pk)
