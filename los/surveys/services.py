"""Inviting guardians to the short survey, reminding once, and taking an answer (never twice).

Guardians with a login are asked after a responsibility-group meeting has been held, and every three
months once the family has had its coordinator for three months. An invitation is open for 30 days; a
reminder goes once, after 7 days without an answer. The sweep (`los run-due`) does the quarterly
invitations and the reminders; it is idempotent like every sweep job.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from los.coordinators.models import CoordinatorAssignment
from los.core import dates
from los.core.errors import DomainError
from los.notifications import services as notifications
from los.notifications.models import Kind
from los.notifications.sweep import register
from los.people.models import RESPONSIBILITY_HOLDERS, Guardian

from .models import SurveyAnswer, SurveyInvitation, Trigger
from .questions import KEYS, SCALE, TEXT_MAX

OPEN_FOR = datetime.timedelta(days=30)
REMIND_AFTER = datetime.timedelta(days=7)
EVERY = datetime.timedelta(days=91)  # "every three months"
# After a meeting, no new invitation while one is this fresh (a family with meetings every week is not
# asked every week).
NOT_AGAIN_WITHIN = datetime.timedelta(days=30)


class AlreadyAnswered(DomainError):
    """The invitation has been answered (or declined): a second answer is refused, not kept."""


def _text() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Hvordan går det? Fem korte spørsmål om samarbeidet med tjenestene. Det tar ett minutt.")


def _tell(invitations: list[SurveyInvitation], reminder: bool = False) -> int:
    made = 0
    for invitation in invitations:
        text = _text()
        if reminder:
            with translation.override(settings.LANGUAGE_CODE):
                text = _("Påminnelse: %(text)s") % {"text": text}
        made += len(
            notifications.notify(
                [invitation.user],
                Kind.SURVEY,
                text,
                url=reverse("surveys:answer", args=[invitation.pk]),
                family=invitation.family,
            )
        )
    return made


def _fresh_invitation(user_id: int, now: datetime.datetime, within: datetime.timedelta) -> bool:
    return SurveyInvitation.objects.filter(user_id=user_id, created_at__gt=now - within).exists()


def invite_after_meeting(meeting, now: datetime.datetime | None = None) -> list[SurveyInvitation]:
    """Ask the family's guardians with a login how it goes, now that the meeting has been held."""
    from los.team.services.group import guardian_users

    now = now or timezone.now()
    made = []
    for user in guardian_users(meeting.family):
        if _fresh_invitation(user.pk, now, NOT_AGAIN_WITHIN):
            continue
        invitation, created = SurveyInvitation.objects.get_or_create(
            user=user,
            meeting=meeting,
            defaults={
                "family": meeting.family,
                "trigger": Trigger.MEETING,
                "created_at": now,
                "closes_at": now + OPEN_FOR,
            },
        )
        if created:
            made.append(invitation)
    _tell(made)
    return made


def invite_quarterly(now: datetime.datetime) -> int:
    """Ask every guardian with a login in a family that has had its coordinator for three months and who
    has not been asked in three months. One query finds them, however many families there are."""
    today = dates.local_day(now)
    # A family is first asked when it has had its coordinator for three months (after a meeting, sooner).
    with_coordinator = CoordinatorAssignment.objects.current(today).filter(
        family=OuterRef("family_id"), starts_on__lte=today - EVERY
    )
    recently = SurveyInvitation.objects.filter(user=OuterRef("user_id"), created_at__gt=now - EVERY)
    due = (
        Guardian.objects.filter(
            user__isnull=False, user__is_active=True, parental_responsibility__in=RESPONSIBILITY_HOLDERS
        )
        .filter(Exists(with_coordinator))
        .exclude(Exists(recently))
        .select_related("family", "user")
        .order_by("pk")
    )
    invitations = []
    seen = set()
    for guardian in due:
        if guardian.user_id in seen:  # a guardian of two families is asked once
            continue
        seen.add(guardian.user_id)
        invitations.append(
            SurveyInvitation(
                family=guardian.family,
                user=guardian.user,
                trigger=Trigger.QUARTERLY,
                created_at=now,
                closes_at=now + OPEN_FOR,
            )
        )
    SurveyInvitation.objects.bulk_create(invitations)
    return _tell(invitations)


def remind(now: datetime.datetime) -> int:
    """One reminder for an invitation left unanswered for a week, while it is still open."""
    due = list(
        SurveyInvitation.objects.filter(
            answered_on__isnull=True,
            reminded_at__isnull=True,
            created_at__lte=now - REMIND_AFTER,
            closes_at__gt=now,
        ).select_related("family", "user")
    )
    SurveyInvitation.objects.filter(pk__in=[i.pk for i in due]).update(reminded_at=now)
    return _tell(due, reminder=True)


@register("surveys")
def sweep(now: datetime.datetime) -> int:
    return invite_quarterly(now) + remind(now)


def open_invitations(user) -> list[SurveyInvitation]:
    """The user's invitations that can still be answered, newest first."""
    now = timezone.now()
    return list(
        SurveyInvitation.objects.filter(user=user, answered_on__isnull=True, closes_at__gt=now).order_by(
            "-created_at"
        )
    )


def _claim(invitation_id: int, user) -> SurveyInvitation:
    """The user's own invitation, locked, if it can still be answered."""
    invitation = (
        SurveyInvitation.objects.select_for_update()
        .select_related("family")
        .filter(pk=invitation_id, user=user)
        .first()
    )
    if invitation is None:
        raise SurveyInvitation.DoesNotExist
    if invitation.answered_on is not None:
        raise AlreadyAnswered(_("Du har allerede svart på disse spørsmålene. Svaret kan ikke endres."))
    if not invitation.is_open():
        raise DomainError(_("Spørsmålene er ikke åpne lenger. Du får nye om en stund."))
    return invitation


def clean_scores(scores: dict) -> dict[str, int | None]:
    """The scores for the five questions: each 1 to 5, or left out (None)."""
    unknown = set(scores) - set(KEYS)
    if unknown:
        raise DomainError(
            _("Ukjent spørsmål: %(keys)s.") % {"keys": ", ".join(sorted(unknown))}, field="scores"
        )
    cleaned = {}
    for key in KEYS:
        value = scores.get(key)
        if value in (None, ""):
            cleaned[key] = None
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 0
        if number not in SCALE or str(number) != str(value).strip():
            raise DomainError(_("Svar med et tall fra 1 til 5, eller hopp over spørsmålet."), field=key)
        cleaned[key] = number
    return cleaned


@transaction.atomic
def answer(invitation_id: int, user, scores: dict, text: str = "", share_with_coordinator: bool = False):
    """Keep the answer apart from who gave it, mark the invitation answered (so no second answer), and
    send the text on to the coordinator if the guardian asked for that; otherwise the text is not kept."""
    from los.team.services.group import current_coordinators

    cleaned = clean_scores(scores)
    text = (text or "").strip()
    if len(text) > TEXT_MAX:
        raise DomainError(_("Teksten kan være høyst %(n)s tegn.") % {"n": TEXT_MAX}, field="text")
    invitation = _claim(invitation_id, user)
    if all(v is None for v in cleaned.values()) and not (text and share_with_coordinator):
        raise DomainError(_("Svar på minst ett spørsmål, eller trykk «Nei takk»."))
    today = dates.today()
    invitation.answered_on = today
    invitation.save(update_fields=["answered_on"])
    SurveyAnswer.objects.create(
        municipality_id=invitation.family.municipality_id,
        month=today.replace(day=1),
        trigger=invitation.trigger,
        **cleaned,
    )
    if text and share_with_coordinator:
        family = invitation.family
        with translation.override(settings.LANGUAGE_CODE):
            message = _("%(name)s skriver: «%(text)s»") % {
                "name": user.get_full_name() or user.username,
                "text": text,
            }
        notifications.notify(
            current_coordinators(family),
            Kind.SURVEY_FEEDBACK,
            message,
            url=reverse("people:family", args=[family.pk]),
            family=family,
        )
    return invitation


@transaction.atomic
def decline(invitation_id: int, user) -> SurveyInvitation:
    """ "No, thanks": the invitation is closed without an answer (and no reminder comes)."""
    invitation = _claim(invitation_id, user)
    invitation.answered_on = dates.today()
    invitation.declined = True
    invitation.save(update_fields=["answered_on", "declined"])
    return invitation
