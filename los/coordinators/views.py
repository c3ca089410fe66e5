"""Appointing coordinators with ranked suggestions, change requests (the unit's and the family's side),
caseload against capacity, training."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from los.casework import outcomes
from los.casework.models import Application
from los.casework.services import decisions
from los.casework.views.applications import STAFF, require_caseworker
from los.core import access, dates, pages, paging
from los.core.access import Capability, family_view

from . import selectors as coordinator_selectors
from . import services as coordinator_services
from . import suggestions
from .forms import (
    AppointForm,
    ChangeKindForm,
    ChangeRequestForm,
    CoordinatorFilterForm,
    CoordinatorProfileForm,
    DeclineForm,
    KeepForm,
    ReplaceForm,
    TrainingCompletionForm,
    TrainingCourseForm,
)
from .models import (
    POINTS_PER_FULL_POSITION,
    AppointmentPath,
    ChangeOfCoordinatorRequest,
    ChangeRequestState,
    CoordinatorKind,
    CoordinatorProfile,
    NeedLevel,
    TrainingCourse,
)


def _ranked(municipality_id, needs):
    coordinators = list(coordinator_selectors.coordinators_with_caseload(municipality_id, dates.today()))
    by_id = {u.pk: u for u in coordinators}
    ranked = suggestions.rank([coordinator_selectors.candidate_of(u) for u in coordinators], needs)
    return [(s, by_id[s.candidate.id]) for s in ranked], coordinators


def _need_level(request) -> int:
    raw = request.POST.get("need_level") or request.GET.get("behov") or NeedLevel.MEDIUM
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return NeedLevel.MEDIUM
    return value if value in NeedLevel.values else NeedLevel.MEDIUM


def _appoint_page(
    request,
    *,
    grant,
    application,
    change_request,
    kinds,
    title,
    back_url,
    decline_form=None,
    allow_keep=False,
    replace=None,
):
    """The appointment page. With a family that has a coordinator, the unit keeps that person (when a
    decision asks for a coordinator: `allow_keep`) or appoints someone else (with a reason, unless the
    family asked to change): every choice ends in an appointment (see `services.APPOINTMENT_PATHS`)."""
    need = _need_level(request)
    current = coordinator_selectors.current_assignment(grant)
    family = grant.family
    if change_request is not None:
        paths = (AppointmentPath.APPOINT,)  # the family's request is the reason to replace
    elif replace:
        paths = (AppointmentPath.REPLACE,)
    else:
        paths = coordinator_services.appointment_paths(current is not None)
        if not allow_keep:
            paths = tuple(p for p in paths if p != AppointmentPath.KEEP)
    posted = request.POST.get("path") if request.method == "POST" else None
    if request.method == "POST" and posted not in paths:
        posted = paths[-1]
    needs = coordinator_selectors.needs_of(
        application, family, need, current.coordinator_id if current is not None else None
    )
    ranked, _coordinators = _ranked(family.municipality_id, needs)
    best = ranked[0][1].pk if ranked else None
    appoint_path = AppointmentPath.REPLACE if AppointmentPath.REPLACE in paths else AppointmentPath.APPOINT
    form_class = ReplaceForm if appoint_path == AppointmentPath.REPLACE else AppointForm
    default_kind = kinds[0] if kinds else None
    if replace and current is not None and current.kind in kinds:
        default_kind = current.kind
    coordinators = coordinator_selectors.coordinators_in(family.municipality_id)
    if current is not None:  # someone else in the current coordinator's place
        coordinators = coordinators.exclude(pk=current.coordinator_id)
    form = form_class(
        request.POST if posted == appoint_path else None,
        coordinators=coordinators,
        kinds=kinds,
        initial={
            "coordinator": best,
            "starts_on": dates.today(),
            "need_level": current.need_level if current is not None else need,
            "kind": default_kind,
        },
    )
    keep_form = None
    if AppointmentPath.KEEP in paths:
        keep_form = KeepForm(
            request.POST if posted == AppointmentPath.KEEP else None,
            kinds=kinds,
            initial={
                "kind": coordinator_services.kind_after_keep(current.kind, kinds),
                "starts_on": dates.today(),
            },
        )
        done = pages.run_form(
            keep_form,
            lambda data: coordinator_services.keep_for_decision(
                application, request.user, kind=data["kind"], starts_on=data.get("starts_on")
            ),
        )
        if done:
            messages.success(
                request,
                _("%(name)s er oppnevnt som %(kind)s for dette vedtaket.")
                % {
                    "name": done.value.coordinator.get_full_name(),
                    "kind": done.value.get_kind_display().lower(),
                },
            )
            return redirect(back_url)

    def appoint(data):
        common = {
            "coordinator": data["coordinator"],
            "kind": data["kind"],
            "starts_on": data["starts_on"],
            "need_level": data["need_level"],
            "chosen_because": data.get("chosen_because", ""),
            "application": application,
        }
        if appoint_path == AppointmentPath.REPLACE:
            return coordinator_services.replace_coordinator(
                family, request.user, reason=data.get("reason", ""), **common
            )
        return coordinator_services.appoint_coordinator(
            family, request.user, change_request=change_request, **common
        )

    done = pages.run_form(form, appoint)
    if done:
        messages.success(
            request,
            _("%(name)s er oppnevnt som %(kind)s. Familien ser navnet på sidene sine.")
            % {"name": done.value.coordinator.get_full_name(), "kind": done.value.get_kind_display().lower()},
        )
        return redirect(back_url)
    return render(
        request,
        "coordinators/appoint.html",
        {
            "title": title,
            "family": family,
            "application": application,
            "change_request": change_request,
            "current": current,
            "ranked": ranked,
            "form": form,
            "keep_form": keep_form,
            "appoint_path": appoint_path,
            "decline_form": decline_form,
            "back_url": back_url,
            "need_levels": NeedLevel.choices,
            "need": need,
        },
        status=422 if (form.is_bound or (keep_form is not None and keep_form.is_bound)) else 200,
    )


@login_required
def appoint(request, application_id):
    """Appoint the coordinator the decision gives the family a right to, with ranked suggestions; when the
    family already has one, keep that person for this decision or appoint someone else."""
    grant, application = access.get(
        request, Application, application_id, STAFF, record_type="assignment", log=False
    )
    kinds = outcomes.coordinator_kinds(decisions.granted_rights(application))
    if not kinds:
        messages.error(
            request, _("Søknaden har ikke et vedtak som gir rett til koordinator eller barnekoordinator.")
        )
        return redirect("casework:application", application_id=application.pk)
    if access.is_reading(request):
        access.log_read(request, grant, "assignment", application.pk)
    return _appoint_page(
        request,
        grant=grant,
        application=application,
        change_request=None,
        kinds=kinds,
        title=_("Oppnevn koordinator"),
        back_url=reverse("casework:application", args=[application.pk]),
        allow_keep=True,
    )


@family_view(STAFF, record_type="assignment")
def replace(request, grant):
    """Appoint another coordinator for the family without a request from the family, with the reason."""
    if coordinator_selectors.current_assignment(grant) is None:
        messages.error(request, _("Familien har ingen koordinator å bytte ut."))
        return redirect("people:family", family_id=grant.family.pk)
    return _appoint_page(
        request,
        grant=grant,
        application=None,
        change_request=None,
        kinds=list(CoordinatorKind.values),
        title=_("Bytt koordinator"),
        back_url=reverse("people:family", args=[grant.family.pk]),
        replace=True,
    )


@family_view(STAFF, record_type="assignment")
def change_kind(request, grant):
    """Make the family's coordinator a koordinator or a barnekoordinator (hol §§ 7-2, 7-2 a), with the
    reason; the same person goes on and the history is kept."""
    family = grant.family
    current = coordinator_selectors.current_assignment(grant)
    back = reverse("people:family", args=[family.pk])
    if current is None:
        messages.error(request, _("Familien har ingen koordinator."))
        return redirect(back)
    other = next(k for k in CoordinatorKind.values if k != current.kind)
    form = ChangeKindForm(
        request.POST if request.method == "POST" else None,
        initial={"kind": other, "starts_on": dates.today()},
    )
    done = pages.run_form(
        form,
        lambda data: coordinator_services.change_kind(
            family, request.user, kind=data["kind"], starts_on=data["starts_on"], reason=data["reason"]
        ),
    )
    if done:
        messages.success(
            request,
            _("%(name)s er nå %(kind)s for familien.")
            % {"name": done.value.coordinator.get_full_name(), "kind": done.value.get_kind_display().lower()},
        )
        return redirect(back)
    return pages.form_page(
        request,
        form,
        _("Endre type koordinator"),
        family=family,
        back_url=back,
        intro=_(
            "%(name)s er %(kind)s for familien fra %(date)s. Samme person fortsetter; den gamle "
            "oppnevningen avsluttes med grunnen, og en ny begynner. Barnekoordinator gjelder familier som "
            "venter eller har barn med alvorlig sykdom, skade eller nedsatt funksjonsevne "
            "(helse- og omsorgstjenesteloven § 7-2 a); ellers koordinator (§ 7-2)."
        )
        % {
            "name": current.coordinator.get_full_name(),
            "kind": current.get_kind_display().lower(),
            "date": dates.long_date(current.starts_on),
        },
        submit_label=_("Endre type"),
    )


@login_required
def change_request(request, request_id):
    """The family asked for another coordinator: appoint a new one, or answer why not."""
    grant, change_request_ = access.get(request, ChangeOfCoordinatorRequest, request_id, STAFF)
    back = reverse("casework:worklist")
    if change_request_.state != ChangeRequestState.OPEN:
        return render(
            request,
            "coordinators/change_request_done.html",
            {"change_request": change_request_, "family": grant.family},
        )
    return _appoint_page(
        request,
        grant=grant,
        application=None,
        change_request=change_request_,
        kinds=[change_request_.assignment.kind],
        title=_("Ønske om ny koordinator"),
        back_url=back,
        decline_form=DeclineForm(),
    )


@login_required
@require_POST
def change_request_decline(request, request_id):
    grant, change_request_ = access.get(request, ChangeOfCoordinatorRequest, request_id, STAFF)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    elif pages.run_action(
        request,
        lambda: coordinator_services.decline_change_request(
            change_request_, request.user, form.cleaned_data["answer"]
        ),
        success=_("Svaret er sendt til familien."),
    ):
        return redirect("casework:worklist")
    return redirect("coordinators:change_request", request_id=change_request_.pk)


# --- Coordinators and training (no family data) ---------------------------------------------------


@login_required
def coordinators(request):
    """Every coordinator's caseload against capacity; untrained coordinators are marked."""
    require_caseworker(request)
    form = CoordinatorFilterForm(request.GET)
    wanted = form.wanted()
    everyone = coordinator_selectors.coordinators_with_caseload(request.user.municipality_id, dates.today())
    page = paging.paginate(
        request,
        coordinator_selectors.filter_coordinators(
            everyone, wanted["query"], wanted["training"], wanted["capacity"]
        ),
    )
    rows = [(u, coordinator_selectors.candidate_of(u)) for u in page.object_list]
    return render(
        request,
        "coordinators/coordinators.html",
        {
            "rows": rows,
            "page": page,
            "form": form,
            "filtering": any(wanted.values()),
            "untrained_count": everyone.filter(trained=False).count(),
        },
    )


@login_required
def coordinator_profile(request, user_id):
    require_caseworker(request)
    coordinator = get_object_or_404(
        coordinator_selectors.coordinators_in(request.user.municipality_id), pk=user_id
    )
    profile = CoordinatorProfile.objects.filter(user=coordinator).first() or CoordinatorProfile(
        user=coordinator
    )
    form = CoordinatorProfileForm(request.POST if request.method == "POST" else None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Lagret."))
        return redirect("coordinators:coordinators")
    return pages.form_page(
        request,
        form,
        _("Koordinator: %(name)s") % {"name": coordinator.get_full_name()},
        back_url=reverse("coordinators:coordinators"),
        intro=_(
            "Stillingsandelen avgjør hvor mange familier koordinatoren har tid til. "
            "En familie teller 1 til 3 poeng etter behov; en hel stilling gir %(points)s poeng."
        )
        % {"points": POINTS_PER_FULL_POSITION},
    )


@login_required
def training(request):
    """The coordinating unit's courses, and who has not completed coordinator training."""
    require_caseworker(request)
    form = TrainingCourseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        course = form.save(commit=False)
        course.municipality_id = request.user.municipality_id
        course.save()
        messages.success(request, _("Kurset er registrert."))
        return redirect("coordinators:training_course", course_id=course.pk)
    courses = TrainingCourse.objects.filter(municipality_id=request.user.municipality_id).prefetch_related(
        "completions__coordinator"
    )
    untrained = paging.paginate(
        request,
        coordinator_selectors.coordinators_with_caseload(request.user.municipality_id, dates.today()).filter(
            trained=False
        ),
    )
    return render(
        request,
        "coordinators/training.html",
        {"courses": courses, "form": form, "untrained": untrained.object_list, "page": untrained},
        status=422 if form.is_bound else 200,
    )


@login_required
def training_course(request, course_id):
    require_caseworker(request)
    course = get_object_or_404(TrainingCourse, pk=course_id, municipality_id=request.user.municipality_id)
    form = TrainingCompletionForm(
        request.POST if request.method == "POST" else None,
        coordinators=coordinator_selectors.coordinators_in(request.user.municipality_id),
        initial={"completed_on": dates.today()},
    )
    if pages.run_form(
        form,
        lambda data: coordinator_services.record_training(
            course, request.user, data["coordinator"], data["completed_on"]
        ),
    ):
        messages.success(request, _("Registrert."))
        return redirect("coordinators:training_course", course_id=course.pk)
    return render(
        request,
        "coordinators/training_course.html",
        {"course": course, "completions": course.completions.select_related("coordinator"), "form": form},
        status=422 if form.is_bound else 200,
    )


# --- The family's side ------------------------------------------------------------------------------


@family_view(Capability.ACT_AS_FAMILY, record_type="change_request")
def change_coordinator(request, grant):
    """Ask for another coordinator, with a reason. The request reaches the coordinating unit."""
    family = grant.family
    assignment = coordinator_selectors.current_assignment(grant)
    form = ChangeRequestForm(request.POST if request.method == "POST" else None)
    done = pages.run_form(
        form,
        lambda data: coordinator_services.request_change_of_coordinator(
            family, request.user, data["reason"], data.get("wishes", "")
        ),
    )
    if done:
        messages.success(
            request, _("Vi har fått ønsket deres om ny koordinator. Dere får svar så snart som mulig.")
        )
        return redirect("portal:family", family_id=family.pk)
    if assignment is None:
        intro = _("Familien har ingen koordinator ennå.")
    else:
        intro = _(
            "Koordinatoren deres er %(name)s. Dere har rett til å be om en annen koordinator. "
            "Fortell hvorfor, så finner vi en løsning sammen med dere."
        ) % {"name": assignment.coordinator.get_full_name()}
    open_request = coordinator_selectors.change_requests(grant).filter(state=ChangeRequestState.OPEN).exists()
    if open_request and request.method != "POST":
        messages.info(request, _("Dere har allerede bedt om å bytte. Vi svarer så snart som mulig."))
    return pages.form_page(
        request,
        form,
        _("Be om ny koordinator"),
        family=family,
        intro=intro,
        back_url=reverse("portal:family", args=[family.pk]),
        submit_label=_("Send ønsket"),
    )
