"""A notification is the user's own, but it shows a family's content only while the user may still see
the record it is about; each family shown is logged as a read; nothing is e-mailed once withheld."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from los.consent import services as consent_services
from los.core import dates
from los.core.models import AccessLogEntry, AccessReason
from los.notifications import services as notification_services
from los.notifications.disclosure import WITHHELD_TEXT
from los.notifications.models import Delivery, EmailStatus, Kind, Notification, NotificationPreference
from los.notifications.services import notify
from los.team.models import ActionItem
from tests.team.helpers import make_item


@pytest.fixture(autouse=True)
def locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def family_notifications(tenant, user, count=2):
    item = make_item(tenant, responsible=user, title="Treningsprogram for Emma")
    rows = []
    for n in range(count):
        rows += notify(
            [user],
            Kind.REMINDER,
            f"Husk: «Treningsprogram for Emma» i {tenant.family.name} ({n})",
            url=f"/oppfolging/punkter/{item.pk}/",
            family=tenant.family,
            action_item=item,
        )
    return item, rows


def withdraw(tenant):
    consent_services.withdraw_consent(tenant.consent, tenant.guardian_user, reason="Vil ikke dele lenger")


def reads(user):
    return AccessLogEntry.objects.filter(user=user, action="read", record_type="notifications")


def test_notifications_hide_family_after_consent_withdrawn_and_log_reads(tenant, client_for):
    _item, rows = family_notifications(tenant, tenant.provider)
    provider = client_for(tenant.provider)
    page = provider.get("/varsler/").content.decode()
    assert tenant.family.name in page and "Treningsprogram for Emma" in page
    assert [(r.family_id, r.reason) for r in reads(tenant.provider)] == [
        (tenant.family.pk, AccessReason.TEAM_WITH_CONSENT)
    ]  # two notifications, one family: one read
    api = provider.get("/api/v1/me/notifications").json()
    assert {r["family_id"] for r in api} == {tenant.family.pk} and not any(r["withheld"] for r in api)
    assert reads(tenant.provider).count() == 2

    withdraw(tenant)
    page = provider.get("/varsler/").content.decode()
    assert tenant.family.name not in page and "Treningsprogram for Emma" not in page
    assert str(WITHHELD_TEXT) in page
    assert f"/oppfolging/punkter/{rows[0].action_item_id}/" not in page
    api = provider.get("/api/v1/me/notifications").json()
    assert len(api) == 2
    assert all(r["withheld"] and r["family_id"] is None and r["action_item_id"] is None for r in api)
    assert all(r["url"] == "" and tenant.family.name not in r["text"] for r in api)
    assert reads(tenant.provider).count() == 2  # nothing shown, nothing logged
    # Still the user's own: it can be marked read.
    assert provider.post(f"/varsler/{rows[0].pk}/lest/").status_code == 302
    rows[0].refresh_from_db()
    assert rows[0].read_at is not None


def test_notification_about_a_record_the_user_may_not_see_is_withheld(tenant, client_for):
    """The family's own page stays open, but an item from minutes not yet shared is not shown."""
    from los.team.services import minutes as meeting_services
    from tests.team.helpers import make_meeting

    meeting = make_meeting(tenant, days_ahead=0)
    meeting_services.write_minutes(meeting, tenant.coordinator, attendees="Alle")
    item = ActionItem.objects.create(
        family=tenant.family,
        meeting=meeting,
        title="Hemmelig punkt",
        responsible=tenant.guardian_user,
        due_on=dates.today(),
        created_by=tenant.coordinator,
    )
    # notify() does not make it (it asks may_see); one made before that rule, or by a sweep, is not shown.
    assert not notify(
        [tenant.guardian_user], Kind.ACTION_ITEM_ASSIGNED, "x", family=tenant.family, action_item=item
    )
    Notification.objects.create(
        user=tenant.guardian_user,
        kind=Kind.ACTION_ITEM_ASSIGNED,
        text="Hemmelig punkt",
        family=tenant.family,
        action_item=item,
    )
    page = client_for(tenant.guardian_user).get("/varsler/").content.decode()
    assert "Hemmelig punkt" not in page and str(WITHHELD_TEXT) in page


def test_withheld_notifications_are_not_emailed_at_once_or_in_the_digest(tenant):
    tenant.provider.email = "fysio@example.invalid"
    tenant.provider.save()
    tenant.coordinator.email = "koordinator@example.invalid"
    tenant.coordinator.save()
    family_notifications(tenant, tenant.provider)
    NotificationPreference.objects.create(user=tenant.coordinator, delivery=Delivery.DAILY_DIGEST)
    family_notifications(tenant, tenant.coordinator)
    # The coordinator is replaced: the family is no longer theirs.
    tenant.family.coordinator_assignments.update(ends_on=dates.today() - datetime.timedelta(days=1))
    withdraw(tenant)
    assert notification_services.deliver_immediate() == 0
    late_evening = datetime.datetime.combine(dates.today(), datetime.time(22), tzinfo=datetime.UTC)
    assert notification_services.send_daily_digests(late_evening) == 0
    assert mail.outbox == []
    assert set(Notification.objects.values_list("email_status", flat=True)) == {EmailStatus.NOT_SENT}


def test_notifications_still_visible_are_emailed(tenant):
    tenant.provider.email = "fysio@example.invalid"
    tenant.provider.save()
    family_notifications(tenant, tenant.provider)
    assert notification_services.deliver_immediate() == 1
    assert "Treningsprogram for Emma" in mail.outbox[0].body


def test_notification_list_keeps_a_constant_query_count(tenant, client_for):
    provider = client_for(tenant.provider)
    family_notifications(tenant, tenant.provider, count=2)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert provider.get("/varsler/").status_code == 200
        return len(ctx.captured_queries)

    small = count()
    family_notifications(tenant, tenant.provider, count=30)
    assert count() == small


def test_no_notification_is_made_for_a_user_who_may_not_see_the_family(tenant):
    """The teacher is in the group, but the consent does not cover the school."""
    made = notify(
        [tenant.school_provider, tenant.provider],
        Kind.MEETING_CHANGED,
        "Møtet er flyttet",
        family=tenant.family,
    )
    assert [n.user for n in made] == [tenant.provider]
    assert not Notification.objects.filter(user=tenant.school_provider).exists()
