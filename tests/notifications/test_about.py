"""A notification says which family and child it is about, in the list, the API and the e-mail, while the
user may see the family; once the relation ends it names neither."""

import pytest
from django.core import mail

from los.consent import services as consent_services
from los.notifications import emails
from los.notifications import services as notification_services
from los.notifications.about import about, child_label
from los.notifications.models import Kind, Notification, OutboxMessage
from los.notifications.services import notify
from tests.team.helpers import make_item


@pytest.fixture(autouse=True)
def locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def emma(tenant):
    return tenant.family.children.get()


def item_notification(tenant, user):
    item = make_item(tenant, responsible=user, title="Treningsprogram")
    item.child = emma(tenant)
    item.save()
    return notify(
        [user],
        Kind.ACTION_ITEM_ASSIGNED,
        "Du har fått ansvar for «Treningsprogram».",
        url=f"/oppfolging/punkter/{item.pk}/",
        family=tenant.family,
        action_item=item,
    )


def test_labels(tenant):
    child = emma(tenant)
    assert child_label(child) == "Emma (f. 2016)"
    assert about(tenant.family, child) == "Familien Fjordsen · Emma (f. 2016)"
    assert about(tenant.family) == "Familien Fjordsen" and about(None) == ""
    child.birth_date, child.expected_due_date = None, child.birth_date.replace(year=2027)
    assert child_label(child) == "Emma (termin 2027)"


def test_the_list_and_the_api_name_the_family_and_the_child(tenant, client_for):
    [n] = item_notification(tenant, tenant.provider)
    assert n.child == emma(tenant)  # taken from the action item
    c = client_for(tenant.provider)
    assert "Familien Fjordsen · Emma (f. 2016)" in c.get("/varsler/").content.decode()
    [row] = c.get("/api/v1/me/notifications").json()
    assert row["about"] == "Familien Fjordsen · Emma (f. 2016)" and row["child_id"] == emma(tenant).pk


def test_nothing_names_the_family_once_the_consent_is_withdrawn(tenant, client_for):
    item_notification(tenant, tenant.provider)
    consent_services.withdraw_consent(tenant.consent, tenant.guardian_user, reason="Vil ikke dele")
    c = client_for(tenant.provider)
    page = c.get("/varsler/").content.decode()
    assert "Familien Fjordsen" not in page and "Emma (f. 2016)" not in page
    [row] = c.get("/api/v1/me/notifications").json()
    assert row["withheld"] and row["about"] == "" and row["child_id"] is None


def test_a_child_of_another_family_is_never_attached(tenant):
    [n] = notify(
        [tenant.coordinator],
        Kind.COMMENT,
        "Ny kommentar.",
        family=tenant.family,
        child=tenant.other_family.children.get(),
    )
    assert n.child is None


def test_the_e_mail_names_the_family_and_child_in_subject_and_body(tenant):
    tenant.provider.email = "fysio@example.invalid"
    tenant.provider.save()
    item_notification(tenant, tenant.provider)
    notification_services.deliver_immediate()
    message = OutboxMessage.objects.get(user=tenant.provider)
    assert message.subject == "Los: Ny oppgave – Familien Fjordsen · Emma (f. 2016)"
    assert "Ny oppgave (Familien Fjordsen · Emma (f. 2016)): Du har fått ansvar for" in message.body
    assert len(mail.outbox) == 1


def test_a_notification_about_no_family_reads_as_before(tenant):
    [n] = notify([tenant.provider], Kind.COMMENT, "Velkommen til Los.")
    assert emails.notifications_subject([n]) == "Los: Ny kommentar"
    assert Notification.objects.get(pk=n.pk).child is None
