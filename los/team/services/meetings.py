"""Meetings of the responsibility group: calling one, who may be invited, replies, moving and cancelling it.
Invitations go out by e-mail with an iCalendar attachment (`invitations`) and in the app; the minutes are
in `minutes`.

When a guardian needs an interpreter, the invitation says so and the coordinator gets an action item to
book one for that language (the family's right to information they understand: pasient- og
brukerrettighetsloven § 3-5, tolkeloven § 6).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from los.core import audit, dates
from los.core.errors import DomainError
from los.core.models import User
from los.notifications.models import EmailStatus, Kind
from los.notifications.services import notify
from los.people.languages import LANGUAGE_CODES
from los.people.models import Family
from los.team.models import ActionItem, Meeting, MeetingInvitation, MeetingStatus, Reply, TeamMember

from . import group
from .invitations import language_name, may_receive, send_invitations, wanted_email, when


@dataclass(frozen=True)
class Invitee:
    """Someone who may be invited to the family's meetings, and how to reach them."""

    key: str  # "user:<id>" or "guardian:<id>"
    name: str
    role: str
    email: str
    user: User | None = None
    guardian: object | None = None
    interpreter_language: str = ""


def invitee_options(family: Family, today: datetime.date | None = None) -> list[Invitee]:
    """Everyone who may be invited: the coordinator, the professionals in the group whose service an
    active consent covers, and the guardians with parental responsibility (with or without a login).

    A professional whose service the consent does not cover is not offered: the meeting's title, time
    and place would tell their service about the family (helsepersonelloven §§ 21-22, fvl § 13 a)."""
    options: dict[str, Invitee] = {}
    for user in group.current_coordinators(family, today):
        options[f"user:{user.pk}"] = Invitee(
            f"user:{user.pk}", user.display_name, _("koordinator"), user.email, user
        )
    covered, _not_covered = group.team_by_consent(family, today)
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
    _covered, not_covered = group.team_by_consent(family, today)
    members: dict[str, TeamMember] = {}
    for m in not_covered:
        members.setdefault(f"user:{m.professional.user_id}", m)
    return members


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
            raise group.consent_needed_for(member, _("inviteres til møter om familien"), field="invitees")
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
            "when": when(meeting.starts_at),
        }
        if interpreter_language:
            text += " " + _("Det blir tolk på %(language)s.") % {
                "language": language_name(interpreter_language)
            }
    _announce(meeting, by_user, text, "REQUEST", Kind.MEETING_INVITATION)
    return meeting


def _interpreter_task(meeting: Meeting, by_user: User) -> ActionItem:
    coordinators = group.current_coordinators(meeting.family) or [by_user]
    coordinator = coordinators[0]
    today = dates.today()
    meeting_day = dates.local_day(meeting.starts_at)
    due = max(today, meeting_day - datetime.timedelta(days=7))
    with translation.override(settings.LANGUAGE_CODE):
        language = language_name(meeting.interpreter_language)
        title = _("Bestill tolk på %(language)s til møtet %(day)s") % {
            "language": language,
            "day": dates.long_date(meeting_day),
        }
        description = _("Møtet: %(title)s, %(when)s.") % {
            "title": meeting.title,
            "when": when(meeting.starts_at),
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
        group.reaching([coordinator], item),
        Kind.INTERPRETER_TASK,
        title,
        url=reverse("team:action_item", args=[item.pk]),
        family=meeting.family,
        action_item=item,
    )
    return item


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
            group.reaching([meeting.called_by], meeting),
            Kind.MEETING_REPLY,
            text,
            url=reverse("team:meeting", args=[meeting.pk]),
            family=meeting.family,
        )
    return invitation


def _announce(
    meeting: Meeting, by_user: User, text: str, method: str, kind: str = Kind.MEETING_CHANGED
) -> None:
    """Tell every invitee in the app, and e-mail the .ics (REQUEST or CANCEL) when the meeting is saved.

    Only invitees who may still see the meeting are told: a professional whose service the consent no
    longer covers gets neither the notification nor the e-mail."""
    invitations = [
        inv for inv in meeting.invitations.select_related("user", "guardian") if may_receive(inv, meeting)
    ]
    emailed = wanted_email(invitations)
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
            "when": when(meeting.starts_at),
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
            "when": when(meeting.starts_at),
        }
    _announce(meeting, by_user, text, "CANCEL")
    return meeting
