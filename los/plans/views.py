"""Pages of the individual plan: the coordinator edits, staff on the family read, guardians read and
comment."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from los.core import access
from los.core.access import Capability, family_view, login_first
from los.core.errors import DomainError
from los.intake.deadlines import add_months
from los.people.models import Family

from . import selectors, services
from .compare import compare_versions
from .forms import CommentForm, EvaluationForm, GoalForm, MeasureForm, ParticipantForm, PlanForm, ReviseForm
from .models import Goal, Measure, Participant
from .pdf import plan_pdf
from .services import PLAN

COORDINATE = (Capability.STAFF_VIEW, Capability.COORDINATE)


def _form_page(request, access_, form, title, *, intro="", submit_label=None, back_url=None, extra=None):
    context = {
        "form": form,
        "family": access_.family,
        "title": title,
        "intro": intro,
        "submit_label": submit_label or _("Lagre"),
        "back_url": back_url or reverse("plans:plan", args=[access_.family.pk]),
    }
    context.update(extra or {})
    return render(request, "plans/form.html", context, status=422 if form.is_bound else 200)


def _fail(form, error: DomainError) -> None:
    if error.field and error.field in form.fields:
        form.add_error(error.field, error.message)
    else:
        form.add_error(None, error.message)


def _visible_plan(grant):
    """The family's plan as the record policy shows it to this grant; 404 when there is none."""
    plan = selectors.plan_of(grant)
    if plan is None:
        raise Http404(access.NOT_FOUND)
    return plan


def _working_rows(model, family_id):
    """Rows of the working version of the family's plan (an earlier version is never changed)."""
    prefix = {Goal: "version", Measure: "goal__version", Participant: "version"}[model]
    return model.objects.filter(
        **{f"{prefix}__plan__family_id": family_id, f"{prefix}__frozen_at__isnull": True}
    )


def _no_consent_context(family, access_=None):
    return {
        "can_record_consent": access_ is not None and access_.can(Capability.RECORD_CONSENT),
        "consent_message": services.no_consent_message(),
        "consent_url": reverse("people:consent_register", args=[family.pk]),
    }


@family_view(Capability.STAFF_VIEW, record_type=PLAN)
def plan_detail(request, access_):
    family = access_.family
    plan = selectors.plan_of(access_)
    can_edit = access_.can(Capability.COORDINATE)
    if plan is None:
        has_consent = services.plan_consent(family) is not None
        return render(
            request,
            "plans/plan_missing.html",
            {
                "family": family,
                "can_edit": can_edit,
                "has_consent": has_consent,
                **_no_consent_context(family, access_),
            },
        )
    version = selectors.version(plan)
    selectors.attach_evaluations(version, selectors.evaluations_by_lineage(plan))
    comments = selectors.comments(plan)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "family": family,
            "plan": plan,
            "version": version,
            "versions": selectors.version_list(plan),
            "progress": selectors.progress(version),
            "comments": comments,
            "unseen": [c for c in comments if c.seen_at is None and c.author_id != request.user.pk],
            "can_edit": can_edit,
            "user_id": request.user.pk,
            "has_consent": services.plan_consent(family) is not None,
            **_no_consent_context(family, access_),
        },
    )


@family_view(COORDINATE, record_type=PLAN)
def plan_create(request, access_):
    family = access_.family
    if selectors.plan_of(access_) is not None:
        return redirect("plans:plan", family_id=family.pk)
    if services.plan_consent(family) is None:
        status = 422 if request.method == "POST" else 200
        return render(
            request,
            "plans/plan_missing.html",
            {
                "family": family,
                "can_edit": True,
                "has_consent": False,
                "refused": request.method == "POST",
                **_no_consent_context(family, access_),
            },
            status=status,
        )
    today = timezone.localdate()
    form = PlanForm(
        request.POST if request.method == "POST" else None,
        initial={"period_start": today, "next_revision_on": add_months(today, 12)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.create_plan(family, request.user, **form.cleaned_data)
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Planen er laget. Skriv inn mål og tiltak sammen med familien."))
            return redirect("plans:plan", family_id=family.pk)
    return _form_page(
        request,
        access_,
        form,
        _("Lag individuell plan"),
        intro=_("Planen lages sammen med barnet og familien. Mål og tiltak legger du inn etterpå."),
        submit_label=_("Lag planen"),
    )


@family_view(COORDINATE, record_type=PLAN)
def plan_edit(request, access_):
    plan = _visible_plan(access_)
    version = services.working_version(plan)
    initial = {name: getattr(version, name) for name in services.VERSION_FIELDS}
    form = PlanForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_version(version, request.user, **form.cleaned_data)
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Planen er lagret."))
            return redirect("plans:plan", family_id=access_.family.pk)
    return _form_page(request, access_, form, _("Endre planen (versjon %(n)s)") % {"n": version.number})


@login_first
def goal_edit(request, family_id, goal_id=None):
    if goal_id is None:
        access_, goal = access.family(request, family_id, COORDINATE, record_type=PLAN), None
    else:
        access_, goal = access.get(
            request, Goal, goal_id, COORDINATE, queryset=_working_rows(Goal, family_id)
        )
    version = services.working_version(_visible_plan(access_))
    form = GoalForm(
        request.POST if request.method == "POST" else None,
        initial={"text": goal.text, "voice": goal.voice} if goal else None,
    )
    if request.method == "POST" and request.POST.get("action") == "delete" and goal:
        try:
            services.remove_goal(goal)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("plans:goal_edit", family_id=access_.family.pk, goal_id=goal.pk)
        messages.success(request, _("Målet er fjernet fra denne versjonen."))
        return redirect("plans:plan", family_id=access_.family.pk)
    if request.method == "POST" and form.is_valid():
        try:
            if goal:
                services.update_goal(goal, **form.cleaned_data)
            else:
                services.add_goal(version=version, **form.cleaned_data)
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Målet er lagret."))
            return redirect("plans:plan", family_id=access_.family.pk)
    return _form_page(
        request,
        access_,
        form,
        _("Endre mål") if goal else _("Nytt mål"),
        intro=_("Skriv målet slik barnet og familien sier det selv."),
        extra={"delete": bool(goal), "delete_label": _("Fjern målet")},
    )


@login_first
def measure_edit(request, family_id, measure_id=None):
    if measure_id is None:
        access_, measure = access.family(request, family_id, COORDINATE, record_type=PLAN), None
    else:
        access_, measure = access.get(
            request, Measure, measure_id, COORDINATE, queryset=_working_rows(Measure, family_id)
        )
    version = services.working_version(_visible_plan(access_))
    goals = access.visible(access_, Goal).filter(version=version)
    if measure:
        initial = {name: getattr(measure, name) for name in services.MEASURE_FIELDS} | {
            "goal": measure.goal_id
        }
    else:
        initial = {"goal": request.GET.get("mal")} if request.GET.get("mal", "").isdigit() else None
    form = MeasureForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        family=access_.family,
        goals=goals,
    )
    if not goals.exists():
        messages.warning(request, _("Legg inn et mål først. Hvert tiltak hører til et mål."))
        return redirect("plans:goal_add", family_id=access_.family.pk)
    if request.method == "POST" and request.POST.get("action") == "delete" and measure:
        try:
            services.remove_measure(measure)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("plans:measure_edit", family_id=access_.family.pk, measure_id=measure.pk)
        messages.success(request, _("Tiltaket er fjernet fra denne versjonen."))
        return redirect("plans:plan", family_id=access_.family.pk)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if measure:
                services.update_measure(measure, **data)
            else:
                services.add_measure(data.pop("goal"), **data)
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Tiltaket er lagret."))
            return redirect("plans:plan", family_id=access_.family.pk)
    return _form_page(
        request,
        access_,
        form,
        _("Endre tiltak") if measure else _("Nytt tiltak"),
        extra={"delete": bool(measure), "delete_label": _("Fjern tiltaket")},
    )


@family_view(COORDINATE, record_type=PLAN)
def participant_add(request, access_):
    plan = _visible_plan(access_)
    version = services.working_version(plan)
    form = ParticipantForm(request.POST if request.method == "POST" else None, family=access_.family)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_participant(version, **form.cleaned_data)
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Deltakeren er lagt til."))
            return redirect("plans:plan", family_id=access_.family.pk)
    return _form_page(request, access_, form, _("Legg til deltaker i planarbeidet"))


@require_POST
@login_first
def participant_remove(request, family_id, participant_id):
    access_, participant = access.get(
        request, Participant, participant_id, COORDINATE, queryset=_working_rows(Participant, family_id)
    )
    try:
        services.remove_participant(participant)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Deltakeren er fjernet fra denne versjonen."))
    return redirect("plans:plan", family_id=access_.family.pk)


@login_first
def evaluate(request, family_id, measure_id):
    """Evaluate a measure of the plan or of a relay log: who may is the record policy's rule for changing
    a measure (`services.may_evaluate`: the person responsible, the coordinator or the relay holder)."""
    model, rows = selectors.evaluable_measures(family_id, measure_id)
    access_, measure = access.get(
        request, model, measure_id, Capability.STAFF_VIEW, change=True, queryset=rows
    )
    relay_log_id = measure.goal.relay_log_id
    form = EvaluationForm(
        request.POST if request.method == "POST" else None,
        initial={"evaluated_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluate_measure(measure, request.user, **form.cleaned_data)
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Evalueringen er lagret."))
            if relay_log_id is not None:
                return redirect("relay:detail", family_id=access_.family.pk, log_id=relay_log_id)
            return redirect("plans:plan", family_id=access_.family.pk)
    return _form_page(
        request,
        access_,
        form,
        _("Evaluer tiltaket"),
        intro=measure.description
        + (
            " – " + _("skulle evalueres %(date)s") % {"date": _date(measure.evaluate_on)}
            if measure.evaluate_on
            else ""
        ),
        back_url=reverse("relay:detail", args=[access_.family.pk, relay_log_id]) if relay_log_id else None,
    )


def _date(day):
    from django.utils.formats import date_format

    return date_format(day, "j. F Y")


@family_view(COORDINATE, record_type=PLAN)
def revise(request, access_):
    plan = _visible_plan(access_)
    version = services.working_version(plan)
    form = ReviseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.revise(plan, request.user, form.cleaned_data["revision_note"])
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(
                request,
                _("Versjon %(old)s er låst. Dere arbeider nå i versjon %(new)s.")
                % {"old": version.number, "new": new.number},
            )
            return redirect("plans:plan", family_id=access_.family.pk)
    return _form_page(
        request,
        access_,
        form,
        _("Revider planen"),
        intro=_(
            "Versjon %(n)s blir låst og tatt vare på slik den er. "
            "Alt kopieres til en ny versjon som dere endrer videre."
        )
        % {"n": version.number},
        submit_label=_("Lag ny versjon"),
    )


@family_view(Capability.VIEW, record_type=PLAN)
def version_detail(request, access_, number):
    plan = _visible_plan(access_)
    version = selectors.version(plan, number)
    if version is None:
        raise Http404
    selectors.attach_evaluations(version, selectors.evaluations_by_lineage(plan))
    return render(
        request,
        "plans/version.html",
        {
            "family": access_.family,
            "plan": plan,
            "version": version,
            "versions": selectors.version_list(plan),
            "staff": access_.can(Capability.STAFF_VIEW),
        },
    )


@family_view(Capability.VIEW, record_type=PLAN)
def compare(request, access_):
    plan = _visible_plan(access_)
    versions = selectors.version_list(plan)
    numbers = [v.number for v in versions]
    error = ""
    try:
        old_n = int(request.GET.get("fra") or (numbers[1] if len(numbers) > 1 else numbers[0]))
        new_n = int(request.GET.get("til") or numbers[0])
    except ValueError:
        old_n, new_n, error = numbers[-1], numbers[0], _("Velg to versjoner fra listene.")
    if not error and (old_n not in numbers or new_n not in numbers):
        error = _("Planen har ingen slik versjon. Velg fra listene.")
        old_n, new_n = numbers[-1], numbers[0]
    old, new = selectors.version(plan, old_n), selectors.version(plan, new_n)
    return render(
        request,
        "plans/compare.html",
        {
            "family": access_.family,
            "plan": plan,
            "versions": versions,
            "diff": compare_versions(old, new),
            "old_n": old_n,
            "new_n": new_n,
            "error": error,
            "staff": access_.can(Capability.STAFF_VIEW),
        },
        status=422 if error else 200,
    )


@login_first
def pdf(request, family_id):
    """The plan as a PDF in bokmål. A file leaving Los: logged as an export, once it is made."""
    access_, _family = access.get(request, Family, family_id, Capability.VIEW, record_type=PLAN, log=False)
    plan = _visible_plan(access_)
    number = request.GET.get("versjon")
    version = selectors.version(plan, int(number)) if number and number.isdigit() else selectors.version(plan)
    if version is None:
        raise Http404(access.NOT_FOUND)
    content = plan_pdf(version)
    access.log_export(request, access_, PLAN, record_id=plan.pk)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="individuell-plan-v{version.number}.pdf"'
    return response


@require_POST
@family_view(COORDINATE, record_type=PLAN)
def comments_seen(request, access_):
    plan = _visible_plan(access_)
    services.mark_comments_seen(plan, request.user)
    messages.success(request, _("Kommentarene er merket som lest."))
    return redirect("plans:plan", family_id=access_.family.pk)


@family_view(Capability.ACT_AS_FAMILY, record_type=PLAN)
def portal_plan(request, access_):
    """The guardian reads the plan and comments on it."""
    family = access_.family
    plan = selectors.plan_of(access_)
    version = selectors.version(plan) if plan else None
    form = CommentForm(request.POST if request.method == "POST" else None)
    if version is not None:
        if request.method == "POST" and form.is_valid():
            try:
                services.add_comment(version, request.user, form.cleaned_data["text"])
            except DomainError as error:
                _fail(form, error)
            else:
                messages.success(request, _("Takk. Kommentaren er sendt til koordinatoren."))
                return redirect("plans:portal_plan", family_id=family.pk)
        selectors.attach_evaluations(version, selectors.evaluations_by_lineage(plan))
    return render(
        request,
        "plans/portal_plan.html",
        {
            "family": family,
            "plan": plan,
            "version": version,
            "form": form,
            "versions": selectors.version_list(plan) if plan else [],
            "comments": selectors.comments(plan) if plan else [],
            "progress": selectors.progress(version) if version else None,
        },
        status=422 if form.is_bound and form.errors else 200,
    )
