"""Consent (samtykke): what the family allows to be shared, with which services, until when.

A consent row is never edited after it is given: extending it means a new consent. Signatures and the
withdrawal are recorded beside it, so the history stays whole (helsepersonelloven §§ 21-22, fvl § 13 a).
When a new service should join the team, the coordinator asks the family to extend the consent
(`ConsentExtensionRequest`); the guardian's yes gives the new consent.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from los.core import dates
from los.people.models import Family, Guardian, Professional, Service


class ConsentStatus(models.TextChoices):
    """Where a consent stands on a given day."""

    PENDING = "pending", _("Venter på samtykke fra alle foresatte")
    ACTIVE = "active", _("Gjelder")
    FUTURE = "future", _("Gjelder fra startdato")
    EXPIRED = "expired", _("Utløpt")
    WITHDRAWN = "withdrawn", _("Trukket tilbake")


class ConsentQuerySet(models.QuerySet):
    """Consents by whether they are in force."""

    def active_on(self, day: datetime.date):
        """Consents in force on `day`: fully given, started, not ended, not withdrawn."""
        return self.filter(
            effective_at__isnull=False,
            withdrawn_at__isnull=True,
            starts_on__lte=day,
        ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))

    def active(self):
        """Consents in force today (in Norway)."""
        return self.active_on(dates.today())


class Consent(models.Model):
    """What the family allows to be shared, with which services, from when until when (helsepersonelloven
    §§ 21-22, forvaltningsloven § 13 a). Never edited once given: a change is a new consent."""

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
    lock_version = models.PositiveIntegerField(_("endringsnummer"), default=1, editable=False)

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
        return self.status_on(dates.today())

    def get_status_display(self) -> str:
        return ConsentStatus(self.status).label


class ConsentSignature(models.Model):
    """One guardian's giving of a consent: in their own pages, or on a paper form that staff registered
    (`on_paper`, with the date the guardian signed it and who registered it; fvl § 13 a, hpl § 22)."""

    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="signatures")
    guardian = models.ForeignKey(Guardian, on_delete=models.PROTECT, related_name="consent_signatures")
    given_at = models.DateTimeField(_("registrert"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrert av")
    )
    on_paper = models.BooleanField(_("gitt på papir"), default=False)
    signed_on = models.DateField(
        _("dato for underskrift"),
        null=True,
        blank=True,
        help_text=_("Datoen den foresatte skrev under på papirskjemaet."),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consent", "guardian"], name="one_signature_per_guardian")
        ]
        ordering = ["given_at"]

    def __str__(self) -> str:
        return f"{self.guardian} {self.given_at:%Y-%m-%d}"


class RequestStatus(models.TextChoices):
    """Where a request to extend the consent stands."""

    PENDING = "pending", _("Venter på svar")
    ACCEPTED = "accepted", _("Familien har sagt ja")
    DECLINED = "declined", _("Familien har sagt nei")


class ConsentExtensionRequest(models.Model):
    """The coordinator asks the family to let one more service join: the consent must cover it first
    (helsepersonelloven §§ 21-22, forvaltningsloven § 13 a). A guardian answers in the family's pages."""

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="consent_requests", verbose_name=_("familie")
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="+", verbose_name=_("tjeneste")
    )
    professional = models.ForeignKey(
        Professional, on_delete=models.PROTECT, related_name="+", verbose_name=_("fagperson")
    )
    role = models.CharField(_("rolle i teamet"), max_length=120, blank=True)
    reason = models.TextField(_("hvorfor tjenesten bør være med"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("spurt av")
    )
    requested_at = models.DateTimeField(_("spurt"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("svart av"),
    )
    answered_at = models.DateTimeField(_("svart"), null=True, blank=True)
    consent = models.ForeignKey(
        Consent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nytt samtykke"),
    )

    class Meta:
        db_table = "team_consentextensionrequest"  # the table from when the request lived in the team app
        verbose_name = _("forespørsel om utvidet samtykke")
        verbose_name_plural = _("forespørsler om utvidet samtykke")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "service", "professional"],
                condition=Q(status="pending"),
                name="one_pending_consent_request_per_service",
            )
        ]

    def __str__(self) -> str:
        return f"{self.family}: {self.service}"
