"""Consent pages: guardians give, sign and withdraw in the family's pages; staff register paper consents.

Thin: access through the policy, the rules in `services` (helsepersonelloven §§ 21-22, forvaltningsloven
§ 13 a), forms through `core.pages`. The consent services log the changes they make."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from los.core import access, dates, pages
from los.core.access import Capability, family_view, login_first
from los.core.errors import DomainError

from . import services
from .forms import (
    ConsentForm,
    ConsentRequestForm,
    PaperConsentForm,
    PaperSignatureForm,
    SignForm,
    WithdrawForm,
)
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
            signed_on=data.get("signed_on"),
        ),
    )


@family_view((Capability.STAFF_VIEW, Capability.RECORD_CONSENT), record_type="consent")
def staff_register_consent(request, grant):
    """Staff register a consent given on paper: a new one, or (`?samtykke=ID`) the paper signature of a
    guardian a pending consent still waits for."""
    if "samtykke" in request.GET:
        return _paper_signature(request, grant, request.GET["samtykke"])
    form = PaperConsentForm(request.POST if request.method == "POST" else None, family=grant.family)
    done = _record(request, grant, form, as_guardian=False)
    if done:
        messages.success(request, services.state_message(done.value, _("Samtykket er registrert.")))
        return redirect("people:family", family_id=grant.family.pk)
    return pages.form_page(
        request,
        form,
        _("Registrer samtykke gitt på papir"),
        family=grant.family,
        intro=_("Skjemaet er fylt ut med det familien samtykker til nå. Endre bare det som er endret.")
        if form.continues
        else "",
    )


def _paper_signature(request, grant, consent_id):
    """The paper signature of one guardian to a pending consent. The consent is read through the record
    policy of this family's grant (the page has logged its read)."""
    family = grant.family
    try:
        consent = (
            access.visible(grant, Consent)
            .select_related("family__municipality")
            .prefetch_related("services", "signatures", "family__guardians")
            .get(pk=int(consent_id))
        )
    except (Consent.DoesNotExist, ValueError, OverflowError):
        raise Http404(access.NOT_FOUND) from None
    back = redirect("people:family", family_id=family.pk)
    missing = services.missing_signers(consent)
    if not missing:
        messages.info(request, _("Samtykket venter ikke på flere underskrifter."))
        return back
    form = PaperSignatureForm(
        request.POST if request.method == "POST" else None, family=family, missing=missing
    )
    if not form.is_bound:
        form.initial["version"] = services.version_of(consent)
    done = pages.run_form(
        form,
        lambda data: services.register_paper_signature(
            consent,
            data["guardian"],
            request.user,
            signed_on=data["signed_on"],
            seen_version=data["version"] or None,
        ),
    )
    if done:
        messages.success(
            request, services.state_message(done.value, _("Underskriften på papir er registrert."))
        )
        return back
    return pages.form_page(
        request,
        form,
        _("Registrer underskrift på papir"),
        family=family,
        intro=_(
            "Samtykket gjelder %(services)s%(plan)s, fra %(start)s. Det venter på samtykke fra %(names)s. "
            "Registrer underskriften når du har fått papirskjemaet i hende, og ta vare på skjemaet."
        )
        % {
            "services": ", ".join(s.name for s in consent.services.all()),
            "plan": _(" og individuell plan") if consent.covers_individual_plan else "",
            "start": dates.long_date(consent.starts_on),
            "names": services.names(missing),
        },
        submit_label=_("Registrer underskriften"),
    )


@family_view((Capability.ACT_AS_FAMILY, Capability.MANAGE_CONSENT), record_type="consent")
def portal_new_consent(request, grant):
    form = ConsentForm(request.POST if request.method == "POST" else None, family=grant.family)
    done = _record(request, grant, form, as_guardian=True)
    if done:
        messages.success(request, services.state_message(done.value, _("Takk. Ditt samtykke er registrert.")))
        return redirect("portal:family", family_id=grant.family.pk)
    intro = _(
        "Når du samtykker, kan tjenestene du velger dele opplysninger om barnet med hverandre for å "
        "samarbeide. Du kan trekke samtykket tilbake når som helst."
    )
    if form.continues:
        intro = " ".join(
            [
                intro,
                _("Skjemaet er fylt ut med det dere har samtykket til før. Endre bare det du vil endre."),
            ]
        )
    return pages.form_page(
        request,
        form,
        _("Gi samtykke"),
        family=grant.family,
        back_url=reverse("portal:family", args=[grant.family.pk]),
        intro=intro,
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

    done = pages.run_action(request, sign)
    if done:
        messages.success(request, services.state_message(done.value, _("Takk. Ditt samtykke er registrert.")))
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

    answered = pages.run_action(request, answer_request)
    if not answered:
        return render(request, "consent/consent_request.html", context, status=422)
    if answered.value.consent is not None:
        # The extended consent may still wait for the other guardian: the message says which.
        done = _("Takk. Ditt samtykke til at %(service)s blir med er registrert.") % {
            "service": answered.value.service.name
        }
        messages.success(request, services.state_message(answered.value.consent, done))
    else:
        messages.success(request, _("Takk. Vi har sagt fra til koordinatoren."))
    return redirect("portal:family", family_id=grant.family.pk)
