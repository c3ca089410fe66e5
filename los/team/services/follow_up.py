"""The coordinator's follow-up: action items, "who does what by when", with comments, and the contact log
with the family (helse- og omsorgstjenesteloven §§ 7-2 and 7-2 a: the coordinator follows up).

An action item's responsible person must be someone the family's consent covers; nothing about the
family reaches anyone else (helsepersonelloven §§ 21-22, forvaltningsloven § 13 a). Reminders and chases
are sent by `los.team.services.reminders`.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from los.core import audit, dates
from los.core.errors import DomainError
from los.core.models import User
from los.notifications.models import Kind
from los.notifications.services import notify
from los.people.models import Family
from los.team.models import ActionItem, ActionItemComment, ActionItemStatus, ContactLogEntry

from .group import consent_needed_for, current_coordinators, guardian_users, reaching, team_by_consent


def _nb(text_fn):
    """`text_fn()` in bokmål: notifications are stored in the language the municipality writes in."""
    with translation.override(settings.LANGUAGE_CODE):
        return text_fn()


# --- Action items -----------------------------------------------------------------------------------


def responsible_candidates(family: Family, today: datetime.date | None = None) -> list[User]:
    """Who may be responsible for an action item: the coordinator, the professionals in the group whose
    service an active consent covers, and guardians with a login."""
    today = today or dates.today()
    users: dict[int, User] = {}
    for user in current_coordinators(family, today):
        users[user.pk] = user
    covered, _not_covered = team_by_consent(family, today)
    for member in covered:
        users.setdefault(member.professional.user_id, member.professional.user)
    for user in guardian_users(family):
        users.setdefault(user.pk, user)
    return [u for u in users.values() if u.is_active]


def _check_responsible(family: Family, user: User, field: str, today: datetime.date) -> None:
    """Refuse a responsible person who is not in the group, or whose service the consent does not cover."""
    if user.pk in {u.pk for u in responsible_candidates(family, today)}:
        return
    _covered, not_covered = team_by_consent(family, today)
    member = next((m for m in not_covered if m.professional.user_id == user.pk), None)
    if member is not None:
        raise consent_needed_for(member, _("få oppgaver i familien"), field=field)
    raise DomainError(
        _("%(name)s er ikke med i familiens ansvarsgruppe. Legg personen til i gruppen først.")
        % {"name": user.display_name},
        field=field,
    )


def resolve_responsible(family: Family, username: str, today: datetime.date | None = None) -> User:
    """The user named as responsible, if they may be: see `responsible_candidates`."""
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise DomainError(
            _("Fant ingen bruker med brukernavnet «%(username)s».") % {"username": username},
            field="responsible_username",
        )
    if user.municipality_id is not None and user.municipality_id != family.municipality_id:
        raise DomainError(
            _("%(name)s hører til en annen kommune og kan ikke ha ansvar for noe i denne familien.")
            % {"name": user.display_name},
            field="responsible_username",
        )
    _check_responsible(family, user, "responsible_username", today or dates.today())
    return user


def create_action_item(
    family: Family,
    by_user: User,
    *,
    title: str,
    due_on: datetime.date,
    responsible: User,
    description: str = "",
    meeting=None,
    today: datetime.date | None = None,
    notify_responsible: bool = True,
    child=None,
) -> ActionItem:
    """Record who does what by when. A due date already past is allowed but flagged: the item is late
    from the start and the responsible person is chased at the next sweep. `child` names the child the
    item concerns (one of the family's children); none means the whole family.

    The responsible person must be someone the family's consent covers (`responsible_candidates`); they
    are told only when they may see the item now (an item from minutes not yet shared waits for them)."""
    today = today or dates.today()
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Skriv hva som skal gjøres."), field="title")
    if len(title) > 200:
        raise DomainError(_("Skriv kortere, høyst 200 tegn."), field="title")
    _check_responsible(family, responsible, "responsible", today)
    if child is not None and child.family_id != family.pk:
        raise DomainError(_("Velg et av barna i familien, eller hele familien."), field="child")
    with transaction.atomic():
        item = ActionItem.objects.create(
            family=family,
            child=child,
            meeting=meeting,
            title=title,
            description=description,
            responsible=responsible,
            due_on=due_on,
            due_in_past_when_created=due_on < today,
            created_by=by_user,
        )
        audit.changed(family.pk, "action_item", item.pk)
        if notify_responsible and responsible.pk != by_user.pk:
            notify(
                reaching([responsible], item),
                Kind.ACTION_ITEM_ASSIGNED,
                _nb(
                    lambda: (
                        _("Du har fått ansvar for «%(title)s», frist %(day)s.")
                        % {"title": title, "day": dates.long_date(due_on)}
                    )
                ),
                url=reverse("team:action_item", args=[item.pk]),
                family=family,
                action_item=item,
            )
    return item


@transaction.atomic
def set_action_item_status(item: ActionItem, status: str, by_user: User) -> ActionItem:
    """Mark an item done, cancelled or open again (the record policy decides who may: the coordinator
    and the person responsible)."""
    if status not in ActionItemStatus.values:
        raise DomainError(_("Ukjent status."), field="status")
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    item.status = status
    item.completed_at = timezone.now() if status == ActionItemStatus.DONE else None
    item.save(update_fields=["status", "completed_at"])
    audit.changed(item.family_id, "action_item", item.pk)
    return item


@transaction.atomic
def comment_on_action_item(item: ActionItem, by_user: User, text: str) -> ActionItemComment:
    """Comment on an item; the responsible person and the coordinator are told, if they may see it."""
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Skriv en kommentar."), field="text")
    comment = ActionItemComment.objects.create(item=item, author=by_user, text=text[:4000])
    audit.changed(item.family_id, "action_item", item.pk)
    others = [u for u in [item.responsible, *current_coordinators(item.family)] if u.pk != by_user.pk]
    notify(
        reaching(others, item),
        Kind.COMMENT,
        _nb(
            lambda: (
                _("%(name)s har kommentert «%(title)s».")
                % {"name": by_user.display_name, "title": item.title}
            )
        ),
        url=reverse("team:action_item", args=[item.pk]),
        family=item.family,
        action_item=item,
    )
    return comment


# --- Contact with the family ------------------------------------------------------------------------


@transaction.atomic
def log_contact(
    family: Family, by_user: User, *, contacted_on: datetime.date, channel: str, needs_now: str
) -> ContactLogEntry:
    """Record a contact with the family; it resets the no-contact reminder."""
    if contacted_on > dates.today():
        raise DomainError(_("Datoen kan ikke være i fremtiden."), field="contacted_on")
    if not (needs_now or "").strip():
        raise DomainError(_("Skriv kort hva familien trenger nå."), field="needs_now")
    entry = ContactLogEntry.objects.create(
        family=family,
        contacted_on=contacted_on,
        channel=channel,
        needs_now=needs_now.strip(),
        logged_by=by_user,
    )
    audit.changed(family.pk, "contact_log", entry.pk)
    return entry
