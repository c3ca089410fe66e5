"""Who sees the leader's figures: aggregated counts for one municipality, never family content."""

from los.core.models import Role


def may_see_figures(user) -> bool:
    """A leader sees the figures of their own municipality (and no family's data: the access policy
    gives leaders no relation to any family)."""
    return user.role == Role.LEADER and bool(user.municipality_id)
