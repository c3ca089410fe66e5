"""The table for the individual plan and the relay log."""

from __future__ import annotations

from collections.abc import Callable

from los.core.policy import Area

from ..matrix_world import World
from .rows import (
    CO,
    EVERYONE_ON_FAMILY,
    FAMILY,
    GOAL,
    GU,
    MEASURE,
    PDF,
    PLAN,
    POST_ONLY,
    PR,
    RELAY,
    STAFF,
    R,
    Route,
    today,
)

ROUTES: dict[str, Route] = {
    # --- the individual plan: the coordinator edits; staff with access read; the family reads, comments
    "plans:plan": R(PLAN, Area.PLAN, STAFF),
    "plans:plan_create": R(PLAN, Area.PLAN, {CO}, {CO}, get_ok=frozenset({200, 302})),  # 302: the plan exists
    "plans:plan_edit": R(PLAN, Area.PLAN, {CO}, {CO}),
    "plans:participant_add": R(PLAN, Area.PLAN, {CO}, {CO}),
    "plans:participant_remove": R(
        lambda w: {"family_id": w.family.pk, "participant_id": w.participant.pk}, Area.PLAN, POST_ONLY, {CO}
    ),
    "plans:goal_add": R(PLAN, Area.PLAN, {CO}, {CO}),
    "plans:goal_edit": R(GOAL, Area.PLAN, {CO}, {CO}),
    "plans:measure_add": R(PLAN, Area.PLAN, {CO}, {CO}),
    "plans:measure_edit": R(MEASURE, Area.PLAN, {CO}, {CO}),
    # the coordinator, or the person responsible for the measure (the physiotherapist)
    "plans:evaluate": R(MEASURE, Area.PLAN, {CO, PR}, {CO, PR}),
    "plans:revise": R(PLAN, Area.PLAN, {CO}, {CO}),
    "plans:version": R(
        lambda w: {"family_id": PLAN(w)["family_id"], "number": 1}, Area.PLAN, EVERYONE_ON_FAMILY
    ),
    "plans:compare": R(PLAN, Area.PLAN, EVERYONE_ON_FAMILY),
    "plans:pdf": R(PLAN, Area.PLAN, EVERYONE_ON_FAMILY, **PDF),
    "plans:comments_seen": R(PLAN, Area.PLAN, POST_ONLY, {CO}),
    "plans:portal_plan": R(PLAN, Area.PLAN, {GU}, {GU}),
    # --- the relay log: staff with access read and write notes; the holder (physiotherapist) leads it --
    "relay:list": R(FAMILY, Area.RELAY, STAFF),
    "relay:create": R(FAMILY, Area.RELAY, STAFF, STAFF),
    "relay:detail": R(RELAY, Area.RELAY, STAFF),
    "relay:entry_add": R(RELAY, Area.RELAY, STAFF, STAFF),
    "relay:edit": R(RELAY, Area.RELAY, {PR}, {PR}),
    "relay:goal_add": R(RELAY, Area.RELAY, {PR}, {PR}),
    "relay:measure_add": R(RELAY, Area.RELAY, {PR}, {PR}),
    "relay:handover": R(RELAY, Area.RELAY, {PR}, {PR}),
    # the offer from the physiotherapist (holder) to the coordinator: both parties may answer
    "relay:handover_answer": R(
        lambda w: {**RELAY(w), "handover_id": w.handover.pk}, Area.RELAY, POST_ONLY, {PR, CO}
    ),
    "relay:close": R(RELAY, Area.RELAY, {PR}, {PR}),
    "relay:carry_into_plan": R(RELAY, Area.RELAY, {CO}, {CO}),
    "relay:portal_detail": R(RELAY, Area.RELAY, {GU}),
    "relay:portal_close": R(RELAY, Area.RELAY, {GU}, {GU}),
}

BODIES: dict[str, Callable[[World, str], dict]] = {
    "plans:goal_add": lambda w, a: {"text": "Emma vil sykle til skolen", "voice": "child"},
    "plans:participant_add": lambda w, a: {"name": "Helsesykepleier", "role": "helsesykepleier"},
    "plans:evaluate": lambda w, a: {
        "evaluated_on": today(),
        "text": "Det går bra.",
        "outcome": "continue",
        "next_evaluation_on": today(30),
    },
    "plans:portal_plan": lambda w, a: {"text": "Takk, dette ser bra ut."},
    "relay:entry_add": lambda w, a: {
        "kind": "message",
        "happened_on": today(),
        "text": "Emma var på skolen.",
    },
    "relay:close": lambda w, a: {"reason": "Bekymringen er løst."},
    "relay:portal_close": lambda w, a: {"reason": "Vi vil avslutte loggen."},
}
