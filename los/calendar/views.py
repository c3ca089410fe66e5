"""The child's calendar: week, month and agenda views, the printable day sheet, and adding, changing
and cancelling appointments. Staff and the family use the same pages; what each sees is the record
policy's (`selectors.calendar_appointments`, the same list the API and the feeds use) and what each may
change is `services.may_change` (the policy's rule)."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from los.core import access
from los.core.access import Capability, Grant, family_view, login_first
from los.core.errors import DomainError
from los.people.models import Family

from . import selectors, services
from .forms import AppointmentForm
from .models import Appointment, AppointmentStatus


def family_page(request, family_id, record_type: str, allowed) -> Grant:
    """The grant for a calendar page only some relations use (adding, the limits, the import). A relation
    the page is not for is refused first, before any need-to-know question and without a trace; then
    the policy's `access.get` checks the area and logs the read."""
    found = access.grant_for_request(request, family_id)
    if found is None or not allowed(found):
        raise Http404(access.NOT_FOUND)
    grant, _family = access.get(request, Family, family_id, Capability.VIEW, record_type=record_type)
    return grant


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


def _parse_date(value, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else default
    except (TypeError, ValueError):
        return default


def _today() -> dt.date:
    return selectors.local(dt.datetime.now(dt.UTC)).date()


def back_url(grant: Grant) -> str:
    if services.is_family(grant):
        return reverse("portal:family", args=[grant.family.pk])
    return reverse("people:family", args=[grant.family.pk])


def _items(grant: Grant, start: dt.date, end: dt.date):
    """Items between two dates (end exclusive), with their conflicts."""
    found = selectors.calendar_items(
        grant, services.combine(start, dt.time(0)), services.combine(end, dt.time(0))
    )
    conflicts = selectors.annotate_conflicts(grant, found)
    return found, conflicts


def _context(grant: Grant, view_name, **extra):
    return {
        "family": grant.family,
        "grant": grant,
        "portal": services.is_family(grant),
        "back_url": back_url(grant),
        "view_name": view_name,
        "may_add": services.may_add(grant),
        "may_plan": services.may_plan(grant),
        **extra,
    }


def _days(found, start: dt.date, count: int):
    by_day = {start + dt.timedelta(days=i): [] for i in range(count)}
    for item in found:
        if item.date in by_day:
            by_day[item.date].append(item)
    return list(by_day.items())


@family_view(Capability.VIEW, record_type="calendar")
def week(request, grant):
    day = _parse_date(request.GET.get("fra"), _today())
    monday = day - dt.timedelta(days=day.weekday())
    found, conflicts = _items(grant, monday, monday + dt.timedelta(days=7))
    return render(
        request,
        "calendar/week.html",
        _context(
            grant,
            "week",
            days=_days(found, monday, 7),
            conflicts=conflicts,
            monday=monday,
            week_number=monday.isocalendar()[1],
            previous=monday - dt.timedelta(days=7),
            next=monday + dt.timedelta(days=7),
        ),
    )


@family_view(Capability.VIEW, record_type="calendar")
def month(request, grant):
    first = _parse_date(request.GET.get("fra"), _today()).replace(day=1)
    length = pycalendar.monthrange(first.year, first.month)[1]
    following = first + dt.timedelta(days=length)
    found, conflicts = _items(grant, first, following)
    by_day = dict(_days(found, first, length))
    weeks = []
    for week_days in pycalendar.Calendar().monthdatescalendar(first.year, first.month):
        weeks.append([(d, by_day.get(d) if d.month == first.month else None) for d in week_days])
    return render(
        request,
        "calendar/month.html",
        _context(
            grant,
            "month",
            weeks=weeks,
            conflicts=conflicts,
            first=first,
            previous=(first - dt.timedelta(days=1)).replace(day=1),
            next=following,
        ),
    )


@family_view(Capability.VIEW, record_type="calendar")
def agenda(request, grant):
    start = _parse_date(request.GET.get("fra"), _today())
    found, conflicts = _items(grant, start, start + dt.timedelta(weeks=12))
    days = [(d, items) for d, items in _days(found, start, 84) if items]
    return render(
        request,
        "calendar/agenda.html",
        _context(grant, "agenda", days=days, conflicts=conflicts, start=start),
    )


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def day_sentence(day: dt.date, found) -> str:
    """The day in one plain sentence: «Tirsdag 9. mars: fysioterapi 09.00 på Helsehuset, ...»."""
    heading = formats.date_format(day, "l j. F")
    heading = heading[:1].upper() + heading[1:]
    parts = []
    for item in found:
        if item.is_cancelled:
            continue
        part = f"{_lower_first(item.title)} {item.start:%H.%M}"
        if item.place:
            part += " " + _("på %(place)s") % {"place": item.place}
        parts.append(part)
    if not parts:
        return f"{heading}: " + _("ingen avtaler.")
    return f"{heading}: " + ", ".join(parts)


@family_view(Capability.VIEW, record_type="calendar")
def day_sheet(request, grant):
    day = _parse_date(request.GET.get("dato"), _today())
    found, conflicts = _items(grant, day, day + dt.timedelta(days=1))
    live = [i for i in found if not i.is_cancelled]
    return render(
        request,
        "calendar/day_sheet.html",
        _context(
            grant,
            "day",
            day=day,
            items=live,
            sentence=day_sentence(day, live),
            conflicts=conflicts,
            previous=day - dt.timedelta(days=1),
            next=day + dt.timedelta(days=1),
        ),
    )


# --------------------------------------------------------------------------- appointments


def _form(request, grant: Grant, appointment=None):
    initial = {}
    if appointment is not None:
        start, end = selectors.local(appointment.starts_at), selectors.local(appointment.ends_at)
        initial = {
            "service": appointment.service_id,
            "title": appointment.title,
            "kind": appointment.kind,
            "date": start.date(),
            "start_time": start.time(),
            "end_time": end.time(),
            "place": appointment.place_id,
            "child_attends": appointment.child_attends,
            "guardians": [g.pk for g in appointment.guardians.all()],
            "notes": appointment.notes,
        }
    else:
        initial = {"date": _parse_date(request.GET.get("dato"), _today()), "child_attends": True}
    return AppointmentForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        services=services.bookable_services(grant),
        places=services.places(grant.family),
        guardians=grant.family.guardians.all(),
        family_only=services.is_family(grant),
    )


def _after_save(request, grant: Grant, appointment, text):
    found = services.conflicts_on_save(grant, appointment)
    if found:
        messages.warning(
            request, _("Lagret, men se opp: %(list)s") % {"list": " ".join(c.message for c in found)}
        )
    else:
        messages.success(request, text)
    start = selectors.local(appointment.starts_at).date()
    return redirect(reverse("calendar:week", args=[grant.family.pk]) + f"?fra={start.isoformat()}")


def _render_form(request, grant: Grant, form, title, status=200, appointment=None):
    return render(
        request,
        "calendar/appointment_form.html",
        _context(grant, "form", form=form, title=title, appointment=appointment),
        status=status,
    )


@login_first
def appointment_new(request, family_id):
    grant = family_page(request, family_id, "appointment", services.may_add)
    form = _form(request, grant)
    if request.method == "POST" and form.is_valid():
        try:
            appointment = services.create_appointment(grant, form.to_data(services.combine))
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return _after_save(request, grant, appointment, _("Avtalen er lagt inn."))
    status = 422 if form.is_bound else 200
    return _render_form(request, grant, form, _("Ny avtale"), status)


@login_first
def appointment_edit(request, family_id, appointment_id):
    grant, appointment = appointment_of(request, family_id, appointment_id)
    if not services.may_change(grant, appointment):
        return render(
            request, "calendar/appointment_detail.html", _context(grant, "detail", appointment=appointment)
        )
    form = _form(request, grant, appointment)
    if request.method == "POST" and form.is_valid():
        data = form.to_data(services.combine)
        if services.is_family(grant):
            data.pop("service", None)
        try:
            services.update_appointment(grant, appointment, data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return _after_save(request, grant, appointment, _("Endringen er lagret."))
    status = 422 if form.is_bound else 200
    return _render_form(request, grant, form, _("Endre avtale"), status, appointment)


@require_POST
@login_first
def appointment_cancel(request, family_id, appointment_id):
    grant, appointment = appointment_of(request, family_id, appointment_id)
    try:
        services.cancel_appointment(grant, appointment)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Avtalen er avlyst."))
    start = selectors.local(appointment.starts_at).date()
    return redirect(reverse("calendar:week", args=[grant.family.pk]) + f"?fra={start.isoformat()}")


STATUS_ORDER = [AppointmentStatus.CONFIRMED, AppointmentStatus.REQUESTED, AppointmentStatus.PLANNED]
