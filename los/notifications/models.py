"""Notifications: what Los tells a user (in the app, and by e-mail as the user chooses).

E-mail leaves through the outbox (`OutboxMessage`, sent by `outbox.deliver`): a notification waits
`pending` until the sweep writes the e-mail that carries it, is `queued` while that e-mail is in the
outbox, and is marked `sent` (or `in_digest`) only after the mail server accepted it.

A notification that the background sweep makes for a period (a reminder, a chase, a no-contact
reminder) carries its `period`. A unique constraint on (action item, kind, period), and on
(family, user, kind, period) where no action item is involved, makes the sweep idempotent by
construction: however often it runs, or if it stops half-way, each period gives one notification.
"""

import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    REMINDER = "reminder", _("Påminnelse")
    CHASE = "chase", _("Purring")
    MEETING_INVITATION = "meeting_invitation", _("Innkalling til møte")
    MEETING_CHANGED = "meeting_changed", _("Endret møte")
    MEETING_REPLY = "meeting_reply", _("Svar på innkalling")
    MINUTES = "minutes", _("Referat")
    INTERPRETER_TASK = "interpreter_task", _("Bestill tolk")
    CONSENT_EXTENSION_REQUEST = "consent_extension_request", _("Spørsmål om å utvide samtykket")
    CONSENT_EXTENSION_ANSWER = "consent_extension_answer", _("Svar om utvidet samtykke")
    ACTION_ITEM_ASSIGNED = "action_item_assigned", _("Ny oppgave")
    COMMENT = "comment", _("Ny kommentar")
    NO_CONTACT = "no_contact", _("Lenge siden kontakt")
    BOOKING_REQUEST = "booking_request", _("Bookingforespørsel")
    INTERIM_REPLY_DEADLINE = "interim_reply_deadline", _("Frist for foreløpig svar")
    BOOKING_COUNTER = "booking_counter", _("Tjenesten foreslår et annet tidspunkt")
    SURVEY = "survey", _("Spørsmål om hvordan det går")
    SURVEY_FEEDBACK = "survey_feedback", _("Tilbakemelding fra familien")
    HEALTH_MESSAGE = "health_message", _("Melding fra helsetjeneste")
    HEALTH_MESSAGE_REJECTED = "health_message_rejected", _("Melding avvist av helsetjeneste")


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Venter")
    QUEUED = "queued", _("I e-postkøen")
    SENT = "sent", _("Sendt på e-post")
    IN_DIGEST = "in_digest", _("Sendt i daglig sammendrag")
    FAILED = "failed", _("E-posten kunne ikke sendes")
    NOT_SENT = "not_sent", _("Bare i Los")


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("mottaker"),
    )
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    action_item = models.ForeignKey(
        "team.ActionItem",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("oppfølgingspunkt"),
    )
    family = models.ForeignKey(
        "people.Family",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("familie"),
    )
    child = models.ForeignKey(
        "people.Child",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("barn"),
        help_text=_("Barnet varselet gjelder, når det gjelder ett barn."),
    )
    period = models.IntegerField(_("periode"), null=True, blank=True)
    text = models.CharField(_("tekst"), max_length=400)
    url = models.CharField(_("lenke"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("laget"), default=timezone.now)
    read_at = models.DateTimeField(_("lest"), null=True, blank=True)
    email_status = models.CharField(
        _("e-post"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    emailed_at = models.DateTimeField(_("sendt på e-post"), null=True, blank=True)
    outbox = models.ForeignKey(
        "notifications.OutboxMessage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("e-post"),
    )

    class Meta:
        verbose_name = _("varsel")
        verbose_name_plural = _("varsler")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            models.Index(fields=["email_status", "user"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["action_item", "kind", "period"],
                condition=Q(action_item__isnull=False, period__isnull=False),
                name="one_notification_per_item_kind_period",
            ),
            models.UniqueConstraint(
                fields=["family", "user", "kind", "period"],
                condition=Q(action_item__isnull=True, period__isnull=False),
                name="one_notification_per_family_user_kind_period",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("E-post med en gang")
    DAILY_DIGEST = "daily_digest", _("Ett sammendrag på e-post hver dag")
    IN_APP_ONLY = "in_app_only", _("Bare i Los, ingen e-post")


class NotificationPreference(models.Model):
    """How a user wants their notifications. Without a row: e-mail at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("bruker"),
    )
    delivery = models.CharField(
        _("hvordan vil du få varsler?"), max_length=15, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )

    class Meta:
        verbose_name = _("varslingsvalg")
        verbose_name_plural = _("varslingsvalg")

    def __str__(self) -> str:
        return f"{self.user}: {self.delivery}"


class DigestSent(models.Model):
    """One daily digest per user and day; the unique constraint keeps a rerun from sending it twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_digest_per_user_and_day")]

    def __str__(self) -> str:
        return f"{self.user} {self.day}"


def new_message_id() -> str:
    """A Message-ID for a new outbox e-mail (RFC 5322): made once, when the e-mail is written, and sent
    with every attempt, so a receiving server can tell a second delivery of the same e-mail."""
    domain = (
        getattr(settings, "LOS_MESSAGE_ID_DOMAIN", "") or urlsplit(settings.LOS_BASE_URL).hostname or "los"
    )
    return f"<{uuid.uuid4().hex}@{domain}>"


class OutboxState(models.TextChoices):
    QUEUED = "queued", _("I kø")
    SENDING = "sending", _("Sendes")
    SENT = "sent", _("Sendt")
    FAILED = "failed", _("Feilet")
    WITHDRAWN = "withdrawn", _("Trukket tilbake")


class OutboxKind(models.TextChoices):
    NOTIFICATIONS = "notifications", _("Varsler")
    DIGEST = "digest", _("Daglig sammendrag")
    OTHER = "other", _("Annen e-post")


class OutboxMessage(models.Model):
    """One e-mail on its way out: written in the same transaction as the notifications it carries, sent
    by the worker, marked sent only after the mail server accepted it (see `outbox`).

    While `sending`, `next_attempt_at` is the end of the worker's lease: a worker that dies keeps the
    row until the lease ends, then another worker sends it again with the same `message_id`."""

    message_id = models.CharField(_("Message-ID"), max_length=200, unique=True, default=new_message_id)
    kind = models.CharField(_("type"), max_length=15, choices=OutboxKind.choices, default=OutboxKind.OTHER)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mottaker i Los"),
    )
    from_email = models.CharField(_("avsender"), max_length=254, blank=True)
    recipients = models.JSONField(_("mottakere"), default=list)
    reply_to = models.JSONField(_("svar til"), default=list, blank=True)
    subject = models.CharField(_("emne"), max_length=300)
    body = models.TextField(_("tekst"))
    attachments = models.JSONField(_("vedlegg"), default=list, blank=True)  # [[name, text, mimetype]]
    state = models.CharField(
        _("status"), max_length=10, choices=OutboxState.choices, default=OutboxState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    next_attempt_at = models.DateTimeField(_("neste forsøk"), default=timezone.now)
    claim = models.CharField(max_length=32, blank=True, default="")
    last_error = models.TextField(_("siste feil"), blank=True)
    created_at = models.DateTimeField(_("laget"), default=timezone.now)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    class Meta:
        verbose_name = _("utgående e-post")
        verbose_name_plural = _("utgående e-poster")
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.message_id} ({self.state})"
