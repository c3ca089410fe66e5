"""Who may evaluate a measure (`los.plans.policy.may_evaluate`), as a table: the rule alone, without a
request, a page or a database. In the plan: the person responsible and the coordinator. In a relay log:
the person responsible and the relay holder, not the coordinator as such."""

from types import SimpleNamespace

import pytest

from los.plans.policy import may_evaluate

COORDINATOR, RESPONSIBLE, HOLDER, TEACHER = 1, 2, 3, 4


def _grant(user_id: int, *, coordinator: bool = False):
    return SimpleNamespace(user=SimpleNamespace(pk=user_id), is_coordinator=coordinator)


def _measure(*, responsible: int | None, relay_holder: int | None = None):
    relay_log = SimpleNamespace(holder_id=relay_holder) if relay_holder is not None else None
    goal = SimpleNamespace(relay_log_id=7 if relay_log else None, relay_log=relay_log)
    return SimpleNamespace(responsible_person_id=responsible, goal=goal)


IN_THE_PLAN = [
    ("the person responsible", _grant(RESPONSIBLE), _measure(responsible=RESPONSIBLE), True),
    ("the coordinator", _grant(COORDINATOR, coordinator=True), _measure(responsible=RESPONSIBLE), True),
    (
        "the coordinator, nobody responsible",
        _grant(COORDINATOR, coordinator=True),
        _measure(responsible=None),
        True,
    ),
    ("a teacher on the team", _grant(TEACHER), _measure(responsible=RESPONSIBLE), False),
    ("a teacher, nobody responsible", _grant(TEACHER), _measure(responsible=None), False),
]
IN_A_RELAY_LOG = [
    ("the relay holder", _grant(HOLDER), _measure(responsible=None, relay_holder=HOLDER), True),
    (
        "the person responsible",
        _grant(RESPONSIBLE),
        _measure(responsible=RESPONSIBLE, relay_holder=HOLDER),
        True,
    ),
    (
        "the coordinator who is not the holder",
        _grant(COORDINATOR, coordinator=True),
        _measure(responsible=None, relay_holder=HOLDER),
        False,
    ),
    (
        "the coordinator who holds the baton",
        _grant(COORDINATOR, coordinator=True),
        _measure(responsible=None, relay_holder=COORDINATOR),
        True,
    ),
    ("a teacher", _grant(TEACHER), _measure(responsible=RESPONSIBLE, relay_holder=HOLDER), False),
]


@pytest.mark.parametrize(("who", "grant", "measure", "may"), IN_THE_PLAN, ids=[row[0] for row in IN_THE_PLAN])
def test_who_may_evaluate_a_measure_in_the_plan(who, grant, measure, may):
    assert may_evaluate(grant, measure) is may


@pytest.mark.parametrize(
    ("who", "grant", "measure", "may"), IN_A_RELAY_LOG, ids=[row[0] for row in IN_A_RELAY_LOG]
)
def test_who_may_evaluate_a_measure_in_a_relay_log(who, grant, measure, may):
    assert may_evaluate(grant, measure) is may
