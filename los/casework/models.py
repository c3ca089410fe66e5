"""Applications, assessments, interim replies, decisions and complaints: the coordinating unit's case.

The case moves: application received -> eligibility assessed (engine + caseworker) -> interim reply when
the answer takes more than a month (fvl § 11 a) -> decision with letter -> coordinator appointed. A
complaint goes to the municipality first, which reconsiders and upholds it with a new decision or
forwards it to Statsforvalteren (pasient- og brukerrettighetsloven § 7-2).

Decisions are never edited once made: a new decision replaces the old one and both are kept. The
appointment of the coordinator, the coordinators' profiles, training and change requests are in
`los.coordinators`.

The tables were created by the former `intake` app and keep its names (`intake_*`): the models moved, the
rows did not (migrations `casework/0001_models_from_intake`, `intake/0003`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from los.people.languages import LANGUAGE_CHOICES
from los.people.models import Child, Family


class CoordinatorKind(models.TextChoices):
    COORDINATOR = "coordinator", _("Koordinator")
    CHILD_COORDINATOR = "child_coordinator", _("Barnekoordinator")


class Right(models.TextChoices):
    """The three rights (pbrl §§ 2-5, 2-5 b, 2-5 c)."""

    INDIVIDUAL_PLAN = "individual_plan", _("Individuell plan")
    COORDINATOR = "coordinator", _("Koordinator")
    CHILD_COORDINATOR = "child_coordinator", _("Barnekoordinator")


class Channel(models.TextChoices):
    PORTAL = "portal", _("Søknad i Los (familiens sider)")
    LETTER = "letter", _("Brev")
    PHONE = "phone", _("Telefon")
    EMAIL = "email", _("E-post")
    HEALTH_NETWORK = "health_network", _("Helsenettet (melding)")
    MEETING = "meeting", _("Møte")


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", _("Mottatt")
    ASSESSING = "assessing", _("Under vurdering")
    DECIDED = "decided", _("Avgjort")
    WITHDRAWN = "withdrawn", _("Trukket")


class Application(models.Model):
    """A request for a coordinator, a child coordinator and/or an individual plan (søknad)."""

    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, related_name="applications", verbose_name=_("familie")
    )
    child = models.ForeignKey(
        Child,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("barn"),
        null=True,
        blank=True,
    )
    channel = models.CharField(
        _("mottatt som"), max_length=20, choices=Channel.choices, default=Channel.PORTAL
    )
    received_on = models.DateField(_("mottatt dato"))
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.RECEIVED
    )
    wants_coordinator = models.BooleanField(_("ønsker koordinator"), default=False)
    wants_child_coordinator = models.BooleanField(_("ønsker barnekoordinator"), default=False)
    wants_individual_plan = models.BooleanField(_("ønsker individuell plan"), default=False)
    about_child = models.TextField(_("om barnet og hva familien trenger hjelp til"), blank=True)
    health_and_care_services = models.JSONField(_("helse- og omsorgstjenester"), default=list, blank=True)
    other_welfare_services = models.JSONField(_("andre velferdstjenester"), default=list, blank=True)
    wished_coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ønsket koordinator"),
    )
    wishes = models.TextField(_("familiens ønsker for koordinatoren"), blank=True)
    child_views = models.TextField(_("barnets mening"), blank=True)
    preferred_language = models.CharField(
        _("språk familien vil bruke"), max_length=10, choices=LANGUAGE_CHOICES, default="nb"
    )
    interpreter_needed = models.BooleanField(_("trenger tolk"), default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrert av")
    )
    created_at = models.DateTimeField(_("registrert"), default=timezone.now)

    history = HistoricalRecords(table_name="intake_historicalapplication", excluded_fields=["created_at"])

    class Meta:
        db_table = "intake_application"
        verbose_name = _("søknad")
        verbose_name_plural = _("søknader")
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["status", "received_on"])]

    def __str__(self) -> str:
        return f"{self.family} ({self.received_on:%d.%m.%Y})"

    @property
    def wanted_rights(self) -> list[str]:
        wanted = [
            (self.wants_individual_plan, Right.INDIVIDUAL_PLAN),
            (self.wants_coordinator, Right.COORDINATOR),
            (self.wants_child_coordinator, Right.CHILD_COORDINATOR),
        ]
        return [right for flag, right in wanted if flag]

    @property
    def wanted_labels(self) -> list[str]:
        return [str(Right(r).label) for r in self.wanted_rights]


class ApplicationDocument(models.Model):
    """A document in the case (the letter, a doctor's statement ...). Kept, never replaced."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="documents", verbose_name=_("søknad")
    )
    title = models.CharField(_("tittel"), max_length=200)
    filename = models.CharField(_("filnavn"), max_length=200)
    content_type = models.CharField(_("filtype"), max_length=100)
    content = models.BinaryField(_("innhold"))
    size = models.PositiveIntegerField(_("størrelse (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("lagt til av")
    )
    uploaded_at = models.DateTimeField(_("lagt til"), default=timezone.now)

    class Meta:
        db_table = "intake_applicationdocument"
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenter")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title


class EligibilityAssessment(models.Model):
    """The engine's result on the facts the caseworker entered (`los.casework.eligibility`), as it was."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("søknad")
    )
    assessed_on = models.DateField(_("vurderingsdato"))
    facts = models.JSONField(_("fakta"))
    result = models.JSONField(_("resultat"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("vurdert av")
    )
    created_at = models.DateTimeField(_("tidspunkt"), default=timezone.now)

    class Meta:
        db_table = "intake_eligibilityassessment"
        verbose_name = _("vurdering av vilkår")
        verbose_name_plural = _("vurderinger av vilkår")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.application} ({self.assessed_on:%d.%m.%Y})"


class CriterionStatus(models.TextChoices):
    YES = "yes", _("Oppfylt")
    NO = "no", _("Ikke oppfylt")
    UNKNOWN = "unknown", _("Ikke avklart")


class CriterionReview(models.Model):
    """The caseworker's confirmation or override of one criterion the engine assessed."""

    assessment = models.ForeignKey(
        EligibilityAssessment, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("vurdering")
    )
    right = models.CharField(_("rettighet"), max_length=20, choices=Right.choices)
    code = models.CharField(_("vilkår"), max_length=60)
    engine_status = models.CharField(_("regelmotorens svar"), max_length=10, choices=CriterionStatus.choices)
    status = models.CharField(_("saksbehandlerens svar"), max_length=10, choices=CriterionStatus.choices)
    reason = models.TextField(_("begrunnelse"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("vurdert av")
    )
    reviewed_at = models.DateTimeField(_("tidspunkt"), default=timezone.now)

    history = HistoricalRecords(table_name="intake_historicalcriterionreview")

    class Meta:
        db_table = "intake_criterionreview"
        verbose_name = _("vurdering av ett vilkår")
        verbose_name_plural = _("vurderinger av vilkår")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "right", "code"], name="one_review_per_criterion"),
            models.CheckConstraint(
                condition=Q(status=models.F("engine_status")) | ~Q(reason=""),
                name="override_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.right}: {self.code}"

    @property
    def overridden(self) -> bool:
        return self.status != self.engine_status


class InterimReply(models.Model):
    """Foreløpig svar (forvaltningsloven § 11 a): why the answer takes time and when it will come."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="interim_replies", verbose_name=_("søknad")
    )
    sent_on = models.DateField(_("sendt"))
    reason = models.TextField(_("hvorfor det tar tid"))
    expected_by = models.DateField(_("svar ventet innen"))
    letter_text = models.TextField(_("brevtekst"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("sendt av")
    )

    class Meta:
        db_table = "intake_interimreply"
        verbose_name = _("foreløpig svar")
        verbose_name_plural = _("foreløpige svar")
        ordering = ["sent_on", "id"]

    def __str__(self) -> str:
        return f"{self.application} ({self.sent_on:%d.%m.%Y})"


class Outcome(models.TextChoices):
    GRANTED = "granted", _("Innvilget")
    PARTLY = "partly", _("Delvis innvilget")
    REFUSED = "refused", _("Avslått")
    NOT_APPLIED = "not_applied", _("Ikke søkt om")


class Decision(models.Model):
    """A decision (vedtak) on an application, with its letter. Never edited: a new one replaces it."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("søknad")
    )
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("erstatter vedtak"),
    )
    assessment = models.ForeignKey(
        EligibilityAssessment, on_delete=models.PROTECT, related_name="+", verbose_name=_("vurdering")
    )
    decided_on = models.DateField(_("vedtaksdato"))
    valid_from = models.DateField(_("gjelder fra"))
    notified_on = models.DateField(_("familien fikk vedtaket"))
    complaint_deadline = models.DateField(_("klagefrist"))
    facts = models.TextField(_("faktum vi bygger på"))
    family_views = models.TextField(_("familiens syn"))
    child_views = models.TextField(_("barnets syn"), blank=True)
    weighing = models.TextField(_("hvordan synene er vektlagt"))
    legal_basis = models.JSONField(_("hjemmel"), default=list)
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kontaktperson")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("fattet av")
    )
    created_at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    letter_pdf = models.BinaryField(_("vedtaksbrev (PDF)"))

    class Meta:
        db_table = "intake_decision"
        verbose_name = _("vedtak")
        verbose_name_plural = _("vedtak")
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.application} – {self.decided_on:%d.%m.%Y}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("A decision is never edited; make a new one that replaces it.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("A decision is never deleted.")

    @property
    def is_replaced(self) -> bool:
        return hasattr(self, "replaced_by")


class DecisionRight(models.Model):
    """The outcome for one right in a decision, with reasons per criterion (snapshot, never edited)."""

    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="rights", verbose_name=_("vedtak")
    )
    right = models.CharField(_("rettighet"), max_length=20, choices=Right.choices)
    outcome = models.CharField(_("resultat"), max_length=20, choices=Outcome.choices)
    reasons = models.TextField(_("begrunnelse"), blank=True)
    assessed_status = models.CharField(
        _("vurdert etter loven"), max_length=10, choices=CriterionStatus.choices
    )
    more_generous_than_law = models.TextField(
        _("hvorfor kommunen gir mer enn loven krever"),
        blank=True,
        help_text=_("Fylles ut når retten innvilges uten at vilkårene i loven er oppfylt."),
    )
    criteria = models.JSONField(_("vilkår"), default=list)
    law = models.JSONField(_("hjemmel"), default=list)

    class Meta:
        db_table = "intake_decisionright"
        verbose_name = _("vedtak om én rettighet")
        verbose_name_plural = _("vedtak om rettigheter")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["decision", "right"], name="one_outcome_per_right")]

    def __str__(self) -> str:
        return f"{self.get_right_display()}: {self.get_outcome_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("A decision is never edited; make a new one that replaces it.")
        super().save(*args, **kwargs)

    @property
    def granted(self) -> bool:
        return self.outcome in (Outcome.GRANTED, Outcome.PARTLY)


class ComplaintState(models.TextChoices):
    RECEIVED = "received", _("Klagen er mottatt")
    RECONSIDERING = "reconsidering", _("Kommunen vurderer saken på nytt")
    UPHELD = "upheld", _("Klagen er tatt til følge – nytt vedtak")
    FORWARDED = "forwarded", _("Sendt til Statsforvalteren")


class Complaint(models.Model):
    """A complaint on a decision (pbrl § 7-2, deadline § 7-5): received by the municipality first."""

    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("vedtak")
    )
    state = models.CharField(
        _("status"), max_length=20, choices=ComplaintState.choices, default=ComplaintState.RECEIVED
    )
    channel = models.CharField(
        _("mottatt som"), max_length=20, choices=Channel.choices, default=Channel.PORTAL
    )
    received_on = models.DateField(_("mottatt"))
    grounds = models.TextField(_("hva familien klager på, og hvorfor"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrert av")
    )
    reconsideration_started_on = models.DateField(_("ny vurdering startet"), null=True, blank=True)
    resolved_on = models.DateField(_("avgjort i kommunen"), null=True, blank=True)
    new_decision = models.OneToOneField(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="upholds_complaint",
        verbose_name=_("nytt vedtak"),
    )
    municipality_assessment = models.TextField(_("kommunens vurdering av klagen"), blank=True)
    forwarded_on = models.DateField(_("sendt til Statsforvalteren"), null=True, blank=True)
    bundle_pdf = models.BinaryField(_("oversendelse (PDF)"), null=True, blank=True)

    history = HistoricalRecords(table_name="intake_historicalcomplaint", excluded_fields=["bundle_pdf"])

    class Meta:
        db_table = "intake_complaint"
        verbose_name = _("klage")
        verbose_name_plural = _("klager")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.decision} ({self.received_on:%d.%m.%Y})"

    @property
    def is_open(self) -> bool:
        return self.state in (ComplaintState.RECEIVED, ComplaintState.RECONSIDERING)

    @property
    def late(self) -> bool:
        return self.received_on > self.decision.complaint_deadline
