"""The world family's individual plan, relay log and responsibility group: the plan with a goal and a
measure, a participant, a relay log with a handover, a meeting, an action item, a consent request and the
teacher's membership of the team."""

import datetime
from functools import cached_property

from tests.plans.helpers import make_plan, plan_goal, plan_measure
from tests.team.helpers import consent_request, make_item, make_relay_log


class TeamRecords:
    """Mixed into `World` (which provides `self.t`, the family's tenant)."""

    @cached_property
    def plan(self):
        """The plan (the consent of the world already covers it), with one goal and one measure."""
        return make_plan(self.t)

    @cached_property
    def plan_goal(self):
        return plan_goal(self.t)

    @cached_property
    def plan_measure(self):
        return plan_measure(self.t)

    @cached_property
    def participant(self):
        from los.plans.models import Participant

        version = self.plan_goal.version
        return Participant.objects.create(version=version, name="Skolen", role="lærer", service=self.t.school)

    @cached_property
    def relay_log(self):
        """A relay log held by the physiotherapist, with one goal and one measure."""
        return make_relay_log(self.t)

    @cached_property
    def handover(self):
        from los.team.models import RelayHandover

        return RelayHandover.objects.create(
            relay_log=self.relay_log,
            from_holder=self.t.provider,
            to_holder=self.t.coordinator,
            note="Ta over.",
        )

    @cached_property
    def meeting(self):
        """A meeting the coordinator, the physiotherapist and the guardian are invited to."""
        from los.core import dates
        from los.core.dates import OSLO
        from los.team.models import Meeting, MeetingInvitation

        t = self.t
        starts = datetime.datetime.combine(
            dates.today() + datetime.timedelta(days=7), datetime.time(9), tzinfo=OSLO
        )
        meeting = Meeting.objects.create(
            family=t.family,
            title="Ansvarsgruppemøte",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=1),
            location="Rådhuset",
            called_by=t.coordinator,
        )
        for user in (t.coordinator, t.provider, t.guardian_user):
            MeetingInvitation.objects.create(
                meeting=meeting, user=user, name=user.get_full_name() or user.username
            )
        return meeting

    @cached_property
    def action_item(self):
        """An action item the physiotherapist is responsible for, due in ten days."""
        return make_item(self.t)

    @cached_property
    def consent_request(self):
        """The coordinator's request that the family's consent also name the school."""
        return consent_request(self.t)

    @cached_property
    def school_member(self):
        from los.team.models import TeamMember

        return TeamMember.objects.get(family=self.t.family, professional__user=self.t.school_provider)
