"""The family's coordinator on the staff family page (see los.core.sections): for the coordinating unit,
which appoints, replaces and changes the kind (hol §§ 7-2, 7-2 a, 7-3). Built from selectors that read
through the record policy; nothing here logs (the page has logged its one read of the family)."""

from los.coordinators import selectors
from los.core import access
from los.core.sections import STAFF, Section, register


def staff_coordinator(grant):
    """The current coordinator and the history of appointments; only for the coordinating unit."""
    if not grant.can(access.Capability.MANAGE_CASE):
        return None
    return {
        "family": grant.family,
        "current": selectors.current_assignment(grant),
        "history": selectors.assignment_history(grant),
    }


register(
    Section(
        "coordinators",
        order=11,
        template="coordinators/_family_coordinator.html",
        build=staff_coordinator,
        page=STAFF,
    )
)
