"""The plan and relay-log sections on the staff family page and the family's own page."""

from django import template

from los.core.access import Capability

from .. import selectors

register = template.Library()


@register.inclusion_tag("plans/_family_section.html")
def plans_family_section(family, access, user):
    summary = selectors.family_summary(family.pk)
    waiting_for_me = [
        log for log in summary["open_logs"] if log.pending and log.pending[0].to_holder_id == user.pk
    ]
    return {
        **summary,
        "family": family,
        "can_coordinate": access.can(Capability.COORDINATE),
        "waiting_for_me": waiting_for_me,
        "attention": selectors.plan_attention([family.pk]).get(family.pk, []),
    }


@register.inclusion_tag("plans/_portal_section.html")
def plans_portal_section(family):
    return {**selectors.family_summary(family.pk), "family": family}
