"""Consent pages: guardians give, sign and withdraw in the family's pages; staff register paper consents.

Thin: access through the policy, the rules in `services` (helsepersonelloven §§ 21-22, forvaltningsloven
§ 13 a), forms through `core.pages`. The consent services log the changes they make."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from los.core import access, pages
from los.core.access import Capability, family_view, login_first
from los.core.errors import DomainError

from . import services
from .forms import ConsentForm, ConsentRequestForm, PaperConsentForm, SignForm, WithdrawForm
from .models import Consent, ConsentExtensionRequest


def _record(request, grant, form, as_guardian):
    return pages.run_form(
        form,
        lambda data: services.record_consent(
            family=grant.family,
            by_user=request.user,
            as_guardian=as_guardian,
            service_ids=[s.pk for s in data["services"]],
            starts_on=data["starts_on"],
            ends_on=data.get("ends_on"),
            covers_individual_plan=data.get("covers_individual_plan", False),
            guardian_ids=[g.pk for g in data.get("guardians", [])],
        ),
    )


@family_view((Capability.STAFF_VIEW, Capability.RECORD_CONSENT), record_type="consent")
def staff_register_consent(request, grant):
    form = PaperConsentForm(request.POST if request.method == "POST" else None, family=grant.family)
    if _record(request, grant, form, as_guardian=False):
        messages.success(request, _("Samtykket er registrert."))
        return redirect("people:family", family_id=grant.family.pk)
    return pages.form_page(request, form, _("Registrer samtykke gitt på papir"), family=grant.family)


@family_view((Capability.ACT_AS_FAMILY, Capability.MANAGE_CONSENT), record_type="consent")
def portal_new_consent(request, grant):
    form = ConsentForm(request.POST if request.method == "POST" else None, family=grant.family)
    if _record(request, grant, form, as_guardian=True):
        messages.success(request, _("Takk. Samtykket er registrert."))
        return redirect("portal:family", family_id=grant.family.pk)
    return pages.form_page(
        request,
        form,
        _("Gi samtykke"),
        family=grant.family,
        back_url=reverse("portal:family", args=[grant.family.pk]),
        intro=_(
            "Når du samtykker, kan tjenestene du velger dele opplysninger om barnet med hverandre for å "
            "samarbeide. Du kan trekke samtykket tilbake når som helst."
        ),
        submit_label=_("Gi samtykke"),
    )


@login_first
def consent_withdraw(request, consent_id):
    grant, consent = access.get(request, Consent, consent_id, Capability.MANAGE_CONSENT)
    back = redirect("portal:family", family_id=grant.family.pk)
    if consent.withdrawn_at is not None and request.method != "POST":
        messages.info(request, _("Samtykket er allerede trukket tilbake."))
        return back
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        pages.run_action(
            request,
            lambda: services.withdraw_consent(consent, request.user, form.cleaned_data["reason"]),
            success=_("Samtykket er trukket tilbake. Tjenestene har ikke lenger tilgang gjennom det."),
        )
        return back
    return pages.form_page(
        request,
        form,
        _("Trekk tilbake samtykke"),
        family=grant.family,
        back_url=reverse("portal:family", args=[grant.family.pk]),
        intro=_(
            "Samtykket gjelder %(services)s. Når du trekker det tilbake, kan disse tjenestene "
            "ikke lenger se familiens opplysninger i Los. Det gjelder fra nå."
        )
        % {"services": ", ".join(s.name for s in consent.services.all())},
        submit_label=_("Trekk tilbake samtykket"),
    )


@login_first
@require_POST
def consent_sign(request, consent_id):
    grant, consent = access.get(request, Consent, consent_id, Capability.MANAGE_CONSENT)
    form = SignForm(request.POST)
    # A version that does not parse cannot match: the guardian is asked to look again.
    seen = (form.cleaned_data["version"] or None) if form.is_valid() else ""

    def sign():
        guardian = services.guardian_for(request.user, grant.family)
        if guardian is None:
            raise DomainError(_("Bare foresatte med foreldreansvar kan samtykke for barnet."))
        return services.sign_consent(consent, guardian, request.user, seen_version=seen)

    pages.run_action(request, sign, success=_("Takk. Du har gitt samtykket."))
    return redirect("portal:family", family_id=grant.family.pk)


# --- Asking the family to extend the consent (the pages keep their addresses in the team's pages) ------


@require_POST
@family_view((Capability.STAFF_VIEW, Capability.COORDINATE), record_type="consent_request")
def request_consent(request, grant):
    """The coordinator asks the guardians to let a professional's service join the team."""
    family = grant.family
    form = ConsentRequestForm(request.POST)
    if not form.is_valid():
        if "member" in form.errors:
            messages.error(request, _("Velg en fagperson fra listen."))
            return redirect("team:add_professional", family_id=family.pk)
        return redirect("team:overview", family_id=family.pk)
    professional, service = form.cleaned_data["member"]
    pages.run_action(
        request,
        lambda: services.request_consent_extension(
            family,
            professional,
            service,
            request.user,
            form.cleaned_data["role"],
            form.cleaned_data["reason"],
        ),
        success=_("Familien har fått spørsmålet. Du får beskjed når de har svart."),
    )
    return redirect("team:overview", family_id=family.pk)


@login_first
def answer_consent_request(request, request_id):
    """A guardian answers the coordinator's question in the family's pages: yes extends the consent."""
    grant, ask = access.get(request, ConsentExtensionRequest, request_id, Capability.MANAGE_CONSENT)
    context = {"ask": ask, "family": grant.family}
    if request.method != "POST":
        return render(request, "consent/consent_request.html", context)
    answer = request.POST.get("answer")

    def answer_request():
        guardian = services.guardian_for(request.user, grant.family)
        if guardian is None:
            raise DomainError(_("Bare foresatte med foreldreansvar kan svare for barnet."))
        if answer not in ("yes", "no"):
            raise DomainError(_("Svar ja eller nei."))
        return services.answer_consent_extension(ask, guardian, request.user, accept=answer == "yes")

    answered = pages.run_action(
        request,
        answer_request,
        success=_("Takk. Samtykket er utvidet.")
        if answer == "yes"
        else _("Takk. Vi har sagt fra til koordinatoren."),
    )
    if not answered:
        return render(request, "consent/consent_request.html", context, status=422)
    return redirect("portal:family", family_id=grant.family.pk)
