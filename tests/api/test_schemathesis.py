"""Schemathesis over the live API schema for a caseworker, a coordinator, a provider and a guardian
token: no 5xx, every answer as the schema says, every status declared (issue 10).

Run alone with `pytest -m schemathesis`. LOS_SCHEMATHESIS_EXAMPLES sets the generated cases per operation
(25 in the normal suite; .ci/run runs it again on PostgreSQL with 100), LOS_SCHEMATHESIS_SEED makes the
run random from that seed instead of the same cases every time."""

import pytest

from .schemathesis_run import ROLES, examples_from_environment, run_schemathesis, seed_from_environment


@pytest.mark.schemathesis
@pytest.mark.parametrize("role", ROLES)
def test_schemathesis_finds_no_server_error_schema_violation_or_undocumented_status(db, role):
    result = run_schemathesis(role, examples_from_environment(25), seed=seed_from_environment())
    found = (result["server_errors"], result["schema_violations"], result["undocumented_statuses"])
    report = "\n".join(result["problems"])
    assert found == (0, 0, 0), f"{result['failures']} of {result['cases']} cases failed as {role}:\n{report}"
    # The run reached real records, not only refusals: successful reads and writes were checked too.
    assert result["cases"] > 1000 and result["stateful_cases"] > 0
    assert result["statuses"].get(200, 0) > 0 and result["statuses"].get(404, 0) > 0
