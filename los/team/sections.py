"""The follow-up summary on the family pages (staff and the family's own), built from the record policy.

The page has logged one read of the family; the summary reads through `access.visible` and logs nothing.
A caseworker without a stated need to know gets no summary (the page offers to state one).
"""

from los.core.policy import Area
from los.core.sections import FAMILY, STAFF, Section, register
from los.intake.deadlines import today_oslo

from . import selectors


def _build(grant, portal: bool):
    if not grant.reaches(Area.TEAM):
        return None
    return {
        "family_id": grant.family.pk,
        "portal": portal,
        **selectors.summary(grant, today_oslo(), with_requests=portal),
    }


def staff_section(grant):
    return _build(grant, portal=False)


def family_section(grant):
    return _build(grant, portal=True)


register(Section("team", order=10, template="team/_family_section.html", build=staff_section, page=STAFF))
register(Section("team", order=10, template="team/_family_section.html", build=family_section, page=FAMILY))
