"""Running the access matrix: what each cell should answer, and the check of one cell.

A cell is one url, method, actor and consent state. Every allowed read writes exactly one row to the
family's access log (with the reason the family reads), every refused request writes none and changes
nothing; a change writes change rows, an empty or invalid form writes nothing and never gives a 500.
Each cell runs in its own savepoint (rolled back), so a change one actor makes never reaches the next.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from los.core import access, policy
from los.core.models import RECORD_LABELS, AccessAction, AccessLogEntry, AccessReason
from los.core.policy import NEED_TO_KNOW_AREAS, Area

from .matrix_table import CO, CW, GU, POST_ONLY, PR, Route
from .matrix_world import (
    ACTORS,
    BASE_STATE,
    CONSENT_STATES,
    PLAN_STATES,
    PROVIDER_ACTORS,
    REACHING_STATES,
    World,
    changed_tables,
    family_tables,
    fingerprint,
    rolled_back,
)

RELATION_OF = {"caseworker": CW, "caseworker_ntk": CW, "coordinator": CO, "provider": PR, "guardian": GU}
EXPECTED_REASON = {
    CO: AccessReason.COORDINATOR,
    PR: AccessReason.TEAM_WITH_CONSENT,
    GU: AccessReason.GUARDIAN,
}

# --- What each cell should answer ---------------------------------------------------------------------
ALLOWED, REFUSED, NEED_TO_KNOW, LOGIN = "allowed", "refused", "need_to_know", "login"
# A caseworker without a stated need asking for a need-to-know page they could not use even with one: the
# form to state the need, or 404, both write nothing (the check of the area may come before the capability).
REFUSED_OR_NEED_TO_KNOW = "refused (404) or need_to_know"


def outcome(route: Route, method: str, actor: str, state: str) -> str:
    """What the policy says for one cell: ALLOWED, REFUSED, NEED_TO_KNOW (a caseworker who may state one)
    or LOGIN (anonymous)."""
    allowed = route.get if method == "GET" else route.post
    if allowed == POST_ONLY:
        allowed = route.post
    allowed = allowed or frozenset()
    if not route.family:
        if actor in allowed:
            return ALLOWED
        return LOGIN if actor == "anonymous" else REFUSED
    if route.kind == "feed":
        return ALLOWED
    if actor == "anonymous":
        return LOGIN
    relation = RELATION_OF.get(actor)
    if relation is None or relation not in allowed:
        if actor == "caseworker" and route.area in NEED_TO_KNOW_AREAS:
            return REFUSED_OR_NEED_TO_KNOW
        return REFUSED
    if relation == PR:
        if state not in REACHING_STATES:
            return REFUSED
        if route.area == Area.PLAN and state not in PLAN_STATES:
            return REFUSED
    if actor == "caseworker" and route.area in NEED_TO_KNOW_AREAS:
        return NEED_TO_KNOW
    return ALLOWED


def expected_reason(actor: str, area: Area) -> str:
    relation = RELATION_OF[actor]
    if relation == CW:
        if actor == "caseworker_ntk" and area in NEED_TO_KNOW_AREAS:
            return AccessReason.CASEWORKER_NEED_TO_KNOW
        return AccessReason.CASEWORKER
    return EXPECTED_REASON[relation]


def _known_record_types():
    return set(RECORD_LABELS) | {r.record_type for r in policy.registered().values()}


# --- Running the cells --------------------------------------------------------------------------------
@dataclass
class Cell:
    url: str
    method: str
    actor: str
    state: str
    expected: str
    problems: list[str] = field(default_factory=list)

    def __str__(self):
        return (
            f"{self.method} {self.url} [{self.actor}, consent {self.state}] expected {self.expected}: "
            + "; ".join(self.problems)
        )


class Matrix:
    def __init__(self, world: World, bearer: bool = False):
        """`bearer`: each actor calls with a personal token (Authorization: Bearer), not a browser session,
        as another system does (the FHIR API takes writes only so)."""
        self.w = world
        self.bearer = bearer
        self.clients: dict[str, Client] = {}
        self.failures: list[Cell] = []
        self._family_tables = family_tables()

    def client(self, actor):
        if actor not in self.clients:
            client = Client()
            user = self.w.user(actor)
            if user is not None and self.bearer:
                from django.utils import timezone

                from los.core.models import ApiToken

                token, key = ApiToken.issue(user)
                # Used just now: a request does not touch the token row (the cells must change nothing).
                ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
                client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
            elif user is not None:
                client.force_login(user)
            self.clients[actor] = client
        return self.clients[actor]

    def run(self, name: str, route: Route, url: str, method: str, is_api: bool):
        """Every actor once in the base consent state, the provider actors in every state."""
        for actor in ACTORS:
            self.client(actor)  # log in outside the savepoints
        for actor in ACTORS:
            if actor in PROVIDER_ACTORS:
                continue
            self.cell(route, url, method, actor, BASE_STATE, is_api)
        if route.family or route.kind == "feed":
            for state in CONSENT_STATES:
                with self.w.consent_state(state):
                    for actor in PROVIDER_ACTORS:
                        # The teacher (no consent names the school) and the physiotherapist off the team
                        # are refused even while a consent is in force; in the states where the team's
                        # physiotherapist is refused too they are not asked again.
                        if actor != "provider" and state not in REACHING_STATES:
                            continue
                        self.cell(route, url, method, actor, state, is_api)
        else:
            for actor in PROVIDER_ACTORS:
                self.cell(route, url, method, actor, BASE_STATE, is_api)

    def _request(self, actor, method, url, is_api, body):
        client = self.client(actor)
        if method == "GET":
            return client.get(url)
        if method == "PUT":
            return client.put(url, data=json.dumps(body or {}), content_type="application/json")
        if is_api:
            return client.post(url, data=json.dumps(body or {}), content_type="application/json")
        return client.post(url, data=body or {})

    def cell(self, route, url, method, actor, state, is_api):
        expected = outcome(route, method, actor, state)
        post_only = route.get == POST_ONLY and method == "GET"
        bodies = [(None, False)]
        if method == "POST" and route.body is not None:
            # A refused actor sends a valid body (so a missing check would show as a change); an allowed
            # actor sends an empty one (must be refused as invalid) and a valid one (must log the change).
            valid = route.body(self.w, actor)
            if expected != ALLOWED or valid == {}:
                bodies = [(valid, True)]
            else:
                bodies = [({} if is_api else None, False), (valid, True)]
        for body, is_valid in bodies:
            c = Cell(url, method, actor, state, "405" if post_only and expected != LOGIN else expected)
            with rolled_back():
                self._check(route, c, actor, method, url, is_api, body, post_only, valid_body=is_valid)
            if c.problems:
                if is_valid:
                    c.problems.insert(0, "(valid body)")
                self.failures.append(c)

    def _check(self, route, c, actor, method, url, is_api, body, post_only, valid_body):
        before_log = AccessLogEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        outbox = len(mail.outbox)
        watch = c.expected != ALLOWED or method == "POST"
        before = fingerprint() if watch else None
        try:
            response = self._request(actor, method, url, is_api, body)
        except Exception as error:  # a 500 in the test client
            c.problems.append(f"got an exception {type(error).__name__}: {error}"[:300])
            return
        status = response.status_code
        rows = list(AccessLogEntry.objects.filter(seq__gt=before_log).order_by("seq"))
        after = fingerprint() if watch else None
        changed = changed_tables(before, after) if watch else []
        got = f"got {status}"
        if status in (301, 302):
            got += f" -> {response['Location']}"
        described_rows = [
            f"{r.action}:{r.record_type}:{r.reason}:family {r.family_id}:user {r.user_id}" for r in rows
        ]

        def fail(message):
            c.problems.append(message)

        if status >= 500:
            fail(f"{got} (a 500)")
            return

        if c.expected != ALLOWED or post_only:
            # Refused, need-to-know, login, or a GET on a POST-only view: nothing happens at all.
            if post_only:
                ok = (
                    status == 405
                    or (c.expected == LOGIN and status in (302, 401))
                    or (c.expected in (REFUSED, NEED_TO_KNOW, REFUSED_OR_NEED_TO_KNOW) and status == 404)
                )
            elif c.expected == LOGIN:
                if is_api:
                    ok = status == 401
                else:
                    ok = status == 302 and response["Location"].startswith(reverse("login"))
            elif c.expected in (NEED_TO_KNOW, REFUSED_OR_NEED_TO_KNOW) and method == "GET" and not is_api:
                target = reverse("need_to_know", args=[self.w.family.pk])
                ok = status == 302 and response["Location"].startswith(target)
                ok = ok or (c.expected == REFUSED_OR_NEED_TO_KNOW and status == 404)
            else:
                ok = status == 404
            if not ok:
                fail(got)
            if rows:
                fail(f"wrote log rows {described_rows}")
            if changed:
                fail(f"changed {changed}")
            if len(mail.outbox) != outbox:
                fail(f"sent {len(mail.outbox) - outbox} e-mail(s)")
            return

        w = self.w
        if method == "GET":
            if status not in route.get_ok:
                fail(got)
                return
            if route.kind == "list":
                user = w.user(actor)
                reachable = {f.pk for f in access.visible_families(user)} if user else set()
                for r in rows:
                    if r.action != AccessAction.READ or r.family_id not in reachable or r.user_id != user.pk:
                        fail(f"log row for a family not shown to the actor, or not a read: {described_rows}")
                        break
                return
            if route.kind == "feed":
                owner = w.t.guardian_user
                if len(rows) != 1 or rows[0].user_id != owner.pk or rows[0].family_id != w.family.pk:
                    fail(f"expected one read row as the feed's owner, wrote {described_rows}")
                return
            action = AccessAction.EXPORT if route.kind == "export" else AccessAction.READ
            reason = expected_reason(actor, route.area)
            if status == 200 or route.kind != "read":
                good = (
                    len(rows) == 1
                    and rows[0].action == action
                    and rows[0].family_id == w.family.pk
                    and rows[0].user_id == w.user(actor).pk
                    and rows[0].reason == reason
                )
                if not good:
                    fail(
                        f"expected exactly one {action} row for the family with reason {reason}, "
                        f"wrote {described_rows}"
                    )
                elif rows[0].record_type not in _known_record_types():
                    fail(f"record type {rows[0].record_type!r} has no label for the family's log")
                elif reason == AccessReason.CASEWORKER_NEED_TO_KNOW and not rows[0].purpose:
                    fail("a need-to-know read without the stated purpose")
            return

        # An allowed POST: an invalid body is refused without a trace; a change is logged as a change.
        if status in (403, 405) or (status == 404 and route.family):
            # (a page about no single family may answer 404 when the body names nothing it can find)
            fail(got + " (refused, but the policy allows this actor)")
            return
        reads = [r for r in rows if r.action == AccessAction.READ]
        if reads:
            fail(f"a POST wrote read rows {described_rows}")
        changes = [r for r in rows if r.action == AccessAction.CHANGE]
        family_changed = [t for t in changed if t in self._family_tables]
        if 400 <= status < 500:
            if rows:
                fail(f"{got} but wrote log rows {described_rows}")
            if changed:
                fail(f"{got} but changed {changed}")
            if valid_body:
                fail(f"{got} for a valid body")
            return
        if family_changed and not changes:
            fail(f"{got}, changed {family_changed} without a change row in the access log")
        if changes and not changed:
            fail(f"{got}, wrote change rows {described_rows} without changing anything")
        if route.family:
            for r in rows:
                if r.user_id != w.user(actor).pk or r.reason != expected_reason(actor, route.area):
                    fail(f"change row with the wrong user or reason: {described_rows}")
                    break
        if status == 200 and not changed and route.family and not valid_body and not is_api:
            fail(f"{got} for an empty body without a change (an invalid form answers 4xx)")
        if valid_body and route.family and not changes:
            fail(f"{got} for a valid body, but no change row")


def report(name, method, failures):
    """Fail the test with every cell that disagrees (and append them to $LOS_MATRIX_REPORT if set)."""
    if not failures:
        return
    path = os.environ.get("LOS_MATRIX_REPORT")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            for cell in failures:
                out.write(f"{name}\t{cell}\n")
    pytest.fail(
        f"{len(failures)} cell(s) of {name} {method} disagree with the policy:\n"
        + "\n".join(map(str, failures))
    )
