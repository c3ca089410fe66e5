"""The individual plan (individuell plan) with its versions, and the BTI relay log (stafettlogg).

The plan holds what forskrift om habilitering, rehabilitering, individuell plan og koordinator § 21 and
pasient- og brukerrettighetsloven § 2-5 require (the nine points in docs/plans.md). A plan has versions:
the newest is the working version the coordinator edits; a revision freezes it and copies it into a new
one, so earlier versions are never changed (copy-on-revise). Goals and measures keep a `lineage` id across
versions, which is how two versions are compared goal by goal and measure by measure.

The relay log shares the Goal and Measure models with the plan: a goal belongs either to a plan version or
to a relay log, never both. Carrying a log into a plan copies its goals and measures into a plan version.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from los.consent.models import Consent
from los.people.models import Child, Family, Service


class FrozenError(PermissionError):
    """A frozen plan version, or a closed relay log, is never changed."""


class IndividualPlan(models.Model):
    """A family's individual plan. Its content lives in its versions (`PlanVersion`)."""

    family = models.OneToOneField(
        Family, on_delete=models.PROTECT, related_name="individual_plan", verbose_name=_("familie")
    )
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("barn")
    )
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("opprettet av")
    )

    class Meta:
        verbose_name = _("individuell plan")
        verbose_name_plural = _("individuelle planer")

    def __str__(self) -> str:
        return f"{self.family}"


class PlanVersion(models.Model):
    """One version of the plan. Only the newest (not frozen) version may change."""

    plan = models.ForeignKey(IndividualPlan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("versjon"))
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("opprettet av")
    )
    revision_note = models.TextField(_("hva som er endret, og hvorfor"), blank=True)
    frozen_at = models.DateTimeField(_("låst"), null=True, blank=True)
    # 1. goals (see Goal), resources and needs
    resources = models.TextField(_("ressurser: det barnet og familien får til"), blank=True)
    needs = models.TextField(_("behov"), blank=True)
    # 3. the named coordinator, as it was when the version was last saved
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("koordinator"),
    )
    coordinator_name = models.CharField(_("koordinator"), max_length=160, blank=True)
    # 4. what the person, services, others and relatives contribute
    child_contribution = models.TextField(_("det barnet selv bidrar med"), blank=True)
    relatives_contribution = models.TextField(_("det familien og pårørende bidrar med"), blank=True)
    services_contribution = models.TextField(_("det tjenestene bidrar med"), blank=True)
    others_contribution = models.TextField(_("det andre bidrar med"), blank=True)
    # 7. the plan period and dates for revision
    period_start = models.DateField(_("planen gjelder fra"))
    period_end = models.DateField(_("planen gjelder til"), null=True, blank=True)
    next_revision_on = models.DateField(_("neste revisjon"))
    # 8. consent to the plan and to sharing with the participants
    consent = models.ForeignKey(
        Consent, on_delete=models.PROTECT, related_name="+", verbose_name=_("samtykke til planen")
    )
    # 9. cooperation with other services and agencies
    cooperation = models.TextField(_("samarbeid med andre tjenester og etater"), blank=True)

    class Meta:
        verbose_name = _("planversjon")
        verbose_name_plural = _("planversjoner")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique"),
            models.UniqueConstraint(
                fields=["plan"], condition=Q(frozen_at__isnull=True), name="one_working_version_per_plan"
            ),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True) | Q(period_end__gte=models.F("period_start")),
                name="plan_period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None and PlanVersion.objects.filter(pk=self.pk, frozen_at__isnull=False).exists():
            raise FrozenError("An earlier version of a plan is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenError("A plan version is never deleted.")

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class Participant(models.Model):
    """2. Who takes part in the planning: the child, guardians, professionals, others."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("navn"), max_length=160)
    role = models.CharField(
        _("rolle"), max_length=160, help_text=_("F.eks. «mor», «kontaktlærer», «fysioterapeut».")
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("tjeneste")
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("deltaker")
        verbose_name_plural = _("deltakere")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


class RelayLevel(models.IntegerChoices):
    """BTI levels (Bedre tverrfaglig innsats)."""

    CLARIFY = 0, _("Nivå 0: avklare om det er grunn til bekymring")
    ONE_SERVICE = 1, _("Nivå 1: tiltak i én tjeneste")
    TWO_SERVICES = 2, _("Nivå 2: enkelt samarbeid, mest mellom to tjenester")
    SEVERAL_SERVICES = 3, _("Nivå 3: bredt samarbeid mellom flere tjenester")


class RelayLog(models.Model):
    """The BTI relay log (stafettlogg): a concern, the relay holder and the shared work around the child.

    It exists only with consent; the guardians read all of it and may close it. When the child gets a
    plan, the log is closed and its goals and measures continue in the plan (`carried_into`).
    """

    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, related_name="relay_logs", verbose_name=_("familie")
    )
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("barn")
    )
    concern = models.TextField(_("bekymringen"))
    level = models.PositiveSmallIntegerField(_("nivå"), choices=RelayLevel.choices)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="relay_logs_held",
        verbose_name=_("stafettholder"),
    )
    services = models.ManyToManyField(
        Service, related_name="+", blank=True, verbose_name=_("tjenester som er med")
    )
    opened_on = models.DateField(_("opprettet"), default=timezone.localdate)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("opprettet av")
    )
    closed_at = models.DateTimeField(_("avsluttet"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("avsluttet av"),
    )
    close_reason = models.TextField(_("hvorfor loggen er avsluttet"), blank=True)
    carried_into = models.ForeignKey(
        PlanVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="from_relay_logs",
        verbose_name=_("videreført i individuell plan"),
    )

    class Meta:
        verbose_name = _("stafettlogg")
        verbose_name_plural = _("stafettlogger")
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=0) & Q(level__lte=3), name="relay_level_0_to_3"),
        ]

    def __str__(self) -> str:
        return f"{self.family} ({self.opened_on})"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class RelayHandover(models.Model):
    """A handover of the baton. It waits until the new holder accepts; until then the old holder keeps it."""

    relay_log = models.ForeignKey(RelayLog, on_delete=models.CASCADE, related_name="handovers")
    from_holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    to_holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="relay_handovers_offered",
        verbose_name=_("ny stafettholder"),
    )
    note = models.TextField(_("beskjed til den nye stafettholderen"), blank=True)
    offered_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-offered_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["relay_log"],
                condition=Q(accepted_at__isnull=True, declined_at__isnull=True, withdrawn_at__isnull=True),
                name="one_open_handover_per_relay_log",
            )
        ]

    def __str__(self) -> str:
        return f"{self.relay_log} → {self.to_holder}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.declined_at is None and self.withdrawn_at is None


class EntryKind(models.TextChoices):
    MEETING_NOTE = "meeting_note", _("Kort møtenotat")
    POSITIVE = "positive", _("Positiv observasjon")
    MESSAGE = "message", _("Beskjed")
    EVENT = "event", _("Hendelse")


class RelayEntry(models.Model):
    """A line in the relay log: a short meeting note (the log replaces minutes), a positive observation,
    a message."""

    relay_log = models.ForeignKey(RelayLog, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("type"), max_length=20, choices=EntryKind.choices)
    happened_on = models.DateField(_("dato"), default=timezone.localdate)
    text = models.TextField(_("tekst"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-happened_on", "-id"]

    def __str__(self) -> str:
        return f"{self.happened_on} {self.get_kind_display()}"


class Voice(models.TextChoices):
    CHILD = "child", _("Barnet")
    FAMILY = "family", _("Familien")
    CHILD_AND_FAMILY = "child_and_family", _("Barnet og familien")


class Goal(models.Model):
    """What the child and the family want, in their own words. Belongs to a plan version or a relay log."""

    version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, null=True, blank=True, related_name="goals"
    )
    relay_log = models.ForeignKey(
        RelayLog, on_delete=models.CASCADE, null=True, blank=True, related_name="goals"
    )
    lineage = models.UUIDField(default=uuid.uuid4, editable=False)
    text = models.TextField(_("målet med egne ord"))
    voice = models.CharField(
        _("hvem sine ord"), max_length=20, choices=Voice.choices, default=Voice.CHILD_AND_FAMILY
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(version__isnull=False) & Q(relay_log__isnull=True))
                | (Q(version__isnull=True) & Q(relay_log__isnull=False)),
                name="goal_in_plan_or_relay_log",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Measure(models.Model):
    """What is done towards a goal: by which service and person, how much, how, and when it is evaluated."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="measures", verbose_name=_("mål"))
    lineage = models.UUIDField(default=uuid.uuid4, editable=False)
    description = models.TextField(_("tiltak"))
    responsible_service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarlig tjeneste"),
    )
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarlig person"),
    )
    scope = models.CharField(_("omfang"), max_length=200, blank=True, help_text=_("F.eks. «to timer i uka»."))
    how = models.TextField(_("slik gjennomføres tiltaket"), blank=True)
    starts_on = models.DateField(_("starter"), null=True, blank=True)
    ends_on = models.DateField(_("slutter"), null=True, blank=True)
    evaluate_on = models.DateField(_("neste evaluering"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="measure_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.description[:60]


class EvaluationOutcome(models.TextChoices):
    CONTINUE = "continue", _("Fortsetter som før")
    ADJUST = "adjust", _("Endres")
    END = "end", _("Avsluttes")


class Evaluation(models.Model):
    """How a measure went, on its evaluation date. Kept with the measure's version, shown along its
    lineage."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="evaluations")
    due_on = models.DateField(_("skulle evalueres"), null=True, blank=True)
    evaluated_on = models.DateField(_("evaluert"))
    text = models.TextField(_("hvordan har det gått?"))
    outcome = models.CharField(_("videre"), max_length=20, choices=EvaluationOutcome.choices)
    evaluated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-evaluated_on", "-id"]

    def __str__(self) -> str:
        return f"{self.measure} {self.evaluated_on}"


class PlanComment(models.Model):
    """A guardian's (or staff member's) comment on a version of the plan."""

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("kommentar"))
    created_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(_("lest av koordinator"), null=True, blank=True)
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:60]


# The relay log's goals, measures and evaluations live in the same tables as the plan's, but belong to
# another area of the record policy (the relay log, not the plan): these proxies name them, so the policy
# can say how they hang on the family and who sees them (`los.plans.policy`).


class RelayGoal(Goal):
    class Meta:
        proxy = True
        verbose_name = _("mål i stafettloggen")
        verbose_name_plural = _("mål i stafettloggen")


class RelayMeasure(Measure):
    class Meta:
        proxy = True
        verbose_name = _("tiltak i stafettloggen")
        verbose_name_plural = _("tiltak i stafettloggen")


class RelayEvaluation(Evaluation):
    class Meta:
        proxy = True
        verbose_name = _("evaluering i stafettloggen")
        verbose_name_plural = _("evalueringer i stafettloggen")
