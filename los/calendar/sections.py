"""The calendar's sections on the staff family page and the family's own page: links to the calendar and
the next appointments, read through the record policy (the page has logged its one read of the family)."""

from los.core import dates
from los.core.policy import Area
from los.core.sections import FAMILY, STAFF, Section, register

from . import policy, selectors
from .models import AppointmentStatus

UPCOMING = 3


def _upcoming(grant) -> list:
    return list(
        selectors.calendar_appointments(grant, start=dates.now()).exclude(status=AppointmentStatus.CANCELLED)[
            :UPCOMING
        ]
    )


def calendar_section(grant) -> dict | None:
    """Shown to whoever reaches the family's calendar (a caseworker only with a stated need to know)."""
    if not grant.reaches(Area.CALENDAR):
        return None
    return {
        "family_id": grant.family.pk,
        "upcoming": [selectors.items([a], [])[0] for a in _upcoming(grant)],
        "may_plan": policy.may_plan(grant),
    }


register(
    Section(
        "calendar", order=30, template="calendar/_family_section.html", build=calendar_section, page=STAFF
    )
)
register(
    Section(
        "calendar", order=30, template="calendar/_portal_section.html", build=calendar_section, page=FAMILY
    )
)
