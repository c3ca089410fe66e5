"""Asking families how it goes (the leaders' "family experience" figures).

An invitation knows whom it asked, so that no one answers twice and a reminder goes once. The answer
does not: it keeps the municipality, the month and why it was asked, never the guardian, the family or
the invitation, so the leaders' figures cannot be traced back to a family, not even by someone who reads
the database. A text the guardian wants the coordinator to read is sent to the coordinator as a
notification, with the family's name because the guardian chose that; a text they do not want sent is
not kept at all.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from los.core.models import Municipality
from los.people.models import Family


class Trigger(models.TextChoices):
    MEETING = "meeting", _("Etter møte i ansvarsgruppen")
    QUARTERLY = "quarterly", _("Hver tredje måned")


class SurveyInvitation(models.Model):
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+", verbose_name=_("familie"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="survey_invitations",
        verbose_name=_("spurt"),
    )
    trigger = models.CharField(_("hvorfor"), max_length=20, choices=Trigger.choices)
    meeting = models.ForeignKey(
        "team.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("møte"),
    )
    created_at = models.DateTimeField(_("spurt"), default=timezone.now)
    closes_at = models.DateTimeField(_("kan besvares til"))
    reminded_at = models.DateTimeField(_("påminnet"), null=True, blank=True)
    # The day only: the moment would let someone match the invitation to the answer.
    answered_on = models.DateField(_("besvart"), null=True, blank=True)
    declined = models.BooleanField(_("takket nei"), default=False)

    class Meta:
        verbose_name = _("spørsmål til familien")
        verbose_name_plural = _("spørsmål til familiene")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "created_at"]), models.Index(fields=["created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "meeting"],
                condition=Q(meeting__isnull=False),
                name="one_invitation_per_meeting",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d}"

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.answered_on is None and now < self.closes_at


def _score():
    return models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class SurveyAnswer(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("måned"))  # the first day of the month it was answered in
    trigger = models.CharField(_("hvorfor"), max_length=20, choices=Trigger.choices)
    knows_contact = _score()
    not_coordinating_myself = _score()
    appointments_coordinated = _score()
    heard = _score()
    satisfied_with_coordinator = _score()

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        indexes = [models.Index(fields=["municipality", "month"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                name=f"survey_{name}_1_to_5",
            )
            for name in (
                "knows_contact",
                "not_coordinating_myself",
                "appointments_coordinated",
                "heard",
                "satisfied_with_coordinator",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.month:%Y-%m}"
