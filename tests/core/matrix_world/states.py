"""The actors of the access matrix and the states the family's consent is put in."""

PROVIDER_ACTORS = ("provider", "school_provider", "other_provider")
ACTORS = (
    "caseworker",  # the coordinating unit, no stated need to know
    "caseworker_ntk",  # the coordinating unit, with a stated need to know for the family (one day)
    "coordinator",
    "provider",  # physiotherapist on the family's team; the consent names physiotherapy
    "school_provider",  # teacher on the team; no consent names the school
    "other_provider",  # a physiotherapist not on the family's team
    "leader",
    "guardian",
    "admin",
    "foreign_caseworker",
    "foreign_coordinator",
    "foreign_provider",
    "foreign_guardian",
    "anonymous",
)

# --- Consent states (the family's consents are put in each in turn) ----------------------------------
NONE, PENDING, ACTIVE, ACTIVE_PLAN, WITHDRAWN, EXPIRED = (
    "none",
    "pending",
    "active_without_plan",
    "active_with_plan",
    "withdrawn",
    "expired",
)
CONSENT_STATES = (NONE, PENDING, ACTIVE, ACTIVE_PLAN, WITHDRAWN, EXPIRED)
BASE_STATE = ACTIVE_PLAN  # the state every actor but the providers is tested in
REACHING_STATES = {ACTIVE, ACTIVE_PLAN}  # a provider on the team reaches the family
PLAN_STATES = {ACTIVE_PLAN}  # ... and its plan
