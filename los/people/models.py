"""People and services: organisations, service units, professionals, families, children, guardians."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from los.core import dates
from los.core.models import Municipality

from .identifiers import validate_national_id, validate_org_number
from .languages import LANGUAGE_CHOICES


def _validate_national_id(value: str) -> None:
    validate_national_id(value)


def _validate_org_number(value: str) -> None:
    validate_org_number(value)


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Kommune")
    HOSPITAL = "hospital", _("Sykehus")
    GP_OFFICE = "gp_office", _("Legekontor")
    SCHOOL = "school", _("Skole")
    KINDERGARTEN = "kindergarten", _("Barnehage")
    NAV = "nav", _("NAV")
    OTHER = "other", _("Annen")


class Organisation(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("kommune")
    )
    name = models.CharField(_("navn"), max_length=160)
    org_number = models.CharField(
        _("organisasjonsnummer"), max_length=9, validators=[_validate_org_number], blank=True
    )
    kind = models.CharField(_("type"), max_length=20, choices=OrganisationKind.choices)
    her_id = models.PositiveIntegerField(
        _("HER-id"),
        null=True,
        blank=True,
        help_text=_("Virksomhetens id i adresseregisteret for helsenettet."),
    )

    class Meta:
        verbose_name = _("organisasjon")
        verbose_name_plural = _("organisasjoner")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Sector(models.TextChoices):
    HEALTH_AND_CARE = "health_and_care", _("Helse- og omsorgstjeneste")
    OTHER_WELFARE = "other_welfare", _("Annen velferdstjeneste")


class Service(models.Model):
    """A service unit in an organisation (tjeneste), addressable by tjenestetype and HER-id."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="services", verbose_name=_("organisasjon")
    )
    name = models.CharField(_("navn"), max_length=160)
    sector = models.CharField(_("sektor"), max_length=20, choices=Sector.choices)
    service_type_code = models.CharField(
        _("tjenestetype (Volven 8663)"),
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^K[A-Z]\d{2,4}$", _("Tjenestetypen skrives som f.eks. KR01."))],
    )
    her_id = models.PositiveIntegerField(_("HER-id"), null=True, blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-post"), blank=True)

    class Meta:
        verbose_name = _("tjeneste")
        verbose_name_plural = _("tjenester")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def municipality_id(self) -> int:
        return self.organisation.municipality_id


class Professional(models.Model):
    """A person in a service (tjenesteyter, coordinator or caseworker)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="professional",
        verbose_name=_("bruker"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="professionals", verbose_name=_("organisasjon")
    )
    services = models.ManyToManyField(
        Service, related_name="professionals", blank=True, verbose_name=_("tjenester")
    )
    profession = models.CharField(_("yrke"), max_length=100, blank=True)
    hpr_number = models.CharField(
        _("HPR-nummer"),
        max_length=9,
        blank=True,
        validators=[RegexValidator(r"^\d{7,9}$", _("HPR-nummeret har 7 til 9 sifre."))],
    )
    languages = models.CharField(
        _("språk"), max_length=100, blank=True, help_text=_("Språkkoder, kommaseparert (f.eks. nb,en,ar).")
    )

    class Meta:
        verbose_name = _("fagperson")
        verbose_name_plural = _("fagpersoner")

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.username


class Family(models.Model):
    """The family: the holder of the right to a child coordinator (pbrl § 2-5 c)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="families", verbose_name=_("kommune")
    )
    name = models.CharField(_("navn"), max_length=120, help_text=_("F.eks. «Familien Hansen»."))
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)

    class Meta:
        verbose_name = _("familie")
        verbose_name_plural = _("familier")
        ordering = ["name", "id"]
        # A municipality's families a page at a time, in name order, without sorting them all.
        indexes = [models.Index(fields=["municipality", "name", "id"], name="family_tenant_name")]

    def __str__(self) -> str:
        return self.name


class Child(models.Model):
    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="children", verbose_name=_("familie")
    )
    first_name = models.CharField(_("fornavn"), max_length=80)
    last_name = models.CharField(_("etternavn"), max_length=80)
    birth_date = models.DateField(_("fødselsdato"), null=True, blank=True)
    expected_due_date = models.DateField(_("termindato"), null=True, blank=True)
    national_id = models.CharField(
        _("fødselsnummer eller D-nummer"), max_length=11, blank=True, validators=[_validate_national_id]
    )

    class Meta:
        verbose_name = _("barn")
        verbose_name_plural = _("barn")
        ordering = ["birth_date", "expected_due_date", "id"]
        # Children turning 18 soon (the start page's transitions) are found by birth date.
        indexes = [models.Index(fields=["birth_date"], name="child_birth_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_date__isnull=False) | Q(expected_due_date__isnull=False),
                name="child_has_birth_or_due_date",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_unborn(self) -> bool:
        return self.birth_date is None

    def age_on(self, day: datetime.date) -> int | None:
        if self.birth_date is None:
            return None
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years

    def clean(self):
        super().clean()
        if self.birth_date is None and self.expected_due_date is None:
            raise ValidationError(_("Oppgi fødselsdato, eller termindato for et barn som ikke er født."))
        if self.birth_date and self.birth_date > dates.today():
            raise ValidationError({"birth_date": _("Fødselsdatoen kan ikke være i fremtiden.")})


class ParentalResponsibility(models.TextChoices):
    JOINT = "joint", _("Felles foreldreansvar")
    MOTHER = "mother", _("Mor alene")
    FATHER = "father", _("Far alene")
    CO_MOTHER = "co_mother", _("Medmor")
    OTHER = "other", _("Annen med foreldreansvar")
    UNKNOWN = "unknown", _("Ukjent")
    NONE = "none", _("Uten foreldreansvar")


RESPONSIBILITY_HOLDERS = [
    ParentalResponsibility.JOINT,
    ParentalResponsibility.MOTHER,
    ParentalResponsibility.FATHER,
    ParentalResponsibility.CO_MOTHER,
    ParentalResponsibility.OTHER,
]


class Guardian(models.Model):
    """A guardian (foresatt). Separated guardians are separate rows, each with their own login."""

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="guardians", verbose_name=_("familie")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guardianships",
        verbose_name=_("innlogging"),
    )
    first_name = models.CharField(_("fornavn"), max_length=80)
    last_name = models.CharField(_("etternavn"), max_length=80)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    parental_responsibility = models.CharField(
        _("foreldreansvar"), max_length=20, choices=ParentalResponsibility.choices
    )
    preferred_language = models.CharField(
        _("foretrukket språk"), max_length=10, choices=LANGUAGE_CHOICES, default="nb"
    )
    interpreter_needed = models.BooleanField(_("trenger tolk"), default=False)
    national_id = models.CharField(
        _("fødselsnummer eller D-nummer"), max_length=11, blank=True, validators=[_validate_national_id]
    )

    class Meta:
        verbose_name = _("foresatt")
        verbose_name_plural = _("foresatte")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def has_parental_responsibility(self) -> bool:
        return self.parental_responsibility in RESPONSIBILITY_HOLDERS
