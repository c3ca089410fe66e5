"""The case on the family's pages (see los.core.sections): built from selectors that read through the
record policy; nothing here logs (the page has logged its one read of the family)."""

from los.casework import selectors
from los.core import dates
from los.core.sections import FAMILY, STAFF, Section, register


def staff_cases(grant):
    """The case section on the staff family page: only for the coordinating unit, which manages the case."""
    return selectors.staff_section(grant, dates.today())


def family_cases(grant):
    """The case section on the family's own page: their applications, coordinator and requests to change."""
    return selectors.family_section(grant, dates.today())


register(Section("casework", order=10, template="casework/_family_cases.html", build=staff_cases, page=STAFF))
register(
    Section(
        "casework", order=10, template="casework/portal/_family_cases.html", build=family_cases, page=FAMILY
    )
)
