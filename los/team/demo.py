"""Demo follow-up work for `koordinator`'s families: meetings with minutes, action items (some late),
contacts (some long ago). Deterministic: its own random generator, dates relative to the seed's today."""

import datetime
import random

from django.conf import settings
from django.utils import timezone

from los.coordinators.models import CoordinatorAssignment
from los.core import access, dates
from los.notifications.models import EmailStatus, Kind, Notification

from .models import (
    ActionItem,
    ActionItemComment,
    ContactChannel,
    ContactLogEntry,
    FamilyMember,
    Meeting,
    MeetingInvitation,
    MeetingStatus,
    Minutes,
    Reply,
)
from .services.reminders import chase_period

ITEMS = [
    "Søke om avlastning",
    "Sende søknad om hjelpemidler til NAV",
    "Lage treningsprogram for hjemmet",
    "Avtale overgangsmøte med skolen",
    "Bestille time hos habiliteringstjenesten",
    "Sjekke rett til pleiepenger",
]
NEEDS = [
    "Trenger avlastning i helgene.",
    "Lurer på hva som skjer ved skolestart.",
    "Ønsker hjelp til å søke om hjelpemidler.",
    "Har det greit nå, vil ha nytt møte før sommeren.",
]


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return dates.at(day, datetime.time(hour))


def seed_follow_up(seeder, built) -> None:
    """Meetings, minutes, action items and contacts in `koordinator`'s families (demo mode only)."""
    if not seeder.demo:
        return
    from los.core.models import User

    coordinator = User.objects.filter(username="koordinator").first()
    if coordinator is None:
        return
    rng = random.Random(4)
    today = seeder.today
    family_ids = list(
        CoordinatorAssignment.objects.current(today)
        .filter(coordinator=coordinator)
        .order_by("family_id")
        .values_list("family_id", flat=True)
    )
    for index, family_id in enumerate(family_ids):
        from los.people.models import Family

        family = Family.objects.prefetch_related(
            "guardians__user", "team__professional__user", "children"
        ).get(pk=family_id)
        # Only professionals whose service the family's consent covers take part in meetings and items.
        professionals = list(
            dict.fromkeys(
                m.professional.user
                for m in family.team.all()
                if m.left_on is None and access.consent_covers(family, m.service_id, today)
            )
        )
        guardians = [g for g in family.guardians.all() if g.has_parental_responsibility]
        guardian_users = [g.user for g in guardians if g.user]
        people = [coordinator, *professionals, *guardian_users]
        # Contact: recent in most families, long ago in every third (the no-contact reminder).
        quiet = 40 if index % 3 == 2 else rng.randrange(3, 20)
        ContactLogEntry.objects.create(
            family=family,
            contacted_on=today - datetime.timedelta(days=quiet),
            channel=rng.choice(ContactChannel.values),
            needs_now=rng.choice(NEEDS),
            logged_by=coordinator,
        )
        for g in guardians[:1]:
            FamilyMember.objects.create(family=family, guardian=g, role="forelder")
        # A meeting three weeks ago with minutes shared, and one later this week or next.
        past_day = today - datetime.timedelta(days=21)
        past = Meeting.objects.create(
            family=family,
            title="Møte i ansvarsgruppen",
            starts_at=_at(past_day, 9),
            ends_at=_at(past_day, 10),
            location="Rådhuset, møterom 2",
            agenda="1. Hvordan går det?\n2. Avlastning\n3. Skolestart",
            status=MeetingStatus.HELD,
            called_by=coordinator,
            created_at=_at(past_day - datetime.timedelta(days=10), 12),
        )
        upcoming_day = today + datetime.timedelta(days=2 + index % 5)
        upcoming = Meeting.objects.create(
            family=family,
            title="Møte i ansvarsgruppen",
            starts_at=_at(upcoming_day, 13),
            ends_at=_at(upcoming_day, 14),
            location="Rådhuset, møterom 2",
            video_url="https://video.example.invalid/ansvarsgruppe",
            agenda="1. Status på oppgavene\n2. Sommerferien",
            interpreter_language=next((g.preferred_language for g in guardians if g.interpreter_needed), ""),
            called_by=coordinator,
        )
        for meeting in (past, upcoming):
            MeetingInvitation.objects.bulk_create(
                [
                    MeetingInvitation(
                        meeting=meeting,
                        user=u,
                        name=u.display_name,
                        email=u.email,
                        reply=Reply.ATTENDING if meeting is past or u == coordinator else Reply.PENDING,
                    )
                    for u in people
                ]
            )
        Minutes.objects.create(
            meeting=past,
            attendees="\n".join(u.display_name for u in people),
            child_views="Barnet sa at det liker fysioterapien, men er sliten etter skolen.",
            family_views="Foreldrene trenger mer avlastning og vil vite hva som skjer ved skolestart.",
            decisions="Koordinatoren søker om avlastning. "
            "Fysioterapeuten lager et treningsprogram for hjemmet.",
            written_by=coordinator,
            written_at=_at(past_day, 15),
            shared_at=_at(past_day, 15),
        )
        # Action items: from the meeting, one late for the physiotherapist; others ahead.
        children = list(family.children.all())
        for k, title in enumerate(rng.sample(ITEMS, k=4)):
            responsible = people[k % len(people)]
            due = today + datetime.timedelta(days=(-9 if k == 0 else -2 if k == 1 else 2 + 5 * k))
            item = ActionItem.objects.create(
                family=family,
                meeting=past if k < 3 else None,
                # Most items concern one child; the last concerns the whole family.
                child=children[k % len(children)] if children and k < 3 else None,
                title=title,
                responsible=professionals[0] if k == 0 and professionals else responsible,
                due_on=due,
                created_by=coordinator,
                created_at=_at(past_day, 15),
            )
            if k == 0:
                ActionItemComment.objects.create(
                    item=item,
                    author=coordinator,
                    text="Hvordan går det med denne?",
                    created_at=timezone.now(),
                )
    # What the sweep would already have said, so the notification lists are not empty in the demo.
    for item in ActionItem.objects.filter(family_id__in=family_ids, due_on__lt=today, status="open"):
        Notification.objects.get_or_create(
            action_item=item,
            kind=Kind.CHASE,
            period=chase_period(item.due_on, today, settings.LOS_CHASE_INTERVAL_DAYS),
            defaults={
                "user": item.responsible,
                "family_id": item.family_id,
                "child_id": item.child_id,
                "text": f"Purring: «{item.title}» skulle vært gjort innen {item.due_on:%d.%m.%Y}.",
                "email_status": EmailStatus.NOT_SENT,
            },
        )
