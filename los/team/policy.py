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
* The contact log is the coordinator's working notes about the family's needs: the coordinator and the
  coordinating unit (with a stated need to know) read it; it is not shared with the services, and the
  family's pages do not show it (the family reads it by asking for access, like any case document).
* The BTI relay log (stafettlogg) is its own area. A professional reads a log only when an active consent
  covers one of the services taking part in it (helsepersonelloven §§ 21-22): a log about services the
  family has not consented to share with stays with those who may see it. Only the relay holder leads the
  log; a handover is answered by the person offered the baton (or withdrawn by the holder); a measure in
  the log is evaluated by the holder or the person responsible for it (`los.plans.policy.may_evaluate`).

Requests to extend the consent are the consent's records (`los.consent.policy`).
"""

from django.db.models import Exists, OuterRef, Q

from los.core.access import Capability
from los.core.policy import Area, RecordPolicy, register
from los.notifications.disclosure import register_link
from los.plans.policy import may_evaluate
from los.plans.services import RELAY

from .models import (
    ActionItem,
    ActionItemComment,
    ContactLogEntry,
    FamilyMember,
    Meeting,
    MeetingInvitation,
    Minutes,
    RelayEntry,
    RelayEvaluation,
    RelayGoal,
    RelayHandover,
    RelayLog,
    RelayMeasure,
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
        select_related=("responsible", "meeting", "created_by", "family", "child"),
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

# --- The relay log --------------------------------------------------------------------------------------


def covered_relay_logs(log_id: str):
    """Rows whose relay log (`log_id`, a lookup to its id) names a service the consent covers, for a
    professional; every row for the family's own people and the coordinator."""

    def visible(grant) -> Q:
        if not grant.is_provider:
            return Q()
        through = RelayLog.services.through
        covered = through.objects.filter(relaylog_id=OuterRef(log_id)).filter(
            grant.service_filter("service_id")
        )
        return Q(Exists(covered))

    return visible


def is_holder(grant, log: RelayLog) -> bool:
    """Only the relay holder leads the log (BTI): changes the log, its goals and its measures."""
    return log.holder_id == grant.user.pk


def answers_handover(grant, handover: RelayHandover) -> bool:
    """A handover is answered by the person offered the baton, or withdrawn by the holder."""
    return grant.user.pk in (handover.to_holder_id, handover.relay_log.holder_id)


register(
    RecordPolicy(
        model=RelayLog,
        record_type=RELAY,
        family="family_id",
        area=Area.RELAY,
        visible=covered_relay_logs("pk"),
        may_change=is_holder,
    )
)
register(
    RecordPolicy(
        model=RelayHandover,
        record_type=RELAY,
        family="relay_log__family_id",
        area=Area.RELAY,
        visible=covered_relay_logs("relay_log_id"),
        may_change=answers_handover,
        select_related=("relay_log",),
    )
)
register(
    RecordPolicy(
        model=RelayEntry,
        record_type=RELAY,
        family="relay_log__family_id",
        area=Area.RELAY,
        visible=covered_relay_logs("relay_log_id"),
    )
)
register(
    RecordPolicy(
        model=RelayGoal,
        record_type=RELAY,
        family="relay_log__family_id",
        area=Area.RELAY,
        visible=covered_relay_logs("relay_log_id"),
        may_change=lambda grant, goal: is_holder(grant, goal.relay_log),
        select_related=("relay_log",),
    )
)
register(
    RecordPolicy(
        model=RelayMeasure,
        record_type=RELAY,
        family="goal__relay_log__family_id",
        area=Area.RELAY,
        visible=covered_relay_logs("goal__relay_log_id"),
        may_change=may_evaluate,
        select_related=("goal__relay_log",),
    )
)
register(
    RecordPolicy(
        model=RelayEvaluation,
        record_type=RELAY,
        family="measure__goal__relay_log__family_id",
        area=Area.RELAY,
        visible=covered_relay_logs("measure__goal__relay_log_id"),
    )
)


# The records the team's notifications link to: a notification shows its content only while its user may
# still see that record (los.notifications.disclosure).
register_link("team:meeting", "team.Meeting", "meeting_id")
register_link("team:action_item", "team.ActionItem", "item_id")
