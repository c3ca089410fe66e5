"""The table for the FHIR R4 API (/fhir/R4/): the same record policy as the pages and the JSON API.

A read (`fhir:<type>`) is about one record of the world's family; its area decides who reaches it, as on
the pages. A search without `patient=` (`fhir:<type>_search`) reads no family: Patient lists the children
of the families the actor may see (each logged), the family's record types refuse it as bad input (400,
nothing logged). The searches with `patient=` are checked per actor and consent state in
tests/fhir/test_access.py.

The FHIR API answers like the JSON API, not like a page: 401 (not a login redirect) when no one is signed
in, and 404 (not the need-to-know form) to a caseworker without a stated need to know.
tests/core/test_access_matrix.py runs these rows through the matrix as an API.

The writes (`WRITES`: create and update of Appointment) are another system's, made with the personal token
of a professional on the team: tests/core/test_access_matrix.py `test_fhir_write` runs them with each
actor's token. Only the professional under consent writes, for their own service; every other relation
is refused like a stranger (404), and nothing is stored or logged.
"""

from __future__ import annotations

from los.core.policy import Area

from ..matrix_world import ACTORS, World
from .rows import CW, EVERYONE_ON_FAMILY, GU, NONE, PR, SIGNED_IN, L, R, Route


def _child(w: World) -> dict:
    return {"resource_id": w.family.children.order_by("pk").first().pk}


def _log_entry(w: World) -> dict:
    """A row of the family's access log (written once, as the coordinator's read of the family)."""
    from los.core import access, audit
    from los.core.models import AccessLogEntry, AccessReason

    if not hasattr(w, "_fhir_log_entry"):
        grant = access.Grant(w.t.coordinator, w.family, AccessReason.COORDINATOR)
        audit.write(
            [
                audit.LogRow(
                    user=w.t.coordinator,
                    family_id=w.family.pk,
                    action="read",
                    record_type="family",
                    record_id=str(w.family.pk),
                    reason=grant.reason,
                )
            ]
        )
        w._fhir_log_entry = AccessLogEntry.objects.filter(family=w.family).order_by("-seq").first()
    return {"resource_id": w._fhir_log_entry.pk}


def _membership(w: World) -> dict:
    """The physiotherapist's place on the family's team (a service the consent covers)."""
    return {"resource_id": w.family.team.get(professional__user=w.t.provider).pk}


def _appointment_body(w: World, start: str, end: str, **fields) -> dict:
    child = w.family.children.order_by("pk").first()
    return {
        "resourceType": "Appointment",
        "status": "proposed",
        "description": "Kontroll",
        "start": start,
        "end": end,
        "participant": [{"actor": {"reference": f"Patient/{child.pk}"}, "status": "needs-action"}],
        **fields,
    }


def _new_appointment(w: World, actor: str) -> dict:
    return _appointment_body(w, "2027-01-05T10:00:00+01:00", "2027-01-05T10:45:00+01:00")


def _moved_appointment(w: World, actor: str) -> dict:
    """The world's physiotherapy appointment an hour later (status as it is: booked)."""
    return _appointment_body(
        w, "2027-01-04T10:00:00+01:00", "2027-01-04T10:45:00+01:00", id=str(w.appointment.pk), status="booked"
    )


FAMILY_SEARCH_WITHOUT_PATIENT = frozenset({400})

ROUTES: dict[str, Route] = {
    "fhir:metadata": L(NONE, frozenset(ACTORS)),  # the CapabilityStatement: no data, anyone
    "fhir:patient": R(_child, Area.REGISTRATION, EVERYONE_ON_FAMILY),
    "fhir:patient_search": L(NONE, SIGNED_IN),  # the children of the families each actor may see
    "fhir:relatedperson": R(
        lambda w: {"resource_id": w.t.guardians[0].pk}, Area.REGISTRATION, EVERYONE_ON_FAMILY
    ),
    "fhir:careteam": R(lambda w: {"resource_id": w.family.pk}, Area.TEAM, EVERYONE_ON_FAMILY),
    # The team's members, professionals and organisations: a read of the family's team.
    "fhir:practitionerrole": R(_membership, Area.TEAM, EVERYONE_ON_FAMILY),
    "fhir:practitioner": R(
        lambda w: {"resource_id": w.t.provider.professional.pk}, Area.TEAM, EVERYONE_ON_FAMILY
    ),
    "fhir:organization": R(
        lambda w: {"resource_id": w.t.physio.organisation_id}, Area.TEAM, EVERYONE_ON_FAMILY
    ),
    "fhir:appointment": R(lambda w: {"resource_id": w.appointment.pk}, Area.CALENDAR, EVERYONE_ON_FAMILY),
    "fhir:consent": R(lambda w: {"resource_id": w.t.consent.pk}, Area.REGISTRATION, EVERYONE_ON_FAMILY),
    "fhir:task": R(lambda w: {"resource_id": w.action_item.pk}, Area.TEAM, EVERYONE_ON_FAMILY),
    "fhir:careplan": R(lambda w: {"resource_id": w.plan.pk}, Area.PLAN, EVERYONE_ON_FAMILY),
    "fhir:goal": R(lambda w: {"resource_id": w.plan_goal.pk}, Area.PLAN, EVERYONE_ON_FAMILY),
    "fhir:auditevent": R(_log_entry, Area.REGISTRATION, {CW, GU}),  # who may read the family's log
}
for _type in (
    "relatedperson",
    "careteam",
    "practitionerrole",
    "practitioner",
    "organization",
    "appointment",
    "consent",
    "task",
    "careplan",
    "goal",
    "auditevent",
):
    ROUTES[f"fhir:{_type}_search"] = L(NONE, SIGNED_IN, get_ok=FAMILY_SEARCH_WITHOUT_PATIENT)

WRITES: dict[tuple[str, str], Route] = {
    ("fhir:appointment_search", "POST"): R(NONE, Area.CALENDAR, None, {PR}, body=_new_appointment),
    ("fhir:appointment", "PUT"): R(
        lambda w: {"resource_id": w.appointment.pk}, Area.CALENDAR, None, {PR}, body=_moved_appointment
    ),
}
