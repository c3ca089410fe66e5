"""The family's access log as people read it (GDPR art. 15, pasientjournalloven § 22): who has looked at
the family's data, when and why, with the family's own reads set aside.

One name per person. Each row stores the actor's name and role as they were when it was written (the
log is a hash chain and is never rewritten), so one person could appear under several names: a user
renamed between two reads, and above all a guardian, whose login may carry another name than the
family's guardian row (a maiden name, a nickname). The family's
pages therefore label rows by user id: a guardian of this family by the family's own name for them,
anyone else by the name their newest row in this family's log stored (a later rename that left no row
is not shown, as the stored rows say). Each row keeps the role it stored: the role the person had when
they looked. The stored rows are unchanged.

Reads are bounded: one query counts the page's rows, one reads them, one lists the people in the log
(with their newest stored name and role) for the labels and the filter, one the family's guardians.
Nothing here logs (the page has).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from los.core import access
from los.core.models import AccessLogEntry, Role, User
from los.people.models import Guardian
from los.people.selectors import reason_text


@dataclass(frozen=True)
class Person:
    """One person in the family's log: their user id, the name the family knows them by and their role."""

    user_id: int
    name: str
    role: str
    own: bool  # a guardian of the family (the family's own reads)

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label) if self.role in Role.values else self.role


@dataclass(frozen=True)
class LogFilter:
    """What the family asked to see: one person, one role, a period, and whether their own reads show."""

    user_id: int | None = None
    role: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None
    show_own: bool = False


def family_user_ids(grant, guardians=None) -> dict[int, Guardian]:
    """The family's guardians who log in, by user id: their reads are the family's own. From
    `guardians` (the guardians the record policy shows this grant, already read), or read here."""
    if guardians is None:
        guardians = access.visible(grant, Guardian).filter(user__isnull=False)
    return {g.user_id: g for g in guardians if g.user_id is not None}


def people_in_log(grant, guardians: dict[int, Guardian], user_ids=None) -> dict[int, Person]:
    """Everyone who appears in the family's log (or only the users `user_ids`), once each by user id,
    named as described above, in name order (one query)."""
    newest = _rows(grant).filter(user_id=OuterRef("pk")).order_by("-seq")
    users = User.objects.filter(pk__in=_rows(grant).values("user_id") if user_ids is None else user_ids)
    users = users.annotate(
        logged_name=Subquery(newest.values("actor_name")[:1]),
        logged_role=Subquery(newest.values("actor_role")[:1]),
    )
    people = []
    for user in users:
        guardian = guardians.get(user.pk)
        if guardian is not None:
            people.append(Person(user.pk, guardian.full_name, Role.GUARDIAN, own=True))
        else:
            people.append(Person(user.pk, user.logged_name, user.logged_role or "", own=False))
    people.sort(key=lambda p: (p.own, p.name.casefold(), p.user_id))
    return {p.user_id: p for p in people}


def _rows(grant) -> QuerySet:
    return AccessLogEntry.objects.filter(family_id=grant.family.pk)


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def filtered(grant, wanted: LogFilter, guardians: dict[int, Guardian]) -> QuerySet:
    """The family's log rows that `wanted` asks for, newest first. The family's own reads (its guardians'
    and the signed-in user's) are left out unless asked for."""
    rows = _rows(grant)
    own = {*guardians, grant.user.pk}
    # Asking for one of the family, or for the guardians' role, shows their reads without the toggle.
    if not (wanted.show_own or wanted.user_id in own or wanted.role == Role.GUARDIAN):
        rows = rows.exclude(user_id__in=own)
    if wanted.user_id is not None:
        rows = rows.filter(user_id=wanted.user_id)
    if wanted.role:
        rows = rows.filter(actor_role=wanted.role)
    if wanted.since is not None:
        rows = rows.filter(at__gte=_local_midnight(wanted.since))
    if wanted.until is not None:
        rows = rows.filter(at__lt=_local_midnight(wanted.until + datetime.timedelta(days=1)))
    return rows.order_by("-at", "-id")


def describe(entries, people: dict[int, Person]):
    """Each row labelled by its person (one name per user id), the role it stored, and why they had
    access, as stored."""
    for entry in entries:
        entry.person = people[entry.user_id]
        entry.who = entry.person.name
        entry.role_label = entry.actor_role_label
        entry.reason_text = reason_text(entry)
    return entries


def log_page(grant, wanted: LogFilter, number, per_page: int, guardians, people) -> Page:
    """One page of the family's log as `wanted` asks, each row labelled by its person."""
    page = Paginator(filtered(grant, wanted, guardians), per_page).get_page(number)
    page.object_list = describe(list(page.object_list), people)
    return page


def recent_others(
    grant, count: int = 5, guardians: dict[int, Guardian] | None = None
) -> list[AccessLogEntry]:
    """The latest reads and changes by others than the family, for the family's own page. `guardians`:
    `family_user_ids`, when the page has read the family's guardians already."""
    guardians = family_user_ids(grant) if guardians is None else guardians
    rows = list(filtered(grant, LogFilter(), guardians)[:count])
    if not rows:
        return []
    # Named from the log's own rows for the people shown only, not everyone the family's log holds.
    return describe(rows, people_in_log(grant, guardians, user_ids={r.user_id for r in rows}))
