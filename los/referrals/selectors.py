"""Read queries for referrals. Every list starts from the record policy (`access.visible`)."""

from los.core import access

from . import policy
from .models import PatientOrganisation, Referral


def referrals(grant, limit: int | None = None) -> list[Referral]:
    """The family's referrals this relation may see, newest first, with what the pages show joined."""
    rows = access.visible(grant, Referral).order_by("-sent_on", "-id")
    return list(rows[:limit] if limit else rows)


def directory(user):
    """The organisations of the user's municipality; those hidden from the coordinators only the
    coordinating unit, who keeps the directory, sees."""
    organisations = PatientOrganisation.objects.filter(municipality_id=user.municipality_id)
    if not policy.may_keep_directory(user):
        organisations = organisations.filter(active=True)
    return organisations


def directory_entry(user, organisation_id) -> PatientOrganisation | None:
    """One organisation of the user's municipality's directory, or None."""
    return PatientOrganisation.objects.filter(
        pk=organisation_id, municipality_id=user.municipality_id
    ).first()
