"""The referrals section on the staff family page and the family's own page."""

from django import template

from los.core.access import Capability

from .. import selectors

register = template.Library()


@register.inclusion_tag("referrals/_family_section.html")
def referrals_family_section(family, access=None, portal=False):
    return {
        "family": family,
        "referrals": selectors.referrals(family.pk),
        "portal": portal,
        "can_refer": access is not None and access.can(Capability.COORDINATE),
    }
