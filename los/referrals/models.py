"""Referrals (henvisninger) to services and to patient and user organisations, and the directory of
organisations the coordinating unit keeps.

A child coordinator gives the family information and guidance about patient and user organisations and
refers them on (pasient- og brukerrettighetsloven § 2-5 c, helse- og omsorgstjenesteloven § 7-2 a).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from los.core import dates
from los.core.models import Municipality
from los.people.models import Family, Service


class PatientOrganisation(models.Model):
    """A patient and user organisation in the municipality's directory (kept by the coordinating unit)."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="patient_organisations",
        verbose_name=_("kommune"),
    )
    name = models.CharField(_("navn"), max_length=200)
    helps_with = models.TextField(_("hva de hjelper med"))
    contact = models.CharField(_("kontakt"), max_length=200, blank=True, help_text=_("Telefon eller e-post."))
    website = models.URLField(_("nettside"), blank=True)
    active = models.BooleanField(_("vises i katalogen"), default=True)

    class Meta:
        verbose_name = _("pasient- og brukerorganisasjon")
        verbose_name_plural = _("pasient- og brukerorganisasjoner")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="patient_organisation_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sendt, ikke svart")
    ACCEPTED = "accepted", _("Takket ja")
    DECLINED = "declined", _("Takket nei")
    WAITING = "waiting", _("Satt på venteliste")


ANSWERED = [ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.WAITING]


class Referral(models.Model):
    """The coordinator refers the family to a service or an organisation and tracks the answer."""

    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("familie")
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("tjeneste"),
    )
    organisation = models.ForeignKey(
        PatientOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("organisasjon"),
    )
    reason = models.TextField(_("hva familien trenger hjelp til"))
    sent_on = models.DateField(_("sendt"), default=dates.today)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("sendt av")
    )
    status = models.CharField(
        _("svar"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    answered_on = models.DateField(_("svar mottatt"), null=True, blank=True)
    answer_note = models.TextField(_("notat om svaret"), blank=True)
    expected_start_on = models.DateField(_("forventet oppstart"), null=True, blank=True)

    class Meta:
        verbose_name = _("henvisning")
        verbose_name_plural = _("henvisninger")
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(service__isnull=False) & Q(organisation__isnull=True))
                | (Q(service__isnull=True) & Q(organisation__isnull=False)),
                name="referral_to_service_or_organisation",
            ),
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=models.F("sent_on")),
                name="referral_answered_after_sent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family} → {self.target}"

    @property
    def target(self):
        return self.service or self.organisation

    @property
    def target_name(self) -> str:
        if self.service_id:
            return f"{self.service.name} ({self.service.organisation.name})"
        return self.organisation.name

    @property
    def is_answered(self) -> bool:
        return self.status in ANSWERED
