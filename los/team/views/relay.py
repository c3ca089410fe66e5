"""Pages of the BTI relay log: staff on the family read and write notes, the relay holder leads it,
the offered holder accepts, the coordinator carries it into the plan, guardians read all of it and may
close it."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from los.core import access, pages
from los.core.access import Capability, family_view, login_first
from los.plans import selectors as plan_selectors
from los.plans.forms import GoalForm, MeasureForm
from los.plans.services import RELAY
from los.plans.services import goals as goal_services
from los.plans.services import plan as plan_services
from los.team import selectors
from los.team.models import RelayGoal, RelayHandover, RelayLog
from los.team.relay_forms import CarryIntoPlanForm, CloseForm, HandoverForm, RelayEntryForm, RelayLogForm
from los.team.services import relay


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


def _holder_only(request, family_id, log_id):
    """Pages only the relay holder may open (the record policy's rule for changing a log)."""
    return _get_log(request, family_id, log_id, change=True)


def _log_with_content(grant, log_id) -> RelayLog:
    log = selectors.relay_log(grant, log_id)
    if log is None:
        raise Http404(access.NOT_FOUND)
    return log


def _detail_url(family_id, log_id) -> str:
    return reverse("relay:detail", args=[family_id, log_id])


def _bound(request):
    return request.POST if request.method == "POST" else None


def _saved(request, text, family_id, log_id):
    messages.success(request, text)
    return redirect("relay:detail", family_id=family_id, log_id=log_id)


@family_view(Capability.STAFF_VIEW, record_type=RELAY)
def relay_list(request, grant):
    return render(
        request,
        "team/relay_list.html",
        {
            "family": grant.family,
            "logs": selectors.relay_logs(grant),
            "has_consent": relay.active_consents(grant.family).exists(),
            "no_consent_message": relay.no_consent_message(),
        },
    )


@family_view(Capability.STAFF_VIEW, record_type=RELAY)
def relay_create(request, grant):
    family = grant.family
    form = RelayLogForm(_bound(request), family=family)
    back_url = reverse("relay:list", args=[family.pk])
    if not relay.active_consents(family).exists():
        return pages.form_page(
            request,
            form,
            _("Ny stafettlogg"),
            family=family,
            back_url=back_url,
            refusal=relay.no_consent_message(),
            consent_url=reverse("people:consent_register", args=[family.pk]),
            can_record_consent=grant.can(Capability.RECORD_CONSENT),
        )
    if done := pages.run_form(form, lambda data: relay.open_relay_log(family, request.user, **data)):
        return _saved(
            request, _("Stafettloggen er opprettet. Du er stafettholder."), family.pk, done.value.pk
        )
    return pages.form_page(
        request,
        form,
        _("Ny stafettlogg"),
        family=family,
        back_url=back_url,
        intro=_(
            "Du blir stafettholder: du kaller inn til møter, leder arbeidet og skriver i loggen "
            "til noen andre har tatt over stafetten."
        ),
        submit_label=_("Opprett stafettlogg"),
    )


@login_first
def relay_detail(request, family_id, log_id):
    grant, log = _get_log(request, family_id, log_id)
    log = _log_with_content(grant, log.pk)
    pending = log.pending[0] if log.pending else None
    return render(
        request,
        "team/relay_detail.html",
        {
            "family": grant.family,
            "log": log,
            "pending": pending,
            "is_holder": log.holder_id == request.user.pk,
            "is_offered": pending is not None and pending.to_holder_id == request.user.pk,
            "can_carry": grant.can(Capability.COORDINATE),
            "has_consent": relay.active_consents(grant.family).exists(),
        },
    )


@login_first
def relay_edit(request, family_id, log_id):
    grant, log = _holder_only(request, family_id, log_id)
    initial = {"concern": log.concern, "level": log.level, "services": list(log.services.all())}
    form = RelayLogForm(_bound(request), initial=initial, family=grant.family)
    if pages.run_form(form, lambda data: relay.update_relay_log(log, request.user, **data)):
        return _saved(request, _("Stafettloggen er lagret."), family_id, log_id)
    return pages.form_page(
        request,
        form,
        _("Endre bekymring, nivå og tjenester"),
        family=grant.family,
        back_url=_detail_url(family_id, log_id),
    )


@login_first
def entry_add(request, family_id, log_id):
    """Everyone on the family's staff who reads the log may write in it (the log itself is not changed)."""
    grant, log = _get_log(request, family_id, log_id, change=False)
    form = RelayEntryForm(_bound(request))
    if pages.run_form(form, lambda data: relay.add_entry(log, request.user, **data)):
        return _saved(request, _("Notatet er lagret i loggen."), grant.family.pk, log.pk)
    return pages.form_page(
        request,
        form,
        _("Skriv i stafettloggen"),
        family=grant.family,
        back_url=_detail_url(grant.family.pk, log.pk),
    )


@login_first
def goal_add(request, family_id, log_id):
    grant, log = _holder_only(request, family_id, log_id)
    form = GoalForm(_bound(request))
    if pages.run_form(form, lambda data: goal_services.add_goal(relay_log=log, **data)):
        return _saved(request, _("Målet er lagret."), family_id, log_id)
    return pages.form_page(
        request,
        form,
        _("Nytt mål"),
        family=grant.family,
        back_url=_detail_url(family_id, log_id),
        intro=_("Skriv målet slik barnet og familien sier det selv."),
    )


@login_first
def measure_add(request, family_id, log_id):
    grant, log = _holder_only(request, family_id, log_id)
    goals = access.visible(grant, RelayGoal).filter(relay_log=log)
    if not goals.exists():
        messages.warning(request, _("Legg inn et mål først. Hvert tiltak hører til et mål."))
        return redirect("relay:goal_add", family_id=family_id, log_id=log_id)
    form = MeasureForm(_bound(request), family=grant.family, goals=goals, plan=False)

    def add(data):
        data = dict(data)
        return goal_services.add_measure(data.pop("goal"), **data)

    if pages.run_form(form, add):
        return _saved(request, _("Tiltaket er lagret."), family_id, log_id)
    return pages.form_page(
        request, form, _("Nytt tiltak"), family=grant.family, back_url=_detail_url(family_id, log_id)
    )


@login_first
def handover(request, family_id, log_id):
    grant, log = _holder_only(request, family_id, log_id)
    form = HandoverForm(_bound(request), family=grant.family, exclude_user=request.user)
    if pages.run_form(form, lambda data: relay.offer_handover(log, request.user, **data)):
        text = _("Stafetten er tilbudt. Du er stafettholder til den nye har godtatt.")
        return _saved(request, text, family_id, log_id)
    return pages.form_page(
        request,
        form,
        _("Gi stafetten videre"),
        family=grant.family,
        back_url=_detail_url(family_id, log_id),
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
    if answer in ("accept", "decline"):
        accept = answer == "accept"
        pages.run_action(
            request,
            lambda: relay.answer_handover(offer, request.user, accept=accept),
            success=_("Du er nå stafettholder.")
            if accept
            else _("Du har takket nei. Stafettholderen beholder stafetten."),
        )
    elif answer == "withdraw":
        pages.run_action(
            request,
            lambda: relay.withdraw_handover(offer, request.user),
            success=_("Tilbudet er trukket tilbake."),
        )
    else:
        messages.error(request, _("Velg å godta eller takke nei."))
    return redirect("relay:detail", family_id=family_id, log_id=log_id)


@login_first
def close(request, family_id, log_id):
    grant, log = _holder_only(request, family_id, log_id)
    form = CloseForm(_bound(request))
    if pages.run_form(form, lambda data: relay.close_relay_log(log, request.user, **data)):
        return _saved(request, _("Stafettloggen er avsluttet."), family_id, log_id)
    return pages.form_page(
        request,
        form,
        _("Avslutt stafettloggen"),
        family=grant.family,
        back_url=_detail_url(family_id, log_id),
        submit_label=_("Avslutt loggen"),
    )


@login_first
def carry_into_plan(request, family_id, log_id):
    """The coordinator (not only the holder) carries the log into the plan."""
    grant, log = _get_log(
        request, family_id, log_id, (Capability.STAFF_VIEW, Capability.COORDINATE), change=False
    )
    family = grant.family
    form = CarryIntoPlanForm(_bound(request), new_plan=plan_selectors.plan_of(grant) is None)
    if pages.run_form(form, lambda data: relay.carry_into_plan(log, request.user, **data)):
        messages.success(
            request,
            _("Stafettloggen er avsluttet, og mål og tiltak er videreført i den individuelle planen."),
        )
        return redirect("plans:plan", family_id=family.pk)
    return pages.form_page(
        request,
        form,
        _("Viderefør i individuell plan"),
        family=family,
        back_url=_detail_url(family.pk, log.pk),
        intro=_(
            "Loggen avsluttes, og målene og tiltakene kopieres inn i en ny versjon av familiens individuelle "
            "plan. "
            "Planen krever at familien har samtykket til individuell plan."
        ),
        submit_label=_("Avslutt loggen og viderefør i planen"),
        consent_missing=plan_services.plan_consent(family) is None,
        consent_message=plan_services.no_consent_message(),
        consent_url=reverse("people:consent_register", args=[family.pk]),
        can_record_consent=grant.can(Capability.RECORD_CONSENT),
    )


@login_first
def portal_detail(request, family_id, log_id):
    grant, log = _get_log(request, family_id, log_id, Capability.ACT_AS_FAMILY)
    log = _log_with_content(grant, log.pk)
    return render(
        request,
        "team/portal_relay.html",
        {"family": grant.family, "log": log, "pending": log.pending[0] if log.pending else None},
    )


@login_first
def portal_close(request, family_id, log_id):
    """Parents may close the relay log at any time."""
    grant, log = _get_log(request, family_id, log_id, Capability.ACT_AS_FAMILY, change=False)
    form = CloseForm(_bound(request))
    if pages.run_form(form, lambda data: relay.close_relay_log(log, request.user, as_guardian=True, **data)):
        messages.success(request, _("Stafettloggen er avsluttet."))
        return redirect("relay:portal_detail", family_id=grant.family.pk, log_id=log.pk)
    return pages.form_page(
        request,
        form,
        _("Avslutt stafettloggen"),
        family=grant.family,
        back_url=reverse("relay:portal_detail", args=[grant.family.pk, log.pk]),
        submit_label=_("Avslutt loggen"),
        intro=_(
            "Når dere avslutter loggen, kan ingen skrive mer i den. Det som står der, blir tatt vare på."
        ),
    )
