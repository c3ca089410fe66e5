"""Planning pages: the family's needs and limits, the optimiser's proposal, booking requests and the
services' answers, and importing a service's .ics file. Every record comes through the record policy
(`access.get`, `access.visible`); the services log the changes they make."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from los.core import access
from los.core.access import Capability, Grant, family_view, login_first
from los.core.errors import DomainError

from . import ical, planning, selectors, services
from .forms import CounterForm, ImportForm, LimitsForm, NeedForm, ProposalForm
from .models import AppointmentNeed, BookingRequest, BundlingProposal, NeedStatus, RequestState
from .views import _context, _today, family_page

PLANNING = (Capability.STAFF_VIEW, Capability.COORDINATE)


def _of_family(model, family_id, lookup="family_id"):
    return model.objects.filter(**{lookup: family_id})


def _needs_page(request, grant: Grant, need_form=None, proposal_form=None, status=200):
    needs = (
        access.visible(grant, AppointmentNeed)
        .exclude(status=NeedStatus.CLOSED)
        .order_by("status", "window_from", "id")
    )
    proposals = access.visible(grant, BundlingProposal).order_by("-created_at", "-id")[:5]
    counters = (
        access.visible(grant, BookingRequest)
        .filter(state=RequestState.COUNTER)
        .select_related("appointment__service", "appointment__place")
        .order_by("counter_starts_at")
    )
    today = _today()
    return render(
        request,
        "calendar/needs.html",
        _context(
            grant,
            "needs",
            needs=needs,
            proposals=proposals,
            counters=counters,
            limits=selectors.family_limits(grant),
            need_form=need_form
            or NeedForm(services=services.bookable_services(grant), initial={"window_from": today}),
            proposal_form=proposal_form
            or ProposalForm(initial={"start": today + dt.timedelta(days=1), "weeks": 12}),
        ),
        status=status,
    )


@family_view(PLANNING, record_type="appointment_needs")
def needs(request, grant):
    return _needs_page(request, grant)


@family_view(PLANNING, record_type="appointment_needs")
def need_new(request, grant):
    if request.method != "POST":
        return _needs_page(request, grant)
    form = NeedForm(request.POST, services=services.bookable_services(grant))
    if form.is_valid():
        try:
            services.create_need(grant, form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Behovet er registrert."))
            return redirect("calendar:needs", family_id=grant.family.pk)
    return _needs_page(request, grant, need_form=form, status=422)


@require_POST
@login_first
def need_close(request, family_id, need_id):
    grant, need = access.get(
        request, AppointmentNeed, need_id, PLANNING, queryset=_of_family(AppointmentNeed, family_id)
    )
    services.close_need(grant, need)
    messages.success(request, _("Behovet er avsluttet."))
    return redirect("calendar:needs", family_id=grant.family.pk)


@login_first
def limits(request, family_id):
    grant = family_page(request, family_id, "calendar_limits", services.may_keep_limits)
    current = selectors.family_limits(grant)
    initial = {
        "max_appointments_per_day": current.max_appointments_per_day,
        "earliest": current.earliest,
        "latest": current.latest,
        "unavailable_weekdays": current.unavailable_weekdays,
        "unavailable_dates": "\n".join(
            dt.date.fromisoformat(d).strftime("%d.%m.%Y") for d in current.unavailable_dates
        ),
    }
    form = LimitsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_limits(grant, form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Det familien kan, er lagret."))
            return redirect("calendar:week", family_id=grant.family.pk)
    return render(
        request,
        "calendar/limits.html",
        _context(grant, "limits", form=form),
        status=422 if form.is_bound else 200,
    )


@require_POST
@family_view(PLANNING, record_type="bundling_proposal")
def propose(request, grant):
    form = ProposalForm(request.POST)
    if not form.is_valid():
        return _needs_page(request, grant, proposal_form=form, status=422)
    try:
        proposal = planning.run_proposal(grant, form.cleaned_data["start"], form.cleaned_data["weeks"] * 7)
    except DomainError as error:
        form.add_error(None, error.message)
        return _needs_page(request, grant, proposal_form=form, status=422)
    return redirect("calendar:proposal", family_id=grant.family.pk, proposal_id=proposal.pk)


@login_first
def proposal(request, family_id, proposal_id):
    grant, found = access.get(
        request, BundlingProposal, proposal_id, PLANNING, queryset=_of_family(BundlingProposal, family_id)
    )
    start = found.start
    end = start + dt.timedelta(days=found.days)
    begin, finish = services.combine(start, dt.time(0)), services.combine(end, dt.time(0))
    current = [i for i in selectors.calendar_items(grant, begin, finish) if not i.is_cancelled]
    rows = planning.proposal_rows(found)
    return render(
        request,
        "calendar/proposal.html",
        _context(
            grant,
            "proposal",
            proposal=found,
            rows=rows,
            moved=sum(1 for r in rows if r["moved"]),
            current=current,
            reasons=planning.infeasible_reasons(found) if found.status == "infeasible" else [],
            end=end - dt.timedelta(days=1),
        ),
    )


@require_POST
@login_first
def proposal_send(request, family_id, proposal_id):
    grant, found = access.get(
        request, BundlingProposal, proposal_id, PLANNING, queryset=_of_family(BundlingProposal, family_id)
    )
    try:
        made = planning.send_requests(grant, found)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("calendar:proposal", family_id=grant.family.pk, proposal_id=found.pk)
    messages.success(
        request,
        _("%(n)s bookingforespørsler er sendt til tjenestene. Timene er ikke booket før tjenesten bekrefter.")
        % {"n": len(made)},
    )
    return redirect("calendar:needs", family_id=grant.family.pk)


@require_POST
@login_first
def counter_accept(request, family_id, request_id):
    grant, found = access.get(
        request,
        BookingRequest,
        request_id,
        PLANNING,
        queryset=_of_family(BookingRequest, family_id, "appointment__family_id"),
    )
    try:
        services.accept_counter(grant, found)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Tjenestens tidspunkt er godtatt og timen er bekreftet."))
    return redirect("calendar:needs", family_id=grant.family.pk)


# --------------------------------------------------------------------------- the service's side


def _professional_only(request):
    if request.user.role not in access.STAFF_ROLES or not hasattr(request.user, "professional"):
        raise Http404


@login_required
def requests(request):
    """Bookingforespørsler: what coordinators have asked this professional's services to book."""
    _professional_only(request)
    found = list(services.pending_requests_for(request.user))
    families = {r.appointment.family_id: r.appointment.family for r in found}
    visible = {f.pk: f for f in access.visible_families(request.user).filter(pk__in=families)}
    access.log_family_list(request, visible.values(), record_type="booking_request")
    return render(request, "calendar/requests.html", {"requests": found})


def _request_for(request, request_id) -> BookingRequest:
    """A request this professional answers: open, to their service, and visible to them by the policy."""
    pending = services.pending_requests_for(request.user)
    _grant, found = access.get(
        request,
        BookingRequest,
        request_id,
        Capability.STAFF_VIEW,
        queryset=BookingRequest.objects.filter(pk__in=pending.values("pk")),
    )
    return found


@login_required
@require_POST
def request_confirm(request, request_id):
    _professional_only(request)
    found = _request_for(request, request_id)
    try:
        services.confirm_request(found, request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Timen er bekreftet. Familien ser den nå som bekreftet."))
    return redirect("calendar:requests")


@login_required
def request_counter(request, request_id):
    _professional_only(request)
    found = _request_for(request, request_id)
    start = selectors.local(found.appointment.starts_at)
    form = CounterForm(
        request.POST if request.method == "POST" else None,
        initial={"date": start.date(), "start_time": start.time()},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.propose_other_time(
                found, request.user, services.combine(d["date"], d["start_time"]), d["message"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Forslaget er sendt til koordinatoren."))
            return redirect("calendar:requests")
    return render(
        request,
        "people/form.html",
        {
            "form": form,
            "title": _("Foreslå et annet tidspunkt"),
            "intro": _("Koordinatoren ba om %(what)s %(when)s. Skriv hvilket tidspunkt tjenesten kan tilby.")
            % {"what": found.appointment.label, "when": f"{start:%d.%m.%Y kl. %H.%M}"},
            "submit_label": _("Send forslaget"),
            "back_url": reverse("calendar:requests"),
            "back_label": _("Bookingforespørsler"),
        },
        status=422 if form.is_bound else 200,
    )


@login_first
def import_ics(request, family_id):
    grant = family_page(request, family_id, "calendar_import", services.may_import)
    allowed = services.bookable_services(grant)
    form = ImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        services=allowed,
    )
    report = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > 2_000_000:
                form.add_error("file", _("Filen er for stor (mer enn 2 MB)."))
                status = 422
            else:
                report = ical.import_ics(grant, form.cleaned_data["service"], upload.read())
        else:
            status = 422
    return render(
        request,
        "calendar/import.html",
        _context(grant, "import", form=form, report=report),
        status=status,
    )
