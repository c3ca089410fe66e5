"""The team around the child: professionals from services who work with the family."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from los.people.models import Family, Professional, Service


class TeamMemberQuerySet(models.QuerySet):
    def current(self):
        return self.filter(left_on__isnull=True)


class TeamMember(models.Model):
    """A professional on a family's team (ansvarsgruppe), through one of their services.

    Being on the team is not enough to see the family: an active consent must also cover the service.
    """

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="team", verbose_name=_("familie"))
    professional = models.ForeignKey(
        Professional, on_delete=models.PROTECT, related_name="team_memberships", verbose_name=_("fagperson")
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="team_memberships", verbose_name=_("tjeneste"))
    role = models.CharField(_("rolle i teamet"), max_length=120, blank=True)
    joined_on = models.DateField(_("med fra"), default=timezone.localdate)
    left_on = models.DateField(_("sluttet"), null=True, blank=True)

    objects = TeamMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("teammedlem")
        verbose_name_plural = _("teammedlemmer")
        ordering = ["service__name", "id"]
