"""Demo data: a conversation with a health service in `koordinator`'s first family (demo mode only).

The coordinator's note goes out through the same rules as in the product (`services.compose`), the
service's receipt closes it, and the service's answer arrives through `inbound.receive`: the demo shows
what a real exchange leaves behind, and nothing is written to the health network's folders."""

from __future__ import annotations

import datetime

from django.utils import timezone

from los.core import grants

from . import inbound, kith, services, transport
from .models import HealthMessage, MessageState


class _Nowhere(transport.Transport):
    """The demo's health network: takes everything, delivers nothing."""

    def send(self, msg_id: str, xml: bytes) -> None:
        return None


def seed_messages(seeder, built) -> None:
    if not seeder.demo:
        return
    from los.coordinators.models import CoordinatorAssignment
    from los.core.models import User

    coordinator = User.objects.filter(username="koordinator").first()
    if coordinator is None:
        return
    family_ids = (
        CoordinatorAssignment.objects.current(seeder.today)
        .filter(coordinator=coordinator)
        .order_by("family_id")
        .values_list("family_id", flat=True)
    )
    for family_id in family_ids:
        grant = grants.grant_for(coordinator, family_id, seeder.today)
        receivers = services.receivers(grant) if grant else []
        if receivers and grant.family.children.exclude(national_id="").exists():
            _conversation(grant, coordinator, receivers[0])
            return


def _conversation(grant, coordinator, service) -> None:
    sent_at = timezone.now() - datetime.timedelta(days=3, hours=2)
    note = services.compose(
        grant,
        coordinator,
        service_id=service.pk,
        text=(
            "Hei! Jeg er koordinator for familien og lager en oversikt over avtalene fremover. Kan dere si "
            "når neste kontroll er planlagt, og om dere kan komme på ansvarsgruppemøtet i neste måned?"
        ),
        contact_profession="LE" if "lege" in service.name.lower() else "SP",
        now=sent_at,
    )
    HealthMessage.objects.filter(pk=note.pk).update(
        created_at=sent_at,
        state=MessageState.RECEIPT_OK,
        sent_at=sent_at + datetime.timedelta(minutes=1),
        receipt_at=sent_at + datetime.timedelta(minutes=3),
    )
    sent = kith.parse_dialogmelding(note.xml.encode("utf-8"))
    answer = kith.build_dialogmelding(
        kith.OutgoingDialog(
            msg_id=kith.new_msg_id(),
            generated=sent_at + datetime.timedelta(days=1),
            kind=kith.KIND_NOTE,
            sender=sent.receiver,
            receiver=kith.Party(organisation=sent.sender.organisation, service=sent.sender.service),
            patient=sent.patient,
            subject_code=sent.subject_code,
            subject_text=sent.subject_text,
            text=(
                "Takk for henvendelsen. Neste kontroll er planlagt om seks uker; innkalling kommer i posten. "
                "Vi kan delta på ansvarsgruppemøtet digitalt."
            ),
            conversation_ref=note.msg_id,
        )
    )
    inbound.receive(answer, now=sent_at + datetime.timedelta(days=1), via=_Nowhere())
