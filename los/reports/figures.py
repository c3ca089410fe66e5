"""Aggregated figures for leaders. Counts only: no names, and no family can be picked out, neither
from a small number nor by working one out from the others (`los.reports.disclosure`)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from los.consent.models import Consent
from los.coordinators.models import CoordinatorAssignment
from los.core import dates
from los.core.models import Role, User
from los.people.models import Child, Family

from .disclosure import Figure, Relation, publish

# The leader's figures, in the order shown.
FIGURES: list[tuple[str, object]] = [
    ("families", _("Familier")),
    ("children", _("Barn")),
    ("children_expected", _("Ventede barn (ikke født)")),
    ("families_with_coordinator", _("Familier med koordinator eller barnekoordinator")),
    ("families_without_coordinator", _("Familier uten koordinator")),
    ("coordinators", _("Koordinatorer")),
    ("families_with_consent", _("Familier med gyldig samtykke")),
]

# The sums a reader can do with the shown figures. "Children" is also "children born" + "children
# expected", but "children born" is not shown, so that sum gives the reader nothing.
RELATIONS: list[Relation] = [
    Relation("families", ("families_with_coordinator", "families_without_coordinator")),
]


def municipality_counts(municipality_id: int, today: datetime.date | None = None) -> dict[str, int]:
    """The true counts for one municipality on `today` (default today in Norway), in three queries however
    many families it has. Never shown as they are: see `leader_figures`."""
    today = today or dates.today()
    current_assignment = CoordinatorAssignment.objects.current(today).filter(family=OuterRef("pk"))
    active_consent = Consent.objects.active_on(today).filter(family=OuterRef("pk"))
    families = Family.objects.filter(municipality_id=municipality_id).aggregate(
        families=Count("pk"),
        families_with_coordinator=Count("pk", filter=Q(Exists(current_assignment))),
        families_with_consent=Count("pk", filter=Q(Exists(active_consent))),
    )
    children = Child.objects.filter(family__municipality_id=municipality_id).aggregate(
        children=Count("pk"), children_expected=Count("pk", filter=Q(birth_date__isnull=True))
    )
    coordinators = User.objects.filter(
        municipality_id=municipality_id, role=Role.COORDINATOR, is_active=True
    ).count()
    return {
        **families,
        **children,
        "families_without_coordinator": families["families"] - families["families_with_coordinator"],
        "coordinators": coordinators,
    }


def leader_figures(counts: dict[str, int]) -> list[Figure]:
    """The figures as the leader may see them: small counts, and any count that would give one away
    through the relations, hidden (value None)."""
    return publish([(key, str(label), counts[key]) for key, label in FIGURES], RELATIONS)


def counted_recently(municipality_id: int) -> tuple[dict[str, int], datetime.datetime]:
    """The municipality's counts and when they were counted: counted again when older than
    LOS_FIGURES_CACHE_SECONDS (aggregates only, so sharing them between a municipality's leaders in one
    server process is safe)."""
    seconds = settings.LOS_FIGURES_CACHE_SECONDS
    key = f"los:figures:{municipality_id}:{dates.today().isoformat()}"
    found = cache.get(key) if seconds else None
    if found is None:
        found = (municipality_counts(municipality_id), timezone.now())
        if seconds:
            cache.set(key, found, seconds)
    return found


def municipality_figures(municipality_id: int) -> tuple[list[Figure], datetime.datetime]:
    """The leader's figures for one municipality, with every count that could single out a family hidden,
    and when they were counted."""
    counts, counted_at = counted_recently(municipality_id)
    return leader_figures(counts), counted_at
