"""Checking a FHIR R4 resource: its structure with `fhir.resources.R4B`, and the codes that library does not
check (it accepts any string as a status), against the R4 value sets of the elements Los fills.

The tests run every resource the API returns through `validate`; so do the official R4 examples in
tests/fhir/fixtures/, so the check accepts the shapes other systems send, not only Los' own."""

from __future__ import annotations

from fhir.resources.R4B import get_fhir_model_class

# Required bindings of R4 (http://hl7.org/fhir/R4/), element path -> allowed codes.
VALUE_SETS: dict[tuple[str, str], frozenset[str]] = {
    ("Patient", "gender"): frozenset({"male", "female", "other", "unknown"}),
    ("RelatedPerson", "gender"): frozenset({"male", "female", "other", "unknown"}),
    ("Appointment", "status"): frozenset(
        {
            "proposed",
            "pending",
            "booked",
            "arrived",
            "fulfilled",
            "cancelled",
            "noshow",
            "entered-in-error",
            "checked-in",
            "waitlist",
        }
    ),
    ("Appointment.participant", "status"): frozenset({"accepted", "declined", "tentative", "needs-action"}),
    ("Consent", "status"): frozenset(
        {"draft", "proposed", "active", "rejected", "inactive", "entered-in-error"}
    ),
    ("Consent.provision", "type"): frozenset({"deny", "permit"}),
    ("CareTeam", "status"): frozenset({"proposed", "active", "suspended", "inactive", "entered-in-error"}),
    ("CarePlan", "status"): frozenset(
        {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"}
    ),
    ("CarePlan", "intent"): frozenset({"proposal", "plan", "order", "option"}),
    ("Goal", "lifecycleStatus"): frozenset(
        {
            "proposed",
            "planned",
            "accepted",
            "active",
            "on-hold",
            "completed",
            "cancelled",
            "entered-in-error",
            "rejected",
        }
    ),
    ("Task", "status"): frozenset(
        {
            "draft",
            "requested",
            "received",
            "accepted",
            "rejected",
            "ready",
            "cancelled",
            "in-progress",
            "on-hold",
            "failed",
            "completed",
            "entered-in-error",
        }
    ),
    ("Task", "intent"): frozenset(
        {
            "unknown",
            "proposal",
            "plan",
            "order",
            "original-order",
            "reflex-order",
            "filler-order",
            "instance-order",
            "option",
        }
    ),
    ("AuditEvent", "action"): frozenset({"C", "R", "U", "D", "E"}),
    ("AuditEvent", "outcome"): frozenset({"0", "4", "8", "12"}),
    ("Bundle", "type"): frozenset(
        {
            "document",
            "message",
            "transaction",
            "transaction-response",
            "batch",
            "batch-response",
            "history",
            "searchset",
            "collection",
        }
    ),
    ("CapabilityStatement", "status"): frozenset({"draft", "active", "retired", "unknown"}),
    ("CapabilityStatement", "kind"): frozenset({"instance", "capability", "requirements"}),
    ("OperationOutcome.issue", "severity"): frozenset({"fatal", "error", "warning", "information"}),
}


class InvalidResource(ValueError):
    pass


def _check_code(path: str, element: dict, name: str) -> None:
    allowed = VALUE_SETS.get((path, name))
    if allowed is not None and name in element and element[name] not in allowed:
        raise InvalidResource(f"{path}.{name}: {element[name]!r} is not in the R4 value set")


def _check_codes(resource: dict) -> None:
    kind = resource["resourceType"]
    for (path, name), _allowed in VALUE_SETS.items():
        if path == kind:
            _check_code(path, resource, name)
    for participant in resource.get("participant", []) if kind == "Appointment" else []:
        _check_code("Appointment.participant", participant, "status")
    if kind == "Consent":
        stack = [resource["provision"]] if "provision" in resource else []
        while stack:
            provision = stack.pop()
            _check_code("Consent.provision", provision, "type")
            stack.extend(provision.get("provision", []))
    for issue in resource.get("issue", []) if kind == "OperationOutcome" else []:
        _check_code("OperationOutcome.issue", issue, "severity")
    for entry in resource.get("entry", []) if kind == "Bundle" else []:
        if "resource" in entry:
            validate(entry["resource"])


def validate(resource: dict):
    """The resource as a `fhir.resources.R4B` model, or InvalidResource (or pydantic's ValidationError)."""
    kind = resource.get("resourceType") if isinstance(resource, dict) else None
    if not isinstance(kind, str):
        raise InvalidResource("no resourceType")
    try:
        model_class = get_fhir_model_class(kind)
    except (KeyError, ValueError) as error:
        raise InvalidResource(f"unknown resourceType {kind!r}") from error
    model = model_class.model_validate(resource)
    _check_codes(resource)
    return model
