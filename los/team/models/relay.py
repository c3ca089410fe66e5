"""The BTI relay log (stafettlogg): a concern, the relay holder, the handovers of the baton and the log's
lines, with the goals and measures worked on around the child.

BTI (Bedre tverrfaglig innsats, Helsedirektoratet). The log exists only with consent (helsepersonelloven
§§ 21-22, forvaltningsloven § 13 a); when the child gets an individual plan, the log is closed and its
goals and measures continue in the plan (`carried_into`). The log shares the Goal, Measure and Evaluation
tables with the plan: a goal belongs either to a plan version or to a relay log, never both.

The models lived in the plans app before; their tables keep the names they had there (`plans_relaylog`,
`plans_relayhandover`, `plans_relayentry`, `plans_relaylog_services`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from los.core import dates
from los.people.models import Child, Family, Service
from los.plans.models import Evaluation, Goal, Measure, PlanVersion


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
    opened_on = models.DateField(_("opprettet"), default=dates.today)
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
        db_table = "plans_relaylog"  # the table from when the log lived in the plans app
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
        db_table = "plans_relayhandover"
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
    """What a line in the relay log is; events are written by the workflows themselves."""

    MEETING_NOTE = "meeting_note", _("Kort møtenotat")
    POSITIVE = "positive", _("Positiv observasjon")
    MESSAGE = "message", _("Beskjed")
    EVENT = "event", _("Hendelse")


class RelayEntry(models.Model):
    """A line in the relay log: a short meeting note (the log replaces minutes), a positive observation,
    a message."""

    relay_log = models.ForeignKey(RelayLog, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("type"), max_length=20, choices=EntryKind.choices)
    happened_on = models.DateField(_("dato"), default=dates.today)
    text = models.TextField(_("tekst"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "plans_relayentry"
        ordering = ["-happened_on", "-id"]

    def __str__(self) -> str:
        return f"{self.happened_on} {self.get_kind_display()}"


# The relay log's goals, measures and evaluations live in the same tables as the plan's, but belong to
# another area of the record policy (the relay log, not the plan): these proxies name them, so the policy
# can say how they hang on the family and who sees them (`los.team.policy`).


class RelayGoal(Goal):
    """A goal of a relay log."""

    class Meta:
        proxy = True
        verbose_name = _("mål i stafettloggen")
        verbose_name_plural = _("mål i stafettloggen")


class RelayMeasure(Measure):
    """A measure towards a goal of a relay log."""

    class Meta:
        proxy = True
        verbose_name = _("tiltak i stafettloggen")
        verbose_name_plural = _("tiltak i stafettloggen")


class RelayEvaluation(Evaluation):
    """An evaluation of a measure in a relay log."""

    class Meta:
        proxy = True
        verbose_name = _("evaluering i stafettloggen")
        verbose_name_plural = _("evalueringer i stafettloggen")
