"""The individual plan (individuell plan) with its versions.

The plan holds what forskrift om habilitering, rehabilitering, individuell plan og koordinator § 21 and
pasient- og brukerrettighetsloven § 2-5 require (the nine points in docs/plans.md). A plan has versions:
the newest is the working version the coordinator edits; a revision freezes it and copies it into a new
one, so earlier versions are never changed (copy-on-revise). Goals and measures keep a `lineage` id across
versions, which is how two versions are compared goal by goal and measure by measure.

The BTI relay log (stafettlogg, `los.team.models.relay`) shares the Goal, Measure and Evaluation models with
the plan: a goal belongs either to a plan version or to a relay log, never both. Carrying a log into a plan
copies its goals and measures into a plan version.
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

    @property
    def for_whom(self) -> str:
        """Whom the plan is for: «Ola Moen (f. 2016)», or «hele familien» when it names no child."""
        from django.utils.translation import gettext

        return child_label(self.child) if self.child_id else gettext("hele familien")

    @property
    def title(self) -> str:
        """«Individuell plan for Ola Moen (f. 2016)» (or «for hele familien»)."""
        from django.utils.translation import gettext

        return gettext("Individuell plan for %(whom)s") % {"whom": self.for_whom}


def child_label(child: Child) -> str:
    """A child as the plan names them: the full name with the birth year (or the due date's year for an
    unborn child), so two children with similar names are never confused."""
    from django.utils.translation import gettext

    if child.birth_date:
        return gettext("%(name)s (f. %(year)s)") % {"name": child.full_name, "year": child.birth_date.year}
    if child.expected_due_date:
        return gettext("%(name)s (termin %(year)s)") % {
            "name": child.full_name,
            "year": child.expected_due_date.year,
        }
    return child.full_name


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
    lock_version = models.PositiveIntegerField(_("endringsnummer"), default=1, editable=False)

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
        "team.RelayLog", on_delete=models.CASCADE, null=True, blank=True, related_name="goals"
    )
    lineage = models.UUIDField(default=uuid.uuid4, editable=False)
    text = models.TextField(_("målet med egne ord"))
    voice = models.CharField(
        _("hvem sine ord"), max_length=20, choices=Voice.choices, default=Voice.CHILD_AND_FAMILY
    )
    position = models.PositiveIntegerField(default=0)
    lock_version = models.PositiveIntegerField(_("endringsnummer"), default=1, editable=False)

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
    lock_version = models.PositiveIntegerField(_("endringsnummer"), default=1, editable=False)

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
