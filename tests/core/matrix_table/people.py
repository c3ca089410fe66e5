"""The table for the start pages, the family register and the family's own pages (the portal: consent,
applications, complaints, change of coordinator)."""

from __future__ import annotations

from collections.abc import Callable

from los.core import dates
from los.core.policy import Area

from ..matrix_world import ACTORS, World
from .rows import (
    APPLICATION,
    CASEWORKERS,
    CO,
    CONSENT,
    CW,
    DECISION,
    DOCUMENT,
    FAMILY,
    GU,
    NONE,
    PDF,
    PENDING_CONSENT,
    POST_ONLY,
    SIGNED_IN,
    STAFF,
    STAFF_ANYWHERE,
    L,
    R,
    Route,
)

ROUTES: dict[str, Route] = {
    # --- start pages and the family register ---------------------------------------------------------
    "home": L(NONE, SIGNED_IN, get_ok=frozenset({200, 302})),  # each role lands on its own start page
    "need_to_know": R(FAMILY, Area.REGISTRATION, {CW}, {CW}),
    "people:worklist": L(NONE, STAFF_ANYWHERE),
    "people:family_create": L(NONE, CASEWORKERS, CASEWORKERS),
    "people:family": R(FAMILY, Area.REGISTRATION, STAFF),
    "people:child_add": R(FAMILY, Area.REGISTRATION, {CW}, {CW}),
    "people:child_edit": R(
        lambda w: {"family_id": w.family.pk, "child_id": w.family.children.first().pk},
        Area.REGISTRATION,
        {CW},
        {CW},
    ),
    "people:guardian_add": R(FAMILY, Area.REGISTRATION, {CW}, {CW}),
    "people:guardian_edit": R(
        lambda w: {"family_id": w.family.pk, "guardian_id": w.t.guardians[0].pk},
        Area.REGISTRATION,
        {CW},
        {CW},
    ),
    "people:access_log": R(FAMILY, Area.REGISTRATION, {CW}),
    "people:consent_register": R(FAMILY, Area.REGISTRATION, {CW, CO}, {CW, CO}),
    # --- the family's own pages ----------------------------------------------------------------------
    "portal:home": L(NONE, {"guardian", "foreign_guardian"}, get_ok=frozenset({200, 302})),
    "portal:family": R(FAMILY, Area.REGISTRATION, {GU}),
    "portal:access_log": R(FAMILY, Area.REGISTRATION, {GU}),
    "portal:consent_new": R(FAMILY, Area.REGISTRATION, {GU}, {GU}),
    "portal:consent_withdraw": R(CONSENT, Area.REGISTRATION, {GU}, {GU}),
    "portal:consent_sign": R(PENDING_CONSENT, Area.REGISTRATION, POST_ONLY, {GU}),
    "portal_case:apply": R(FAMILY, Area.CASE, {GU}, {GU}),
    "portal_coordinators:change_coordinator": R(FAMILY, Area.CASE, {GU}, {GU}),
    "portal_case:application": R(APPLICATION, Area.CASE, {GU}),
    "portal_case:decision_letter": R(DECISION, Area.CASE, {GU}, **PDF),
    "portal_case:complain": R(DECISION, Area.CASE, {GU}, {GU}),
    "portal_case:document": R(DOCUMENT, Area.CASE, {GU}, **PDF),
    "reports:dashboard": L(NONE, {"leader"}),
    "reports:statistics": L(NONE, {"leader"}),
    "reports:statistics_csv": L(NONE, {"leader"}),
    "reports:statistics_xlsx": L(NONE, {"leader"}),
    "reports:annual_report": L(lambda w: {"year": dates.today().year}, {"leader"}),
    # The survey page shows no family data; only the guardian asked may open and answer it.
    "surveys:answer": L(lambda w: {"invitation_id": w.survey.pk}, {"guardian"}, {"guardian"}),
    "self_check": L(NONE, ACTORS, ACTORS),  # public: no family data
    "health": L(NONE, ACTORS),  # the load balancer's checks: no family data, no session
    "health_db": L(NONE, ACTORS),
}

BODIES: dict[str, Callable[[World, str], dict]] = {
    "need_to_know": lambda w, a: {"reason": "casework", "explanation": "Behandler klagen fra familien."},
    "people:child_add": lambda w, a: {
        "first_name": "Nora",
        "last_name": "Fjordsen",
        "birth_date": "2019-03-01",
    },
    "portal:consent_withdraw": lambda w, a: {"reason": "Vi vil ikke dele mer."},
    "portal:consent_sign": lambda w, a: {},
}
