"""Aggregated figures for leaders. Counts only: no names, no single family can be picked out."""

from django.db.models import Count, Q
from django.utils import timezone

from los.consent.models import Consent
from los.core.models import Role, User
from los.intake.models import CoordinatorAssignment
from los.people.models import Child, Family

# Counts below this are shown as "under 5" so that no family can be recognised from a small number.
SMALL_NUMBER = 5


def _safe(n: int) -> int | str:
    return n if n == 0 or n >= SMALL_NUMBER else f"< {SMALL_NUMBER}"


def municipality_figures(municipality_id: int) -> list[tuple[str, object]]:
    from django.utils.translation import gettext as _

    today = timezone.localdate()
    families = Family.objects.filter(municipality_id=municipality_id)
    family_count = families.count()
    children = Child.objects.filter(family__municipality_id=municipality_id).aggregate(
        total=Count("id"), unborn=Count("id", filter=Q(birth_date__isnull=True))
    )
    assignments = CoordinatorAssignment.objects.current().filter(family__municipality_id=municipality_id)
    with_coordinator = assignments.values("family").distinct().count()
    coordinators = User.objects.filter(municipality_id=municipality_id, role=Role.COORDINATOR).count()
    active_consents = Consent.objects.active_on(today).filter(family__municipality_id=municipality_id)
    with_consent = active_consents.values("family").distinct().count()
    return [
        (_("Familier"), _safe(family_count)),
        (_("Barn"), _safe(children["total"])),
        (_("Ventede barn (ikke født)"), _safe(children["unborn"])),
        (_("Familier med koordinator eller barnekoordinator"), _safe(with_coordinator)),
        (_("Familier uten koordinator"), _safe(family_count - with_coordinator)),
        (_("Koordinatorer"), _safe(coordinators)),
        (_("Familier med gyldig samtykke"), _safe(with_consent)),
    ]
