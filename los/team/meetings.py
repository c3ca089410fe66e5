"""Meetings of the responsibility group: calling one, invitations (e-mail with an iCalendar
METHOD:REQUEST attachment, and in the app), replies, interpreters and minutes.

When a guardian needs an interpreter, the invitation says so and the coordinator gets an action item to
book one for that language (the family's right to information they understand: pasient- og
brukerrettighetsloven § 3-5, tolkeloven § 6).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from los.core import access, audit
from los.core.errors import DomainError
from los.core.models import User
from los.intake.deadlines import OSLO, today_oslo
from los.notifications.models import Delivery, EmailStatus, Kind
from los.notifications.services import absolute_url, notify
from los.people.languages import LANGUAGE_CHOICES, LANGUAGE_CODES
from los.people.models import Family

from . import services
from .models import ActionItem, Meeting, MeetingInvitation, MeetingStatus, Minutes, Reply, TeamMember


@dataclass(frozen=True)
class Invitee:
    key: str  # "user:<id>" or "guardian:<id>"
    name: str
    role: str
    email: str
    user: User | None = None
    guardian: object | None = None
    interpreter_language: str = ""


def language_name(code: str) -> str:
    return str(dict(LANGUAGE_CHOICES).get(code, code))


def invitee_options(family: Family, today: datetime.date | None = None) -> list[Invitee]:
    """Everyone who may be invited: the coordinator, the professionals in the group whose service an
    active consent covers, and the guardians with parental responsibility (with or without a login).

    A professional whose service the consent does not cover is not offered: the meeting's title, time
    and place would tell their service about the family (helsepersonelloven §§ 21-22, fvl § 13 a)."""
    options: dict[str, Invitee] = {}
    for user in services.current_coordinators(family, today):
        options[f"user:{user.pk}"] = Invitee(
            f"user:{user.pk}", user.display_name, _("koordinator"), user.email, user
        )
    covered, _not_covered = services.team_by_consent(family, today)
    for m in covered:
        user = m.professional.user
        key = f"user:{user.pk}"
        options.setdefault(key, Invitee(key, user.display_name, m.role or m.service.name, user.email, user))
    for g in family.guardians.select_related("user"):
        if not g.has_parental_responsibility:
            continue
        language = g.preferred_language if g.interpreter_needed else ""
        if g.user_id:
            key = f"user:{g.user_id}"
        else:
            key = f"guardian:{g.pk}"
        options[key] = Invitee(
            key, g.full_name, _("foresatt"), g.email or (g.user.email if g.user else ""), g.user, g, language
        )
    return list(options.values())


def not_covered_members(family: Family, today: datetime.date | None = None) -> dict[str, TeamMember]:
    """Professionals in the group whose service the consent does not cover, by invitee key."""
    _covered, not_covered = services.team_by_consent(family, today)
    members: dict[str, TeamMember] = {}
    for m in not_covered:
        members.setdefault(f"user:{m.professional.user_id}", m)
    return members


def _fmt_time(moment: datetime.datetime) -> str:
    local = moment.astimezone(OSLO)
    return f"{date_format(local, 'j. F Y')} kl. {local:%H.%M}"


@transaction.atomic
def call_meeting(
    family: Family,
    by_user: User,
    *,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    location: str = "",
    video_url: str = "",
    agenda: str = "",
    interpreter_language: str = "",
    invitee_keys: list[str],
) -> Meeting:
    """Call a meeting: store it, invite the chosen people, and give the coordinator a task to book an
    interpreter when someone needs one. Invitations are e-mailed when the transaction commits.

    Only people the family's consent covers can be invited (`invitee_options`); picking a professional
    whose service it does not cover raises `ConsentNeeded`, so the caller can offer to ask the family."""
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise DomainError(_("Oppgi tidspunkt med tidssone."), field="starts_at")
    if ends_at <= starts_at:
        raise DomainError(_("Møtet må slutte etter at det starter."), field="ends_at")
    if not (location or video_url):
        raise DomainError(_("Skriv hvor møtet er, eller legg inn en lenke til videomøtet."), field="location")
    if interpreter_language and interpreter_language not in LANGUAGE_CODES:
        raise DomainError(
            _("Vi har ikke tolk på «%(code)s». Velg et språk fra listen.") % {"code": interpreter_language},
            field="interpreter_language",
        )
    options = {o.key: o for o in invitee_options(family)}
    unknown = [k for k in invitee_keys if k not in options]
    if unknown:
        not_covered = not_covered_members(family)
        member = next((not_covered[k] for k in unknown if k in not_covered), None)
        if member is not None:
            raise services.consent_needed_for(member, _("inviteres til møter om familien"), field="invitees")
        raise DomainError(_("Noen av de inviterte er ikke med i ansvarsgruppen."), field="invitees")
    if not invitee_keys:
        raise DomainError(_("Velg hvem som skal inviteres."), field="invitees")
    chosen = [options[k] for k in dict.fromkeys(invitee_keys)]
    if not interpreter_language:
        interpreter_language = next((o.interpreter_language for o in chosen if o.interpreter_language), "")
    meeting = Meeting.objects.create(
        family=family,
        title=title.strip()[:160] or _("Møte i ansvarsgruppen"),
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        video_url=video_url,
        agenda=agenda,
        interpreter_language=interpreter_language,
        called_by=by_user,
    )
    MeetingInvitation.objects.bulk_create(
        [
            MeetingInvitation(
                meeting=meeting,
                user=o.user,
                guardian=o.guardian,
                name=o.name,
                email=o.email,
                role=o.role,
                interpreter_language=o.interpreter_language,
                reply=Reply.ATTENDING if o.user is not None and o.user.pk == by_user.pk else Reply.PENDING,
            )
            for o in chosen
        ]
    )
    audit.changed(family.pk, "meeting", meeting.pk)
    if interpreter_language:
        _interpreter_task(meeting, by_user)
    with translation.override(settings.LANGUAGE_CODE):
        text = _("Du er invitert til «%(title)s» %(when)s.") % {
            "title": meeting.title,
            "when": _fmt_time(meeting.starts_at),
        }
        if interpreter_language:
            text += " " + _("Det blir tolk på %(language)s.") % {
                "language": language_name(interpreter_language)
            }
    _announce(meeting, by_user, text, "REQUEST", Kind.MEETING_INVITATION)
    return meeting


def _interpreter_task(meeting: Meeting, by_user: User) -> ActionItem:
    coordinators = services.current_coordinators(meeting.family) or [by_user]
    coordinator = coordinators[0]
    today = today_oslo()
    meeting_day = meeting.starts_at.astimezone(OSLO).date()
    due = max(today, meeting_day - datetime.timedelta(days=7))
    with translation.override(settings.LANGUAGE_CODE):
        language = language_name(meeting.interpreter_language)
        title = _("Bestill tolk på %(language)s til møtet %(day)s") % {
            "language": language,
            "day": date_format(meeting_day, "j. F Y"),
        }
        description = _("Møtet: %(title)s, %(when)s.") % {
            "title": meeting.title,
            "when": _fmt_time(meeting.starts_at),
        }
    item = ActionItem.objects.create(
        family=meeting.family,
        meeting=meeting,
        title=title[:200],
        description=description,
        responsible=coordinator,
        due_on=min(due, meeting_day),
        created_by=by_user,
    )
    audit.changed(meeting.family_id, "action_item", item.pk)
    notify(
        services.reaching([coordinator], item),
        Kind.INTERPRETER_TASK,
        title,
        url=reverse("team:action_item", args=[item.pk]),
        family=meeting.family,
        action_item=item,
    )
    return item


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


def _wanted_email(invitations: list[MeetingInvitation]) -> set[int]:
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
        event.add("dtstart", meeting.starts_at.astimezone(OSLO))
        event.add("dtend", meeting.ends_at.astimezone(OSLO))
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
                _("Tid: %(when)s") % {"when": _fmt_time(meeting.starts_at)},
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


@transaction.atomic
def reply(invitation: MeetingInvitation, answer: str, by_user: User) -> MeetingInvitation:
    """An invitee answers: attending or declining. The one who called the meeting is told."""
    if answer not in (Reply.ATTENDING, Reply.DECLINED):
        raise DomainError(_("Svar «kommer» eller «kommer ikke»."), field="reply")
    invitation = (
        MeetingInvitation.objects.select_for_update(of=("self",))
        .select_related("meeting__family")
        .get(pk=invitation.pk)
    )
    meeting = invitation.meeting
    if meeting.status == MeetingStatus.CANCELLED:
        raise DomainError(_("Møtet er avlyst."))
    invitation.reply = answer
    invitation.replied_at = timezone.now()
    invitation.save(update_fields=["reply", "replied_at"])
    audit.changed(meeting.family_id, "meeting", meeting.pk)
    if meeting.called_by_id != by_user.pk:
        with translation.override(settings.LANGUAGE_CODE):
            text = (
                _("%(name)s kommer på «%(title)s».")
                if answer == Reply.ATTENDING
                else _("%(name)s kommer ikke på «%(title)s».")
            ) % {"name": invitation.name, "title": meeting.title}
        notify(
            services.reaching([meeting.called_by], meeting),
            Kind.MEETING_REPLY,
            text,
            url=reverse("team:meeting", args=[meeting.pk]),
            family=meeting.family,
        )
    return invitation


@transaction.atomic
def write_minutes(
    meeting: Meeting,
    by_user: User,
    *,
    attendees: str,
    child_views: str = "",
    family_views: str = "",
    decisions: str = "",
    notes: str = "",
    action_items: list[dict] | None = None,
    share: bool = False,
) -> Minutes:
    """Write (or correct) the minutes and add the action items agreed in the meeting. With `share`, the
    guardians and the group get them. Nothing is saved if any action item is invalid."""
    if meeting.status == MeetingStatus.CANCELLED:
        raise DomainError(_("Møtet er avlyst, og har ikke referat."))
    if not attendees.strip():
        raise DomainError(_("Skriv hvem som var til stede."), field="attendees")
    minutes, _created = Minutes.objects.update_or_create(
        meeting=meeting,
        defaults={
            "attendees": attendees.strip(),
            "child_views": child_views.strip(),
            "family_views": family_views.strip(),
            "decisions": decisions.strip(),
            "notes": notes.strip(),
            "written_by": by_user,
        },
    )
    sharing = share and minutes.shared_at is None
    if sharing:
        # Shared before the items are made, so a guardian responsible for one may be told of it.
        minutes.shared_at = timezone.now()
        minutes.save(update_fields=["shared_at"])
    audit.changed(meeting.family_id, "minutes", minutes.pk)
    for spec in action_items or []:
        services.create_action_item(meeting.family, by_user, meeting=meeting, **spec)
    if meeting.status == MeetingStatus.PLANNED and meeting.starts_at <= timezone.now():
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status"])
    if sharing:
        _tell_minutes_shared(minutes)
    return minutes


def share_minutes(minutes: Minutes) -> None:
    """Send the minutes to the guardians and the group (in the app, and e-mail by each one's choice)."""
    minutes.shared_at = timezone.now()
    minutes.save(update_fields=["shared_at"])
    audit.changed(minutes.meeting.family_id, "minutes", minutes.pk)
    _tell_minutes_shared(minutes)


def _tell_minutes_shared(minutes: Minutes) -> None:
    """Tell the guardians and the invited who may read the shared minutes now."""
    meeting = minutes.meeting
    family = meeting.family
    invited = [i.user for i in meeting.invitations.select_related("user") if i.user is not None]
    recipients = [*services.guardian_users(family), *invited]
    recipients = services.reaching(
        [u for u in dict.fromkeys(recipients) if u.pk != minutes.written_by_id], minutes
    )
    with translation.override(settings.LANGUAGE_CODE):
        text = _("Referatet fra «%(title)s» %(day)s er klart. Der står hvem som gjør hva.") % {
            "title": meeting.title,
            "day": date_format(meeting.starts_at.astimezone(OSLO), "j. F Y"),
        }
    notify(recipients, Kind.MINUTES, text, url=reverse("team:meeting", args=[meeting.pk]), family=family)


def _announce(
    meeting: Meeting, by_user: User, text: str, method: str, kind: str = Kind.MEETING_CHANGED
) -> None:
    """Tell every invitee in the app, and e-mail the .ics (REQUEST or CANCEL) when the meeting is saved.

    Only invitees who may still see the meeting are told: a professional whose service the consent no
    longer covers gets neither the notification nor the e-mail."""
    invitations = [
        inv for inv in meeting.invitations.select_related("user", "guardian") if may_receive(inv, meeting)
    ]
    emailed = _wanted_email(invitations)
    url = reverse("team:meeting", args=[meeting.pk])
    for inv in invitations:
        if inv.user is None or inv.user.pk == by_user.pk:
            continue
        notify(
            [inv.user],
            kind,
            text,
            url=url,
            family=meeting.family,
            email_status=EmailStatus.SENT if inv.pk in emailed else EmailStatus.NOT_SENT,
        )
    meeting_id = meeting.pk
    transaction.on_commit(lambda: send_invitations(meeting_id, emailed, method=method))


@transaction.atomic
def reschedule_meeting(
    meeting: Meeting,
    by_user: User,
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    location: str = "",
    video_url: str = "",
) -> Meeting:
    """Move a meeting or change its place. SEQUENCE goes up so calendars update the same event."""
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("family").get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise DomainError(_("Møtet er avlyst og kan ikke endres."))
    if ends_at <= starts_at:
        raise DomainError(_("Møtet må slutte etter at det starter."), field="ends_at")
    if not (location or video_url):
        raise DomainError(_("Skriv hvor møtet er, eller legg inn en lenke til videomøtet."), field="location")
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.location, meeting.video_url = location, video_url
    meeting.sequence += 1
    meeting.save(update_fields=["starts_at", "ends_at", "location", "video_url", "sequence"])
    audit.changed(meeting.family_id, "meeting", meeting.pk)
    with translation.override(settings.LANGUAGE_CODE):
        text = _("«%(title)s» er flyttet til %(when)s.") % {
            "title": meeting.title,
            "when": _fmt_time(meeting.starts_at),
        }
    _announce(meeting, by_user, text, "REQUEST")
    return meeting


@transaction.atomic
def cancel_meeting(meeting: Meeting, by_user: User) -> Meeting:
    """Cancel a meeting: invitees are told, and their calendars drop the event (METHOD:CANCEL)."""
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("family").get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise DomainError(_("Møtet er allerede avlyst."))
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    meeting.save(update_fields=["status", "sequence"])
    audit.changed(meeting.family_id, "meeting", meeting.pk)
    with translation.override(settings.LANGUAGE_CODE):
        text = _("«%(title)s» %(when)s er avlyst.") % {
            "title": meeting.title,
            "when": _fmt_time(meeting.starts_at),
        }
    _announce(meeting, by_user, text, "CANCEL")
    return meeting
