"""Meeting invitations by e-mail, with the meeting as an iCalendar attachment (RFC 5545/5546): METHOD:REQUEST
for a new or changed meeting, METHOD:CANCEL for a cancelled one. The same UID for the life of the meeting
and a SEQUENCE that goes up on changes make the invitees' calendars update the event they already have.

Nothing goes to an invitee who may no longer see the meeting: a professional whose service the consent
no longer covers (helsepersonelloven §§ 21-22, forvaltningsloven § 13 a) gets neither the notification
nor the e-mail.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from los.core import access, dates
from los.notifications.models import Delivery
from los.notifications.services import absolute_url
from los.people.languages import LANGUAGE_CHOICES
from los.team.models import Meeting, MeetingInvitation, MeetingStatus, Reply


def language_name(code: str) -> str:
    """The name of a language the family may need an interpreter for, from its code."""
    return str(dict(LANGUAGE_CHOICES).get(code, code))


def when(moment: datetime.datetime) -> str:
    """A meeting's start as invitations write it: "2. april 2033 kl. 09.00" (Norwegian time)."""
    local = dates.local(moment)
    return f"{dates.long_date(local.date())} kl. {local:%H.%M}"


def may_receive(invitation: MeetingInvitation, meeting: Meeting) -> bool:
    """Whether anything about the meeting may still go to this invitee: a user who may see the meeting
    now (a professional only while the consent covers their service), or a guardian without a login
    who still has parental responsibility in the family."""
    if invitation.user is not None:
        return access.may_see(invitation.user, meeting)
    guardian = invitation.guardian
    return (
        guardian is not None
        and guardian.family_id == meeting.family_id
        and guardian.has_parental_responsibility
    )


def wanted_email(invitations: list[MeetingInvitation]) -> set[int]:
    """Invitations that go out by e-mail: an address, and not a user who chose in-app only."""
    wanted = set()
    for inv in invitations:
        if not inv.email:
            continue
        if inv.user is not None:
            pref = getattr(getattr(inv.user, "notification_preference", None), "delivery", Delivery.IMMEDIATE)
            if pref == Delivery.IN_APP_ONLY:
                continue
        wanted.add(inv.pk)
    return wanted


def build_ics(meeting: Meeting, invitations: list[MeetingInvitation], method: str = "REQUEST") -> bytes:
    """The meeting as an iCalendar invitation (RFC 5545/5546): same UID for the life of the meeting,
    SEQUENCE bumped on changes so calendars update the event instead of adding one."""
    with translation.override(settings.LANGUAGE_CODE):
        cal = Calendar()
        cal.add("prodid", "-//Los//Ansvarsgruppe//NO")
        cal.add("version", "2.0")
        cal.add("method", method)
        event = Event()
        event.add("uid", meeting.uid)
        event.add("sequence", meeting.sequence)
        event.add("dtstamp", timezone.now())
        event.add("dtstart", dates.local(meeting.starts_at))
        event.add("dtend", dates.local(meeting.ends_at))
        event.add("summary", meeting.title)
        if meeting.location:
            event.add("location", meeting.location)
        if meeting.video_url:
            event.add("url", meeting.video_url)
        description = [meeting.agenda] if meeting.agenda else []
        if meeting.video_url:
            description.append(_("Videomøte: %(url)s") % {"url": meeting.video_url})
        if meeting.interpreter_language:
            description.append(
                _("Det blir tolk på %(language)s.")
                % {"language": language_name(meeting.interpreter_language)}
            )
        description.append(
            _("Svar i Los: %(url)s") % {"url": absolute_url(reverse("team:meeting", args=[meeting.pk]))}
        )
        event.add("description", "\n\n".join(description))
        event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
        organizer = vCalAddress(f"mailto:{meeting.called_by.email or settings.DEFAULT_FROM_EMAIL}")
        organizer.params["cn"] = vText(meeting.called_by.display_name)
        event["organizer"] = organizer
        partstat = {Reply.PENDING: "NEEDS-ACTION", Reply.ATTENDING: "ACCEPTED", Reply.DECLINED: "DECLINED"}
        for inv in invitations:
            if not inv.email:
                continue
            attendee = vCalAddress(f"mailto:{inv.email}")
            attendee.params["cn"] = vText(inv.name)
            attendee.params["role"] = vText("REQ-PARTICIPANT")
            attendee.params["partstat"] = vText(partstat.get(inv.reply, "NEEDS-ACTION"))
            attendee.params["rsvp"] = vText("TRUE")
            event.add("attendee", attendee, encode=0)
        cal.add_component(event)
        cal.add_missing_timezones()
        return cal.to_ical()


def send_invitations(meeting_id: int, invitation_ids: set[int], method: str = "REQUEST") -> int:
    """E-mail the invitations with the .ics attached. Runs after the meeting is committed.

    A changed meeting goes out again as REQUEST with a higher SEQUENCE, a cancelled one as CANCEL, so the
    invitees' calendars update the event they already have."""
    meeting = Meeting.objects.select_related("called_by", "family").get(pk=meeting_id)
    # Checked again as the e-mail leaves: a consent withdrawn meanwhile stops it.
    invitations = [
        inv for inv in meeting.invitations.select_related("user", "guardian") if may_receive(inv, meeting)
    ]
    ics = build_ics(meeting, invitations, method=method)
    cancelled = method == "CANCEL"
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for inv in invitations:
            if inv.pk not in invitation_ids:
                continue
            lines = [
                _("Hei %(name)s,") % {"name": inv.name},
                "",
                (
                    _("Møtet «%(title)s» er avlyst.")
                    if cancelled
                    else _("Du er invitert til «%(title)s».")
                    if meeting.sequence == 0
                    else _("Tid eller sted for «%(title)s» er endret.")
                )
                % {"title": meeting.title},
                _("Tid: %(when)s") % {"when": when(meeting.starts_at)},
            ]
            if meeting.location:
                lines.append(_("Sted: %(place)s") % {"place": meeting.location})
            if meeting.video_url:
                lines.append(_("Videomøte: %(url)s") % {"url": meeting.video_url})
            if meeting.interpreter_language:
                lines.append(
                    _("Det blir tolk på %(language)s.")
                    % {"language": language_name(meeting.interpreter_language)}
                )
            if meeting.agenda:
                lines += ["", _("Saksliste:"), meeting.agenda]
            lines += [
                "",
                _("Svar om du kommer i Los: %(url)s")
                % {"url": absolute_url(reverse("team:meeting", args=[meeting.pk]))},
            ]
            message = mail.EmailMessage(
                (_("Avlyst: %(title)s") if cancelled else _("Innkalling: %(title)s"))
                % {"title": meeting.title},
                "\n".join(lines),
                to=[inv.email],
                reply_to=[meeting.called_by.email] if meeting.called_by.email else None,
            )
            message.attach("invitasjon.ics", ics, f"text/calendar; method={method}; charset=UTF-8")
            messages.append(message)
    if not messages:
        return 0
    with mail.get_connection() as connection:
        return connection.send_messages(messages) or 0
