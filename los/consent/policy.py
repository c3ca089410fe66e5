"""Record policy of consents (see los.core.policy).

The family, its coordinator and the coordinating unit see every consent with its history. A professional
on the team sees the consents in force: what the family shares now, and with whom. A pending, expired or
withdrawn consent shares nothing, and would tell them of services the family has not (or no longer)
opened to them (helsepersonelloven §§ 21-22, fvl § 13 a). A guardian's signature is part of its consent
and follows the same rule.

A request to extend the consent belongs to the REGISTRATION area too (the guardian answers it); a
professional does not see it (it is about a service the consent does not cover yet)."""

from django.db.models import Q

from los.core.policy import Area, RecordPolicy, register
from los.notifications.disclosure import register_link

from .models import Consent, ConsentExtensionRequest, ConsentSignature

NOTHING = Q(pk__in=[])


def _in_force(grant, prefix: str = "") -> Q:
    """For a professional, the consents in force on the grant's day; everyone else sees them all."""
    if not grant.is_provider:
        return Q()
    p, day = prefix, grant.day
    return Q(
        **{f"{p}effective_at__isnull": False, f"{p}withdrawn_at__isnull": True, f"{p}starts_on__lte": day}
    ) & (Q(**{f"{p}ends_on__isnull": True}) | Q(**{f"{p}ends_on__gte": day}))


register(
    RecordPolicy(
        model=Consent,
        record_type="consent",
        family="family_id",
        area=Area.REGISTRATION,
        visible=_in_force,
    )
)
register(
    RecordPolicy(
        model=ConsentSignature,
        record_type="consent",
        family="consent__family_id",
        area=Area.REGISTRATION,
        visible=lambda grant: _in_force(grant, "consent__"),
        select_related=("guardian",),
    )
)


def _requests_visible(grant) -> Q:
    return NOTHING if grant.is_provider else Q()


register(
    RecordPolicy(
        model=ConsentExtensionRequest,
        record_type="consent_request",
        family="family_id",
        area=Area.REGISTRATION,
        visible=_requests_visible,
        select_related=("service__organisation", "professional__user", "requested_by"),
    )
)

# A notification about a request shows its content only while its user may still see the request
# (los.notifications.disclosure). The answer page keeps its address in the team's pages.
register_link("team:consent_request_answer", "consent.ConsentExtensionRequest", "request_id")
