"""The child's calendar: places and travel times, opening hours, family limits, appointment needs,
appointments, booking requests, bundling proposals and calendar feeds.

Times are stored as aware datetimes (UTC in the database) and shown in Europe/Oslo, so an appointment at
09.00 stays at 09.00 across the daylight-saving changes. Every appointment carries a `uid` and a
`sequence` (RFC 5545) so subscribed calendars update instead of duplicating.
"""

import datetime
import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from los.core.models import Municipality
from los.people.models import Child, Family, Guardian, Professional, Service

WEEKDAYS = [
    (0, _("mandag")),
    (1, _("tirsdag")),
    (2, _("onsdag")),
    (3, _("torsdag")),
    (4, _("fredag")),
    (5, _("lørdag")),
    (6, _("søndag")),
]


def new_uid() -> str:
    """A globally unique iCalendar UID for a new appointment (RFC 5545 § 3.8.4.7)."""
    return f"{uuid.uuid4()}@los"


class Place(models.Model):
    """Where appointments happen (Helsehuset, sykehuset ...). Each municipality keeps its own."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="places", verbose_name=_("kommune")
    )
    name = models.CharField(_("navn"), max_length=120)
    address = models.CharField(_("adresse"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("sted")
        verbose_name_plural = _("steder")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="unique_place_name")]

    def __str__(self) -> str:
        return self.name


class TravelTime(models.Model):
    """Minutes of travel between two places (the municipality's table). Stored once per pair,
    with the lower id first."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="travel_times", verbose_name=_("kommune")
    )
    place_a = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="+", verbose_name=_("fra"))
    place_b = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="+", verbose_name=_("til"))
    minutes = models.PositiveSmallIntegerField(_("reisetid (minutter)"))

    class Meta:
        verbose_name = _("reisetid")
        verbose_name_plural = _("reisetider")
        constraints = [
            models.UniqueConstraint(fields=["place_a", "place_b"], name="one_travel_time_per_pair"),
            models.CheckConstraint(condition=Q(place_a__lt=F("place_b")), name="travel_pair_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.place_a} – {self.place_b}: {self.minutes} min"

    def save(self, *args, **kwargs):
        if self.place_a_id and self.place_b_id and self.place_a_id > self.place_b_id:
            self.place_a_id, self.place_b_id = self.place_b_id, self.place_a_id
        super().save(*args, **kwargs)


class ServiceCalendar(models.Model):
    """Where a service receives the family; its opening hours and closed dates hang on the service."""

    service = models.OneToOneField(
        Service, on_delete=models.CASCADE, related_name="calendar", verbose_name=_("tjeneste")
    )
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("sted"))
    min_days_between = models.PositiveSmallIntegerField(
        _("minst dager mellom to timer"),
        default=0,
        help_text=_(
            "F.eks. 2: aldri to timer hos tjenesten med mindre enn to dagers mellomrom. 0: ingen grense."
        ),
    )
    min_minutes_between = models.PositiveSmallIntegerField(
        _("minst minutter mellom to timer samme dag"),
        default=0,
        help_text=_("Gjelder når tjenesten kan gi to timer samme dag. 0: ingen grense."),
    )

    class Meta:
        verbose_name = _("tjenestens sted")
        verbose_name_plural = _("tjenestenes steder")

    def __str__(self) -> str:
        return f"{self.service} ({self.place})"


class OpeningHours(models.Model):
    """A weekly window in which a service takes appointments."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="opening_hours", verbose_name=_("tjeneste")
    )
    weekday = models.PositiveSmallIntegerField(_("ukedag"), choices=WEEKDAYS)
    opens = models.TimeField(_("åpner"))
    closes = models.TimeField(_("stenger"))

    class Meta:
        verbose_name = _("åpningstid")
        verbose_name_plural = _("åpningstider")
        ordering = ["service", "weekday", "opens"]
        constraints = [models.CheckConstraint(condition=Q(closes__gt=F("opens")), name="opening_hours_order")]

    def __str__(self) -> str:
        return f"{self.service} {self.get_weekday_display()} {self.opens:%H.%M}–{self.closes:%H.%M}"


class ClosedDate(models.Model):
    """A date a service is closed (besides Norway's public holidays, which close every service)."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="closed_dates", verbose_name=_("tjeneste")
    )
    date = models.DateField(_("dato"))
    reason = models.CharField(_("grunn"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("stengt dag")
        verbose_name_plural = _("stengte dager")
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["service", "date"], name="one_closed_date_per_day")]

    def __str__(self) -> str:
        return f"{self.service} {self.date}"


#: Minutes between two appointments of a day on top of the travel, unless the family says otherwise.
DEFAULT_BUFFER_MINUTES = 15


class FamilyLimits(models.Model):
    """What the family can manage: appointments per day, days they cannot come, earliest and latest."""

    family = models.OneToOneField(
        Family, on_delete=models.CASCADE, related_name="calendar_limits", verbose_name=_("familie")
    )
    max_appointments_per_day = models.PositiveSmallIntegerField(_("flest avtaler på én dag"), default=2)
    unavailable_weekdays = models.JSONField(_("ukedager familien ikke kan"), default=list, blank=True)
    unavailable_dates = models.JSONField(_("datoer familien ikke kan"), default=list, blank=True)
    earliest = models.TimeField(_("tidligst"), default=datetime.time(8, 0))
    latest = models.TimeField(_("senest"), default=datetime.time(16, 0))
    buffer_minutes = models.PositiveSmallIntegerField(
        _("pause mellom avtaler (minutter)"), default=DEFAULT_BUFFER_MINUTES
    )

    class Meta:
        verbose_name = _("familiens begrensninger")
        verbose_name_plural = _("familiens begrensninger")

    def __str__(self) -> str:
        return str(self.family)

    @property
    def unavailable_date_set(self) -> set[datetime.date]:
        return {datetime.date.fromisoformat(d) for d in self.unavailable_dates}


DEFAULT_LIMITS = FamilyLimits(
    max_appointments_per_day=2,
    earliest=datetime.time(8),
    latest=datetime.time(16),
    buffer_minutes=DEFAULT_BUFFER_MINUTES,
)


class AppointmentKind(models.TextChoices):
    TREATMENT = "treatment", _("Behandling")
    CONTROL = "control", _("Kontroll")
    MEETING = "meeting", _("Møte")
    SCHOOL_EVENT = "school_event", _("Skole eller barnehage")


class AppointmentStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    REQUESTED = "requested", _("Forespurt")
    CONFIRMED = "confirmed", _("Bekreftet")
    CANCELLED = "cancelled", _("Avlyst")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("Ikke booket")
    REQUESTED = "requested", _("Forespurt")
    BOOKED = "booked", _("Booket")
    CLOSED = "closed", _("Avsluttet")


class AppointmentNeed(models.Model):
    """Appointments a child needs but that are not yet booked: `count` appointments of `duration_minutes`
    between `window_from` and `window_to`, spaced `min_days_between`..`max_days_between` days apart
    (a series), or a single control within a window (the bundling format's `needs[]`)."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="appointment_needs")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="+", verbose_name=_("tjeneste")
    )
    title = models.CharField(_("hva"), max_length=120, help_text=_("F.eks. «Fysioterapi, ukentlig»."))
    kind = models.CharField(
        _("type"), max_length=20, choices=AppointmentKind.choices, default=AppointmentKind.TREATMENT
    )
    duration_minutes = models.PositiveSmallIntegerField(_("varighet (minutter)"))
    count = models.PositiveSmallIntegerField(_("antall timer"), default=1)
    window_from = models.DateField(_("tidligst"))
    window_to = models.DateField(_("senest"))
    min_days_between = models.PositiveSmallIntegerField(_("minst dager mellom"), default=0)
    max_days_between = models.PositiveSmallIntegerField(_("høyst dager mellom"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=NeedStatus.choices, default=NeedStatus.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    lock_version = models.PositiveIntegerField(_("endringsnummer"), default=1, editable=False)

    class Meta:
        verbose_name = _("behov for timer")
        verbose_name_plural = _("behov for timer")
        ordering = ["window_from", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(window_to__gte=F("window_from")), name="need_window_order"),
            models.CheckConstraint(condition=Q(count__gte=1), name="need_count_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class Appointment(models.Model):
    """One appointment for a child (time, place, service, who attends)."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="appointments")
    child = models.ForeignKey(
        Child,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("barn"),
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("tjeneste"),
    )
    professional = models.ForeignKey(
        Professional,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("fagperson"),
    )
    need = models.ForeignKey(
        AppointmentNeed, on_delete=models.SET_NULL, null=True, blank=True, related_name="appointments"
    )
    title = models.CharField(_("tittel"), max_length=120, blank=True)
    kind = models.CharField(
        _("type"), max_length=20, choices=AppointmentKind.choices, default=AppointmentKind.TREATMENT
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AppointmentStatus.choices, default=AppointmentStatus.PLANNED
    )
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("sted")
    )
    child_attends = models.BooleanField(_("barnet skal være med"), default=True)
    guardians = models.ManyToManyField(
        Guardian, blank=True, related_name="appointments", verbose_name=_("foresatte som skal være med")
    )
    notes = models.TextField(_("merknad"), blank=True)
    uid = models.CharField(max_length=255, unique=True, default=new_uid)
    sequence = models.PositiveIntegerField(default=0)
    source = models.CharField(max_length=20, default="los")  # los | family | import | fhir
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    lock_version = models.PositiveIntegerField(_("endringsnummer"), default=1, editable=False)

    class Meta:
        verbose_name = _("avtale")
        verbose_name_plural = _("avtaler")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["family", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="appointment_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """A short title with no personal data: the service or the given title."""
        return self.title or (self.service.name if self.service_id else str(self.get_kind_display()))

    @property
    def is_cancelled(self) -> bool:
        return self.status == AppointmentStatus.CANCELLED


class RequestState(models.TextChoices):
    PENDING = "pending", _("Venter på svar")
    CONFIRMED = "confirmed", _("Bekreftet")
    COUNTER = "counter", _("Tjenesten foreslår et annet tidspunkt")
    WITHDRAWN = "withdrawn", _("Trukket tilbake")


class BookingRequest(models.Model):
    """The coordinator asks a service to book an appointment at a time. Nothing is confirmed until the
    service says yes; a service may propose another time instead."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="requests")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="booking_requests")
    proposal = models.ForeignKey(
        "BundlingProposal", on_delete=models.SET_NULL, null=True, blank=True, related_name="requests"
    )
    state = models.CharField(max_length=20, choices=RequestState.choices, default=RequestState.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    counter_starts_at = models.DateTimeField(_("foreslått start"), null=True, blank=True)
    counter_ends_at = models.DateTimeField(null=True, blank=True)
    message = models.CharField(_("melding"), max_length=300, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bookingforespørsel")
        verbose_name_plural = _("bookingforespørsler")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.service} {self.get_state_display()}"


class BundlingProposal(models.Model):
    """One run of the optimiser for a family: its input, its answer and the baseline it beat."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="bundling_proposals")
    start = models.DateField()
    days = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20)  # optimal | feasible | infeasible | unknown
    attendance_days = models.PositiveSmallIntegerField(null=True)
    lower_bound = models.PositiveSmallIntegerField(null=True)
    baseline_days = models.PositiveSmallIntegerField(null=True)
    solve_seconds = models.FloatField(default=0)
    instance = models.JSONField()
    result = models.JSONField()
    notes = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.family} {self.start} ({self.status})"

    @property
    def days_saved(self) -> int | None:
        if self.attendance_days is None or self.baseline_days is None:
            return None
        return self.baseline_days - self.attendance_days


class FeedKind(models.TextChoices):
    FAMILY = "family", _("Familiens kalender")
    PROFESSIONAL = "professional", _("Mine avtaler")


class CalendarFeed(models.Model):
    """A secret address for subscribing to a calendar. Only a hash of the token is kept; renewing
    makes a new token and revokes the old one."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    family = models.ForeignKey(Family, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=20, choices=FeedKind.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} {self.kind}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)
