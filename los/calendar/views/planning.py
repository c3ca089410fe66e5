"""Planning pages: the family's needs and limits, the optimiser's proposal, accepting a service's other
time, and importing a service's .ics file. Every record comes through the record policy (`access.get`,
`access.visible`); the services log the changes they make."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from los.core import access, dates, pages, versions
from los.core.access import Capability, Grant, family_view, login_first
from los.people.models import Child

from .. import ical_reader, policy, selectors
from ..forms import AdjustForm, ImportForm, LimitsForm, NeedForm, ProposalForm
from ..models import AppointmentNeed, BookingRequest, BundlingProposal, NeedStatus, RequestState
from ..services import booking, ical_import, planning
from ..services import needs as need_services
from .calendar import calendar_context

PLANNING = (Capability.STAFF_VIEW, Capability.COORDINATE)


def _of_family(model, family_id, lookup="family_id"):
    return model.objects.filter(**{lookup: family_id})


def _need_form(grant: Grant, data=None) -> NeedForm:
    children = access.visible(grant, Child).order_by("birth_date", "first_name", "id")
    return NeedForm(data, services=policy.bookable_services(grant), children=children)


def _needs_page(request, grant: Grant, need_form=None, proposal_form=None):
    needs = (
        access.visible(grant, AppointmentNeed)
        .exclude(status=NeedStatus.CLOSED)
        .select_related("service", "child")
        .order_by("status", "window_from", "id")
    )
    proposals = access.visible(grant, BundlingProposal).order_by("-created_at", "-id")[:5]
    counters = (
        access.visible(grant, BookingRequest)
        .filter(state=RequestState.COUNTER)
        .select_related("appointment__service", "appointment__place")
        .order_by("counter_starts_at")
    )
    sent = need_form is not None or proposal_form is not None
    return render(
        request,
        "calendar/needs.html",
        calendar_context(
            grant,
            "needs",
            needs=needs,
            proposals=proposals,
            counters=counters,
            limits=selectors.family_limits(grant),
            need_form=need_form or _need_form(grant),
            proposal_form=proposal_form or ProposalForm(),
        ),
        status=422 if sent else 200,
    )


@family_view(PLANNING, record_type="appointment_needs")
def needs(request, grant):
    return _needs_page(request, grant)


@family_view(PLANNING, record_type="appointment_needs")
def need_new(request, grant):
    if request.method != "POST":
        return _needs_page(request, grant)
    form = _need_form(grant, request.POST)
    if pages.run_form(form, lambda data: need_services.create_need(grant, data)):
        messages.success(request, _("Behovet er registrert."))
        return redirect("calendar:needs", family_id=grant.family.pk)
    return _needs_page(request, grant, need_form=form)


@require_POST
@login_first
def need_close(request, family_id, need_id):
    grant, need = access.get(
        request, AppointmentNeed, need_id, PLANNING, queryset=_of_family(AppointmentNeed, family_id)
    )
    pages.run_action(
        request,
        lambda: need_services.close_need(grant, need, versions.posted(request)),
        _("Behovet er avsluttet."),
    )
    return redirect("calendar:needs", family_id=grant.family.pk)


@login_first
def limits(request, family_id):
    grant = access.family_for(request, family_id, policy.may_keep_limits, record_type="calendar_limits")
    form = LimitsForm(
        request.POST if request.method == "POST" else None,
        initial=LimitsForm.initial_from(selectors.family_limits(grant)),
    )
    if pages.run_form(form, lambda data: need_services.save_limits(grant, data)):
        messages.success(request, _("Det familien kan, er lagret."))
        return redirect("calendar:week", family_id=grant.family.pk)
    return pages.form_page(
        request,
        form,
        _("Hva familien kan"),
        template="calendar/limits.html",
        **calendar_context(grant, "limits"),
    )


@require_POST
@family_view(PLANNING, record_type="bundling_proposal")
def propose(request, grant):
    form = ProposalForm(request.POST)
    if done := pages.run_form(
        form, lambda data: planning.run_proposal(grant, data["start"], data["weeks"] * 7)
    ):
        return redirect("calendar:proposal", family_id=grant.family.pk, proposal_id=done.value.pk)
    return _needs_page(request, grant, proposal_form=form)


def _proposal_page(request, grant: Grant, found: BundlingProposal, adjust_form=None, adjust_index=None):
    start = found.start
    end = start + dt.timedelta(days=found.days)
    begin, finish = dates.at(start, dt.time(0)), dates.at(end, dt.time(0))
    current = [i for i in selectors.calendar_items(grant, begin, finish) if not i.is_cancelled]
    rows = planning.proposal_rows(found)
    for row in rows:
        if adjust_form is not None and row["index"] == adjust_index:
            row["form"] = adjust_form
        else:
            row["form"] = AdjustForm(
                initial={"date": row["start"].date(), "start_time": row["start"].time(), "was": row["key"]},
                auto_id=f"id_adjust{row['index']}_%s",
            )
    return render(
        request,
        "calendar/proposal.html",
        calendar_context(
            grant,
            "proposal",
            proposal=found,
            rows=rows,
            moved=sum(1 for r in rows if r["moved"]),
            current=current,
            reasons=planning.infeasible_reasons(found) if found.status == "infeasible" else [],
            end=end - dt.timedelta(days=1),
            adjusted=bool(found.result.get("adjusted")),
            limits=selectors.family_limits(grant),
        ),
        status=422 if adjust_form is not None else 200,
    )


@login_first
def proposal(request, family_id, proposal_id):
    grant, found = access.get(
        request, BundlingProposal, proposal_id, PLANNING, queryset=_of_family(BundlingProposal, family_id)
    )
    return _proposal_page(request, grant, found)


@require_POST
@login_first
def proposal_adjust(request, family_id, proposal_id, index):
    """Change the time of one proposed appointment before sending; refused (422, with what is wrong)
    when the proposal would no longer hold."""
    grant, found = access.get(
        request, BundlingProposal, proposal_id, PLANNING, queryset=_of_family(BundlingProposal, family_id)
    )
    form = AdjustForm(request.POST, auto_id=f"id_adjust{index}_%s")
    if pages.run_form(
        form,
        lambda data: planning.adjust_time(grant, found, index, data["was"], data["date"], data["start_time"]),
        fields={"start": "start_time"},
    ):
        messages.success(request, _("Tiden er endret. Forslaget holder fortsatt."))
        return redirect("calendar:proposal", family_id=grant.family.pk, proposal_id=found.pk)
    found.refresh_from_db()
    return _proposal_page(request, grant, found, adjust_form=form, adjust_index=index)


@require_POST
@login_first
def proposal_send(request, family_id, proposal_id):
    grant, found = access.get(
        request, BundlingProposal, proposal_id, PLANNING, queryset=_of_family(BundlingProposal, family_id)
    )
    done = pages.run_action(request, lambda: planning.send_requests(grant, found))
    if done is None:
        return redirect("calendar:proposal", family_id=grant.family.pk, proposal_id=found.pk)
    messages.success(
        request,
        _("%(n)s bookingforespørsler er sendt til tjenestene. Timene er ikke booket før tjenesten bekrefter.")
        % {"n": len(done.value)},
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
    pages.run_action(
        request,
        lambda: booking.accept_counter(grant, found),
        _("Tjenestens tidspunkt er godtatt og timen er bekreftet."),
    )
    return redirect("calendar:needs", family_id=grant.family.pk)


@login_first
def import_ics(request, family_id):
    """«Importer timer»: a service's .ics file, with the report of what was imported and what was skipped
    (line and reason). A file refused as a whole (too large, too many events, no calendar) is a form error."""
    grant = access.family_for(request, family_id, policy.may_import, record_type="calendar_import")
    sent = request.method == "POST"
    form = ImportForm(
        request.POST if sent else None,
        request.FILES if sent else None,
        services=policy.bookable_services(grant),
    )
    done = pages.run_form(
        form,
        # One byte over the cap is enough for the reader to refuse the file without reading all of it.
        lambda data: ical_import.import_ics(
            grant, data["service"], data["file"].read(ical_reader.MAX_IMPORT_BYTES + 1)
        ),
    )
    return render(
        request,
        "calendar/import.html",
        calendar_context(grant, "import", form=form, report=done.value if done else None),
        status=422 if sent and form.errors else 200,
    )
