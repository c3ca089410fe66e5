"""The minutes (referat) of a responsibility-group meeting: written in Los during or after the meeting, with
the action items agreed there. The guardians and the group get them when the coordinator shares them;
until then they are the coordinator's draft (the record policy, `los.team.policy`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from los.core import audit, dates, versions
from los.core.errors import DomainError
from los.core.models import User
from los.notifications.models import Kind
from los.notifications.services import notify
from los.team.models import Meeting, MeetingStatus, Minutes

from . import follow_up, group


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
    lock_version: int | None = None,
) -> Minutes:
    """Write (or correct) the minutes and add the action items agreed in the meeting. With `share`, the
    guardians and the group get them. Nothing is saved if any action item is invalid, or when someone
    wrote the minutes after the page showed `lock_version` (0: the page was for new minutes)."""
    if meeting.status == MeetingStatus.CANCELLED:
        raise DomainError(_("Møtet er avlyst, og har ikke referat."))
    if not attendees.strip():
        raise DomainError(_("Skriv hvem som var til stede."), field="attendees")
    # The meeting's row is the lock: two first drafts of the same minutes cannot both be made.
    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    texts = {
        "attendees": attendees.strip(),
        "child_views": child_views.strip(),
        "family_views": family_views.strip(),
        "decisions": decisions.strip(),
        "notes": notes.strip(),
        "written_by": by_user,
    }
    minutes = Minutes.objects.filter(meeting=meeting).select_related("written_by").first()
    if minutes is None:
        minutes = Minutes.objects.create(meeting=meeting, **texts)
    else:
        versions.claim(
            minutes,
            lock_version,
            what=_("referatet"),
            family_id=meeting.family_id,
            record_type="minutes",
            changed_by="written_by",
        )
        for name, value in texts.items():
            setattr(minutes, name, value)
        minutes.save()
    sharing = share and minutes.shared_at is None
    if sharing:
        # Shared before the items are made, so a guardian responsible for one may be told of it.
        minutes.shared_at = timezone.now()
        minutes.save(update_fields=["shared_at"])
    audit.changed(meeting.family_id, "minutes", minutes.pk)
    for spec in action_items or []:
        follow_up.create_action_item(meeting.family, by_user, meeting=meeting, **spec)
    if meeting.status == MeetingStatus.PLANNED and meeting.starts_at <= timezone.now():
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status"])
        from los.surveys.services import invite_after_meeting

        invite_after_meeting(meeting)  # the family is asked how it goes
    if sharing:
        _tell_minutes_shared(minutes)
    return minutes


def share_minutes(minutes: Minutes) -> None:
    """Send the minutes to the guardians and the group (in the app, and e-mail by each one's choice)."""
    minutes.shared_at = timezone.now()
    Minutes.objects.filter(pk=minutes.pk).update(
        shared_at=minutes.shared_at, lock_version=F("lock_version") + 1
    )
    audit.changed(minutes.meeting.family_id, "minutes", minutes.pk)
    _tell_minutes_shared(minutes)


def _tell_minutes_shared(minutes: Minutes) -> None:
    """Tell the guardians and the invited who may read the shared minutes now."""
    meeting = minutes.meeting
    family = meeting.family
    invited = [i.user for i in meeting.invitations.select_related("user") if i.user is not None]
    recipients = [*group.guardian_users(family), *invited]
    recipients = group.reaching(
        [u for u in dict.fromkeys(recipients) if u.pk != minutes.written_by_id], minutes
    )
    with translation.override(settings.LANGUAGE_CODE):
        text = _("Referatet fra «%(title)s» %(day)s er klart. Der står hvem som gjør hva.") % {
            "title": meeting.title,
            "day": dates.long_date(dates.local_day(meeting.starts_at)),
        }
    notify(recipients, Kind.MINUTES, text, url=reverse("team:meeting", args=[meeting.pk]), family=family)
