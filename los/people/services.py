"""Registering and correcting the family register: families, children and guardians.

The coordinating unit registers the family (helse- og omsorgstjenesteloven § 7-3); each change is written
to the family's access log as a change (Normen, fact sheet 15; pasientjournalloven § 22), here and only
once it has been saved.
"""

from django.db import transaction

from los.core import audit

from .models import Child, Family, Guardian


@transaction.atomic
def register_family(family: Family, municipality_id: int) -> Family:
    """Register a new family in the user's municipality (the tenant is never taken from the form)."""
    family.municipality_id = municipality_id
    family.save()
    audit.changed(family.pk, "family", family.pk)
    return family


@transaction.atomic
def save_child(family: Family, child: Child) -> Child:
    """Register a child in `family`, or correct one already in it."""
    child.family = family
    child.save()
    audit.changed(family.pk, "child", child.pk)
    return child


@transaction.atomic
def save_guardian(family: Family, guardian: Guardian) -> Guardian:
    """Register a guardian in `family`, or correct one already in it."""
    guardian.family = family
    guardian.save()
    audit.changed(family.pk, "guardian", guardian.pk)
    return guardian
