"""Fixtures the core tests share."""

import datetime

import pytest
from django.utils import timezone

from los.calendar.models import Appointment, FamilyLimits, Place, ServiceCalendar
from los.core import audit, dates
from los.core.models import AccessAction, AccessReason, NeedToKnow, User, UserAuditEntry
from los.team.models import ActionItem
from tests.core.admin_world import SECRET


@pytest.fixture
def admin_world(tenant, other_tenant, admin_user):
    """The tenant with family content hanging on its configuration: a guardian account named like the
    guardian, calendar limits, an appointment at a place, an action item, access-log rows."""
    guardian = tenant.guardians[0]
    User.objects.filter(pk=tenant.guardian_user.pk).update(
        first_name=guardian.first_name, last_name=guardian.last_name
    )
    FamilyLimits.objects.create(family=tenant.family, max_appointments_per_day=1)
    place = Place.objects.create(municipality=tenant.municipality, name="Helsehuset")
    ServiceCalendar.objects.create(service=tenant.physio, place=place)
    start = timezone.now() + datetime.timedelta(days=3)
    Appointment.objects.create(
        family=tenant.family,
        child=tenant.family.children.first(),
        service=tenant.physio,
        professional=tenant.provider.professional,
        place=place,
        title=f"{SECRET} fysioterapi",
        notes=SECRET,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        created_by=tenant.coordinator,
    )
    ActionItem.objects.create(
        family=tenant.family,
        title=f"{SECRET} søke om avlastning",
        responsible=tenant.coordinator,
        created_by=tenant.coordinator,
        due_on=dates.today(),
    )
    NeedToKnow.objects.create(
        user=tenant.caseworker,
        family=tenant.family,
        reason="casework",
        explanation=SECRET,
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    audit.write(
        [
            audit.LogRow(
                user=tenant.coordinator,
                family_id=family.pk,
                action=AccessAction.READ,
                record_type="family",
                record_id=str(family.pk),
                reason=AccessReason.COORDINATOR,
                purpose=SECRET,
            )
            for family in (tenant.family, tenant.family, tenant.other_family)
        ]
    )
    UserAuditEntry.objects.create(
        user=tenant.coordinator,
        changed_by=admin_user,
        field="role",
        old_value="provider",
        new_value="coordinator",
    )
    return tenant
