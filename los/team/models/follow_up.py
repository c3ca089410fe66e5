"""The coordinator's follow-up: action items, "who does what by when", with comments, and the contact log
with the family (helse- og omsorgstjenesteloven §§ 7-2 and 7-2 a: the coordinator follows up)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from los.people.models import Child, Family

from .meetings import Meeting


class ActionItemStatus(models.TextChoices):
    OPEN = "open", _("Ikke gjort")
    DONE = "done", _("Gjort")
    CANCELLED = "cancelled", _("Avlyst")


class ActionItem(models.Model):
    """Who does what by when (oppfølgingspunkt). Reminded before the due date and chased when late."""

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("familie")
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("fra møte"),
    )
    child = models.ForeignKey(
        Child,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("gjelder barnet"),
        help_text=_("Tomt når punktet gjelder hele familien."),
    )
    title = models.CharField(_("hva skal gjøres"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="action_items",
        verbose_name=_("ansvarlig"),
    )
    due_on = models.DateField(_("frist"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionItemStatus.choices, default=ActionItemStatus.OPEN
    )
    due_in_past_when_created = models.BooleanField(
        _("fristen var passert da punktet ble laget"), default=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("laget av")
    )
    created_at = models.DateTimeField(_("laget"), default=timezone.now)
    completed_at = models.DateTimeField(_("gjort"), null=True, blank=True)

    class Meta:
        verbose_name = _("oppfølgingspunkt")
        verbose_name_plural = _("oppfølgingspunkter")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["family", "status", "due_on"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == ActionItemStatus.OPEN

    def is_late_on(self, day) -> bool:
        return self.is_open and self.due_on < day

    @property
    def concerns(self) -> str:
        """Whom the item is about: "Ola (f. 2016)", or "Hele familien"."""
        from los.notifications.about import child_label

        return child_label(self.child) if self.child_id else str(_("Hele familien"))


class ActionItemComment(models.Model):
    item = models.ForeignKey(
        ActionItem, on_delete=models.CASCADE, related_name="comments", verbose_name=_("punkt")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("skrevet av")
    )
    text = models.TextField(_("kommentar"))
    created_at = models.DateTimeField(_("skrevet"), default=timezone.now)

    class Meta:
        verbose_name = _("kommentar")
        verbose_name_plural = _("kommentarer")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Telefon")
    MEETING = "meeting", _("Møte")
    HOME_VISIT = "home_visit", _("Hjemmebesøk")
    VIDEO = "video", _("Video")
    MESSAGE = "message", _("Melding eller SMS")
    EMAIL = "email", _("E-post")


class ContactLogEntry(models.Model):
    """The coordinator was in touch with the family: when, how, and what the family needs now."""

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("familie")
    )
    contacted_on = models.DateField(_("dato"))
    channel = models.CharField(_("hvordan"), max_length=12, choices=ContactChannel.choices)
    needs_now = models.TextField(_("hva familien trenger nå"))
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("skrevet av")
    )
    created_at = models.DateTimeField(_("registrert"), default=timezone.now)

    class Meta:
        verbose_name = _("kontakt med familien")
        verbose_name_plural = _("kontakter med familien")
        ordering = ["-contacted_on", "-id"]
        indexes = [models.Index(fields=["family", "-contacted_on"])]

    def __str__(self) -> str:
        return f"{self.family} {self.contacted_on}"
