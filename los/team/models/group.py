"""The responsibility group (ansvarsgruppe): professionals through their services (`TeamMember`), and the
family's own members, guardians and the child as age allows (`FamilyMember`); the coordinator leads it.

The responsibility group is a way of working, not regulated in law; the coordinator's duty to follow up
and coordinate is (helse- og omsorgstjenesteloven §§ 7-2 and 7-2 a).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from los.core import dates
from los.people.models import Child, Family, Guardian, Professional, Service


class TeamMemberQuerySet(models.QuerySet):
    def current(self):
        """Members who have not left the group."""
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
    joined_on = models.DateField(_("med fra"), default=dates.today)
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
        """Members who have not left the group."""
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
    joined_on = models.DateField(_("med fra"), default=dates.today)
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
