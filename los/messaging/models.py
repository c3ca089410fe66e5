"""Messages over the health network (Norsk Helsenett): Dialogmelding to and from the health services on
a family's team, each carried in a MsgHead envelope and answered with an application receipt (AppRec).

A message about a child is health information: it leaves only for a service an active consent covers
(helsepersonelloven §§ 21-22), and it is kept with the family, where the record policy decides who reads
it (`policy`). The message is stored exactly as it left or arrived (`xml`), so what was sent can always
be shown.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from los.people.models import Family, Service


def new_msg_id() -> str:
    return str(uuid.uuid4())


class Direction(models.TextChoices):
    OUT = "out", _("Sendt fra Los")
    IN = "in", _("Mottatt")


class MessageKind(models.TextChoices):
    # MsgHead message types (kodeverk 8255): DIALOG_NOTAT, DIALOG_FORESPORSEL, DIALOG_SVAR
    NOTE = "notat", _("Notat")
    QUESTION = "foresporsel", _("Forespørsel")
    ANSWER = "svar", _("Svar på forespørsel")


class MessageState(models.TextChoices):
    QUEUED = "queued", _("I kø")
    SENDING = "sending", _("Sendes")
    SENT = "sent", _("Sendt, venter på kvittering")
    RECEIPT_OK = "receipt_ok", _("Mottatt hos tjenesten")
    REJECTED = "rejected", _("Avvist av mottakeren")
    FAILED = "failed", _("Kunne ikke sendes")
    RECEIVED = "received", _("Mottatt")


class HealthMessage(models.Model):
    """One Dialogmelding to or from a health service about a family's child.

    Outgoing: written by the coordinator, validated against the standard's schemas before it is stored
    (`queued`), sent by the worker (`sent`) and closed by the receiver's AppRec (`receipt_ok` or
    `rejected`). While `sending`, `next_attempt_at` is the end of the worker's lease: a worker that dies
    leaves the row, and the next one sends the same file (same message id) again."""

    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, related_name="health_messages", verbose_name=_("familie")
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        related_name="health_messages",
        verbose_name=_("tjeneste"),
        help_text=_("Mottakeren av en sendt melding, avsenderen av en mottatt."),
    )
    direction = models.CharField(_("retning"), max_length=3, choices=Direction.choices)
    kind = models.CharField(_("type"), max_length=12, choices=MessageKind.choices, default=MessageKind.NOTE)
    msg_id = models.CharField(_("meldings-id"), max_length=80, unique=True, default=new_msg_id)
    conversation_ref = models.CharField(_("svar på melding"), max_length=80, blank=True)
    subject_code = models.CharField(_("tema (kode)"), max_length=10)
    subject_text = models.CharField(_("tema"), max_length=200)
    text = models.TextField(_("tekst"))
    attachments = models.JSONField(_("vedlegg"), default=list, blank=True)  # [{"filename", "mime_type"}]
    xml = models.TextField(_("meldingen slik den ble sendt eller mottatt"))
    state = models.CharField(
        _("status"), max_length=12, choices=MessageState.choices, default=MessageState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    next_attempt_at = models.DateTimeField(_("neste forsøk"), default=timezone.now)
    claim = models.CharField(max_length=32, blank=True, default="")
    last_error = models.TextField(_("siste feil"), blank=True)
    receipt_errors = models.JSONField(_("feil i kvitteringen"), default=list, blank=True)  # [[code, text]]
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skrevet av"),
    )
    created_at = models.DateTimeField(_("laget"), default=timezone.now)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    receipt_at = models.DateTimeField(_("kvittering mottatt"), null=True, blank=True)

    class Meta:
        verbose_name = _("melding til eller fra helsetjeneste")
        verbose_name_plural = _("meldinger til og fra helsetjenester")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["family", "-created_at", "-id"], name="health_message_family_idx"),
            models.Index(
                fields=["state", "next_attempt_at"],
                name="health_message_due_idx",
                condition=Q(state__in=["queued", "sending"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.msg_id} ({self.state})"

    @property
    def is_open(self) -> bool:
        """Still on its way: not yet answered by a receipt, nor given up."""
        return self.state in (MessageState.QUEUED, MessageState.SENDING, MessageState.SENT)


class UnsortedReason(models.TextChoices):
    UNKNOWN_SENDER = "unknown_sender", _("Avsenderen er ikke en tjeneste i kommunens register")
    SEVERAL_FAMILIES = "several_families", _("Barnet finnes i flere familier")


class UnsortedMessage(models.Model):
    """A Dialogmelding for the municipality that could not be put in one family's thread by itself: the
    coordinating unit sorts it (chooses the family and the sending service), so nothing is lost.

    It holds health information about a child before anyone has tied it to a family: only the
    coordinating unit of the receiving municipality sees the list."""

    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )
    msg_id = models.CharField(_("meldings-id"), max_length=80, unique=True)
    reason = models.CharField(_("hvorfor"), max_length=20, choices=UnsortedReason.choices)
    sender_name = models.CharField(_("avsender"), max_length=300)
    sender_her_id = models.CharField(_("avsenderens HER-id"), max_length=20, blank=True)
    patient_id = models.CharField(_("pasientens fødselsnummer eller D-nummer"), max_length=11)
    subject_text = models.CharField(_("tema"), max_length=200)
    xml = models.TextField(_("meldingen slik den ble mottatt"))
    received_at = models.DateTimeField(_("mottatt"), default=timezone.now)
    message = models.OneToOneField(
        HealthMessage,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lagt i familiens meldinger som"),
    )
    sorted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sortert av"),
    )

    class Meta:
        verbose_name = _("melding som venter på sortering")
        verbose_name_plural = _("meldinger som venter på sortering")
        ordering = ["received_at", "id"]
        indexes = [
            models.Index(
                fields=["municipality", "received_at"],
                name="unsorted_message_open_idx",
                condition=Q(message__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.msg_id} ({self.get_reason_display()})"
