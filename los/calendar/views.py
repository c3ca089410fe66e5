"""The child's calendar: week, month and agenda views, the printable day sheet, and adding, changing
and cancelling appointments. Staff and the family use the same pages; what each sees is decided by
`selectors.visible_appointments` (consent) and what each may change by `services.may_change`."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import functools

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from los.core import access
from los.core.access import Capability, family_view
from los.core.errors import DomainError

from . import selectors, services
from .forms import AppointmentForm
from .models import AppointmentStatus


def calendar_view(record_type: str, allowed):
    """Like `family_view`, with a check on the access (e.g. "may add appointments") made before the
    read is logged, so a refused look leaves no trace as a read."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, family_id, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            found = access.access_for(request.user, family_id)
            if found is None or not allowed(found):
                raise Http404
            granted = access.require_family(request, family_id, Capability.VIEW, record_type=record_type)
            return view(request, granted, *args, **kwargs)

        return wrapper

    return decorator


def _parse_date(value, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else default
    except (TypeError, ValueError):
        return default


def _today() -> dt.date:
    return selectors.local(dt.datetime.now(dt.UTC)).date()


def back_url(access_) -> str:
    if services.is_family(access_):
        return reverse("portal:family", args=[access_.family.pk])
    return reverse("people:family", args=[access_.family.pk])


def _items(request, access_, start: dt.date, end: dt.date):
    """Items between two dates (end exclusive), with their conflicts."""
    begin = services.combine(start, dt.time(0))
    finish = services.combine(end, dt.time(0))
    found = selectors.items(
        selectors.visible_appointments(access_, request.user, begin, finish),
        selectors.meetings(access_.family.pk, begin, finish),
    )
    conflicts = selectors.annotate_conflicts(access_.family, found)
    return found, conflicts


def _context(request, access_, view_name, **extra):
    return {
        "family": access_.family,
        "access": access_,
        "portal": services.is_family(access_),
        "back_url": back_url(access_),
        "view_name": view_name,
        "may_add": services.may_add(access_),
        "may_plan": access_.can(Capability.COORDINATE),
        **extra,
    }


def _days(found, start: dt.date, count: int):
    by_day = {start + dt.timedelta(days=i): [] for i in range(count)}
    for item in found:
        if item.date in by_day:
            by_day[item.date].append(item)
    return list(by_day.items())


@family_view(Capability.VIEW, record_type="calendar")
def week(request, access_):
    day = _parse_date(request.GET.get("fra"), _today())
    monday = day - dt.timedelta(days=day.weekday())
    found, conflicts = _items(request, access_, monday, monday + dt.timedelta(days=7))
    return render(
        request,
        "calendar/week.html",
        _context(
            request,
            access_,
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
def month(request, access_):
    first = _parse_date(request.GET.get("fra"), _today()).replace(day=1)
    length = pycalendar.monthrange(first.year, first.month)[1]
    following = first + dt.timedelta(days=length)
    found, conflicts = _items(request, access_, first, following)
    by_day = dict(_days(found, first, length))
    weeks = []
    for week_days in pycalendar.Calendar().monthdatescalendar(first.year, first.month):
        weeks.append([(d, by_day.get(d) if d.month == first.month else None) for d in week_days])
    return render(
        request,
        "calendar/month.html",
        _context(
            request,
            access_,
            "month",
            weeks=weeks,
            conflicts=conflicts,
            first=first,
            previous=(first - dt.timedelta(days=1)).replace(day=1),
            next=following,
        ),
    )


@family_view(Capability.VIEW, record_type="calendar")
def agenda(request, access_):
    start = _parse_date(request.GET.get("fra"), _today())
    found, conflicts = _items(request, access_, start, start + dt.timedelta(weeks=12))
    days = [(d, items) for d, items in _days(found, start, 84) if items]
    return render(
        request,
        "calendar/agenda.html",
        _context(request, access_, "agenda", days=days, conflicts=conflicts, start=start),
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
def day_sheet(request, access_):
    day = _parse_date(request.GET.get("dato"), _today())
    found, conflicts = _items(request, access_, day, day + dt.timedelta(days=1))
    live = [i for i in found if not i.is_cancelled]
    return render(
        request,
        "calendar/day_sheet.html",
        _context(
            request,
            access_,
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


def _form(request, access_, appointment=None):
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
        services=services.allowed_services(access_, request.user),
        places=services.places(access_.family),
        guardians=access_.family.guardians.all(),
        family_only=services.is_family(access_),
    )


def _after_save(request, access_, appointment, text):
    found = services.conflicts_on_save(access_, appointment)
    if found:
        messages.warning(
            request, _("Lagret, men se opp: %(list)s") % {"list": " ".join(c.message for c in found)}
        )
    else:
        messages.success(request, text)
    start = selectors.local(appointment.starts_at).date()
    return redirect(reverse("calendar:week", args=[access_.family.pk]) + f"?fra={start.isoformat()}")


def _render_form(request, access_, form, title, status=200, appointment=None):
    return render(
        request,
        "calendar/appointment_form.html",
        _context(request, access_, "form", form=form, title=title, appointment=appointment),
        status=status,
    )


@calendar_view("appointment", services.may_add)
def appointment_new(request, access_):
    form = _form(request, access_)
    if request.method == "POST" and form.is_valid():
        try:
            appointment = services.create_appointment(access_, request.user, form.to_data(services.combine))
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return _after_save(request, access_, appointment, _("Avtalen er lagt inn."))
    status = 422 if form.is_bound else 200
    return _render_form(request, access_, form, _("Ny avtale"), status)


@family_view(Capability.VIEW, record_type="appointment")
def appointment_edit(request, access_, appointment_id):
    appointment = get_object_or_404(selectors.visible_appointments(access_, request.user), pk=appointment_id)
    if not services.may_change(access_, request.user, appointment):
        return render(
            request,
            "calendar/appointment_detail.html",
            _context(request, access_, "detail", appointment=appointment),
        )
    form = _form(request, access_, appointment)
    if request.method == "POST" and form.is_valid():
        data = form.to_data(services.combine)
        if services.is_family(access_):
            data.pop("service", None)
        try:
            services.update_appointment(access_, request.user, appointment, data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return _after_save(request, access_, appointment, _("Endringen er lagret."))
    status = 422 if form.is_bound else 200
    return _render_form(request, access_, form, _("Endre avtale"), status, appointment)


@require_POST
@family_view(Capability.VIEW, record_type="appointment")
def appointment_cancel(request, access_, appointment_id):
    appointment = get_object_or_404(selectors.visible_appointments(access_, request.user), pk=appointment_id)
    try:
        services.cancel_appointment(access_, request.user, appointment)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Avtalen er avlyst."))
    start = selectors.local(appointment.starts_at).date()
    return redirect(reverse("calendar:week", args=[access_.family.pk]) + f"?fra={start.isoformat()}")


STATUS_ORDER = [AppointmentStatus.CONFIRMED, AppointmentStatus.REQUESTED, AppointmentStatus.PLANNED]
