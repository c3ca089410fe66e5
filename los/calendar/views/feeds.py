"""Calendar subscriptions: the user's page to make, renew and turn off secret feed addresses, and the
feeds themselves (text/calendar). The secret address stands in for its owner's login: a feed is built at
read time from the owner's grant and the record policy, the same list the owner's web calendar and the
API show, and each read is written to the access log with channel "ical"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from los.core import access
from los.core.models import Role
from los.core.policy import Area

from .. import ical, policy, selectors
from ..models import FeedKind
from ..services import feeds as feed_services

SESSION_KEY = "calendar_new_feed_url"


ACTIONS = {"issue", "revoke"}


@login_required
def feeds(request):
    """«Abonner på kalenderen»: one address per family for guardians, one for a professional's own."""
    user = request.user
    families = selectors.feed_families(user)
    professional = policy.answers_for_a_service(user)
    if not families and not professional:
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in ACTIONS:
            return _page(
                request, families, professional, error=_("Velg om du vil lage eller slå av adressen.")
            )
        kind = FeedKind.FAMILY if request.POST.get("family") else FeedKind.PROFESSIONAL
        family = None
        if kind == FeedKind.FAMILY:
            family = next((f for f in families if str(f.pk) == request.POST.get("family")), None)
            if family is None:
                raise Http404
        elif not professional:
            raise Http404
        if action == "revoke":
            feed_services.revoke_feed(user, kind, family)
            messages.success(
                request,
                _("Adressen er slått av. Kalendere som abonnerer på den, får ikke lenger nye avtaler."),
            )
        else:
            _feed, token = feed_services.issue_feed(user, kind, family)
            request.session[SESSION_KEY] = request.build_absolute_uri(reverse("calendar:feed", args=[token]))
            messages.success(request, _("Ny adresse er laget. Den gamle virker ikke lenger."))
        return redirect("calendar:feeds")
    return _page(request, families, professional)


def _page(request, families, professional, error=None):
    user = request.user
    active = selectors.active_feeds(user)
    rows = [{"family": f, "feed": active.get((FeedKind.FAMILY, f.pk))} for f in families]
    if professional:
        rows.append({"family": None, "feed": active.get((FeedKind.PROFESSIONAL, None))})
    return render(
        request,
        "calendar/feeds.html",
        {
            "rows": rows,
            "new_url": None if error else request.session.pop(SESSION_KEY, None),
            "portal": user.role == Role.GUARDIAN,
            "error": error,
        },
        status=422 if error else 200,
    )


#: The access log's channel for feed reads.
CHANNEL = "ical"


def feed(request, token):
    """The feed itself. An unknown or revoked address answers 404, as does one whose owner lost access."""
    found = selectors.feed_by_token(token)
    if found is None:
        raise Http404
    user = found.user
    # The address acts for its owner: the log names them, as if they had opened the calendar.
    request.user = user
    if found.kind == FeedKind.FAMILY:
        grant = access.grant_for(user, found.family_id)
        if grant is None or not grant.reaches(Area.CALENDAR):
            raise Http404
        body = ical.feed(
            _("Familiens kalender i Los"),
            selectors.calendar_appointments(grant),
            selectors.calendar_meetings(grant),
            with_child=True,
        )
        access.log_read(request, grant, "calendar_feed", found.pk, channel=CHANNEL)
    else:
        appointment_list, grants = selectors.own_appointments(user)
        body = ical.feed(
            _("Mine avtaler i Los"),
            appointment_list,
            url_for=lambda a: request.build_absolute_uri(
                reverse("calendar:appointment_edit", args=[a.family_id, a.pk])
            ),
        )
        access.log_read(request, grants, "calendar_feed", found.pk, channel=CHANNEL)
    feed_services.record_read(found)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="los.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
