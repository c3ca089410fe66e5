"""Calendar subscriptions: the user's page to make, renew and turn off secret feed addresses, and the
feeds themselves (text/calendar). A feed read goes through the access policy at read time and is
written to the access log with channel "ical"."""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from los.core import access
from los.core.models import Role

from . import ical, selectors, services
from .models import Appointment, CalendarFeed, FeedKind

SESSION_KEY = "calendar_new_feed_url"


def _families_for_feeds(user):
    if user.role != Role.GUARDIAN:
        return []
    return list(access.visible_families(user).order_by("name", "id"))


@login_required
def feeds(request):
    """«Abonner på kalenderen»: one address per family for guardians, one for a professional's own."""
    user = request.user
    families = _families_for_feeds(user)
    professional = user.role in access.STAFF_ROLES and hasattr(user, "professional")
    if not families and not professional:
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action")
        kind = FeedKind.FAMILY if request.POST.get("family") else FeedKind.PROFESSIONAL
        family = None
        if kind == FeedKind.FAMILY:
            family = next((f for f in families if str(f.pk) == request.POST.get("family")), None)
            if family is None:
                raise Http404
        elif not professional:
            raise Http404
        if action == "revoke":
            services.revoke_feed(user, kind, family)
            messages.success(
                request,
                _("Adressen er slått av. Kalendere som abonnerer på den, får ikke lenger nye avtaler."),
            )
        else:
            _feed, token = services.issue_feed(user, kind, family)
            request.session[SESSION_KEY] = request.build_absolute_uri(reverse("calendar:feed", args=[token]))
            messages.success(request, _("Ny adresse er laget. Den gamle virker ikke lenger."))
        return redirect("calendar:feeds")
    active = {
        (f.kind, f.family_id): f for f in CalendarFeed.objects.filter(user=user, revoked_at__isnull=True)
    }
    rows = [{"family": f, "feed": active.get((FeedKind.FAMILY, f.pk))} for f in families]
    if professional:
        rows.append({"family": None, "feed": active.get((FeedKind.PROFESSIONAL, None))})
    return render(
        request,
        "calendar/feeds.html",
        {
            "rows": rows,
            "new_url": request.session.pop(SESSION_KEY, None),
            "portal": user.role == Role.GUARDIAN,
        },
    )


def _log(request, user, accesses):
    """Feed reads in the access log, as the feed's owner, channel "ical"."""
    shim = SimpleNamespace(user=user, META=request.META, path=request.path, method="GET")
    access.log_access(shim, accesses, record_type="calendar_feed", channel="ical")


def feed(request, token):
    """The feed itself. An unknown or revoked address answers 404, as does one whose owner lost access."""
    found = (
        CalendarFeed.objects.select_related("user", "family")
        .filter(token_hash=CalendarFeed.hash_token(token), revoked_at__isnull=True)
        .first()
    )
    if found is None or not found.user.is_active:
        raise Http404
    user = found.user
    if found.kind == FeedKind.FAMILY:
        granted = access.access_for(user, found.family_id)
        if granted is None or not granted.can(access.Capability.ACT_AS_FAMILY):
            raise Http404
        # Only what the consent shares, plus the family's own entries; titles name the service.
        covered = selectors.covered_service_ids(found.family_id)
        appointment_list = selectors.appointments(found.family_id).filter(
            Q(service_id__in=covered) | Q(service__isnull=True)
        )
        body = ical.feed(_("Barnets kalender"), appointment_list, selectors.meetings(found.family_id))
        _log(request, user, [granted])
    else:
        visible = list(access.visible_families(user))
        appointment_list = Appointment.objects.filter(
            professional__user=user, family__in=[f.pk for f in visible]
        ).select_related("service", "place")
        body = ical.feed(
            _("Mine avtaler i Los"),
            appointment_list,
            url_for=lambda a: request.build_absolute_uri(
                reverse("calendar:appointment_edit", args=[a.family_id, a.pk])
            ),
        )
        present = {a.family_id for a in appointment_list}
        _log(request, user, [access.FamilyAccess(f, f.access_reason) for f in visible if f.pk in present])
    CalendarFeed.objects.filter(pk=found.pk).update(last_read_at=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="los.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
