"""The coordinators: who is appointed for which family (oppnevning), their time for coordination work,
languages, background, training, and families' requests to change coordinator.

The coordinating unit appoints, trains and supervises coordinators (helse- og omsorgstjenesteloven
§ 7-3). Families report that coordinators get the role on top of a full job; recording each person's
position share for coordination makes the caseload visible against real capacity.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from los.casework.models import Application, CoordinatorKind
from los.core import dates
from los.core.models import Municipality
from los.people.languages import LANGUAGE_CHOICES
from los.people.models import Family

# The tables were created by the former `intake` app and keep its names (`intake_*`): the models moved, the
# rows did not (migrations `coordinators/0001_models_from_intake`, `intake/0003`).

#: Capacity in need points for a full position (100 %) of coordination work. A family weighs 1 to 3
#: points by need (`NeedLevel`), so a full position holds 10 families of medium need.
POINTS_PER_FULL_POSITION = 20


class NeedLevel(models.IntegerChoices):
    """How much of a coordinator's time a family needs; weighs the caseload."""

    LOW = 1, _("Lite")
    MEDIUM = 2, _("Middels")
    HIGH = 3, _("Stort")


class AppointmentPath(models.TextChoices):
    """How a decided application gets its coordinator (see `services.APPOINTMENT_PATHS`)."""

    APPOINT = "appoint", _("Oppnevn koordinator")
    KEEP = "keep", _("Behold nåværende koordinator for dette vedtaket")
    REPLACE = "replace", _("Oppnevn en annen koordinator")


class CoordinatorAssignmentQuerySet(models.QuerySet):
    def current(self, today=None):
        today = today or dates.today()
        return self.filter(starts_on__lte=today).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))


class CoordinatorAssignment(models.Model):
    """Who coordinates for which family (oppnevning), from when to when, and why it ended."""

    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, related_name="coordinator_assignments", verbose_name=_("familie")
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="coordinator_assignments",
        verbose_name=_("koordinator"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=CoordinatorKind.choices)
    starts_on = models.DateField(_("fra"), default=dates.today)
    ends_on = models.DateField(_("til"), null=True, blank=True)
    end_reason = models.CharField(_("grunn til avslutning"), max_length=200, blank=True)
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("søknad"),
    )
    need_level = models.PositiveSmallIntegerField(
        _("familiens behov for oppfølging"), choices=NeedLevel.choices, default=NeedLevel.MEDIUM
    )
    chosen_because = models.TextField(_("hvorfor denne koordinatoren"), blank=True)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("oppnevnt av"),
    )

    objects = CoordinatorAssignmentQuerySet.as_manager()

    class Meta:
        db_table = "intake_coordinatorassignment"
        verbose_name = _("oppnevning av koordinator")
        verbose_name_plural = _("oppnevninger av koordinator")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["family"],
                condition=Q(ends_on__isnull=True),
                name="one_open_coordinator_assignment_per_family",
            )
        ]

    def __str__(self) -> str:
        return f"{self.coordinator} – {self.family}"


class ServiceBackground(models.TextChoices):
    HEALTH_AND_CARE = "health_and_care", _("Helse- og omsorgstjenester")
    OTHER_WELFARE = "other_welfare", _("Andre velferdstjenester (skole, barnehage, PPT, NAV ...)")
    BOTH = "both", _("Begge")


class CoordinatorProfile(models.Model):
    """What the coordinating unit needs to know to appoint a coordinator who has time and fits."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coordinator_profile",
        verbose_name=_("koordinator"),
    )
    coordination_share = models.PositiveSmallIntegerField(
        _("stillingsandel til koordinering (prosent)"),
        default=20,
        validators=[MaxValueValidator(100)],
        help_text=_("Hvor stor del av stillingen som er satt av til koordinatorarbeid."),
    )
    languages = models.CharField(
        _("språk"),
        max_length=100,
        blank=True,
        default="nb",
        help_text=_("Språkkoder, kommaseparert (f.eks. nb,en,ar)."),
    )
    service_background = models.CharField(
        _("bakgrunn"),
        max_length=20,
        choices=ServiceBackground.choices,
        default=ServiceBackground.HEALTH_AND_CARE,
    )
    accepts_new_families = models.BooleanField(_("tar imot nye familier"), default=True)

    history = HistoricalRecords(table_name="intake_historicalcoordinatorprofile")

    class Meta:
        db_table = "intake_coordinatorprofile"
        verbose_name = _("koordinatorprofil")
        verbose_name_plural = _("koordinatorprofiler")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def capacity_points(self) -> int:
        return round(self.coordination_share * POINTS_PER_FULL_POSITION / 100)

    @property
    def language_codes(self) -> set[str]:
        return {code.strip().lower() for code in self.languages.split(",") if code.strip()}

    @property
    def language_names(self) -> list[str]:
        """The languages in bokmål, in the order recorded ("polsk, norsk bokmål")."""
        return language_names(self.languages)


def language_names(codes) -> list[str]:
    """Language names in bokmål for codes given as "pl,nb" or a list; unknown codes are shown as they are."""
    if isinstance(codes, str):
        codes = codes.split(",")
    names = dict(LANGUAGE_CHOICES)
    seen, result = set(), []
    for code in (c.strip().lower() for c in codes):
        if code and code not in seen:
            seen.add(code)
            result.append(str(names.get(code, code)))
    return result


class TrainingCourse(models.Model):
    """A course the coordinating unit offers or recognises."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="training_courses", verbose_name=_("kommune")
    )
    name = models.CharField(_("navn"), max_length=160)
    provider = models.CharField(_("arrangør"), max_length=160, blank=True)
    counts_as_coordinator_training = models.BooleanField(
        _("gir koordinatoropplæring"),
        default=True,
        help_text=_("Koordinatorer som har fullført et slikt kurs, regnes som opplært."),
    )
    created_at = models.DateTimeField(_("registrert"), default=timezone.now)

    class Meta:
        db_table = "intake_trainingcourse"
        verbose_name = _("kurs")
        verbose_name_plural = _("kurs")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class TrainingCompletion(models.Model):
    """A coordinator completed a course."""

    course = models.ForeignKey(
        TrainingCourse, on_delete=models.PROTECT, related_name="completions", verbose_name=_("kurs")
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="training_completions",
        verbose_name=_("koordinator"),
    )
    completed_on = models.DateField(_("fullført"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrert av")
    )

    class Meta:
        db_table = "intake_trainingcompletion"
        verbose_name = _("fullført kurs")
        verbose_name_plural = _("fullførte kurs")
        ordering = ["-completed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "coordinator"], name="one_completion_per_course")
        ]

    def __str__(self) -> str:
        return f"{self.coordinator} – {self.course}"


class ChangeRequestState(models.TextChoices):
    OPEN = "open", _("Mottatt – venter på svar")
    GRANTED = "granted", _("Ny koordinator er oppnevnt")
    DECLINED = "declined", _("Ikke innvilget")


class ChangeOfCoordinatorRequest(models.Model):
    """The family asks to change coordinator, with a reason. Reaches the caseworker's worklist."""

    family = models.ForeignKey(
        "people.Family",
        on_delete=models.PROTECT,
        related_name="coordinator_change_requests",
        verbose_name=_("familie"),
    )
    assignment = models.ForeignKey(
        CoordinatorAssignment,
        on_delete=models.PROTECT,
        related_name="change_requests",
        verbose_name=_("oppnevning"),
    )
    reason = models.TextField(_("hvorfor familien vil bytte"))
    wishes = models.TextField(_("ønsker for ny koordinator"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("sendt av")
    )
    requested_on = models.DateField(_("sendt"))
    state = models.CharField(
        _("status"), max_length=20, choices=ChangeRequestState.choices, default=ChangeRequestState.OPEN
    )
    resolved_on = models.DateField(_("avgjort"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("avgjort av"),
    )
    answer = models.TextField(_("svar til familien"), blank=True)
    new_assignment = models.OneToOneField(
        CoordinatorAssignment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="granted_change_request",
        verbose_name=_("ny oppnevning"),
    )

    history = HistoricalRecords(table_name="intake_historicalchangeofcoordinatorrequest")

    class Meta:
        db_table = "intake_changeofcoordinatorrequest"
        verbose_name = _("ønske om ny koordinator")
        verbose_name_plural = _("ønsker om ny koordinator")
        ordering = ["-requested_on", "-id"]

    def __str__(self) -> str:
        return f"{self.family} ({self.requested_on:%d.%m.%Y})"
