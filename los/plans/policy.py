"""Record policy of the individual plan and the BTI relay log (see `los.core.policy`).

* The plan (its versions, participants, goals, measures, evaluations and comments) is one area: a
  professional reaches it only while a consent covers the plan and their service (pasient- og
  brukerrettighetsloven § 2-5); the coordinating unit only with a stated need to know. Inside the plan
  everyone who reaches it reads all of it. The coordinator changes it; a measure is also evaluated by the
  person responsible for it.
* The relay log is its own area. A professional reads a log only when an active consent covers one of the
  services taking part in it (helsepersonelloven §§ 21-22): a log about services the family has not
  consented to share with stays with those who may see it. Only the relay holder leads the log; a handover
  is answered by the person offered the baton (or withdrawn by the holder); a measure in the log is
  evaluated by the holder or the person responsible for it.
"""

from django.db.models import Exists, OuterRef, Q

from los.core.policy import Area, RecordPolicy, register

from . import services
from .models import (
    Evaluation,
    Goal,
    IndividualPlan,
    Measure,
    Participant,
    PlanComment,
    PlanVersion,
    RelayEntry,
    RelayEvaluation,
    RelayGoal,
    RelayHandover,
    RelayLog,
    RelayMeasure,
)

PLAN = "individual_plan"
RELAY = "relay_log"


def _plan_rule(model, family: str, **extra) -> None:
    register(RecordPolicy(model=model, record_type=PLAN, family=family, area=Area.PLAN, **extra))


_plan_rule(IndividualPlan, "family_id")
_plan_rule(PlanVersion, "plan__family_id")
_plan_rule(Participant, "version__plan__family_id")
_plan_rule(Goal, "version__plan__family_id")
_plan_rule(
    Measure, "goal__version__plan__family_id", may_change=services.may_evaluate, select_related=("goal",)
)
_plan_rule(Evaluation, "measure__goal__version__plan__family_id")
_plan_rule(PlanComment, "version__plan__family_id")


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


def _is_holder(grant, log: RelayLog) -> bool:
    return log.holder_id == grant.user.pk


def _answers_handover(grant, handover: RelayHandover) -> bool:
    return grant.user.pk in (handover.to_holder_id, handover.relay_log.holder_id)


register(
    RecordPolicy(
        model=RelayLog,
        record_type=RELAY,
        family="family_id",
        area=Area.RELAY,
        visible=covered_relay_logs("pk"),
        may_change=_is_holder,
    )
)
register(
    RecordPolicy(
        model=RelayHandover,
        record_type=RELAY,
        family="relay_log__family_id",
        area=Area.RELAY,
        visible=covered_relay_logs("relay_log_id"),
        may_change=_answers_handover,
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
        may_change=lambda grant, goal: _is_holder(grant, goal.relay_log),
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
        may_change=services.may_evaluate,
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
