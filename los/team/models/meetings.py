"""Meetings of the responsibility group: the meeting, its invitations and replies, and its minutes."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from los.people.languages import LANGUAGE_CHOICES
from los.people.models import Family, Guardian


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    HELD = "held", _("Holdt")
    CANCELLED = "cancelled", _("Avlyst")


def _new_uid() -> str:
    return f"{uuid.uuid4()}@los"


class Meeting(models.Model):
    """A responsibility-group meeting. `sequence` goes up when time or place changes (iCalendar SEQUENCE);
    `uid` never changes, so calendars update the same event."""

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("familie")
    )
    title = models.CharField(_("tittel"), max_length=160)
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    location = models.CharField(_("sted"), max_length=200, blank=True)
    video_url = models.URLField(_("lenke til videomøte"), blank=True)
    agenda = models.TextField(_("saksliste"), blank=True)
    interpreter_language = models.CharField(
        _("tolk på språk"), max_length=10, blank=True, choices=LANGUAGE_CHOICES
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    sequence = models.PositiveIntegerField(_("versjon"), default=0)
    uid = models.CharField(_("kalender-id"), max_length=80, unique=True, default=_new_uid, editable=False)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kalt inn av")
    )
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)

    class Meta:
        verbose_name = _("møte")
        verbose_name_plural = _("møter")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["family", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Reply(models.TextChoices):
    PENDING = "pending", _("Ikke svart")
    ATTENDING = "attending", _("Kommer")
    DECLINED = "declined", _("Kommer ikke")


class MeetingInvitation(models.Model):
    """One invitee: a user with a login (professional, coordinator, guardian), or a guardian without one
    who gets the invitation by e-mail only."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("møte")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meeting_invitations",
        verbose_name=_("bruker"),
    )
    guardian = models.ForeignKey(
        Guardian,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("foresatt"),
    )
    name = models.CharField(_("navn"), max_length=160)
    email = models.EmailField(_("e-post"), blank=True)
    role = models.CharField(_("rolle"), max_length=120, blank=True)
    reply = models.CharField(_("svar"), max_length=10, choices=Reply.choices, default=Reply.PENDING)
    replied_at = models.DateTimeField(_("svart"), null=True, blank=True)
    interpreter_language = models.CharField(
        _("trenger tolk på"), max_length=10, blank=True, choices=LANGUAGE_CHOICES
    )

    class Meta:
        verbose_name = _("invitasjon")
        verbose_name_plural = _("invitasjoner")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"], condition=Q(user__isnull=False), name="one_invitation_per_user"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Minutes(models.Model):
    """The minutes (referat) of a meeting, written in Los during or after it. Guardians get them when the
    coordinator shares them."""

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("møte")
    )
    attendees = models.TextField(_("til stede"))
    child_views = models.TextField(_("barnets mening"), blank=True)
    family_views = models.TextField(_("familiens mening"), blank=True)
    decisions = models.TextField(_("beslutninger"), blank=True)
    notes = models.TextField(_("annet"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("skrevet av")
    )
    written_at = models.DateTimeField(_("skrevet"), default=timezone.now)
    shared_at = models.DateTimeField(_("sendt til familien og gruppen"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(_("endringsnummer"), default=1, editable=False)

    class Meta:
        verbose_name = _("referat")
        verbose_name_plural = _("referater")

    def __str__(self) -> str:
        return f"{self.meeting}"
