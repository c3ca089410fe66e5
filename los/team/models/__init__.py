"""The team around the child and the coordinator's follow-up work, one module per part:

* `group`: the responsibility group (ansvarsgruppe), professionals through their services and the family's
  own members;
* `meetings`: meetings with invitations, replies and minutes;
* `follow_up`: action items, "who does what by when", with comments, and the contact log with the family;
* `relay`: the BTI relay log (stafettlogg), its handovers, lines and goals.

Requests to the family to extend the consent live with the consent (`los.consent.models`).
"""

from .follow_up import (
    ActionItem,
    ActionItemComment,
    ActionItemStatus,
    ContactChannel,
    ContactLogEntry,
)
from .group import FamilyMember, FamilyMemberQuerySet, TeamMember, TeamMemberQuerySet
from .meetings import Meeting, MeetingInvitation, MeetingStatus, Minutes, Reply, _new_uid
from .relay import (
    EntryKind,
    RelayEntry,
    RelayEvaluation,
    RelayGoal,
    RelayHandover,
    RelayLevel,
    RelayLog,
    RelayMeasure,
)

__all__ = [
    "ActionItem",
    "ActionItemComment",
    "ActionItemStatus",
    "ContactChannel",
    "ContactLogEntry",
    "EntryKind",
    "FamilyMember",
    "FamilyMemberQuerySet",
    "Meeting",
    "MeetingInvitation",
    "MeetingStatus",
    "Minutes",
    "RelayEntry",
    "RelayEvaluation",
    "RelayGoal",
    "RelayHandover",
    "RelayLevel",
    "RelayLog",
    "RelayMeasure",
    "Reply",
    "TeamMember",
    "TeamMemberQuerySet",
    "_new_uid",
]
