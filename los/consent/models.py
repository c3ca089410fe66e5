"""Consent (samtykke): what the family allows to be shared, with which services, until when.

A consent row is never edited after it is given: extending it means a new consent. Signatures and the
withdrawal are recorded beside it, so the history stays whole (helsepersonelloven §§ 21-22, fvl § 13 a).
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from los.people.models import Family, Guardian, Service


class ConsentStatus(models.TextChoices):
    PENDING = "pending", _("Venter på samtykke fra alle foresatte")
    ACTIVE = "active", _("Gjelder")
    FUTURE = "future", _("Gjelder fra startdato")
    EXPIRED = "expired", _("Utløpt")
    WITHDRAWN = "withdrawn", _("Trukket tilbake")


class ConsentQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date):
        """Consents in force on `day`: fully given, started, not ended, not withdrawn."""
        return self.filter(
            effective_at__isnull=False,
            withdrawn_at__isnull=True,
            starts_on__lte=day,
        ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))

    def active(self):
        return self.active_on(timezone.localdate())


class Consent(models.Model):
    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, related_name="consents", verbose_name=_("familie")
    )
    services = models.ManyToManyField(Service, related_name="consents", verbose_name=_("tjenester"))
    purpose = models.CharField(
        _("formål"),
        max_length=300,
        default=_("Samarbeid og deling av opplysninger mellom tjenestene rundt barnet"),
    )
    covers_individual_plan = models.BooleanField(_("samtykke til individuell plan"), default=False)
    starts_on = models.DateField(_("fra dato"))
    ends_on = models.DateField(_("til dato"), null=True, blank=True)
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrert av")
    )
    effective_at = models.DateTimeField(
        _("gitt av alle som må samtykke"),
        null=True,
        blank=True,
        help_text=_("Satt når siste påkrevde samtykke er gitt."),
    )
    withdrawn_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("trukket tilbake av"),
    )
    withdrawal_reason = models.CharField(_("grunn"), max_length=300, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("samtykke")
        verbose_name_plural = _("samtykker")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="consent_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.family} {self.starts_on}"

    def status_on(self, day: datetime.date) -> str:
        if self.withdrawn_at:
            return ConsentStatus.WITHDRAWN
        if self.effective_at is None:
            return ConsentStatus.PENDING
        if self.ends_on and self.ends_on < day:
            return ConsentStatus.EXPIRED
        if self.starts_on > day:
            return ConsentStatus.FUTURE
        return ConsentStatus.ACTIVE

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    def get_status_display(self) -> str:
        return ConsentStatus(self.status).label


class ConsentSignature(models.Model):
    """One guardian's giving of a consent."""

    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="signatures")
    guardian = models.ForeignKey(Guardian, on_delete=models.PROTECT, related_name="consent_signatures")
    given_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consent", "guardian"], name="one_signature_per_guardian")
        ]
        ordering = ["given_at"]

    def __str__(self) -> str:
        return f"{self.guardian} {self.given_at:%Y-%m-%d}"
