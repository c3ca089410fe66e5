"""The team around the child and the coordinator's follow-up work.

* the responsibility group (ansvarsgruppe): professionals through their services (`TeamMember`), and the
  family's own members, guardians and the child as age allows (`FamilyMember`); the coordinator leads it;
* requests to the family to extend the consent so a new service can join (`ConsentExtensionRequest`);
* meetings with invitations, replies and minutes (`Meeting`, `MeetingInvitation`, `Minutes`);
* action items, "who does what by when", with comments (`ActionItem`, `ActionItemComment`);
* the coordinator's contact log with the family (`ContactLogEntry`).

The responsibility group is a way of working, not regulated in law; the coordinator's duty to follow
up and coordinate is (helse- og omsorgstjenesteloven §§ 7-2 and 7-2 a).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from los.people.languages import LANGUAGE_CHOICES
from los.people.models import Child, Family, Guardian, Professional, Service


class TeamMemberQuerySet(models.QuerySet):
    def current(self):
        return self.filter(left_on__isnull=True)


class TeamMember(models.Model):
    """A professional on a family's team (ansvarsgruppe), through one of their services.

    Being on the team is not enough to see the family: an active consent must also cover the service.
    """

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="team", verbose_name=_("familie")
    )
    professional = models.ForeignKey(
        Professional, on_delete=models.PROTECT, related_name="team_memberships", verbose_name=_("fagperson")
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="team_memberships", verbose_name=_("tjeneste")
    )
    role = models.CharField(_("rolle i teamet"), max_length=120, blank=True)
    contact = models.CharField(
        _("kontakt"), max_length=200, blank=True, help_text=_("Telefon eller e-post, hvis ikke den vanlige.")
    )
    joined_on = models.DateField(_("med fra"), default=timezone.localdate)
    left_on = models.DateField(_("sluttet"), null=True, blank=True)

    objects = TeamMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("teammedlem")
        verbose_name_plural = _("teammedlemmer")
        ordering = ["service__name", "id"]

    def __str__(self) -> str:
        return f"{self.professional} ({self.service})"


class FamilyMemberQuerySet(models.QuerySet):
    def current(self):
        return self.filter(left_on__isnull=True)


class FamilyMember(models.Model):
    """A guardian or the child as a member of the responsibility group, with their role and contact.

    The child takes part as age and maturity allow: the child must be heard from 7 and given great
    weight from 12 (pasient- og brukerrettighetsloven § 4-4, barneloven § 31).
    """

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="group_members", verbose_name=_("familie")
    )
    guardian = models.ForeignKey(
        Guardian,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("foresatt"),
    )
    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("barn")
    )
    role = models.CharField(_("rolle i gruppen"), max_length=120, blank=True)
    contact = models.CharField(_("kontakt"), max_length=200, blank=True)
    joined_on = models.DateField(_("med fra"), default=timezone.localdate)
    left_on = models.DateField(_("sluttet"), null=True, blank=True)

    objects = FamilyMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("medlem fra familien")
        verbose_name_plural = _("medlemmer fra familien")
        ordering = ["child_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(guardian__isnull=False) & Q(child__isnull=True))
                | (Q(guardian__isnull=True) & Q(child__isnull=False)),
                name="family_member_is_guardian_or_child",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def person(self):
        return self.guardian or self.child

    @property
    def name(self) -> str:
        return self.person.full_name


class RequestStatus(models.TextChoices):
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
        "consent.Consent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nytt samtykke"),
    )

    class Meta:
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


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    HELD = "held", _("Holdt")
    CANCELLED = "cancelled", _("Avlyst")


def _new_uid() -> str:
    return f"{uuid.uuid4()}@los"


class Meeting(models.Model):
    """A responsibility-group meeting. `sequence` goes up when time or place changes (iCalendar SEQUENCE);
    `uid` never changes, so calendars update the same event."""

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("familie")
    )
    title = models.CharField(_("tittel"), max_length=160)
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    location = models.CharField(_("sted"), max_length=200, blank=True)
    video_url = models.URLField(_("lenke til videomøte"), blank=True)
    agenda = models.TextField(_("saksliste"), blank=True)
    interpreter_language = models.CharField(
        _("tolk på språk"), max_length=10, blank=True, choices=LANGUAGE_CHOICES
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    sequence = models.PositiveIntegerField(_("versjon"), default=0)
    uid = models.CharField(_("kalender-id"), max_length=80, unique=True, default=_new_uid, editable=False)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("kalt inn av")
    )
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)

    class Meta:
        verbose_name = _("møte")
        verbose_name_plural = _("møter")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["family", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Reply(models.TextChoices):
    PENDING = "pending", _("Ikke svart")
    ATTENDING = "attending", _("Kommer")
    DECLINED = "declined", _("Kommer ikke")


class MeetingInvitation(models.Model):
    """One invitee: a user with a login (professional, coordinator, guardian), or a guardian without one
    who gets the invitation by e-mail only."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("møte")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meeting_invitations",
        verbose_name=_("bruker"),
    )
    guardian = models.ForeignKey(
        Guardian,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("foresatt"),
    )
    name = models.CharField(_("navn"), max_length=160)
    email = models.EmailField(_("e-post"), blank=True)
    role = models.CharField(_("rolle"), max_length=120, blank=True)
    reply = models.CharField(_("svar"), max_length=10, choices=Reply.choices, default=Reply.PENDING)
    replied_at = models.DateTimeField(_("svart"), null=True, blank=True)
    interpreter_language = models.CharField(
        _("trenger tolk på"), max_length=10, blank=True, choices=LANGUAGE_CHOICES
    )

    class Meta:
        verbose_name = _("invitasjon")
        verbose_name_plural = _("invitasjoner")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"], condition=Q(user__isnull=False), name="one_invitation_per_user"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Minutes(models.Model):
    """The minutes (referat) of a meeting, written in Los during or after it. Guardians get them when the
    coordinator shares them."""

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("møte")
    )
    attendees = models.TextField(_("til stede"))
    child_views = models.TextField(_("barnets mening"), blank=True)
    family_views = models.TextField(_("familiens mening"), blank=True)
    decisions = models.TextField(_("beslutninger"), blank=True)
    notes = models.TextField(_("annet"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("skrevet av")
    )
    written_at = models.DateTimeField(_("skrevet"), default=timezone.now)
    shared_at = models.DateTimeField(_("sendt til familien og gruppen"), null=True, blank=True)

    class Meta:
        verbose_name = _("referat")
        verbose_name_plural = _("referater")

    def __str__(self) -> str:
        return f"{self.meeting}"


class ActionItemStatus(models.TextChoices):
    OPEN = "open", _("Ikke gjort")
    DONE = "done", _("Gjort")
    CANCELLED = "cancelled", _("Avlyst")


class ActionItem(models.Model):
    """Who does what by when (oppfølgingspunkt). Reminded before the due date and chased when late."""

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("familie")
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("fra møte"),
    )
    title = models.CharField(_("hva skal gjøres"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="action_items",
        verbose_name=_("ansvarlig"),
    )
    due_on = models.DateField(_("frist"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionItemStatus.choices, default=ActionItemStatus.OPEN
    )
    due_in_past_when_created = models.BooleanField(
        _("fristen var passert da punktet ble laget"), default=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("laget av")
    )
    created_at = models.DateTimeField(_("laget"), default=timezone.now)
    completed_at = models.DateTimeField(_("gjort"), null=True, blank=True)

    class Meta:
        verbose_name = _("oppfølgingspunkt")
        verbose_name_plural = _("oppfølgingspunkter")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["family", "status", "due_on"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == ActionItemStatus.OPEN

    def is_late_on(self, day) -> bool:
        return self.is_open and self.due_on < day


class ActionItemComment(models.Model):
    item = models.ForeignKey(
        ActionItem, on_delete=models.CASCADE, related_name="comments", verbose_name=_("punkt")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("skrevet av")
    )
    text = models.TextField(_("kommentar"))
    created_at = models.DateTimeField(_("skrevet"), default=timezone.now)

    class Meta:
        verbose_name = _("kommentar")
        verbose_name_plural = _("kommentarer")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Telefon")
    MEETING = "meeting", _("Møte")
    HOME_VISIT = "home_visit", _("Hjemmebesøk")
    VIDEO = "video", _("Video")
    MESSAGE = "message", _("Melding eller SMS")
    EMAIL = "email", _("E-post")


class ContactLogEntry(models.Model):
    """The coordinator was in touch with the family: when, how, and what the family needs now."""

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("familie")
    )
    contacted_on = models.DateField(_("dato"))
    channel = models.CharField(_("hvordan"), max_length=12, choices=ContactChannel.choices)
    needs_now = models.TextField(_("hva familien trenger nå"))
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("skrevet av")
    )
    created_at = models.DateTimeField(_("registrert"), default=timezone.now)

    class Meta:
        verbose_name = _("kontakt med familien")
        verbose_name_plural = _("kontakter med familien")
        ordering = ["-contacted_on", "-id"]
        indexes = [models.Index(fields=["family", "-contacted_on"])]

    def __str__(self) -> str:
        return f"{self.family} {self.contacted_on}"
