"""Referral workflows: refer a family to a service or an organisation, record the answer; keep the directory.

A child coordinator refers the family on to services and to patient and user organisations
(helse- og omsorgstjenesteloven § 7-2 a, pasient- og brukerrettighetsloven § 2-5 c).
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from los.core import audit, dates
from los.core.errors import DomainError
from los.core.models import User
from los.people.models import Family, Service

from .models import ANSWERED, PatientOrganisation, Referral, ReferralStatus


def _target(family: Family, service_id: int | None, organisation_id: int | None):
    if bool(service_id) == bool(organisation_id):
        raise DomainError(_("Velg enten en tjeneste eller en organisasjon."), field="service")
    if service_id:
        service = Service.objects.filter(
            pk=service_id, organisation__municipality_id=family.municipality_id
        ).first()
        if service is None:
            raise DomainError(_("Tjenesten finnes ikke i kommunen."), field="service")
        return {"service": service}
    organisation = PatientOrganisation.objects.filter(
        pk=organisation_id, municipality_id=family.municipality_id, active=True
    ).first()
    if organisation is None:
        raise DomainError(_("Organisasjonen finnes ikke i kommunens katalog."), field="organisation")
    return {"organisation": organisation}


@transaction.atomic
def refer(
    family: Family,
    by_user: User,
    *,
    reason: str,
    sent_on: datetime.date | None = None,
    service_id: int | None = None,
    organisation_id: int | None = None,
) -> Referral:
    """Record a referral sent on the family's behalf, to a service in the municipality or an active
    organisation in its directory, with what the family needs help with; it cannot be sent in the future
    (helse- og omsorgstjenesteloven § 7-2 a: the coordinator sees that the family gets the services)."""
    target = _target(family, service_id, organisation_id)
    if not (reason or "").strip():
        raise DomainError(_("Skriv hva familien trenger hjelp til."), field="reason")
    today = dates.today()
    sent_on = sent_on or today
    if sent_on > today:
        raise DomainError(_("Sendt-datoen kan ikke være fram i tid."), field="sent_on")
    referral = Referral.objects.create(
        family=family, sent_by=by_user, reason=reason.strip(), sent_on=sent_on, **target
    )
    audit.changed(family.pk, "referral", referral.pk)
    return referral


@transaction.atomic
def record_answer(
    referral: Referral,
    *,
    status: str,
    answered_on: datetime.date,
    note: str = "",
    expected_start_on: datetime.date | None = None,
) -> Referral:
    """Record the answer: accepted, declined or waiting list, with the date it came (not before the
    referral was sent, not in the future); a declined referral has no expected start."""
    if status not in ANSWERED:
        raise DomainError(_("Velg svaret: ja, nei eller venteliste."), field="status")
    if answered_on < referral.sent_on:
        raise DomainError(_("Svaret kan ikke ha kommet før henvisningen ble sendt."), field="answered_on")
    if answered_on > dates.today():
        raise DomainError(_("Svardatoen kan ikke være fram i tid."), field="answered_on")
    if expected_start_on and status == ReferralStatus.DECLINED:
        expected_start_on = None
    referral.status, referral.answered_on = status, answered_on
    referral.answer_note, referral.expected_start_on = (note or "").strip(), expected_start_on
    referral.save()
    audit.changed(referral.family_id, "referral", referral.pk)
    return referral


@transaction.atomic
def save_organisation(
    municipality_id: int, *, instance: PatientOrganisation | None = None, **fields
) -> PatientOrganisation:
    """Add or correct an organisation in the municipality's directory of patient and user organisations
    (pasient- og brukerrettighetsloven § 2-5 c: the coordinator informs the family of them); a name and
    what it helps with are required, and a name only once per municipality."""
    organisation = instance or PatientOrganisation(municipality_id=municipality_id)
    for name, value in fields.items():
        setattr(organisation, name, value)
    if not organisation.name.strip() or not organisation.helps_with.strip():
        raise DomainError(_("Skriv navn og hva organisasjonen hjelper med."), field="name")
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError:
        raise DomainError(
            _("Katalogen har allerede en organisasjon med dette navnet."), field="name"
        ) from None
    return organisation
