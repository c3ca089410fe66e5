"""Tenancy, users and their roles, the access log and API tokens."""

import base64
import hashlib
import re
import secrets

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

COAT_OF_ARMS_MAX_BYTES = 200_000
_SVG_FORBIDDEN = re.compile(
    r"<!DOCTYPE|<!ENTITY|<\?xml-stylesheet|<script|<foreignObject|\bon[a-z]+\s*=|javascript:|"
    r"(?:href|src)\s*=\s*[\"'](?!#|data:image/)",
    re.IGNORECASE,
)


def validate_coat_of_arms_svg(value: str) -> None:
    """A coat of arms is one plain SVG picture: no script, no entity, no link to anything outside itself.

    Los shows it as an <img> (a data: address), where a browser never runs script or fetches anything;
    the check is a second wall, and keeps the text to what a picture needs.
    """
    if not value:
        return
    if len(value.encode("utf-8")) > COAT_OF_ARMS_MAX_BYTES:
        raise ValidationError(_("Kommunevåpenet er for stort (høyst 200 kB)."))
    if _SVG_FORBIDDEN.search(value):
        raise ValidationError(_("Kommunevåpenet kan bare være en ren SVG-tegning, uten skript eller lenker."))
    from xml.etree import ElementTree

    try:
        root = ElementTree.fromstring(value.strip())
    except ElementTree.ParseError:
        raise ValidationError(_("Kommunevåpenet er ikke gyldig SVG."))
    if root.tag not in ("svg", "{http://www.w3.org/2000/svg}svg"):
        raise ValidationError(_("Kommunevåpenet er ikke gyldig SVG."))


class Municipality(models.Model):
    """A municipality (kommune): the tenant. Nothing of one municipality is shown to another."""

    name = models.CharField(_("navn"), max_length=120)
    number = models.CharField(
        _("kommunenummer"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("Kommunenummeret har fire sifre."))],
    )
    coat_of_arms_svg = models.TextField(
        _("kommunevåpen (SVG)"),
        blank=True,
        validators=[validate_coat_of_arms_svg],
        help_text=_(
            "Kommunevåpenet som SVG-fil, vist i toppen av hver side. Last opp filen eller lim inn SVG-koden. "
            "Tomt: Los vises uten våpen."
        ),
    )
    consent_requires_all_guardians = models.BooleanField(
        _("samtykke krever alle med foreldreansvar"),
        default=True,
        help_text=_(
            "Uavklart i loven: om begge foreldre med felles foreldreansvar må samtykke. "
            "Trygg standard: alle må samtykke."
        ),
    )
    decision_target_days = models.PositiveSmallIntegerField(
        _("mål for saksbehandlingstid (dager)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_(
            "Kommunens eget mål for dager fra søknaden er mottatt til vedtaket er fattet. "
            "Lederne ser hvor stor andel av vedtakene som holder målet."
        ),
    )

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.number})"

    @property
    def coat_of_arms_data_url(self) -> str:
        """The coat of arms as an image address the page can show (the CSP allows data: images)."""
        if not self.coat_of_arms_svg:
            return ""
        encoded = base64.b64encode(self.coat_of_arms_svg.strip().encode("utf-8")).decode("ascii")
        return f"data:image/svg+xml;base64,{encoded}"


class CoordinatingUnit(models.Model):
    """The municipality's coordinating unit (koordinerende enhet, hol § 7-3)."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="coordinating_unit", verbose_name=_("kommune")
    )
    name = models.CharField(_("navn"), max_length=160)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    # How the unit is addressed on the health network (Norsk Helsenett): its own HER-id under the
    # municipality's organisation (organisation number), as the address register lists them.
    her_id = models.PositiveIntegerField(
        _("HER-id"),
        null=True,
        blank=True,
        unique=True,
        help_text=_("Enhetens id i adresseregisteret for helsenettet."),
    )
    org_number = models.CharField(
        _("kommunens organisasjonsnummer"),
        max_length=9,
        blank=True,
        validators=[RegexValidator(r"^\d{9}$", _("Organisasjonsnummeret har ni sifre."))],
    )

    class Meta:
        verbose_name = _("koordinerende enhet")
        verbose_name_plural = _("koordinerende enheter")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Saksbehandler i koordinerende enhet")
    COORDINATOR = "coordinator", _("Koordinator")
    PROVIDER = "provider", _("Tjenesteyter")
    GUARDIAN = "guardian", _("Foresatt")
    LEADER = "leader", _("Leder")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    """A person who signs in. The role decides the start page; relations decide access."""

    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("kommune"),
    )
    phone = models.CharField(_("telefon"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")

    def clean(self):
        super().clean()
        if self.role and self.role != Role.ADMIN and self.role != Role.GUARDIAN and not self.municipality_id:
            raise ValidationError({"municipality": _("Ansatte må høre til en kommune.")})

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class Cooperation(models.Model):
    """An inter-municipal cooperation (interkommunalt samarbeid): municipalities that run the scheme
    together or compare how they do. Its leaders see the figures over time of every member municipality
    side by side: aggregated figures only, never a family's data."""

    name = models.CharField(_("navn"), max_length=160)
    municipalities = models.ManyToManyField(
        Municipality, related_name="cooperations", verbose_name=_("kommuner")
    )
    leaders = models.ManyToManyField(
        "User",
        related_name="led_cooperations",
        blank=True,
        limit_choices_to={"role": Role.LEADER},
        verbose_name=_("ledere"),
        help_text=_("Ledere som ser tallene over tid for alle kommunene i samarbeidet, side om side."),
    )

    class Meta:
        verbose_name = _("interkommunalt samarbeid")
        verbose_name_plural = _("interkommunale samarbeid")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AccessAction(models.TextChoices):
    READ = "read", _("lest")
    CHANGE = "change", _("endret")
    EXPORT = "export", _("eksportert")


class AccessReason(models.TextChoices):
    """Why the access policy allowed a look at a family's data (Normen, fact sheet 15)."""

    CASEWORKER = "caseworker_in_municipality", _("saksbehandler i koordinerende enhet i kommunen")
    CASEWORKER_NEED_TO_KNOW = (
        "caseworker_need_to_know",
        _("saksbehandler i koordinerende enhet, med oppgitt tjenstlig behov"),
    )
    COORDINATOR = "assigned_coordinator", _("familiens koordinator")
    TEAM_WITH_CONSENT = "team_member_with_consent", _("tjenesteyter i teamet, med samtykke")
    GUARDIAN = "guardian_with_parental_responsibility", _("foresatt med foreldreansvar")


# What was looked at, in plain words for the family ("Hvem har sett opplysningene våre").
RECORD_LABELS = {
    "family": _("familiens oversikt"),
    "family_list": _("familiens navn i en liste"),
    "child": _("opplysninger om barnet"),
    "guardian": _("opplysninger om foresatte"),
    "consents": _("samtykkene"),
    "consent": _("et samtykke"),
    "access_log": _("tilgangsloggen"),
    "application": _("søknaden"),
    "decision": _("vedtaket"),
    "decision_letter": _("vedtaksbrevet"),
    "complaint": _("klagen"),
    "assignment": _("koordinatoroppnevningen"),
    "eligibility": _("vurderingen av retten"),
    "document": _("et dokument i saken"),
    "interim_reply": _("det foreløpige svaret"),
    "complaint_bundle": _("klagen og dokumentene sendt til Statsforvalteren"),
    "change_request": _("ønsket om ny koordinator"),
    "calendar": _("barnets kalender"),
    "appointment": _("en avtale i kalenderen"),
    "appointment_needs": _("behovene for timer"),
    "calendar_limits": _("det familien kan (kalenderen)"),
    "bundling_proposal": _("forslaget til samlede timer"),
    "booking_request": _("en bookingforespørsel"),
    "calendar_import": _("import av timer til kalenderen"),
    "calendar_feed": _("kalenderabonnementet"),
    "individual_plan": _("den individuelle planen"),
    "relay_log": _("stafettloggen"),
    "referrals": _("henvisningene"),
    "referral": _("en henvisning"),
    "responsibility_group": _("ansvarsgruppen, møtene og oppgavene"),
    "consent_request": _("en forespørsel om å utvide samtykket"),
    "meeting": _("et møte"),
    "minutes": _("et møtereferat"),
    "action_item": _("et oppfølgingspunkt"),
    "contact_log": _("kontakten med familien"),
    "follow_up": _("familiens navn i listen over forsinkede oppgaver"),
    "caseload": _("familiens navn i koordinatorens oversikt"),
    "need_to_know": _("oppgitt tjenstlig behov"),
    "notifications": _("varsler om familien"),
    "messages": _("meldingene med helsetjenestene"),
    "message": _("en melding med en helsetjeneste"),
}


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The access log is append-only.")

    def delete(self):
        raise PermissionError("The access log is append-only.")


class AccessLogEntry(models.Model):
    """One read or change of a family's data: who (as they were then), which family, what, when, why.

    Rows are append-only and hash-chained: each row's `hash` covers its own content and the previous
    row's hash, so a changed, deleted or inserted row breaks the chain (`los verify-log`). Rows are
    written only by `los.core.audit`, which assigns `seq` and the hashes under a lock.
    """

    seq = models.BigIntegerField(_("løpenummer"), unique=True)
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="access_log_entries", verbose_name=_("bruker")
    )
    actor_name = models.CharField(_("navn"), max_length=160)
    actor_role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)
    family = models.ForeignKey(
        "people.Family",
        on_delete=models.PROTECT,
        related_name="access_log",
        verbose_name=_("familie"),
        db_index=False,  # the indexes below lead with the family
    )
    action = models.CharField(_("handling"), max_length=10, choices=AccessAction.choices)
    record_type = models.CharField(_("opplysning"), max_length=60)
    record_id = models.CharField(_("post-id"), max_length=40, blank=True)
    reason = models.CharField(_("grunnlag"), max_length=60, choices=AccessReason.choices)
    purpose = models.CharField(_("oppgitt behov"), max_length=400, blank=True)
    channel = models.CharField(_("kanal"), max_length=10, default="web")
    ip_address = models.GenericIPAddressField(_("adresse"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("tilgangslogg")
        verbose_name_plural = _("tilgangslogg")
        ordering = ["-at", "-id"]
        # The family's log, newest first (its pages, the period filter, the paginator's count), and one
        # person's rows in it with their newest first by seq (the person filter, the names in the log).
        # Measured at 10 million rows in bench/access_log.py.
        indexes = [
            models.Index(fields=["family", "-at", "-id"], name="core_log_family_at_id_idx"),
            models.Index(fields=["family", "user", "seq"], name="core_log_family_user_seq_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.record_type}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self.hash:
            raise PermissionError("The access log is append-only; write it through los.core.audit.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The access log is append-only.")

    @property
    def record_label(self) -> str:
        return str(RECORD_LABELS.get(self.record_type, self.record_type.replace("_", " ")))

    @property
    def actor_role_label(self) -> str:
        return str(Role(self.actor_role).label) if self.actor_role in Role.values else self.actor_role


class NeedToKnowReason(models.TextChoices):
    CASEWORK = "casework", _("Behandling av søknad, klage eller oppnevning")
    PLAN_WORK = "plan_work", _("Arbeid med individuell plan som koordinerende enhet har ansvar for")
    COORDINATOR_ABSENT = "coordinator_absent", _("Koordinator er fraværende, og familien trenger hjelp nå")
    SUPERVISION = "supervision", _("Veiledning av koordinatoren i saken")
    FAMILY_ASKED = "family_asked", _("Familien har bedt oss om hjelp")


class NeedToKnow(models.Model):
    """A caseworker's stated need to read a family's plan, minutes, calendar and relay log (tjenstlig
    behov, helsepersonelloven § 21 a and pasientjournalloven § 16): for one day, shown to the family."""

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="need_to_know", verbose_name=_("bruker")
    )
    family = models.ForeignKey(
        "people.Family", on_delete=models.PROTECT, related_name="+", verbose_name=_("familie")
    )
    reason = models.CharField(_("grunn"), max_length=30, choices=NeedToKnowReason.choices)
    explanation = models.CharField(_("forklaring"), max_length=300)
    starts_at = models.DateTimeField(_("fra"), default=timezone.now)
    expires_at = models.DateTimeField(_("til"))

    class Meta:
        verbose_name = _("tjenstlig behov")
        verbose_name_plural = _("tjenstlige behov")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["user", "family", "-expires_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.family_id} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def summary(self) -> str:
        return f"{self.get_reason_display()}: {self.explanation}"


class UserAuditEntry(models.Model):
    """A change of a user's role, municipality or active state, made by another administrator."""

    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="audit_entries", verbose_name=_("bruker")
    )
    changed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("endret av")
    )
    field = models.CharField(_("felt"), max_length=30)
    old_value = models.CharField(_("før"), max_length=200, blank=True)
    new_value = models.CharField(_("etter"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("endring av bruker")
        verbose_name_plural = _("endringer av brukere")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.user_id} {self.field}"


class ApiToken(models.Model):
    """A personal API token. Only a hash is stored; the token is shown once when created."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API-nøkkel")
        verbose_name_plural = _("API-nøkler")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user_id})"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str = "") -> tuple["ApiToken", str]:
        """Create a token for the user; returns the row and the secret, which is not stored."""
        key = "los_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=key[:12], key_hash=cls.hash_key(key))
        return token, key

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
