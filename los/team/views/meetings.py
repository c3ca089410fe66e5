"""Pages for the responsibility group's meetings: calling one, the meeting page with replies and minutes,
moving, cancelling, and writing the minutes. Records come through the access policy, which logs the read;
the services log the changes."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from los.core import access, dates, pages, versions
from los.core.access import Capability, family_view
from los.team.forms import MeetingForm, MinutesForm, RescheduleForm
from los.team.models import ActionItem, Meeting, MeetingInvitation, Minutes, Reply
from los.team.services import invitations
from los.team.services import meetings as meeting_services
from los.team.services import minutes as minutes_services

from .group import asks_consent, consent_needed, overview_url, run_form_or_ask_consent


@family_view((Capability.STAFF_VIEW, Capability.COORDINATE), record_type="meeting")
def meeting_new(request, grant):
    family = grant.family
    form = MeetingForm(request.POST if request.method == "POST" else None, family=family)
    done = run_form_or_ask_consent(
        form,
        lambda data: meeting_services.call_meeting(
            family,
            request.user,
            title=data["title"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            location=data["location"],
            video_url=data["video_url"],
            agenda=data["agenda"],
            interpreter_language=data["interpreter_language"],
            invitee_keys=data["invitees"],
        ),
    )
    if asks_consent(done):
        return consent_needed(request, family, done.value)
    if done:
        messages.success(request, _("Møtet er lagret, og invitasjonene er sendt."))
        return redirect("team:meeting", meeting_id=done.value.pk)
    return pages.form_page(
        request,
        form,
        _("Kall inn til møte"),
        family=family,
        back_url=overview_url(family.pk),
        intro=_(
            "De inviterte får innkallingen i Los og på e-post med en kalenderinvitasjon. Tidene er norsk tid."
        ),
        submit_label=_("Send innkalling"),
    )


@access.login_first
def meeting_detail(request, meeting_id):
    grant, meeting = access.get(request, Meeting, meeting_id, Capability.VIEW)
    # The family gets the minutes when the coordinator shares them (the record policy says so).
    minutes = access.visible(grant, Minutes).filter(meeting=meeting).first()
    if minutes is not None:
        access.log_read(request, grant, "minutes", minutes.pk)
    invitation_rows = list(
        access.visible(grant, MeetingInvitation).filter(meeting=meeting).select_related("user")
    )
    mine = MeetingInvitation.objects.filter(meeting=meeting, user=request.user).first()
    items = (
        list(access.visible(grant, ActionItem).filter(meeting=meeting).order_by("due_on", "id"))
        if minutes
        else []
    )
    return render(
        request,
        "team/meeting.html",
        {
            "meeting": meeting,
            "family": grant.family,
            "minutes": minutes,
            "invitations": invitation_rows,
            "my_invitation": mine,
            "items": items,
            "coordinates": grant.can(Capability.COORDINATE),
            "is_family": grant.is_guardian,
            "language": invitations.language_name(meeting.interpreter_language)
            if meeting.interpreter_language
            else "",
            "back_url": overview_url(meeting.family_id),
        },
    )


@access.login_first
def meeting_reschedule(request, meeting_id):
    """The coordinator moves the meeting or changes its place; invitees get the update."""
    grant, meeting = access.get(request, Meeting, meeting_id, (Capability.STAFF_VIEW, Capability.COORDINATE))
    local_start, local_end = dates.local(meeting.starts_at), dates.local(meeting.ends_at)
    initial = {
        "day": local_start.date(),
        "starts": local_start.time(),
        "ends": local_end.time(),
        "location": meeting.location,
        "video_url": meeting.video_url,
    }
    form = RescheduleForm(request.POST if request.method == "POST" else None, initial=initial)
    moved = pages.run_form(
        form,
        lambda data: meeting_services.reschedule_meeting(
            meeting,
            request.user,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            location=data["location"],
            video_url=data["video_url"],
        ),
    )
    if moved:
        messages.success(request, _("Møtet er endret. De inviterte har fått beskjed."))
        return redirect("team:meeting", meeting_id=meeting.pk)
    return pages.form_page(
        request,
        form,
        _("Endre tid eller sted for «%(title)s»") % {"title": meeting.title},
        family=grant.family,
        back_url=reverse("team:meeting", args=[meeting.pk]),
        submit_label=_("Lagre og gi beskjed"),
    )


@require_POST
@access.login_first
def meeting_cancel(request, meeting_id):
    _grant, meeting = access.get(request, Meeting, meeting_id, (Capability.STAFF_VIEW, Capability.COORDINATE))
    pages.run_action(
        request,
        lambda: meeting_services.cancel_meeting(meeting, request.user),
        success=_("Møtet er avlyst. De inviterte har fått beskjed."),
    )
    return redirect("team:meeting", meeting_id=meeting.pk)


@require_POST
@access.login_first
def meeting_reply(request, meeting_id):
    _grant, meeting = access.get(request, Meeting, meeting_id, Capability.VIEW)
    invitation = MeetingInvitation.objects.filter(meeting=meeting, user=request.user).first()
    if invitation is None:
        raise Http404
    answer = request.POST.get("reply", "")
    pages.run_action(
        request,
        lambda: meeting_services.reply(invitation, answer, request.user),
        success=_("Takk, du har svart at du kommer.")
        if answer == Reply.ATTENDING
        else _("Takk, du har svart at du ikke kommer."),
    )
    return redirect("team:meeting", meeting_id=meeting_id)


@access.login_first
def minutes_edit(request, meeting_id):
    grant, meeting = access.get(
        request, Meeting, meeting_id, (Capability.STAFF_VIEW, Capability.COORDINATE), record_type="minutes"
    )
    existing = access.visible(grant, Minutes).filter(meeting=meeting).first()
    initial = {}
    if existing:
        initial = {
            f: getattr(existing, f)
            for f in ("attendees", "child_views", "family_views", "decisions", "notes")
        }
        initial["share"] = existing.shared_at is None
    else:
        attending = [i.name for i in meeting.invitations.all() if i.reply != Reply.DECLINED]
        initial["attendees"] = "\n".join(attending)
    form = MinutesForm(
        request.POST if request.method == "POST" else None, family=grant.family, initial=initial
    )
    versions.track(form, existing)
    written = pages.run_form(
        form,
        lambda data: minutes_services.write_minutes(
            meeting,
            request.user,
            attendees=data["attendees"],
            child_views=data["child_views"],
            family_views=data["family_views"],
            decisions=data["decisions"],
            notes=data["notes"],
            action_items=data["action_items"],
            share=data["share"],
            lock_version=data["lock_version"],
        ),
    )
    if written:
        messages.success(
            request,
            _("Referatet er lagret og sendt til familien og gruppen.")
            if form.cleaned_data["share"]
            else _("Referatet er lagret."),
        )
        return redirect("team:meeting", meeting_id=meeting.pk)
    return pages.form_page(
        request,
        form,
        _("Referat"),
        family=grant.family,
        template="team/minutes_form.html",
        meeting=meeting,
    )
