"""Workflows of the individual plan, one module per part of the work:

* `plan`: consent to the plan, create it, edit the working version, revise it (copy-on-revise).
* `goals`: goals, measures and who may be named responsible, participants in the planning.
* `evaluations`: evaluating measures, and the guardians' comments on the plan.

Law: pasient- og brukerrettighetsloven § 2-5 and helse- og omsorgstjenesteloven § 7-1 (the right to a plan;
no plan without consent), forskrift om habilitering og rehabilitering, individuell plan og koordinator
§§ 16-22 (who makes the plan, what it contains (§ 19) and how it is worked out with the person).

The names below are shared by the modules: the record types the access log knows the changes by, and the
fields of a version and of a measure (what the forms edit and a revision copies).
"""

PLAN = "individual_plan"  # the access log's name for the plan and everything in it
RELAY = "relay_log"  # goals and measures of a relay log share the plan's models and workflows

VERSION_FIELDS = (
    "resources",
    "needs",
    "child_contribution",
    "relatives_contribution",
    "services_contribution",
    "others_contribution",
    "period_start",
    "period_end",
    "next_revision_on",
    "cooperation",
)

MEASURE_FIELDS = (
    "description",
    "responsible_service",
    "responsible_person",
    "scope",
    "how",
    "starts_on",
    "ends_on",
    "evaluate_on",
)
