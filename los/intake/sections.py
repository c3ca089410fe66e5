"""The case on the family's pages (see los.core.sections): built from selectors that read through the
record policy; nothing here logs (the page has logged its one read of the family)."""

from los.core.sections import FAMILY, STAFF, Section, register

from . import selectors
from .deadlines import today_oslo


def staff_cases(grant):
    return selectors.staff_section(grant, today_oslo())


def family_cases(grant):
    return selectors.family_section(grant, today_oslo())


register(Section("intake", order=10, template="intake/_family_cases.html", build=staff_cases, page=STAFF))
register(
    Section("intake", order=10, template="intake/portal/_family_cases.html", build=family_cases, page=FAMILY)
)
