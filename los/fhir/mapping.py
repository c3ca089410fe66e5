"""Los' records as FHIR R4 resources (plain dicts, checked against `fhir.resources.R4B` in the tests).

Identifier systems follow the Norwegian base profiles (no-basis): fødselsnummer and D-nummer as
`urn:oid:` of the Folkeregister OIDs, HPR-nummer, organisasjonsnummer, HER-id and tjenestetype (Volven
8663). Each builder takes rows the access policy has already filtered; it reads only what was selected
or prefetched with them, so a page of results costs the same number of queries as one result."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from los.core.models import RECORD_LABELS, AccessAction, Role

OID_FODSELSNUMMER = "urn:oid:2.16.578.1.12.4.1.4.1"
OID_D_NUMMER = "urn:oid:2.16.578.1.12.4.1.4.2"
OID_HPR = "urn:oid:2.16.578.1.12.4.1.4.4"
OID_ORGANISATION_NUMBER = "urn:oid:2.16.578.1.12.4.1.4.101"
OID_HER_ID = "urn:oid:2.16.578.1.12.4.1.2"
OID_SERVICE_TYPE = "urn:oid:2.16.578.1.12.4.1.1.8663"
# Los' own code system for parental responsibility (foreldreansvar); no national one exists.
PARENTAL_RESPONSIBILITY_SYSTEM = "urn:los:fhir:CodeSystem:parental-responsibility"
V3_ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"


def national_id_system(number: str) -> str:
    """A D-nummer has 4 added to its first digit; anything else is a fødselsnummer."""
    return OID_D_NUMMER if number[:1] in "4567" else OID_FODSELSNUMMER


def _instant(value: datetime.datetime) -> str:
    """An instant in Norwegian time, with its offset."""
    return timezone.localtime(value).isoformat(timespec="seconds")


def _reference(resource_type: str, pk, display: str = "") -> dict:
    reference = {"reference": f"{resource_type}/{pk}"}
    if display:
        reference["display"] = display
    return reference


def _patient(context) -> dict | None:
    return _reference("Patient", context.patient_id) if context.patient_id else None


def _name(first: str, last: str, use: str = "official") -> dict:
    name = {"use": use, "text": f"{first} {last}".strip()}
    if last:
        name["family"] = last
    if first:
        name["given"] = first.split()
    return name


def _full_name(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def _without_empty(resource: dict) -> dict:
    return {k: v for k, v in resource.items() if v not in (None, "", [], {})}


# --- Registration: the child, the guardians, the consents ------------------------------------------------
def patient(child, context) -> dict:
    """The child. An unborn child has no identifier and no birth date (the due date is not a birth date)."""
    identifiers = (
        [{"use": "official", "system": national_id_system(child.national_id), "value": child.national_id}]
        if child.national_id
        else []
    )
    return _without_empty(
        {
            "resourceType": "Patient",
            "id": str(child.pk),
            "identifier": identifiers,
            "active": True,
            "name": [_name(child.first_name, child.last_name)],
            "birthDate": child.birth_date.isoformat() if child.birth_date else None,
            "managingOrganization": {"display": child.family.municipality.name},
        }
    )


def related_person(guardian, context) -> dict:
    """A guardian (foresatt), with parental responsibility (foreldreansvar) as the relationship."""
    relationship = [
        {
            "coding": [
                {
                    "system": PARENTAL_RESPONSIBILITY_SYSTEM,
                    "code": guardian.parental_responsibility,
                    "display": str(guardian.get_parental_responsibility_display()),
                }
            ]
        }
    ]
    if guardian.has_parental_responsibility:
        relationship[0]["coding"].append({"system": V3_ROLE_CODE, "code": "GUARD", "display": "guardian"})
    telecom = []
    if guardian.phone:
        telecom.append({"system": "phone", "value": guardian.phone})
    if guardian.email:
        telecom.append({"system": "email", "value": guardian.email})
    identifiers = (
        [{"system": national_id_system(guardian.national_id), "value": guardian.national_id}]
        if guardian.national_id
        else []
    )
    return _without_empty(
        {
            "resourceType": "RelatedPerson",
            "id": str(guardian.pk),
            "identifier": identifiers,
            "active": guardian.has_parental_responsibility,
            "patient": _patient(context) or {"display": guardian.family.name},
            "relationship": relationship,
            "name": [_name(guardian.first_name, guardian.last_name)],
            "telecom": telecom,
            "communication": [
                {
                    "language": {
                        "coding": [{"system": "urn:ietf:bcp:47", "code": guardian.preferred_language}],
                        "text": str(guardian.get_preferred_language_display()),
                    },
                    "preferred": True,
                }
            ],
        }
    )


_CONSENT_STATUS = {
    "pending": "proposed",
    "future": "active",
    "active": "active",
    "expired": "inactive",
    "withdrawn": "inactive",
}


def _service_reference(service) -> dict:
    reference = {"display": service.name}
    if service.her_id:
        reference["identifier"] = {"system": OID_HER_ID, "value": str(service.her_id)}
    return reference


def consent(row, context) -> dict:
    """A consent: the services it names (provision.actor), its period, who gave it (performer)."""
    status = row.status_on(context.day)
    period = _without_empty(
        {"start": row.starts_on.isoformat(), "end": row.ends_on.isoformat() if row.ends_on else None}
    )
    provision = {
        "type": "permit",
        "period": period,
        "actor": [
            {
                "role": {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                            "code": "IRCP",
                            "display": "information recipient",
                        }
                    ]
                },
                "reference": _service_reference(service),
            }
            for service in row.services.all()
        ],
    }
    if row.covers_individual_plan:
        provision["provision"] = [{"type": "permit", "code": [{"text": _("Individuell plan")}]}]
    return _without_empty(
        {
            "resourceType": "Consent",
            "id": str(row.pk),
            "status": _CONSENT_STATUS[status],
            "scope": {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/consentscope",
                        "code": "patient-privacy",
                    }
                ],
                "text": str(row.get_status_display()),
            },
            "category": [
                {
                    "coding": [
                        {"system": "http://loinc.org", "code": "59284-0", "display": "Patient Consent"}
                    ],
                    "text": row.purpose,
                }
            ],
            "patient": _patient(context),
            "dateTime": _instant(row.effective_at or row.created_at),
            "performer": [
                _reference("RelatedPerson", s.guardian_id, s.guardian.full_name) for s in row.signatures.all()
            ],
            "policyRule": {
                "coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "OPTIN"}],
                "text": "helsepersonelloven §§ 21-22, forvaltningsloven § 13 a",
            },
            "provision": _without_empty(provision),
        }
    )


# --- The team and its work ------------------------------------------------------------------------------
def care_team(family, context) -> dict:
    """The family's responsibility group (ansvarsgruppe): the members this relation may see."""
    participants = []
    for member in context.members:
        professional = member.professional
        who = _reference("PractitionerRole", member.pk, _full_name(professional.user))
        if professional.hpr_number:
            who["identifier"] = {"system": OID_HPR, "value": professional.hpr_number}
        organisation = member.service.organisation
        participants.append(
            _without_empty(
                {
                    "role": [{"text": member.role}] if member.role else [],
                    "member": who,
                    "onBehalfOf": _reference(
                        "Organization", organisation.pk, f"{member.service.name}, {organisation.name}"
                    ),
                    "period": {"start": member.joined_on.isoformat()},
                }
            )
        )
    return _without_empty(
        {
            "resourceType": "CareTeam",
            "id": str(family.pk),
            "status": "active",
            "name": _("Ansvarsgruppe for %(family)s") % {"family": family.name},
            "subject": _patient(context),
            "participant": participants,
            "managingOrganization": [{"display": family.municipality.name}],
        }
    )


ORGANISATION_KIND_SYSTEM = "urn:los:fhir:CodeSystem:organisation-kind"
# Los' own extension naming the family's responsibility group (CareTeam) a team membership belongs to:
# PractitionerRole has no element for it.
CARE_TEAM_EXTENSION = "urn:los:fhir:StructureDefinition:care-team"


def organization(organisation, context) -> dict:
    """An organisation on a team (no-basis-Organization): organisasjonsnummer and HER-id, its kind."""
    identifiers = []
    if organisation.org_number:
        identifiers.append({"system": OID_ORGANISATION_NUMBER, "value": organisation.org_number})
    if organisation.her_id:
        identifiers.append({"system": OID_HER_ID, "value": str(organisation.her_id)})
    return _without_empty(
        {
            "resourceType": "Organization",
            "id": str(organisation.pk),
            "identifier": identifiers,
            "active": True,
            "type": [
                {
                    "coding": [
                        {
                            "system": ORGANISATION_KIND_SYSTEM,
                            "code": organisation.kind,
                            "display": str(organisation.get_kind_display()),
                        }
                    ]
                }
            ],
            "name": organisation.name,
        }
    )


def practitioner(professional, context) -> dict:
    """A professional on a team (no-basis-Practitioner): name, HPR-nummer, profession. No contact details
    of their own: those are the team membership's (PractitionerRole)."""
    user = professional.user
    return _without_empty(
        {
            "resourceType": "Practitioner",
            "id": str(professional.pk),
            "identifier": (
                [{"system": OID_HPR, "value": professional.hpr_number}] if professional.hpr_number else []
            ),
            "active": user.is_active,
            "name": [
                _name(user.first_name, user.last_name) if user.get_full_name() else {"text": user.username}
            ],
            "qualification": [{"code": {"text": professional.profession}}] if professional.profession else [],
        }
    )


def practitioner_role(member, context) -> dict:
    """A team membership: the professional, in a service of an organisation, on the family's team."""
    service = member.service
    organisation = service.organisation
    specialty = _without_empty(
        {
            "coding": (
                [{"system": OID_SERVICE_TYPE, "code": service.service_type_code}]
                if service.service_type_code
                else []
            ),
            "text": service.name,
        }
    )
    return _without_empty(
        {
            "resourceType": "PractitionerRole",
            "id": str(member.pk),
            "extension": [
                {"url": CARE_TEAM_EXTENSION, "valueReference": _reference("CareTeam", member.family_id)}
            ],
            "active": member.left_on is None,
            "period": _without_empty(
                {
                    "start": member.joined_on.isoformat(),
                    "end": member.left_on.isoformat() if member.left_on else None,
                }
            ),
            "practitioner": _reference(
                "Practitioner", member.professional_id, _full_name(member.professional.user)
            ),
            "organization": _reference("Organization", organisation.pk, organisation.name),
            "code": [{"text": member.role}] if member.role else [],
            "specialty": [specialty],
            "healthcareService": [_service_reference(service)],
            "telecom": [{"system": "other", "value": member.contact}] if member.contact else [],
        }
    )


_APPOINTMENT_STATUS = {
    "planned": "booked",
    "requested": "pending",
    "confirmed": "booked",
    "cancelled": "cancelled",
}


def appointment_status(row) -> str:
    """The FHIR status of an appointment."""
    return _APPOINTMENT_STATUS.get(row.status, "proposed")


def appointment(row, context) -> dict:
    """One appointment in the child's calendar."""
    accepted = "accepted" if row.status == "confirmed" else "needs-action"
    if row.status == "cancelled":
        accepted = "declined"
    participants = []
    if row.child_id:
        participants.append(
            {"actor": _reference("Patient", row.child_id, row.child.full_name), "status": accepted}
        )
    for guardian in row.guardians.all():
        participants.append(
            {"actor": _reference("RelatedPerson", guardian.pk, guardian.full_name), "status": accepted}
        )
    if row.professional_id:
        participants.append({"actor": {"display": _full_name(row.professional.user)}, "status": accepted})
    if row.place_id:
        participants.append({"actor": {"display": row.place.name}, "status": accepted})
    if not participants:
        participants.append({"actor": {"display": row.label}, "status": accepted})
    service_type = []
    if row.service_id:
        coding = (
            [{"system": OID_SERVICE_TYPE, "code": row.service.service_type_code}]
            if row.service.service_type_code
            else []
        )
        service_type.append(_without_empty({"coding": coding, "text": row.service.name}))
    return _without_empty(
        {
            "resourceType": "Appointment",
            "id": str(row.pk),
            "status": appointment_status(row),
            "serviceType": service_type,
            "appointmentType": {"text": str(row.get_kind_display())},
            "description": row.label,
            "start": _instant(row.starts_at),
            "end": _instant(row.ends_at),
            "created": _instant(row.created_at),
            "comment": row.notes,
            "participant": participants,
        }
    )


_TASK_STATUS = {"open": "requested", "done": "completed", "cancelled": "cancelled"}


def task(item, context) -> dict:
    """An action item (oppfølgingspunkt): who does what by when."""
    return _without_empty(
        {
            "resourceType": "Task",
            "id": str(item.pk),
            "status": _TASK_STATUS.get(item.status, "requested"),
            "intent": "plan",
            "description": item.title,
            "for": _reference("Patient", item.child_id, item.child.full_name) if item.child_id else None,
            "authoredOn": _instant(item.created_at),
            "requester": {"display": _full_name(item.created_by)} if item.created_by_id else None,
            "owner": {"display": _full_name(item.responsible)} if item.responsible_id else None,
            "restriction": {"period": {"end": item.due_on.isoformat()}},
            "note": [{"text": item.description}] if item.description else [],
        }
    )


# --- The family's access log ----------------------------------------------------------------------------
_AUDIT_ACTION = {AccessAction.READ: "R", AccessAction.CHANGE: "U", AccessAction.EXPORT: "R"}


def audit_event(entry, context) -> dict:
    """One row of the family's access log: who (as stored in the row), what, when, why."""
    role = str(Role(entry.actor_role).label) if entry.actor_role in Role.values else entry.actor_role
    label = RECORD_LABELS.get(entry.record_type, entry.record_type)
    agent = {
        "type": {"text": role} if role else None,
        "who": {"display": entry.actor_name},
        "requestor": True,
        "purposeOfUse": [
            {"coding": [{"system": "urn:los:fhir:CodeSystem:access-reason", "code": entry.reason}]}
        ],
        "network": {"address": entry.ip_address, "type": "2"} if entry.ip_address else None,
    }
    if entry.purpose:
        agent["purposeOfUse"][0]["text"] = entry.purpose
    return _without_empty(
        {
            "resourceType": "AuditEvent",
            "id": str(entry.pk),
            "type": {
                "system": "http://terminology.hl7.org/CodeSystem/audit-event-type",
                "code": "rest",
                "display": "RESTful Operation",
            },
            "subtype": [{"system": "urn:los:fhir:CodeSystem:access-action", "code": entry.action}],
            "action": _AUDIT_ACTION.get(entry.action, "R"),
            "recorded": _instant(entry.at),
            "outcome": "0",
            "agent": [_without_empty(agent)],
            "source": {
                "observer": {"display": "Los"},
                "type": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/security-source-type",
                        "code": "4",
                        "display": "Application Server",
                    }
                ],
            },
            "entity": [
                _without_empty(
                    {
                        "what": {"identifier": {"value": entry.record_id}} if entry.record_id else None,
                        "name": str(label),
                        "description": entry.channel,
                    }
                )
            ],
        }
    )


# --- The individual plan: its working version, and the goals in it --------------------------------------
def _goal_subject(goal, context) -> dict:
    child_id = goal.version.plan.child_id or context.patient_id
    return _reference("Patient", child_id) if child_id else {"display": goal.version.plan.family.name}


def goal(row, context) -> dict:
    """A goal of the plan's working version, in the child's and family's own words."""
    return _without_empty(
        {
            "resourceType": "Goal",
            "id": str(row.pk),
            "lifecycleStatus": "active",
            "description": {"text": row.text},
            "subject": _goal_subject(row, context),
            "expressedBy": {"display": str(row.get_voice_display())},
        }
    )


def _activity(measure, day: datetime.date) -> dict:
    started = measure.starts_on is None or measure.starts_on <= day
    detail = {
        "status": "in-progress" if started else "scheduled",
        "description": measure.description,
        "goal": [_reference("Goal", measure.goal_id)],
        "scheduledPeriod": _without_empty(
            {
                "start": measure.starts_on.isoformat() if measure.starts_on else None,
                "end": measure.ends_on.isoformat() if measure.ends_on else None,
            }
        ),
        "performer": [
            reference
            for reference in (
                {"display": measure.responsible_service.name} if measure.responsible_service_id else None,
                {"display": _full_name(measure.responsible_person)}
                if measure.responsible_person_id
                else None,
            )
            if reference
        ],
    }
    if measure.scope:
        detail["description"] = f"{measure.description} ({measure.scope})"
    return {"detail": _without_empty(detail)}


def care_plan(plan, context) -> dict:
    """The individual plan as its working version says it now: period, goals and measures."""
    version = context.version
    child_id = plan.child_id or context.patient_id
    resource = {
        "resourceType": "CarePlan",
        "id": str(plan.pk),
        "status": "active" if version is not None else "draft",
        "intent": "plan",
        "category": [{"text": _("Individuell plan")}],
        "title": plan.title,
        "subject": _reference("Patient", child_id) if child_id else {"display": plan.family.name},
        "created": _instant(plan.created_at),
    }
    if version is not None:
        goals = list(version.goals.all())
        resource.update(
            {
                "identifier": [
                    {"system": "urn:los:fhir:individual-plan-version", "value": f"{plan.pk}-{version.number}"}
                ],
                "period": _without_empty(
                    {
                        "start": version.period_start.isoformat(),
                        "end": version.period_end.isoformat() if version.period_end else None,
                    }
                ),
                "description": version.needs,
                "goal": [_reference("Goal", g.pk) for g in goals],
                "activity": [_activity(m, context.day) for g in goals for m in g.measures.all()],
                "note": [{"text": text} for text in (version.resources, version.cooperation) if text],
            }
        )
    return _without_empty(resource)
