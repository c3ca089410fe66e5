"""Record policy of the individual plan (see `los.core.policy`).

* The plan (its versions, participants, goals, measures, evaluations and comments) is one area: a
  professional reaches it only while a consent covers the plan and their service (pasient- og
  brukerrettighetsloven § 2-5); the coordinating unit only with a stated need to know. Inside the plan
  everyone who reaches it reads all of it. The coordinator changes it; a measure is also evaluated by the
  person responsible for it.
* The relay log (its goals, measures and evaluations share the plan's tables) is its own area, with its
  rules in `los.team.policy`; `may_evaluate` below answers for a measure in either.
"""

from los.core.policy import Area, RecordPolicy, register

from .models import (
    Evaluation,
    Goal,
    IndividualPlan,
    Measure,
    Participant,
    PlanComment,
    PlanVersion,
)
from .services import PLAN


def may_evaluate(grant, measure: Measure) -> bool:
    """Who may evaluate (and so change) a measure: the person responsible for it; in the plan also the
    coordinator, who moves the plan forward (helse- og omsorgstjenesteloven § 7-2, forskrift om
    habilitering og rehabilitering, individuell plan og koordinator § 19: the plan names who is
    responsible for each measure); in a relay log the relay holder, who leads the log (BTI). The record
    policy asks this before any change to a measure."""
    if measure.responsible_person_id is not None and measure.responsible_person_id == grant.user.pk:
        return True
    goal = measure.goal
    if goal.relay_log_id is not None:
        return goal.relay_log.holder_id == grant.user.pk
    return grant.is_coordinator


def _plan_rule(model, family: str, **extra) -> None:
    register(RecordPolicy(model=model, record_type=PLAN, family=family, area=Area.PLAN, **extra))


_plan_rule(IndividualPlan, "family_id")
_plan_rule(PlanVersion, "plan__family_id")
_plan_rule(Participant, "version__plan__family_id")
_plan_rule(Goal, "version__plan__family_id")
_plan_rule(Measure, "goal__version__plan__family_id", may_change=may_evaluate, select_related=("goal",))
_plan_rule(Evaluation, "measure__goal__version__plan__family_id")
_plan_rule(PlanComment, "version__plan__family_id")
