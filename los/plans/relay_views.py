"""Pages of the BTI relay log: staff on the family read and write notes, the relay holder leads it,
the offered holder accepts, the coordinator carries it into the plan, guardians read all of it and may
close it."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from los.core.access import Capability, family_view
from los.core.errors import DomainError

from . import relay, selectors
from . import services as plan_services
from .forms import (
    CarryIntoPlanForm,
    CloseForm,
    GoalForm,
    HandoverForm,
    MeasureForm,
    RelayEntryForm,
    RelayLogForm,
)
from .gate import gate, login_first
from .models import Goal, RelayHandover, RelayLog
from .views import _fail


def _log_or_404(family_id, log_id) -> RelayLog:
    log = selectors.relay_log(family_id, log_id)
    if log is None:
        raise Http404
    return log


def _detail_url(family_id, log_id):
    return reverse("relay:detail", args=[family_id, log_id])


def _form_page(
    request, access_, form, title, log=None, *, intro="", submit_label=None, back_url=None, extra=None
):
    context = {
        "form": form,
        "family": access_.family,
        "title": title,
        "intro": intro,
        "submit_label": submit_label or _("Lagre"),
        "back_url": back_url
        or (
            _detail_url(access_.family.pk, log.pk) if log else reverse("relay:list", args=[access_.family.pk])
        ),
    }
    context.update(extra or {})
    return render(request, "plans/form.html", context, status=422 if form.is_bound else 200)


def _holder_gate(request, family_id, log_id):
    """Only the relay holder (while they still reach the family) may lead the log."""
    holder_id = (
        RelayLog.objects.filter(pk=log_id, family_id=family_id).values_list("holder_id", flat=True).first()
    )
    found = gate(
        request,
        family_id,
        lambda a: a.can(Capability.STAFF_VIEW) and holder_id == request.user.pk,
        record_type="relay_log",
        record_id=log_id,
    )
    return found, _log_or_404(family_id, log_id)


@family_view(Capability.STAFF_VIEW, record_type="relay_log")
def relay_list(request, access_):
    logs = selectors.relay_logs(access_.family.pk)
    return render(
        request,
        "plans/relay_list.html",
        {
            "family": access_.family,
            "logs": logs,
            "has_consent": relay.active_consents(access_.family).exists(),
            "no_consent_message": relay.no_consent_message(),
        },
    )


@family_view(Capability.STAFF_VIEW, record_type="relay_log")
def relay_create(request, access_):
    family = access_.family
    form = RelayLogForm(request.POST if request.method == "POST" else None, family=family)
    if not relay.active_consents(family).exists():
        return render(
            request,
            "plans/form.html",
            {
                "family": family,
                "title": _("Ny stafettlogg"),
                "refusal": relay.no_consent_message(),
                "consent_url": reverse("people:consent_register", args=[family.pk]),
                "can_record_consent": access_.can(Capability.RECORD_CONSENT),
                "back_url": reverse("relay:list", args=[family.pk]),
            },
            status=422 if request.method == "POST" else 200,
        )
    if request.method == "POST" and form.is_valid():
        try:
            log = relay.open_relay_log(family, request.user, **form.cleaned_data)
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Stafettloggen er opprettet. Du er stafettholder."))
            return redirect("relay:detail", family_id=family.pk, log_id=log.pk)
    return _form_page(
        request,
        access_,
        form,
        _("Ny stafettlogg"),
        intro=_(
            "Du blir stafettholder: du kaller inn til møter, leder arbeidet og skriver i loggen "
            "til noen andre har tatt over stafetten."
        ),
        submit_label=_("Opprett stafettlogg"),
    )


@family_view(Capability.STAFF_VIEW, record_type="relay_log")
def relay_detail(request, access_, log_id):
    log = _log_or_404(access_.family.pk, log_id)
    pending = log.pending[0] if log.pending else None
    return render(
        request,
        "plans/relay_detail.html",
        {
            "family": access_.family,
            "log": log,
            "pending": pending,
            "is_holder": log.holder_id == request.user.pk,
            "is_offered": pending is not None and pending.to_holder_id == request.user.pk,
            "can_carry": access_.can(Capability.COORDINATE),
            "has_consent": relay.active_consents(access_.family).exists(),
        },
    )


@login_first
def relay_edit(request, family_id, log_id):
    access_, log = _holder_gate(request, family_id, log_id)
    initial = {"concern": log.concern, "level": log.level, "services": list(log.services.all())}
    form = RelayLogForm(
        request.POST if request.method == "POST" else None, initial=initial, family=access_.family
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            relay.update_relay_log(log, request.user, **data)
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Stafettloggen er lagret."))
            return redirect("relay:detail", family_id=family_id, log_id=log_id)
    return _form_page(request, access_, form, _("Endre bekymring, nivå og tjenester"), log)


@family_view(Capability.STAFF_VIEW, record_type="relay_log")
def entry_add(request, access_, log_id):
    log = _log_or_404(access_.family.pk, log_id)
    form = RelayEntryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            relay.add_entry(log, request.user, **form.cleaned_data)
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Notatet er lagret i loggen."))
            return redirect("relay:detail", family_id=access_.family.pk, log_id=log_id)
    return _form_page(request, access_, form, _("Skriv i stafettloggen"), log)


@login_first
def goal_add(request, family_id, log_id):
    access_, log = _holder_gate(request, family_id, log_id)
    form = GoalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            plan_services.add_goal(relay_log=log, **form.cleaned_data)
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Målet er lagret."))
            return redirect("relay:detail", family_id=family_id, log_id=log_id)
    return _form_page(
        request,
        access_,
        form,
        _("Nytt mål"),
        log,
        intro=_("Skriv målet slik barnet og familien sier det selv."),
    )


@login_first
def measure_add(request, family_id, log_id):
    access_, log = _holder_gate(request, family_id, log_id)
    goals = Goal.objects.filter(relay_log=log)
    if not goals.exists():
        messages.warning(request, _("Legg inn et mål først. Hvert tiltak hører til et mål."))
        return redirect("relay:goal_add", family_id=family_id, log_id=log_id)
    form = MeasureForm(request.POST if request.method == "POST" else None, family=access_.family, goals=goals)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            plan_services.add_measure(data.pop("goal"), **data)
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Tiltaket er lagret."))
            return redirect("relay:detail", family_id=family_id, log_id=log_id)
    return _form_page(request, access_, form, _("Nytt tiltak"), log)


@login_first
def handover(request, family_id, log_id):
    access_, log = _holder_gate(request, family_id, log_id)
    form = HandoverForm(
        request.POST if request.method == "POST" else None, family=access_.family, exclude_user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            relay.offer_handover(log, request.user, **form.cleaned_data)
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Stafetten er tilbudt. Du er stafettholder til den nye har godtatt."))
            return redirect("relay:detail", family_id=family_id, log_id=log_id)
    return _form_page(
        request,
        access_,
        form,
        _("Gi stafetten videre"),
        log,
        intro=_("Den nye stafettholderen må godta før stafetten går over. Til da er det du som har den."),
        submit_label=_("Tilby stafetten"),
    )


@require_POST
@login_first
def handover_answer(request, family_id, log_id, handover_id):
    """The offered holder accepts or declines; the holder may withdraw the offer."""
    offer = RelayHandover.objects.filter(
        pk=handover_id, relay_log_id=log_id, relay_log__family_id=family_id
    ).first()
    is_party = offer is not None and request.user.pk in (offer.to_holder_id, offer.relay_log.holder_id)
    gate(
        request,
        family_id,
        lambda a: a.can(Capability.STAFF_VIEW) and is_party,
        record_type="relay_log",
        record_id=log_id,
    )
    answer = request.POST.get("answer")
    try:
        if answer == "accept":
            relay.answer_handover(offer, request.user, accept=True)
            messages.success(request, _("Du er nå stafettholder."))
        elif answer == "decline":
            relay.answer_handover(offer, request.user, accept=False)
            messages.success(request, _("Du har takket nei. Stafettholderen beholder stafetten."))
        elif answer == "withdraw":
            relay.withdraw_handover(offer, request.user)
            messages.success(request, _("Tilbudet er trukket tilbake."))
        else:
            raise DomainError(_("Velg å godta eller takke nei."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("relay:detail", family_id=family_id, log_id=log_id)


@login_first
def close(request, family_id, log_id):
    access_, log = _holder_gate(request, family_id, log_id)
    form = CloseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            relay.close_relay_log(log, request.user, **form.cleaned_data)
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Stafettloggen er avsluttet."))
            return redirect("relay:detail", family_id=family_id, log_id=log_id)
    return _form_page(
        request, access_, form, _("Avslutt stafettloggen"), log, submit_label=_("Avslutt loggen")
    )


@family_view((Capability.STAFF_VIEW, Capability.COORDINATE), record_type="relay_log")
def carry_into_plan(request, access_, log_id):
    family = access_.family
    log = _log_or_404(family.pk, log_id)
    new_plan = selectors.plan_of(family.pk) is None
    form = CarryIntoPlanForm(request.POST if request.method == "POST" else None, new_plan=new_plan)
    if request.method == "POST" and form.is_valid():
        try:
            relay.carry_into_plan(log, request.user, **{k: v for k, v in form.cleaned_data.items()})
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(
                request,
                _("Stafettloggen er avsluttet, og mål og tiltak er videreført i den individuelle planen."),
            )
            return redirect("plans:plan", family_id=family.pk)
    intro = _(
        "Loggen avsluttes, og målene og tiltakene kopieres inn i en ny versjon av familiens individuelle "
        "plan. "
        "Planen krever at familien har samtykket til individuell plan."
    )
    return _form_page(
        request,
        access_,
        form,
        _("Viderefør i individuell plan"),
        log,
        intro=intro,
        submit_label=_("Avslutt loggen og viderefør i planen"),
        extra={
            "consent_missing": plan_services.plan_consent(family) is None,
            "consent_message": plan_services.no_consent_message(),
            "consent_url": reverse("people:consent_register", args=[family.pk]),
            "can_record_consent": access_.can(Capability.RECORD_CONSENT),
        },
    )


@family_view(Capability.ACT_AS_FAMILY, record_type="relay_log")
def portal_detail(request, access_, log_id):
    log = _log_or_404(access_.family.pk, log_id)
    return render(
        request,
        "plans/portal_relay.html",
        {"family": access_.family, "log": log, "pending": log.pending[0] if log.pending else None},
    )


@family_view(Capability.ACT_AS_FAMILY, record_type="relay_log")
def portal_close(request, access_, log_id):
    """Parents may close the relay log at any time."""
    log = get_object_or_404(RelayLog, pk=log_id, family=access_.family)
    form = CloseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            relay.close_relay_log(log, request.user, as_guardian=True, **form.cleaned_data)
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Stafettloggen er avsluttet."))
            return redirect("relay:portal_detail", family_id=access_.family.pk, log_id=log.pk)
    return _form_page(
        request,
        access_,
        form,
        _("Avslutt stafettloggen"),
        submit_label=_("Avslutt loggen"),
        intro=_(
            "Når dere avslutter loggen, kan ingen skrive mer i den. Det som står der, blir tatt vare på."
        ),
        back_url=reverse("relay:portal_detail", args=[access_.family.pk, log.pk]),
    )
