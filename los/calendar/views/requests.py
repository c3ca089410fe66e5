"""The service's side of booking: the requests a coordinator sent to this professional's services, and the
answers (confirm the time, or propose another). A request reaches a professional only while the consent
covers its service (the record policy); the services log the answers.

The coordinator's side is on the same page, at the top: the services' counter-proposals that wait for
their answer («Venter på ditt svar»)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from los.core import access, dates, pages, paging
from los.core.access import Capability
from los.core.models import Role
from los.team import work_list

from .. import policy, selectors
from ..forms import CounterForm
from ..models import BookingRequest
from ..services import booking


def _professional_only(request):
    if not policy.answers_for_a_service(request.user):
        raise Http404


@login_required
def requests(request):
    """Bookingforespørsler: the counter-proposals that wait for this coordinator, then what coordinators
    have asked this professional's services to book."""
    answers = policy.answers_for_a_service(request.user)
    coordinates = request.user.role == Role.COORDINATOR
    if not (answers or coordinates):
        raise Http404
    today = dates.today()
    # The user's families, from the access policy once for the whole page: those where they are on the
    # team (requests to answer) and those they coordinate (counter-proposals to accept).
    families = selectors.answering_families(request.user, today, coordinated=coordinates)
    page = None
    found = []
    if answers:
        page = paging.paginate(
            request,
            selectors.pending_requests_for(request.user, families, today).select_related(
                "appointment__child", "appointment__need__child"
            ),
        )
        found = list(page.object_list)
    counters = list(work_list.waiting_counters(request.user, families, today)) if coordinates else []
    for r in [*found, *counters]:
        r.label = booking.request_label(r)
    shown = {r.appointment.family_id for r in [*found, *counters]}
    if shown:
        access.log_family_list(request, [f for f in families if f.pk in shown], record_type="booking_request")
    return render(
        request,
        "calendar/requests.html",
        {
            "requests": found,
            "page": page,
            "counters": counters,
            "answers": answers,
            "coordinates": coordinates,
        },
    )


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
