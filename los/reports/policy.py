"""Who sees the leader's figures: aggregated counts per municipality, never family content."""

from django.utils.translation import gettext as _

from los.core.errors import DomainError
from los.core.models import Municipality, Role

# The statistics page's choice "every municipality of the cooperation, side by side".
SIDE_BY_SIDE = "alle"


def may_see_figures(user) -> bool:
    """A leader sees the figures of their own municipality (and no family's data: the access policy
    gives leaders no relation to any family)."""
    return user.role == Role.LEADER and bool(user.municipality_id)


def municipalities_for(user) -> list[Municipality]:
    """The municipalities whose figures `user` may see: their own first, then every other member of an
    inter-municipal cooperation they lead, by name. Empty for anyone who is not a leader. One query,
    kept on the user for the request."""
    if not may_see_figures(user):
        return []
    cached = getattr(user, "_los_figure_municipalities", None)
    if cached is None:
        others = (
            Municipality.objects.filter(cooperations__leaders=user)
            .exclude(pk=user.municipality_id)
            .distinct()
            .order_by("name")
        )
        cached = [user.municipality, *others]
        user._los_figure_municipalities = cached
    return cached


def chosen_municipalities(user, number: str | None, *, side_by_side: bool = True) -> list[Municipality]:
    """The municipalities a leader asked for by number (`None` or "" is their own; SIDE_BY_SIDE is every
    one they may see). Refused with a message: a municipality they do not lead."""
    allowed = municipalities_for(user)
    if not number:
        return allowed[:1]
    if side_by_side and number == SIDE_BY_SIDE:
        return allowed
    found = [m for m in allowed if m.number == number]
    if not found:
        raise DomainError(
            _("Du ser bare tallene for kommuner du er leder for. Kommune %(number)s er ikke blant dem.")
            % {"number": number[:8]},
            field="municipality",
        )
    return found
