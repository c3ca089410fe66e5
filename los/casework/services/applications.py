"""Registering and correcting applications and keeping their documents.

An application is registered from the family's pages or as received by letter, phone or the health
network; its received date starts the one-month clock for the interim reply (forvaltningsloven § 11 a).
Every function runs in one transaction and raises `DomainError` (message in bokmål, with the field it
concerns) when a rule stops it, so nothing is ever half saved.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from los.core import audit, dates
from los.core.errors import DomainError
from los.core.models import Role
from los.people.languages import LANGUAGE_CODES
from los.people.models import Family

from ..models import Application, ApplicationDocument, ApplicationStatus, Channel

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DOCUMENT_TYPES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "text/plain": ".txt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}


def clean_service_names(names) -> list[str]:
    """Service names without blanks and duplicates (case-insensitive), in the order given."""
    seen, result = set(), []
    for name in names or []:
        cleaned = " ".join(str(name).split())[:200]
        if cleaned and cleaned.casefold() not in seen:
            seen.add(cleaned.casefold())
            result.append(cleaned)
    return result


def _check_application_fields(family: Family, fields: dict, today: datetime.date) -> dict:
    child = fields.get("child")
    if child is not None and child.family_id != family.pk:
        raise DomainError(_("Barnet hører ikke til familien."), field="child")
    if not (
        fields.get("wants_coordinator")
        or fields.get("wants_child_coordinator")
        or fields.get("wants_individual_plan")
    ):
        raise DomainError(
            _("Velg minst én ting dere søker om: koordinator, barnekoordinator eller individuell plan."),
            field="wants",
        )
    received_on = fields.get("received_on")
    if received_on is not None and received_on > today:
        raise DomainError(_("Mottatt dato kan ikke være etter i dag."), field="received_on")
    wished = fields.get("wished_coordinator")
    if wished is not None and (
        wished.role != Role.COORDINATOR or wished.municipality_id != family.municipality_id
    ):
        raise DomainError(_("Den ønskede koordinatoren finnes ikke i kommunen."), field="wished_coordinator")
    language = fields.get("preferred_language", "nb")
    if language not in LANGUAGE_CODES:
        raise DomainError(_("Ukjent språk."), field="preferred_language")
    for key in ("health_and_care_services", "other_welfare_services"):
        if key in fields:
            fields[key] = clean_service_names(fields[key])
    return fields


@transaction.atomic
def register_application(
    *, family: Family, by_user, channel: str = Channel.PORTAL, received_on=None, today=None, **fields
) -> Application:
    """Register an application, from the family's pages or received by letter, phone or the health network.

    The received date starts the one-month clock for the interim reply (forvaltningsloven § 11 a)."""
    today = today or dates.today()
    received_on = received_on or today
    if channel not in Channel.values:
        raise DomainError(_("Ukjent kanal."), field="channel")
    fields = _check_application_fields(family, {**fields, "received_on": received_on}, today)
    application = Application.objects.create(family=family, submitted_by=by_user, channel=channel, **fields)
    audit.changed(family.pk, "application", application.pk)
    return application


EDITABLE_FIELDS = (
    "child",
    "received_on",
    "channel",
    "wants_coordinator",
    "wants_child_coordinator",
    "wants_individual_plan",
    "about_child",
    "health_and_care_services",
    "other_welfare_services",
    "wished_coordinator",
    "wishes",
    "child_views",
    "preferred_language",
    "interpreter_needed",
)


@transaction.atomic
def update_application(application: Application, by_user, today=None, **fields) -> Application:
    """Correct an application. Every change is kept in its history (who, when, what)."""
    application = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
    if application.status == ApplicationStatus.DECIDED:
        raise DomainError(_("Søknaden er avgjort. Endringer må komme i en ny søknad eller et nytt vedtak."))
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(_("Feltet kan ikke endres."), field=sorted(unknown)[0])
    merged = {name: getattr(application, name) for name in EDITABLE_FIELDS} | fields
    merged = _check_application_fields(application.family, merged, today or dates.today())
    for name, value in merged.items():
        setattr(application, name, value)
    application._change_reason = "corrected"
    application.save()
    audit.changed(application.family_id, "application", application.pk)
    return application


@transaction.atomic
def add_document(application: Application, by_user, upload, title: str = "") -> ApplicationDocument:
    """Keep a document in the case. Only common document types, at most 10 MB."""
    if upload is None:
        raise DomainError(_("Velg en fil."), field="file")
    if upload.size > MAX_DOCUMENT_BYTES:
        raise DomainError(_("Filen er større enn 10 MB."), field="file")
    content_type = (upload.content_type or "").split(";")[0].strip()
    if content_type not in DOCUMENT_TYPES:
        raise DomainError(_("Filtypen støttes ikke. Bruk PDF, JPG, PNG, DOCX eller tekst."), field="file")
    content = upload.read()
    name = (upload.name or "dokument").rsplit("/", 1)[-1][:200]
    document = ApplicationDocument.objects.create(
        application=application,
        title=(title or name)[:200],
        filename=name,
        content_type=content_type,
        content=content,
        size=len(content),
        uploaded_by=by_user,
    )
    audit.changed(application.family_id, "document", document.pk)
    return document
