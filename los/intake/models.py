"""Applications, decisions and coordinator assignments."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from los.people.models import Family


class CoordinatorKind(models.TextChoices):
    COORDINATOR = "coordinator", _("Koordinator")
    CHILD_COORDINATOR = "child_coordinator", _("Barnekoordinator")


class CoordinatorAssignmentQuerySet(models.QuerySet):
    def current(self):
        today = timezone.localdate()
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
    starts_on = models.DateField(_("fra"), default=timezone.localdate)
    ends_on = models.DateField(_("til"), null=True, blank=True)
    end_reason = models.CharField(_("grunn til avslutning"), max_length=200, blank=True)

    objects = CoordinatorAssignmentQuerySet.as_manager()

    class Meta:
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
