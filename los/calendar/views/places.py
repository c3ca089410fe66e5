"""The coordinating unit's pages for the municipality's places, travel times between them, and where and
when its services receive families (opening hours, closed dates, spacing). Only the caseworkers of the
coordinating unit, only their own municipality's records: anyone else, or a record of another municipality,
gets 404. No family data here, so nothing is written to a family's access log. Rules in
`los.calendar.services.places`; forms in `los.calendar.place_forms`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from los.core import pages

from ..models import ClosedDate, OpeningHours, ServiceCalendar
from ..place_forms import ClosedDateForm, OpeningHoursForm, PlaceForm, ServiceCalendarForm, TravelTimeForm
from ..services import places as rules


def _unit(request) -> None:
    if not rules.may_keep_places(request.user):
        raise Http404


@login_required
def places(request):
    """«Steder og åpningstider»: the places, the travel times between them, and each service's place and
    opening hours, with what is missing for planning (a service without place or hours is left out)."""
    _unit(request)
    user = request.user
    service_list = list(rules.services(user).select_related("organisation"))
    calendars = {
        c.service_id: c
        for c in ServiceCalendar.objects.filter(service__in=service_list).select_related("place")
    }
    hours: dict[int, list] = {}
    for h in OpeningHours.objects.filter(service__in=service_list).order_by("weekday", "opens"):
        hours.setdefault(h.service_id, []).append(h)
    rows = [
        {"service": s, "calendar": calendars.get(s.pk), "hours": hours.get(s.pk, [])} for s in service_list
    ]
    place_list = list(rules.places(user))
    travel = list(rules.travel_times(user))
    known = {(t.place_a_id, t.place_b_id) for t in travel}
    missing = [
        (a, b)
        for i, a in enumerate(place_list)
        for b in place_list[i + 1 :]
        if tuple(sorted((a.pk, b.pk))) not in known
    ]
    return render(
        request,
        "calendar/places.html",
        {
            "places": place_list,
            "travel": travel,
            "missing": missing[:20],
            "missing_count": len(missing),
            "rows": rows,
        },
    )


def _back() -> str:
    return reverse("calendar:places")


@login_required
def place_new(request):
    _unit(request)
    form = PlaceForm(request.POST if request.method == "POST" else None)
    if pages.run_form(form, lambda data: rules.save_place(request.user, None, data)):
        messages.success(request, _("Stedet er lagt til."))
        return redirect("calendar:places")
    return pages.form_page(
        request, form, _("Nytt sted"), back_url=_back(), template="calendar/places_form.html"
    )


@login_required
def place_edit(request, place_id):
    _unit(request)
    place = get_object_or_404(rules.places(request.user), pk=place_id)
    sent = request.method == "POST"
    form = PlaceForm(request.POST if sent else None, initial={"name": place.name, "address": place.address})
    if pages.run_form(form, lambda data: rules.save_place(request.user, place, data)):
        messages.success(request, _("Stedet er lagret."))
        return redirect("calendar:places")
    return pages.form_page(
        request, form, _("Endre sted: %(name)s") % {"name": place.name}, back_url=_back(),
        template="calendar/places_form.html",
    )  # fmt: skip


@login_required
def travel_new(request):
    _unit(request)
    initial = {k: request.GET[k] for k in ("place_a", "place_b") if request.GET.get(k, "").isdigit()}
    form = TravelTimeForm(
        request.POST if request.method == "POST" else None, places=rules.places(request.user), initial=initial
    )
    if pages.run_form(form, lambda data: rules.save_travel_time(request.user, None, data)):
        messages.success(request, _("Reisetiden er lagt til."))
        return redirect("calendar:places")
    return pages.form_page(
        request, form, _("Ny reisetid"), back_url=_back(), template="calendar/places_form.html"
    )


@login_required
def travel_edit(request, travel_id):
    _unit(request)
    travel = get_object_or_404(rules.travel_times(request.user), pk=travel_id)
    form = TravelTimeForm(
        request.POST if request.method == "POST" else None,
        places=rules.places(request.user),
        initial={"place_a": travel.place_a_id, "place_b": travel.place_b_id, "minutes": travel.minutes},
    )
    if pages.run_form(form, lambda data: rules.save_travel_time(request.user, travel, data)):
        messages.success(request, _("Reisetiden er lagret."))
        return redirect("calendar:places")
    return pages.form_page(
        request, form, _("Endre reisetid"), back_url=_back(), template="calendar/places_form.html"
    )


def _service_page(request, service, calendar_form=None, hours_form=None, closed_form=None):
    calendar = ServiceCalendar.objects.filter(service=service).select_related("place").first()
    user = request.user
    if calendar_form is None:
        initial = {"min_days_between": 0, "min_minutes_between": 0}
        if calendar is not None:
            initial = {
                "place": calendar.place_id,
                "min_days_between": calendar.min_days_between,
                "min_minutes_between": calendar.min_minutes_between,
            }
        calendar_form = ServiceCalendarForm(places=rules.places(user), initial=initial, prefix="sted")
    sent = any(f is not None and f.is_bound for f in (hours_form, closed_form)) or calendar_form.is_bound
    return render(
        request,
        "calendar/places_service.html",
        {
            "service": service,
            "calendar": calendar,
            "hours": OpeningHours.objects.filter(service=service).order_by("weekday", "opens"),
            "closed": ClosedDate.objects.filter(service=service).order_by("date"),
            "calendar_form": calendar_form,
            "hours_form": hours_form or OpeningHoursForm(prefix="tid"),
            "closed_form": closed_form or ClosedDateForm(prefix="stengt"),
        },
        status=422 if sent else 200,
    )


def _service(request, service_id):
    _unit(request)
    return get_object_or_404(rules.services(request.user), pk=service_id)


@login_required
def service_hours(request, service_id):
    """One service: where it receives families and its spacing (the form), its opening hours and its
    closed dates (added and removed on this page)."""
    service = _service(request, service_id)
    if request.method != "POST":
        return _service_page(request, service)
    form = ServiceCalendarForm(request.POST, places=rules.places(request.user), prefix="sted")
    if pages.run_form(form, lambda data: rules.save_service_calendar(request.user, service, data)):
        messages.success(request, _("Stedet for %(s)s er lagret.") % {"s": service.name})
        return redirect("calendar:service_hours", service_id=service.pk)
    return _service_page(request, service, calendar_form=form)


@require_POST
@login_required
def opening_new(request, service_id):
    service = _service(request, service_id)
    form = OpeningHoursForm(request.POST, prefix="tid")
    if pages.run_form(form, lambda data: rules.save_opening_hours(request.user, service, None, data)):
        messages.success(request, _("Åpningstiden er lagt til."))
        return redirect("calendar:service_hours", service_id=service.pk)
    return _service_page(request, service, hours_form=form)


@login_required
def opening_edit(request, service_id, hours_id):
    service = _service(request, service_id)
    hours = get_object_or_404(OpeningHours, service=service, pk=hours_id)
    form = OpeningHoursForm(
        request.POST if request.method == "POST" else None,
        initial={"weekday": hours.weekday, "opens": hours.opens, "closes": hours.closes},
    )
    if pages.run_form(form, lambda data: rules.save_opening_hours(request.user, service, hours, data)):
        messages.success(request, _("Åpningstiden er lagret."))
        return redirect("calendar:service_hours", service_id=service.pk)
    return pages.form_page(
        request,
        form,
        _("Endre åpningstid: %(s)s") % {"s": service.name},
        back_url=reverse("calendar:service_hours", args=[service.pk]),
        template="calendar/places_form.html",
    )


@require_POST
@login_required
def opening_delete(request, service_id, hours_id):
    service = _service(request, service_id)
    hours = get_object_or_404(OpeningHours, service=service, pk=hours_id)
    pages.run_action(
        request, lambda: rules.delete_opening_hours(request.user, hours), _("Åpningstiden er fjernet.")
    )
    return redirect("calendar:service_hours", service_id=service.pk)


@require_POST
@login_required
def closed_new(request, service_id):
    service = _service(request, service_id)
    form = ClosedDateForm(request.POST, prefix="stengt")
    if pages.run_form(form, lambda data: rules.add_closed_date(request.user, service, data)):
        messages.success(request, _("Den stengte dagen er lagt til."))
        return redirect("calendar:service_hours", service_id=service.pk)
    return _service_page(request, service, closed_form=form)


@require_POST
@login_required
def closed_delete(request, service_id, closed_id):
    service = _service(request, service_id)
    closed = get_object_or_404(ClosedDate, service=service, pk=closed_id)
    pages.run_action(
        request, lambda: rules.delete_closed_date(request.user, closed), _("Den stengte dagen er fjernet.")
    )
    return redirect("calendar:service_hours", service_id=service.pk)
