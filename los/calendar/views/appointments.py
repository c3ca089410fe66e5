"""Adding, changing and cancelling appointments in the family's calendar (each for one child or the
whole family). Who may do which is the
calendar's policy (`policy.may_add`, `policy.may_change`); the services check it again and log the
change."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from los.core import access, pages, versions
from los.core.access import Capability, Grant, login_first

from .. import policy, selectors
from ..forms import AppointmentForm
from ..models import Appointment
from ..services import appointments
from .calendar import calendar_context, parse_date, week_url


def appointment_of(request, family_id, appointment_id) -> tuple[Grant, Appointment]:
    """One appointment of the family in the address, through the record policy (404 if missing, of
    another family or not visible to this relation; on POST also when `may_change` says no)."""
    return access.get(
        request,
        Appointment,
        appointment_id,
        Capability.VIEW,
        queryset=Appointment.objects.filter(family_id=family_id),
    )


def _chosen(request, children):
    """The child a new appointment is for at first: the one the calendar showed (`?barn=ID`), else the
    only child of a family with one."""
    chosen = next((c for c in children if str(c.pk) == request.GET.get("barn", "")), None)
    if chosen is None and len(children) == 1:
        chosen = children[0]
    return chosen.pk if chosen else None


def _form(request, grant: Grant, appointment=None) -> AppointmentForm:
    children = selectors.family_children(grant.family)
    if appointment is not None:
        initial = AppointmentForm.initial_from(appointment)
    else:
        initial = {
            "date": parse_date(request.GET.get("dato")),
            "child_attends": True,
            "child": _chosen(request, children),
        }
    return AppointmentForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        services=policy.bookable_services(grant),
        places=selectors.places(grant.family),
        guardians=grant.family.guardians.all(),
        children=grant.family.children.all(),
        family_only=not policy.may_choose_service(grant),
    )


def _after_save(request, grant: Grant, appointment, text):
    found = appointments.conflicts_on_save(grant, appointment)
    if found:
        messages.warning(
            request, _("Lagret, men se opp: %(list)s") % {"list": " ".join(c.message for c in found)}
        )
    else:
        messages.success(request, text)
    return redirect(week_url(grant, appointment.starts_at))


FORM_TEMPLATE = "calendar/appointment_form.html"


@login_first
def appointment_new(request, family_id):
    grant = access.family_for(request, family_id, policy.may_add, record_type="appointment")
    form = _form(request, grant)
    if done := pages.run_form(form, lambda _data: appointments.create_appointment(grant, form.to_data())):
        return _after_save(request, grant, done.value, _("Avtalen er lagt inn."))
    return pages.form_page(
        request, form, _("Ny avtale"), template=FORM_TEMPLATE, **calendar_context(grant, "form")
    )


@login_first
def appointment_edit(request, family_id, appointment_id):
    grant, appointment = appointment_of(request, family_id, appointment_id)
    if not policy.may_change(grant, appointment):
        return render(
            request,
            "calendar/appointment_detail.html",
            calendar_context(grant, "detail", appointment=appointment),
        )
    form = versions.track(_form(request, grant, appointment), appointment)
    if pages.run_form(
        form,
        lambda data: appointments.update_appointment(
            grant, appointment, form.to_data(), lock_version=data["lock_version"]
        ),
    ):
        return _after_save(request, grant, appointment, _("Endringen er lagret."))
    return pages.form_page(
        request,
        form,
        _("Endre avtale"),
        template=FORM_TEMPLATE,
        **calendar_context(grant, "form", appointment=appointment),
    )


@require_POST
@login_first
def appointment_cancel(request, family_id, appointment_id):
    grant, appointment = appointment_of(request, family_id, appointment_id)
    pages.run_action(
        request,
        lambda: appointments.cancel_appointment(grant, appointment, versions.posted(request)),
        _("Avtalen er avlyst."),
    )
    return redirect(week_url(grant, appointment.starts_at))
