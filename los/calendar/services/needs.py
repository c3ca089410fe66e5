"""What the child needs and what the family can manage: the coordinator's needs for appointments (a
series or a control within a window) and the family's limits, the optimiser's input
(`los.calendar.services.planning`). Needs are the coordinator's work; the limits the family and its
coordinator keep (`los.calendar.policy`). Each change is written to the family's access log.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from los.core import audit, versions
from los.core.access import Grant
from los.core.errors import DomainError

from .. import policy
from ..models import AppointmentNeed, FamilyLimits, NeedStatus


@transaction.atomic
def create_need(grant: Grant, data: dict) -> AppointmentNeed:
    """Record appointments a child of the family needs (a series or a control within a window); the
    child must be one of the family's own."""
    if not policy.may_plan(grant):
        raise DomainError(_("Bare familiens koordinator kan registrere behov for timer."))
    if data["window_to"] < data["window_from"]:
        raise DomainError(_("«Senest» må være samme dag som eller etter «tidligst»."), field="window_to")
    high = data.get("max_days_between")
    if high is not None and high < (data.get("min_days_between") or 0):
        raise DomainError(
            _("«Høyst dager mellom» kan ikke være mindre enn «minst dager mellom»."), field="max_days_between"
        )
    service = data["service"]
    if not policy.bookable_services(grant).filter(pk=service.pk).exists():
        raise DomainError(_("Samtykket dekker ikke denne tjenesten."), field="service")
    child = data.get("child")
    if child is not None and child.family_id != grant.family.pk:
        raise DomainError(_("Barnet hører ikke til denne familien."), field="child")
    need = AppointmentNeed.objects.create(family=grant.family, created_by=grant.user, **data)
    audit.changed(grant.family.pk, "appointment_needs", need.pk)
    return need


@transaction.atomic
def close_need(grant: Grant, need: AppointmentNeed, lock_version: int | None = None) -> None:
    """Close a need the coordinator no longer plans for (it stays on record). Refused when the need
    changed after the page showed `lock_version` (another coordinator closed it, or a proposal asked the
    services for its appointments)."""
    if not policy.may_plan(grant) or need.family_id != grant.family.pk:
        raise DomainError(_("Bare familiens koordinator kan endre behovene."))
    versions.claim(
        need,
        lock_version,
        what=_("behovet «%(title)s»") % {"title": need.title},
        family_id=grant.family.pk,
        record_type="appointment_needs",
        button=True,
    )
    need.status = NeedStatus.CLOSED
    need.save(update_fields=["status", "lock_version"])
    audit.changed(grant.family.pk, "appointment_needs", need.pk)


@transaction.atomic
def save_limits(grant: Grant, data: dict) -> FamilyLimits:
    """Save the family's limits (how many appointments a day, between which times, which days not);
    the family itself and its coordinator keep them."""
    if not policy.may_keep_limits(grant):
        raise DomainError(_("Du kan ikke endre familiens begrensninger."))
    if data["latest"] <= data["earliest"]:
        raise DomainError(_("«Senest» må være etter «tidligst»."), field="latest")
    limits, _created = FamilyLimits.objects.update_or_create(family=grant.family, defaults=data)
    audit.changed(grant.family.pk, "calendar_limits", limits.pk)
    return limits
