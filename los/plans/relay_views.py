"""Pages of the BTI relay log: staff on the family read and write notes, the relay holder leads it,
the offered holder accepts, the coordinator carries it into the plan, guardians read all of it and may
close it."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from los.core import access
from los.core.access import Capability, family_view, login_first
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
from .models import RelayGoal, RelayHandover, RelayLog
from .services import RELAY
from .views import _fail


def _get_log(request, family_id, log_id, capability=Capability.STAFF_VIEW, *, change=None):
    """The relay log named in the address, through the record policy (404 if missing or not visible).

    `change=True` asks the policy's rule for changing the log: only the relay holder leads it."""
    return access.get(
        request,
        RelayLog,
        log_id,
        capability,
        change=change,
        queryset=RelayLog.objects.filter(family_id=family_id),
    )


def _log_with_content(grant, log_id) -> RelayLog:
    log = selectors.relay_log(grant, log_id)
    if log is None:
        raise Http404(access.NOT_FOUND)
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


def _holder_only(request, family_id, log_id):
    """Pages only the relay holder may open (the record policy's rule for changing a log)."""
    return _get_log(request, family_id, log_id, change=True)


@family_view(Capability.STAFF_VIEW, record_type=RELAY)
def relay_list(request, access_):
    logs = selectors.relay_logs(access_)
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


@family_view(Capability.STAFF_VIEW, record_type=RELAY)
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


@login_first
def relay_detail(request, family_id, log_id):
    access_, log = _get_log(request, family_id, log_id)
    log = _log_with_content(access_, log.pk)
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
    access_, log = _holder_only(request, family_id, log_id)
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


@login_first
def entry_add(request, family_id, log_id):
    """Everyone on the family's staff who reads the log may write in it (the log itself is not changed)."""
    access_, log = _get_log(request, family_id, log_id, change=False)
    form = RelayEntryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            relay.add_entry(log, request.user, **form.cleaned_data)
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Notatet er lagret i loggen."))
            return redirect("relay:detail", family_id=access_.family.pk, log_id=log.pk)
    return _form_page(request, access_, form, _("Skriv i stafettloggen"), log)


@login_first
def goal_add(request, family_id, log_id):
    access_, log = _holder_only(request, family_id, log_id)
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
    access_, log = _holder_only(request, family_id, log_id)
    goals = access.visible(access_, RelayGoal).filter(relay_log=log)
    if not goals.exists():
        messages.warning(request, _("Legg inn et mål først. Hvert tiltak hører til et mål."))
        return redirect("relay:goal_add", family_id=family_id, log_id=log_id)
    form = MeasureForm(
        request.POST if request.method == "POST" else None, family=access_.family, goals=goals, plan=False
    )
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
    access_, log = _holder_only(request, family_id, log_id)
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
    """The offered holder accepts or declines; the holder may withdraw the offer (the record policy's rule
    for changing a handover)."""
    _grant, offer = access.get(
        request,
        RelayHandover,
        handover_id,
        Capability.STAFF_VIEW,
        queryset=RelayHandover.objects.filter(relay_log_id=log_id, relay_log__family_id=family_id),
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
    access_, log = _holder_only(request, family_id, log_id)
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


@login_first
def carry_into_plan(request, family_id, log_id):
    """The coordinator (not only the holder) carries the log into the plan."""
    access_, log = _get_log(
        request, family_id, log_id, (Capability.STAFF_VIEW, Capability.COORDINATE), change=False
    )
    family = access_.family
    new_plan = selectors.plan_of(access_) is None
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


@login_first
def portal_detail(request, family_id, log_id):
    access_, log = _get_log(request, family_id, log_id, Capability.ACT_AS_FAMILY)
    log = _log_with_content(access_, log.pk)
    return render(
        request,
        "plans/portal_relay.html",
        {"family": access_.family, "log": log, "pending": log.pending[0] if log.pending else None},
    )


@login_first
def portal_close(request, family_id, log_id):
    """Parents may close the relay log at any time."""
    access_, log = _get_log(request, family_id, log_id, Capability.ACT_AS_FAMILY, change=False)
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
