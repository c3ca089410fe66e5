"""The referrals section of the staff family page and of the family's own page (see los.core.sections).

Built from the record policy and not logged: the page has logged one read of the family."""

from los.core.access import Capability
from los.core.policy import Area
from los.core.sections import FAMILY, STAFF, Section, register

from . import selectors

SHOWN = 5


def _build(grant, portal: bool) -> dict | None:
    if not grant.reaches(Area.REFERRAL):
        return None  # e.g. the coordinating unit without a stated need to know
    return {
        "family": grant.family,
        "referrals": selectors.referrals(grant, limit=SHOWN),
        "portal": portal,
        "can_refer": not portal and grant.can(Capability.COORDINATE),
    }


def staff_section(grant) -> dict | None:
    """The referrals on the staff family page, for relations that reach referrals."""
    return _build(grant, portal=False)


def family_section(grant) -> dict | None:
    """The family's own referrals on its page."""
    return _build(grant, portal=True)


register(
    Section("referrals", order=50, template="referrals/_family_section.html", build=staff_section, page=STAFF)
)
register(
    Section(
        "referrals", order=50, template="referrals/_family_section.html", build=family_section, page=FAMILY
    )
)
