"""Giving, signing and withdrawing consent.

Who consents for a child: the guardians with parental responsibility. Whether all holders must consent
when they share it is unsettled for these schemes; the safe default requires all of them, and a
municipality may accept one (Municipality.consent_requires_all_guardians).
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from los.core.errors import DomainError
from los.people.models import Family, Guardian, Service

from .models import Consent, ConsentSignature


def required_signers(family: Family) -> list[Guardian]:
    holders = [g for g in family.guardians.all() if g.has_parental_responsibility]
    return holders


def _is_complete(consent: Consent) -> bool:
    family = consent.family
    holders = required_signers(family)
    signed = set(consent.signatures.values_list("guardian_id", flat=True))
    if not holders:
        return False
    if family.municipality.consent_requires_all_guardians:
        return all(g.pk in signed for g in holders)
    return any(g.pk in signed for g in holders)


@transaction.atomic
def give_consent(
    *,
    family: Family,
    by_user,
    guardian: Guardian | None,
    services: list[Service],
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    purpose: str = "",
    covers_individual_plan: bool = False,
    on_behalf_of: list[Guardian] | None = None,
) -> Consent:
    """Record a new consent. `guardian` gives it in their own pages; staff register one given on
    paper with `on_behalf_of` naming the guardians who signed it."""
    if not services:
        raise DomainError(_("Velg minst én tjeneste samtykket skal gjelde."), field="services")
    if ends_on is not None and ends_on < starts_on:
        raise DomainError(_("Sluttdatoen kan ikke være før startdatoen."), field="ends_on")
    foreign = [s for s in services if s.organisation.municipality_id != family.municipality_id]
    if foreign:
        raise DomainError(
            _("Tjenesten finnes ikke i kommunen: %(name)s") % {"name": foreign[0].name}, field="services"
        )
    signers = [guardian] if guardian is not None else list(on_behalf_of or [])
    if not signers:
        raise DomainError(_("Oppgi hvilke foresatte som har gitt samtykket."), field="guardians")
    for signer in signers:
        if signer.family_id != family.pk or not signer.has_parental_responsibility:
            raise DomainError(
                _("Bare foresatte med foreldreansvar kan samtykke for barnet."), field="guardians"
            )
    consent = Consent.objects.create(
        family=family,
        starts_on=starts_on,
        ends_on=ends_on,
        purpose=purpose or Consent._meta.get_field("purpose").get_default(),
        covers_individual_plan=covers_individual_plan,
        created_by=by_user,
    )
    consent.services.set(services)
    for signer in signers:
        ConsentSignature.objects.create(consent=consent, guardian=signer, recorded_by=by_user)
    if _is_complete(consent):
        consent.effective_at = timezone.now()
        consent.save(update_fields=["effective_at"])
    return consent


@transaction.atomic
def sign_consent(consent: Consent, guardian: Guardian, by_user) -> Consent:
    """A further guardian gives a pending consent; it takes effect when all who must have given it."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at:
        raise DomainError(_("Samtykket er trukket tilbake og kan ikke gis på nytt. Gi et nytt samtykke."))
    if guardian.family_id != consent.family_id or not guardian.has_parental_responsibility:
        raise DomainError(_("Bare foresatte med foreldreansvar kan samtykke for barnet."))
    if consent.signatures.filter(guardian=guardian).exists():
        raise DomainError(_("Du har allerede gitt dette samtykket."))
    ConsentSignature.objects.create(consent=consent, guardian=guardian, recorded_by=by_user)
    if consent.effective_at is None and _is_complete(consent):
        consent.effective_at = timezone.now()
        consent.save(update_fields=["effective_at"])
    return consent


@transaction.atomic
def withdraw_consent(consent: Consent, by_user, reason: str = "") -> Consent:
    """Withdraw a consent. It stops sharing from the next request; the row is kept as history."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at:
        raise DomainError(_("Samtykket er allerede trukket tilbake."))
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = by_user
    consent.withdrawal_reason = reason[:300]
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    return consent


def guardian_for(user, family: Family) -> Guardian | None:
    """The user's own guardian row in this family, if they hold parental responsibility."""
    for guardian in family.guardians.all():
        if guardian.user_id == user.pk and guardian.has_parental_responsibility:
            return guardian
    return None


def record_consent(
    *,
    family: Family,
    by_user,
    as_guardian: bool,
    service_ids: list[int],
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    purpose: str = "",
    covers_individual_plan: bool = False,
    guardian_ids: list[int] | None = None,
) -> Consent:
    """Resolve ids within the family's municipality and give the consent.

    A guardian gives it as themselves (`as_guardian`); staff register one given on paper and name the
    guardians who signed it (`guardian_ids`).
    """
    services = list(
        Service.objects.select_related("organisation").filter(
            pk__in=service_ids or [], organisation__municipality_id=family.municipality_id
        )
    )
    if len(services) != len(set(service_ids or [])):
        raise DomainError(_("En eller flere tjenester finnes ikke i kommunen."), field="services")
    if as_guardian:
        guardian = guardian_for(by_user, family)
        if guardian is None:
            raise DomainError(_("Bare foresatte med foreldreansvar kan samtykke for barnet."))
        signers = None
    else:
        guardian = None
        signers = list(family.guardians.filter(pk__in=guardian_ids or []))
        if len(signers) != len(set(guardian_ids or [])):
            raise DomainError(_("En eller flere foresatte hører ikke til familien."), field="guardian_ids")
    return give_consent(
        family=family,
        by_user=by_user,
        guardian=guardian,
        services=services,
        starts_on=starts_on or timezone.localdate(),
        ends_on=ends_on,
        purpose=purpose,
        covers_individual_plan=covers_individual_plan,
        on_behalf_of=signers,
    )
