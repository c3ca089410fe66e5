"""Goals, measures and participants of the plan's working version, and evaluating a measure (of the plan
or of a relay log)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from los.core import access, dates, pages, versions
from los.core.access import Capability, family_view, login_first

from .. import selectors
from ..forms import EvaluationForm, GoalForm, MeasureForm, ParticipantForm
from ..models import Goal, Measure, Participant
from ..services import MEASURE_FIELDS, PLAN
from ..services import evaluations as evaluation_services
from ..services import goals as goal_services
from ..services import plan as plan_services
from .common import COORDINATE, bound, plan_url, visible_plan


def _working_row(request, model, family_id, pk):
    """The grant for a new row, or the grant and one row of the working version, for the coordinator."""
    if pk is None:
        return access.family(request, family_id, COORDINATE, record_type=PLAN), None
    return access.get(request, model, pk, COORDINATE, queryset=selectors.working_rows(model, family_id))


def _delete_requested(request, row) -> bool:
    return row is not None and request.method == "POST" and request.POST.get("action") == "delete"


def _remove(request, family, remove, success: str):
    """Remove a row of the working version and go back to the plan; when refused, stay on the row's page
    with the reason."""
    if pages.run_action(request, remove, success):
        return redirect("plans:plan", family_id=family.pk)
    return redirect(request.path)


@login_first
def goal_edit(request, family_id, goal_id=None):
    access_, goal = _working_row(request, Goal, family_id, goal_id)
    family = access_.family
    version = plan_services.working_version(visible_plan(access_))
    if _delete_requested(request, goal):
        return _remove(
            request,
            family,
            lambda: goal_services.remove_goal(goal, versions.posted(request)),
            _("Målet er fjernet fra denne versjonen."),
        )
    form = GoalForm(bound(request), initial={"text": goal.text, "voice": goal.voice} if goal else None)
    versions.track(form, goal)

    def save(data):
        if goal:
            return goal_services.update_goal(goal, **data)
        return goal_services.add_goal(version=version, **data)

    if pages.run_form(form, save):
        messages.success(request, _("Målet er lagret."))
        return redirect("plans:plan", family_id=family.pk)
    return pages.form_page(
        request,
        form,
        _("Endre mål") if goal else _("Nytt mål"),
        family=family,
        back_url=plan_url(family),
        intro=_("Skriv målet slik barnet og familien sier det selv."),
        delete=bool(goal),
        delete_label=_("Fjern målet"),
    )


@login_first
def measure_edit(request, family_id, measure_id=None):
    access_, measure = _working_row(request, Measure, family_id, measure_id)
    family = access_.family
    version = plan_services.working_version(visible_plan(access_))
    goals = access.visible(access_, Goal).filter(version=version)
    if not goals.exists():
        messages.warning(request, _("Legg inn et mål først. Hvert tiltak hører til et mål."))
        return redirect("plans:goal_add", family_id=family.pk)
    if _delete_requested(request, measure):
        return _remove(
            request,
            family,
            lambda: goal_services.remove_measure(measure, versions.posted(request)),
            _("Tiltaket er fjernet fra denne versjonen."),
        )
    if measure:
        initial = {name: getattr(measure, name) for name in MEASURE_FIELDS} | {"goal": measure.goal_id}
    else:
        initial = {"goal": request.GET.get("mal")} if request.GET.get("mal", "").isdigit() else None
    form = versions.track(MeasureForm(bound(request), initial=initial, family=family, goals=goals), measure)

    def save(data):
        data = dict(data)
        if measure:
            return goal_services.update_measure(measure, **data)
        return goal_services.add_measure(data.pop("goal"), **data)

    if pages.run_form(form, save):
        messages.success(request, _("Tiltaket er lagret."))
        return redirect("plans:plan", family_id=family.pk)
    return pages.form_page(
        request,
        form,
        _("Endre tiltak") if measure else _("Nytt tiltak"),
        family=family,
        back_url=plan_url(family),
        delete=bool(measure),
        delete_label=_("Fjern tiltaket"),
    )


@family_view(COORDINATE, record_type=PLAN)
def participant_add(request, access_):
    family = access_.family
    version = plan_services.working_version(visible_plan(access_))
    form = ParticipantForm(bound(request), family=family)
    if pages.run_form(form, lambda data: goal_services.add_participant(version, **data)):
        messages.success(request, _("Deltakeren er lagt til."))
        return redirect("plans:plan", family_id=family.pk)
    return pages.form_page(
        request, form, _("Legg til deltaker i planarbeidet"), family=family, back_url=plan_url(family)
    )


@require_POST
@login_first
def participant_remove(request, family_id, participant_id):
    access_, participant = _working_row(request, Participant, family_id, participant_id)
    pages.run_action(
        request,
        lambda: goal_services.remove_participant(participant),
        _("Deltakeren er fjernet fra denne versjonen."),
    )
    return redirect("plans:plan", family_id=access_.family.pk)


@login_first
def evaluate(request, family_id, measure_id):
    """Evaluate a measure of the plan or of a relay log: who may is the record policy's rule for changing
    a measure (`policy.may_evaluate`: the person responsible, the coordinator or the relay holder)."""
    model, rows = selectors.evaluable_measures(family_id, measure_id)
    access_, measure = access.get(
        request, model, measure_id, Capability.STAFF_VIEW, change=True, queryset=rows
    )
    family = access_.family
    relay_log_id = measure.goal.relay_log_id
    back_url = reverse("relay:detail", args=[family.pk, relay_log_id]) if relay_log_id else plan_url(family)
    form = versions.track(EvaluationForm(bound(request)), measure)
    if pages.run_form(form, lambda data: evaluation_services.evaluate_measure(measure, request.user, **data)):
        messages.success(request, _("Evalueringen er lagret."))
        return redirect(back_url)
    intro = measure.description
    if measure.evaluate_on:
        intro += " – " + _("skulle evalueres %(date)s") % {"date": dates.long_date(measure.evaluate_on)}
    return pages.form_page(
        request, form, _("Evaluer tiltaket"), family=family, back_url=back_url, intro=intro
    )
