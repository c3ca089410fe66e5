"""Record policy of the team and follow-up work (see los.core.policy): who sees which rows, and when.

* The responsibility group, meetings, invitations, action items and comments are the TEAM area: the
  coordinator and the family see them; the coordinating unit only with a stated need to know; a
  professional only while the consent covers them (their grant), and inside the family only what the
  consent covers.
* Minutes are the MINUTES area. The family reads them once the coordinator has shared them; a professional
  too (a draft is the coordinator's until it is shared).
* Action items: the family does not see the items from minutes not yet shared (they were agreed in a
  meeting the family has not had the minutes of); a professional sees the items they are responsible
  for, and the items of professionals whose service the consent covers (helsepersonelloven §§ 21-22,
  forvaltningsloven § 13 a: what is shared follows the consent).
* Consent extension requests belong to the REGISTRATION area (the guardian answers them); a professional
  does not see them (they are about a service the consent does not cover yet).
* The contact log is the coordinator's working notes about the family's needs: the coordinator and the
  coordinating unit (with a stated need to know) read it; it is not shared with the services, and the
  family's pages do not show it (the family reads it by asking for access, like any case document).
"""

from django.db.models import Q

from los.core.access import Capability
from los.core.policy import Area, RecordPolicy, register
from los.notifications.disclosure import register_link

from .models import (
    ActionItem,
    ActionItemComment,
    ConsentExtensionRequest,
    ContactLogEntry,
    FamilyMember,
    Meeting,
    MeetingInvitation,
    Minutes,
    TeamMember,
)

NOTHING = Q(pk__in=[])


def covered_professional_users(grant):
    """Users who are on the family's team now through a service an active consent names (a subquery)."""
    return TeamMember.objects.filter(
        family_id=grant.family.pk, left_on__isnull=True, service_id__in=grant.covered_services
    ).values("professional__user_id")


def _team_users(grant):
    """Everyone who is or was on the family's team through a service (a subquery)."""
    return TeamMember.objects.filter(family_id=grant.family.pk).values("professional__user_id")


def _released(prefix: str = "") -> Q:
    """Action items the family may see: not from a meeting, or from a meeting whose minutes are shared."""
    return Q(**{f"{prefix}meeting__isnull": True}) | Q(
        **{f"{prefix}meeting__minutes__shared_at__isnull": False}
    )


def action_items_visible(grant, prefix: str = "") -> Q:
    """Which action items (or, with `prefix`, rows hanging on one) this relation sees."""
    if grant.is_guardian:
        return _released(prefix)
    if grant.is_provider:
        mine = Q(**{f"{prefix}responsible_id": grant.user.pk})
        covered = Q(**{f"{prefix}responsible_id__in": covered_professional_users(grant)}) & _released(prefix)
        return mine | covered
    return Q()


def _minutes_visible(grant, prefix: str = "") -> Q:
    if grant.is_guardian or grant.is_provider:
        return Q(**{f"{prefix}shared_at__isnull": False})
    return Q()


def _team_members_visible(grant) -> Q:
    return grant.service_filter("service_id") if grant.is_provider else Q()


def _invitations_visible(grant) -> Q:
    """A professional sees who else is invited except professionals whose service the consent does not
    cover (their names say which services work with the family)."""
    if not grant.is_provider:
        return Q()
    return (
        Q(user__isnull=True)
        | Q(user_id__in=covered_professional_users(grant))
        | ~Q(user_id__in=_team_users(grant))
    )


def _comments_visible(grant) -> Q:
    return action_items_visible(grant, prefix="item__")


def _requests_visible(grant) -> Q:
    return NOTHING if grant.is_provider else Q()


def sees_contact_log(grant) -> bool:
    """The coordinator's contact log: the coordinator and the coordinating unit only."""
    return grant.is_coordinator or grant.is_caseworker


def _contacts_visible(grant) -> Q:
    return Q() if sees_contact_log(grant) else NOTHING


def may_change_action_item(grant, item) -> bool:
    """The coordinator changes any item; the person responsible their own (marks it done)."""
    return grant.can(Capability.COORDINATE) or item.responsible_id == grant.user.pk


register(
    RecordPolicy(
        model=TeamMember,
        record_type="responsibility_group",
        family="family_id",
        area=Area.TEAM,
        visible=_team_members_visible,
    )
)
register(
    RecordPolicy(model=FamilyMember, record_type="responsibility_group", family="family_id", area=Area.TEAM)
)
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
register(
    RecordPolicy(
        model=Meeting,
        record_type="meeting",
        family="family_id",
        area=Area.TEAM,
        select_related=("called_by", "family"),
    )
)
register(
    RecordPolicy(
        model=MeetingInvitation,
        record_type="meeting",
        family="meeting__family_id",
        area=Area.TEAM,
        visible=_invitations_visible,
    )
)
register(
    RecordPolicy(
        model=Minutes,
        record_type="minutes",
        family="meeting__family_id",
        area=Area.MINUTES,
        visible=_minutes_visible,
        select_related=("written_by",),
    )
)
register(
    RecordPolicy(
        model=ActionItem,
        record_type="action_item",
        family="family_id",
        area=Area.TEAM,
        visible=action_items_visible,
        may_change=may_change_action_item,
        select_related=("responsible", "meeting", "created_by", "family"),
    )
)
register(
    RecordPolicy(
        model=ActionItemComment,
        record_type="action_item",
        family="item__family_id",
        area=Area.TEAM,
        visible=_comments_visible,
        select_related=("author",),
    )
)
register(
    RecordPolicy(
        model=ContactLogEntry,
        record_type="contact_log",
        family="family_id",
        area=Area.TEAM,
        visible=_contacts_visible,
        select_related=("logged_by",),
    )
)

# The records the team's notifications link to: a notification shows its content only while its user may
# still see that record (los.notifications.disclosure).
register_link("team:meeting", "team.Meeting", "meeting_id")
register_link("team:action_item", "team.ActionItem", "item_id")
register_link("team:consent_request_answer", "team.ConsentExtensionRequest", "request_id")
