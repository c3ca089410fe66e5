"""Schemathesis over the live API, one role at a time, callable without pytest (bench/robustness.py).

`run_schemathesis(role, examples)` builds a small world (schemathesis_world.py) inside a transaction it
rolls back, loads /api/v1/openapi.json through the Django WSGI application and sends, with a personal
API token of that role:

1. the coverage cases of each operation (boundaries such as 0 and 2^63, too long texts and lists,
   missing fields and wrong types, unknown fields, methods the path does not have);
2. `2 * examples` generated cases per operation, valid and invalid data alike; part of them aim at the
   world's own family, records and ids, so the 200/201 answers are checked as well as the 4xx;
3. `examples` stateful scenarios along the links schemathesis infers from the schema (give a consent,
   then sign or withdraw it; add an appointment, then cancel it).

Every answer is checked: no 5xx (`not_a_server_error`), the body matches the schema of its status
(`response_schema_conformance`), and the status is one the operation declares (`status_code_conformance`).

Needs Django set up with a migrated database it may write to: inside a pytest-django test (`db`), or in
`schemathesis_world.test_database()` (what `python -m tests.api.schemathesis_run` does). Requests run
in this thread on this connection, each in a savepoint; the world and every change are rolled back.
By default the run is deterministic (the same cases every time); `seed` makes it random from that seed.
The coverage cases come from `schemathesis.generation.drivers.CoverageGenerator`, which is not public API:
pinned schemathesis 4.32.5 has it; check it when upgrading.

Returns a dict: role, examples, cases (all requests sent), failures (failing cases), server_errors,
schema_violations, undocumented_statuses, stateful_cases, statuses (count per status code), seconds and
problems (the distinct failures, each with a curl command).
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from .schemathesis_world import rolled_back_world, test_database

ROLES = ("caseworker", "coordinator", "provider", "guardian")
SCHEMA_PATH = "/api/v1/openapi.json"
MAX_PROBLEMS = 30


@dataclass
class Tally:
    """What one run saw."""

    role: str
    examples: int
    cases: int = 0
    failures: int = 0
    server_errors: int = 0
    schema_violations: int = 0
    undocumented_statuses: int = 0
    stateful_cases: int = 0
    seconds: float = 0.0
    statuses: dict[int, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    _seen: set = field(default_factory=set, repr=False)

    def record(self, case, response, failures) -> None:
        """Count one case and its status and, if it failed, what kind of failure it was."""
        from schemathesis.core.failures import ServerError
        from schemathesis.openapi.checks import UndefinedStatusCode

        self.cases += 1
        self.statuses[response.status_code] = self.statuses.get(response.status_code, 0) + 1
        if not failures:
            return
        self.failures += 1
        for failure in failures:
            if isinstance(failure, ServerError):
                self.server_errors += 1
            elif isinstance(failure, UndefinedStatusCode):
                self.undocumented_statuses += 1
            else:
                self.schema_violations += 1
            key = (case.operation.label, type(failure).__name__, failure.title)
            if key not in self._seen and len(self.problems) < MAX_PROBLEMS:
                self._seen.add(key)
                self.problems.append(f"{case.operation.label}: {failure.title}\n    {_curl(case)}")

    def as_dict(self) -> dict:
        return {
            "role": self.role,
            "examples": self.examples,
            "cases": self.cases,
            "failures": self.failures,
            "server_errors": self.server_errors,
            "schema_violations": self.schema_violations,
            "undocumented_statuses": self.undocumented_statuses,
            "stateful_cases": self.stateful_cases,
            "statuses": dict(sorted(self.statuses.items())),
            "seconds": round(self.seconds, 1),
            "problems": list(self.problems),
        }


def _curl(case) -> str:
    try:
        return case.as_curl_command(headers={"Authorization": "Bearer <token>"})[:600]
    except Exception:  # a case that cannot be rendered still counts
        return repr(case)[:600]


def _server_errors_only(record: logging.LogRecord) -> bool:
    return getattr(record, "status_code", 500) >= 500


@contextlib.contextmanager
def _quiet_client_errors() -> Iterator[None]:
    """Thousands of 4xx answers are the point of the run: log only the 5xx (with their traceback)."""
    logger = logging.getLogger("django.request")
    logger.addFilter(_server_errors_only)
    try:
        yield
    finally:
        logger.removeFilter(_server_errors_only)


# --- The run --------------------------------------------------------------------------------------


def _checks() -> list:
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

    return [not_a_server_error, response_schema_conformance, status_code_conformance]


def _settings(examples: int, seed: int | None):
    import hypothesis

    return hypothesis.settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=seed is None,
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
        suppress_health_check=list(hypothesis.HealthCheck),
        print_blob=False,
    )


def _call(case, **kwargs):
    """One request in its own savepoint: a 5xx is undone, so one broken request (a database error
    leaves a PostgreSQL transaction unusable) does not turn every later one into a 500 as well."""
    from django.db import transaction

    savepoint = transaction.savepoint()
    response = case.call(**kwargs)
    if response.status_code >= 500 or transaction.get_rollback():
        transaction.set_rollback(False)  # else Django refuses even the rollback to the savepoint
        transaction.savepoint_rollback(savepoint)
    else:
        transaction.savepoint_commit(savepoint)
    return response


def _validate(case, response, tally: Tally, headers: dict) -> None:
    from schemathesis.core.failures import FailureGroup

    try:
        case.validate_response(response, checks=_checks(), headers=headers)
    except FailureGroup as group:
        tally.record(case, response, list(group.exceptions))
    else:
        tally.record(case, response, [])


def _send(case, tally: Tally, headers: dict) -> None:
    _validate(case, _call(case, headers=headers), tally, headers)


def load_schema():
    """The live schema, loaded through the WSGI application; no security values are generated (every
    call carries the role's token)."""
    import schemathesis
    from django.core.wsgi import get_wsgi_application

    schema = schemathesis.openapi.from_wsgi(SCHEMA_PATH, get_wsgi_application())
    schema.config.generation.update(with_security_parameters=False)
    return schema


def _with_known_ids(known: dict):
    """A map over cases: the id fields of a JSON body replaced by the world's own ids."""

    def apply(case):
        if isinstance(case.body, dict):
            case.body = {
                key: known[key] if key in known and value is not None else value
                for key, value in case.body.items()
            }
        return case

    return apply


def _known_parameters(operation, world: dict, role: str) -> dict:
    """Path parameters that reach the world's own records, for the operation's parameters."""
    known = dict(world["ids"], notification_id=world["notifications"][role])
    names = [p.name for p in operation.path_parameters]
    return {name: known[name] for name in names if name in known}


def _run_operation(operation, world: dict, role: str, tally: Tally, headers: dict, examples: int, seed):
    import hypothesis
    from hypothesis import strategies as st
    from schemathesis import GenerationMode
    from schemathesis.generation.drivers import CoverageGenerator
    from schemathesis.generation.feedback import FeedbackSources
    from schemathesis.generation.overrides import Override

    schema = operation.schema
    coverage = CoverageGenerator(
        operation=operation,
        generation_modes=list(GenerationMode),
        generation_config=schema.config.generation_for(operation=operation, phase="coverage"),
        auth_storage=None,
        override=Override(),
        feedback=FeedbackSources(),
    )
    for case in coverage:
        _send(case, tally, headers)

    known = _known_parameters(operation, world, role)
    strategies = []
    for mode in GenerationMode:
        strategies.append(operation.as_strategy(generation_mode=mode))
        if known:
            strategies.append(operation.as_strategy(generation_mode=mode, path_parameters=known))
    if known and operation.body:
        valid = operation.as_strategy(generation_mode=GenerationMode.POSITIVE, path_parameters=known)
        strategies.append(valid.map(_with_known_ids(world["body"])))

    @_settings(examples * 2, seed)
    @hypothesis.given(case=st.one_of(strategies))
    def generated(case):
        _send(case, tally, headers)

    if seed is not None:
        generated = hypothesis.seed(seed)(generated)
    generated()


def _run_stateful(schema, tally: Tally, headers: dict, examples: int, seed) -> None:
    import hypothesis
    from hypothesis.stateful import run_state_machine_as_test

    machine = schema.as_state_machine()

    class Scenario(machine):
        def get_call_kwargs(self, case):
            return {"headers": headers}

        def call(self, case, **kwargs):
            return _call(case, **kwargs)

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            tally.stateful_cases += 1
            _validate(case, response, tally, headers)

    settings = hypothesis.settings(_settings(examples, seed), stateful_step_count=6)
    if seed is not None:
        settings = hypothesis.settings(settings, derandomize=False)
    run_state_machine_as_test(Scenario, settings=settings)


def run_schemathesis(
    role: str, examples: int = 25, *, seed: int | None = None, stateful: bool = True
) -> dict:
    """Run schemathesis against the API as `role` (one of ROLES); the figures as a dict (see module)."""
    from los.core.models import ApiToken

    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}")
    tally = Tally(role=role, examples=examples)
    started = time.monotonic()
    with _quiet_client_errors(), rolled_back_world() as world:
        _token, key = ApiToken.issue(world[role])
        headers = {"Authorization": f"Bearer {key}"}
        schema = load_schema()
        for result in schema.get_all_operations():
            _run_operation(result.ok(), world, role, tally, headers, examples, seed)
        if stateful:
            _run_stateful(schema, tally, headers, examples, seed)
    tally.seconds = time.monotonic() - started
    return tally.as_dict()


def examples_from_environment(default: int = 25) -> int:
    """LOS_SCHEMATHESIS_EXAMPLES, or `default` (see `run_schemathesis`)."""
    return int(os.environ.get("LOS_SCHEMATHESIS_EXAMPLES", default))


def seed_from_environment() -> int | None:
    """LOS_SCHEMATHESIS_SEED for a random run from that seed; none (deterministic) by default."""
    value = os.environ.get("LOS_SCHEMATHESIS_SEED", "")
    return int(value) if value else None


def main() -> None:
    """`python -m tests.api.schemathesis_run [examples]`: every role on a fresh test database."""
    import json
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "los.settings_test")
    django.setup()
    examples = int(sys.argv[1]) if len(sys.argv) > 1 else examples_from_environment()
    with test_database():
        results = [run_schemathesis(role, examples) for role in ROLES]
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
