"""The plan and relay-log sections of the staff family page and the family's own page.

Built from the record policy's rows (`access.visible`) and without logging: the page has logged its read
of the family. A relation that reaches neither the plan nor the relay log (a caseworker without a stated
need to know) gets no section; a professional without consent to the plan sees only the relay logs the
consent covers.
"""

from los.core.access import Capability
from los.core.policy import Area
from los.core.sections import FAMILY, STAFF, Section, register

from . import selectors


def staff_section(grant) -> dict | None:
    """The plan and relay-log section on the staff family page, as the record policy shows it to this
    grant."""
    shows_plan, shows_relay = grant.reaches(Area.PLAN), grant.reaches(Area.RELAY)
    if not (shows_plan or shows_relay):
        return None
    summary = selectors.family_summary(grant)
    waiting_for_me = [
        log for log in summary["open_logs"] if log.pending and log.pending[0].to_holder_id == grant.user.pk
    ]
    return {
        **summary,
        "family": grant.family,
        "shows_plan": shows_plan,
        "shows_relay": shows_relay,
        "can_coordinate": grant.can(Capability.COORDINATE),
        "waiting_for_me": waiting_for_me,
        "attention": selectors.family_attention(grant),
    }


def family_section(grant) -> dict | None:
    """The plan and relay-log section on the family's own page."""
    if not grant.is_guardian:
        return None
    return {**selectors.family_summary(grant), "family": grant.family}


register(Section("plans", order=40, template="plans/_family_section.html", build=staff_section, page=STAFF))
register(Section("plans", order=40, template="plans/_portal_section.html", build=family_section, page=FAMILY))
