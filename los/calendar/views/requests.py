"""The service's side of booking: the requests a coordinator sent to this professional's services, and the
answers (confirm the time, or propose another). A request reaches a professional only while the consent
covers its service (the record policy); the services log the answers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from los.core import access, dates, pages
from los.core.access import Capability

from .. import policy, selectors
from ..forms import CounterForm
from ..models import BookingRequest
from ..services import booking


def _professional_only(request):
    if not policy.answers_for_a_service(request.user):
        raise Http404


@login_required
def requests(request):
    """Bookingforespørsler: what coordinators have asked this professional's services to book."""
    _professional_only(request)
    found = list(selectors.pending_requests_for(request.user))
    families = {r.appointment.family_id: r.appointment.family for r in found}
    visible = {f.pk: f for f in access.visible_families(request.user).filter(pk__in=families)}
    access.log_family_list(request, visible.values(), record_type="booking_request")
    return render(request, "calendar/requests.html", {"requests": found})


def _request_for(request, request_id) -> BookingRequest:
    """A request this professional answers: open, to their service, and visible to them by the policy."""
    pending = selectors.pending_requests_for(request.user)
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
    pages.run_action(
        request,
        lambda: booking.confirm_request(found, request.user),
        _("Timen er bekreftet. Familien ser den nå som bekreftet."),
    )
    return redirect("calendar:requests")


@login_required
def request_counter(request, request_id):
    _professional_only(request)
    found = _request_for(request, request_id)
    start = dates.local(found.appointment.starts_at)
    form = CounterForm(
        request.POST if request.method == "POST" else None,
        initial={"date": start.date(), "start_time": start.time()},
    )
    if pages.run_form(
        form,
        lambda data: booking.propose_other_time(
            found, request.user, dates.at(data["date"], data["start_time"]), data["message"]
        ),
    ):
        messages.success(request, _("Forslaget er sendt til koordinatoren."))
        return redirect("calendar:requests")
    return pages.form_page(
        request,
        form,
        _("Foreslå et annet tidspunkt"),
        intro=_("Koordinatoren ba om %(what)s %(when)s. Skriv hvilket tidspunkt tjenesten kan tilby.")
        % {"what": found.appointment.label, "when": f"{start:%d.%m.%Y kl. %H.%M}"},
        submit_label=_("Send forslaget"),
        back_url=reverse("calendar:requests"),
        back_label=_("Bookingforespørsler"),
    )
