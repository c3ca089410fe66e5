"""Record policy of health-network messages (see los.core.policy).

A message about the child is health information exchanged as part of the coordination: it belongs to
the team area, so the coordinating unit reads it only with a stated need to know (helsepersonelloven
§ 21 a), and a professional on the team sees only messages with services an active consent covers
(helsepersonelloven §§ 21-22) and that they serve the family in themselves: the school does not read the
coordinator's dialogue with the GP. The family sees every message about its child (GDPR art. 15).
"""

from django.db.models import Q

from los.core.policy import Area, RecordPolicy, register, register_page

from .models import HealthMessage


def _visible(grant) -> Q:
    if grant.is_provider:
        return Q(service_id__in=grant.own_services & grant.covered_services)
    return Q()


register(
    RecordPolicy(
        model=HealthMessage,
        record_type="message",
        family="family_id",
        area=Area.TEAM,
        visible=_visible,
        select_related=("service__organisation", "written_by"),
    )
)
# The family's list of messages is read under the same rule.
register_page("messages", Area.TEAM)
