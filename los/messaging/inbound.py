"""A Dialogmelding that arrives from the health network: read it, find the family, answer with an AppRec.

In order:

1. **Read.** Not well-formed XML, a wrong namespace or version, a schema error, a patient id whose
   control digits fail, an attachment over the limit: rejected with the reason's code (kodeverk 8221).
2. **Receiver.** The message must be addressed to a coordinating unit in Los by its HER-id; another
   receiver is rejected (the message was not for us).
3. **Patient.** The child is found by fødselsnummer or D-nummer among the receiving municipality's
   families; an unknown patient is rejected.
4. **Sender.** The sending service is found by its HER-id among the municipality's services. An unknown
   sender, or a child in more than one family, does not lose the message: it goes to the coordinating
   unit's list of messages to sort (`UnsortedMessage`), and the AppRec says OK (received).
5. **Thread.** Otherwise the message joins the family's thread (`HealthMessage`, received), linked to the
   earlier message it answers, and the family's coordinators are told.

The same message id received twice is answered again and stored once. The AppRec goes out through the
transport like any message; nothing is stored for a rejected message.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from los.core.models import CoordinatingUnit
from los.people.models import Child, Service

from . import kith, transport
from .models import Direction, HealthMessage, MessageState, UnsortedMessage, UnsortedReason

log = logging.getLogger(__name__)

MATCHED = "matched"
UNSORTED = "unsorted"
REJECTED = "rejected"
DUPLICATE = "duplicate"


@dataclass(frozen=True)
class Result:
    status: str  # MATCHED, UNSORTED, REJECTED or DUPLICATE
    family_id: int | None = None
    message_id: int | None = None
    apprec_msg_id: str | None = None
    reason: str = ""


def receive(
    xml: bytes, *, now: datetime.datetime | None = None, via: transport.Transport | None = None
) -> Result:
    """Handle one incoming file and send its AppRec (see the module)."""
    now = now or timezone.now()
    via = via or transport.configured()
    try:
        dialog = kith.parse_dialogmelding(xml)
    except kith.KithError as error:
        log.info("Dialogmelding rejected (%s): %s", error.code, error.text)
        return _answer(via, None, kith.salvage_original_ref(xml), REJECTED, error, now)
    unit = _receiving_unit(dialog)
    if unit is None:
        error = kith.KithError(kith.codes.ERROR_RECEIVER_UNKNOWN, "Mottakeren finnes ikke i Los.")
        return _answer(via, dialog, dialog, REJECTED, error, now)
    children = list(
        Child.objects.filter(
            national_id=dialog.patient.national_id, family__municipality_id=unit.municipality_id
        ).select_related("family")
    )
    if not children:
        error = kith.KithError(kith.codes.ERROR_PATIENT_UNKNOWN, "Pasienten er ukjent hos mottakeren.")
        return _answer(via, dialog, dialog, REJECTED, error, now, unit=unit)
    sender = _sending_service(dialog, unit.municipality_id)
    families = {c.family_id for c in children}
    if sender is None or len(families) > 1:
        reason = UnsortedReason.UNKNOWN_SENDER if sender is None else UnsortedReason.SEVERAL_FAMILIES
        return _answer(
            via, dialog, dialog, _store_unsorted(dialog, xml, unit, reason, now), None, now, unit=unit
        )
    return _answer(
        via, dialog, dialog, *_store_in_thread(dialog, xml, children[0], sender, now), now, unit=unit
    )


def _receiving_unit(dialog) -> CoordinatingUnit | None:
    her_ids = {p.her_id for p in (dialog.receiver.service, dialog.receiver.organisation) if p and p.her_id}
    numbers = [int(h) for h in her_ids if str(h).isdigit()]
    return CoordinatingUnit.objects.filter(her_id__in=numbers).first() if numbers else None


def _sending_service(dialog, municipality_id: int) -> Service | None:
    her_id = dialog.sender.service.her_id if dialog.sender.service else None
    if not her_id or not str(her_id).isdigit():
        return None
    return (
        Service.objects.filter(her_id=int(her_id), organisation__municipality_id=municipality_id)
        .order_by("id")
        .first()
    )


def _store_unsorted(dialog, xml: bytes, unit, reason: str, now) -> str:
    sender = dialog.sender
    names = [p.name for p in (sender.service, sender.organisation) if p is not None and p.name]
    try:
        with transaction.atomic():
            UnsortedMessage.objects.create(
                municipality_id=unit.municipality_id,
                msg_id=dialog.msg_id,
                reason=reason,
                sender_name=", ".join(names)[:300],
                sender_her_id=str((sender.service and sender.service.her_id) or "")[:20],
                patient_id=dialog.patient.national_id,
                subject_text=dialog.subject_text[:200],
                xml=xml.decode("utf-8"),
                received_at=now,
            )
    except IntegrityError:
        return DUPLICATE
    return UNSORTED


def _store_in_thread(dialog, xml: bytes, child: Child, service: Service, now) -> tuple[str, None]:
    from . import notify

    try:
        with transaction.atomic():
            message = store(dialog, xml.decode("utf-8"), family_id=child.family_id, service=service, at=now)
            notify.received(message)
    except IntegrityError:
        return DUPLICATE, None
    return MATCHED, None


def store(dialog, xml: str, *, family_id: int, service: Service, at) -> HealthMessage:
    """An incoming Dialogmelding in the family's thread, as it arrived, from `service` (received)."""
    return HealthMessage.objects.create(
        family_id=family_id,
        service=service,
        direction=Direction.IN,
        kind=dialog.kind,
        msg_id=dialog.msg_id,
        conversation_ref=(dialog.conversation_ref or "")[:80],
        subject_code=dialog.subject_code[:10],
        subject_text=dialog.subject_text[:200],
        text=dialog.text,
        attachments=[{"filename": a.filename, "mime_type": a.mime_type} for a in dialog.attachments],
        xml=xml,
        state=MessageState.RECEIVED,
        created_at=at,
    )


def _answer(via, dialog, original, status: str, error, now, unit=None) -> Result:
    """Send the AppRec for `original`: OK, or rejected with `error`'s code and text."""
    receiver = dialog.sender if dialog is not None else _unknown_party()
    sender = dialog.receiver if dialog is not None else _unknown_party()
    errors = [(error.code, error.text)] if error is not None else []
    apprec_id = kith.new_msg_id()
    apprec = kith.build_apprec(
        original,
        sender=sender,
        receiver=receiver,
        status="rejected" if status == REJECTED else "ok",
        errors=errors,
        msg_id=apprec_id,
        generated=now,
    )
    # A receipt that cannot be sent raises TransportError: the caller leaves the file unhandled, and the
    # next run reads it again (stored once, by its message id) and sends the receipt again.
    via.send(apprec_id, apprec)
    family_id = message_id = None
    if status in (MATCHED, DUPLICATE) and dialog is not None:
        found = HealthMessage.objects.filter(msg_id=dialog.msg_id).values_list("pk", "family_id").first()
        if found:
            message_id, family_id = found
    return Result(
        status,
        family_id=family_id,
        message_id=message_id,
        apprec_msg_id=apprec_id,
        reason=error.text if error else "",
    )


def _unknown_party() -> kith.Party:
    return kith.Party(organisation=kith.Organisation(name="Ukjent", her_id=None), service=None)
