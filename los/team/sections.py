"""The follow-up summary on the family pages (staff and the family's own), built from the record policy.

The page has logged one read of the family; the summary reads through `access.visible` and logs nothing.
A caseworker without a stated need to know gets no summary (the page offers to state one).
"""

from los.core import dates
from los.core.policy import Area
from los.core.sections import FAMILY, STAFF, Section, register

from . import selectors


def _build(grant, portal: bool):
    if not grant.reaches(Area.TEAM):
        return None
    return {
        "family_id": grant.family.pk,
        "portal": portal,
        **selectors.summary(grant, dates.today(), with_requests=portal),
    }


def staff_section(grant):
    """The follow-up summary on the staff family page."""
    return _build(grant, portal=False)


def family_section(grant):
    """The follow-up summary on the family's own page, with the questions about extending the consent."""
    return _build(grant, portal=True)


register(Section("team", order=10, template="team/_family_section.html", build=staff_section, page=STAFF))
register(Section("team", order=10, template="team/_family_section.html", build=family_section, page=FAMILY))
