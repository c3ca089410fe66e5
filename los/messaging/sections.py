"""The messages section of the staff family page and of the family's own page (see los.core.sections).

Built from the record policy and not logged: the page has logged one read of the family."""

from los.core.access import Capability
from los.core.policy import Area
from los.core.sections import FAMILY, STAFF, Section, register

from . import selectors

SHOWN = 3


def _build(grant, portal: bool) -> dict | None:
    if not grant.reaches(Area.TEAM):
        return None  # e.g. the coordinating unit without a stated need to know
    shown = list(selectors.messages(grant).select_related("service")[:SHOWN])
    if not shown and not grant.can(Capability.COORDINATE):
        return None
    return {
        "family": grant.family,
        "messages": shown,
        "portal": portal,
        "can_write": not portal and grant.can(Capability.COORDINATE),
    }


def staff_section(grant) -> dict | None:
    return _build(grant, portal=False)


def family_section(grant) -> dict | None:
    return _build(grant, portal=True)


register(
    Section("messages", order=55, template="messaging/_family_section.html", build=staff_section, page=STAFF)
)
register(
    Section(
        "messages", order=55, template="messaging/_family_section.html", build=family_section, page=FAMILY
    )
)
