"""The record policy of the team: nothing about the family reaches a service the consent does not cover;
the family reads minutes and their action items once shared; a professional sees what the consent covers;
the coordinating unit reads the team's records only with a stated need to know.

In the test world the school teacher is in the group, but the family's consent covers only the
physiotherapy: the teacher must get nothing."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from los.consent import services as consent_services
from los.core import dates
from los.core.models import AccessLogEntry, AccessReason, NeedToKnow, NeedToKnowReason
from los.notifications.models import Kind, Notification
from los.team.models import ActionItem, ContactLogEntry, Meeting, Minutes
from los.team.services import group as group_services
from los.team.services import meetings as meeting_services
from los.team.services import minutes as minutes_services

from .helpers import make_item, make_meeting


@pytest.fixture(autouse=True)
def locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def meeting_data(tenant, invitees):
    return {
        "title": "Ansvarsgruppemøte",
        "day": (dates.today() + datetime.timedelta(days=5)).isoformat(),
        "starts": "09:00",
        "ends": "10:00",
        "location": "Rådhuset",
        "video_url": "",
        "agenda": "",
        "interpreter_language": "",
        "invitees": invitees,
    }


def everyone_covered(tenant):
    return [o.key for o in meeting_services.invitee_options(tenant.family)]


def minutes_with_item(tenant, responsible, share=False, title="Lage treningsprogram for hjemmet"):
    meeting = make_meeting(tenant, days_ahead=0)
    minutes_services.write_minutes(
        meeting,
        tenant.coordinator,
        attendees="Alle",
        decisions="Utkast",
        action_items=[
            {"title": title, "responsible": responsible, "due_on": dates.today() + datetime.timedelta(days=9)}
        ],
        share=share,
    )
    return meeting, ActionItem.objects.get(meeting=meeting, title=title)


def withdraw(tenant):
    consent_services.withdraw_consent(tenant.consent, tenant.guardian_user, reason="Vil ikke dele lenger")


# --- Meetings: invitations reach only people the consent covers ------------------------------------------


def test_meeting_form_offers_and_preticks_only_people_the_consent_covers(tenant, client_for):
    response = client_for(tenant.coordinator).get(reverse("team:meeting_new", args=[tenant.family.pk]))
    assert response.status_code == 200
    field = response.context["form"]["invitees"]
    offered = {key for key, _label in field.field.choices}
    ticked = set(response.context["form"].initial["invitees"])
    teacher, physio = f"user:{tenant.school_provider.pk}", f"user:{tenant.provider.pk}"
    assert physio in offered and physio in ticked
    assert teacher not in offered and teacher not in ticked
    # The coordinator is told why the teacher is not on the list.
    assert "samtykke ikke gjelder tjenesten" in response.content.decode()


def test_meeting_invitation_never_reaches_a_service_the_consent_does_not_cover(
    tenant, client_for, django_capture_on_commit_callbacks
):
    tenant.school_provider.email = "laerer@example.invalid"
    tenant.school_provider.save()
    crafted = [*everyone_covered(tenant), f"user:{tenant.school_provider.pk}"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(tenant.coordinator).post(
            reverse("team:meeting_new", args=[tenant.family.pk]), meeting_data(tenant, crafted)
        )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Familiens samtykke gjelder ikke Skolen" in page
    # It offers to ask the guardians to extend the consent to the school, for this teacher.
    assert reverse("team:request_consent", args=[tenant.family.pk]) in page
    assert f'value="{tenant.school_provider.professional.pk}:{tenant.school.pk}"' in page
    assert not Meeting.objects.exists()
    assert not Notification.objects.filter(user=tenant.school_provider).exists()
    assert not any("laerer@example.invalid" in m.to for m in mail.outbox)
    assert not mail.outbox


def test_meeting_service_refuses_an_invitee_the_consent_does_not_cover(tenant):
    with pytest.raises(group_services.ConsentNeeded) as refused:
        make_meeting(tenant, invitee_keys=[f"user:{tenant.school_provider.pk}"])
    assert refused.value.service == tenant.school and refused.value.field == "invitees"
    assert not Meeting.objects.exists()


def test_invitees_the_consent_no_longer_covers_get_no_changes_by_notification_or_email(
    tenant, client_for, django_capture_on_commit_callbacks
):
    tenant.provider.email = "fysio@example.invalid"
    tenant.provider.save()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = make_meeting(tenant)
    assert any(m.to == ["fysio@example.invalid"] for m in mail.outbox)
    withdraw(tenant)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(tenant.coordinator).post(
            reverse("team:meeting_reschedule", args=[meeting.pk]),
            {"day": "2027-03-02", "starts": "12:00", "ends": "13:00", "location": "Rådhuset, møterom 3"},
        )
    assert response.status_code == 302
    assert not Notification.objects.filter(user=tenant.provider, kind=Kind.MEETING_CHANGED).exists()
    assert Notification.objects.filter(user=tenant.guardian_user, kind=Kind.MEETING_CHANGED).exists()
    assert [m.to for m in mail.outbox] == [["ingrid@example.invalid"]]
    calendar = mail.outbox[0].attachments[0][1]
    assert "fysio@example.invalid" not in (calendar if isinstance(calendar, str) else calendar.decode())


def test_shared_minutes_are_not_sent_to_an_invitee_the_consent_no_longer_covers(tenant):
    meeting = make_meeting(tenant, days_ahead=0)
    withdraw(tenant)
    minutes_services.write_minutes(meeting, tenant.coordinator, attendees="Alle", share=True)
    assert Notification.objects.filter(user=tenant.guardian_user, kind=Kind.MINUTES).exists()
    assert not Notification.objects.filter(user=tenant.provider, kind=Kind.MINUTES).exists()


# --- Action items: only to people the consent covers ------------------------------------------------------


def test_action_item_cannot_be_given_to_a_service_the_consent_does_not_cover(tenant, client_for):
    coordinator = client_for(tenant.coordinator)
    form = coordinator.get(reverse("team:action_item_new", args=[tenant.family.pk])).context["form"]
    assert str(tenant.school_provider.pk) not in {k for k, _ in form.fields["responsible"].choices}
    response = coordinator.post(
        reverse("team:action_item_new", args=[tenant.family.pk]),
        {
            "title": "Tilrettelegge klasserommet",
            "responsible": str(tenant.school_provider.pk),
            "due_on": (dates.today() + datetime.timedelta(days=7)).isoformat(),
        },
    )
    assert response.status_code == 409
    assert "Familiens samtykke gjelder ikke Skolen" in response.content.decode()
    assert reverse("team:request_consent", args=[tenant.family.pk]) in response.content.decode()
    api = coordinator.post(
        f"/api/v1/families/{tenant.family.pk}/action-items",
        {"title": "X", "due_on": "2027-03-01", "responsible_username": tenant.school_provider.username},
        content_type="application/json",
    )
    assert api.status_code == 422
    assert "responsible_username" in [d["field"] for d in api.json()["detail"]]
    assert "samtykke" in api.json()["message"]
    assert not ActionItem.objects.exists()
    assert not Notification.objects.filter(user=tenant.school_provider).exists()


def test_minutes_cannot_give_an_action_item_to_a_service_the_consent_does_not_cover(tenant, client_for):
    meeting = make_meeting(tenant, days_ahead=0)
    response = client_for(tenant.coordinator).post(
        reverse("team:minutes_edit", args=[meeting.pk]),
        {
            "attendees": "Alle",
            "item1_title": "Tilrettelegge klasserommet",
            "item1_responsible": str(tenant.school_provider.pk),
            "item1_due_on": (dates.today() + datetime.timedelta(days=7)).isoformat(),
        },
    )
    assert response.status_code == 422
    assert "Familiens samtykke gjelder ikke Skolen" in response.content.decode()
    assert not Minutes.objects.exists()
    assert not ActionItem.objects.filter(responsible=tenant.school_provider).exists()


# --- The family: minutes and their action items once shared ----------------------------------------------


def test_family_api_hides_action_items_from_unshared_minutes(tenant, client_for):
    meeting, item = minutes_with_item(tenant, tenant.provider, share=False)
    loose = make_item(tenant, responsible=tenant.coordinator, title="Søke om avlastning")
    guardian = client_for(tenant.guardian_user)
    url = f"/api/v1/families/{tenant.family.pk}/action-items"
    assert [i["id"] for i in guardian.get(url).json()] == [loose.pk]
    assert guardian.get(reverse("team:action_item", args=[item.pk])).status_code == 404
    assert (
        "Lage treningsprogram"
        not in guardian.get(reverse("team:overview", args=[tenant.family.pk])).content.decode()
    )
    minutes_services.share_minutes(meeting.minutes)
    assert {loose.pk, item.pk} <= {i["id"] for i in guardian.get(url).json()}
    assert guardian.get(reverse("team:action_item", args=[item.pk])).status_code == 200


def test_guardian_is_not_told_of_an_item_from_minutes_not_yet_shared(tenant):
    minutes_with_item(tenant, tenant.guardian_user, share=False)
    assert not Notification.objects.filter(user=tenant.guardian_user, kind=Kind.ACTION_ITEM_ASSIGNED).exists()
    minutes_with_item(tenant, tenant.guardian_user, share=True, title="Ringe skolen")
    assert Notification.objects.filter(user=tenant.guardian_user, kind=Kind.ACTION_ITEM_ASSIGNED).exists()


def test_professional_does_not_read_minutes_before_they_are_shared(tenant, client_for):
    meeting = make_meeting(tenant, days_ahead=0)
    minutes_services.write_minutes(meeting, tenant.coordinator, attendees="Alle", decisions="Hemmelig utkast")
    provider = client_for(tenant.provider)
    assert "Hemmelig utkast" not in provider.get(reverse("team:meeting", args=[meeting.pk])).content.decode()
    minutes_services.share_minutes(meeting.minutes)
    assert "Hemmelig utkast" in provider.get(reverse("team:meeting", args=[meeting.pk])).content.decode()


# --- A professional sees what the consent covers ---------------------------------------------------------


def test_professional_sees_own_action_items_and_those_of_covered_services_only(tenant, client_for):
    own = make_item(tenant, responsible=tenant.provider, title="Treningsprogram")
    coordinators = make_item(tenant, responsible=tenant.coordinator, title="Søke om avlastning")
    provider = client_for(tenant.provider)
    listed = [i["id"] for i in provider.get(f"/api/v1/families/{tenant.family.pk}/action-items").json()]
    assert listed == [own.pk]
    assert provider.get(reverse("team:action_item", args=[own.pk])).status_code == 200
    assert provider.get(reverse("team:action_item", args=[coordinators.pk])).status_code == 404
    overview = provider.get(reverse("team:overview", args=[tenant.family.pk])).content.decode()
    assert "Treningsprogram" in overview and "Søke om avlastning" not in overview


def test_contact_log_is_shown_to_the_coordinator_only(tenant, client_for):
    ContactLogEntry.objects.create(
        family=tenant.family,
        contacted_on=dates.today(),
        channel="phone",
        needs_now="Mor trenger avlastning og er sliten",
        logged_by=tenant.coordinator,
    )
    url = reverse("team:overview", args=[tenant.family.pk])
    assert "Mor trenger avlastning" in client_for(tenant.coordinator).get(url).content.decode()
    for who in (tenant.provider, tenant.guardian_user):
        assert "Mor trenger avlastning" not in client_for(who).get(url).content.decode()


# --- The coordinating unit: only with a stated need to know ----------------------------------------------


def _state_need(tenant):
    now = timezone.now()
    return NeedToKnow.objects.create(
        user=tenant.caseworker,
        family=tenant.family,
        reason=NeedToKnowReason.COORDINATOR_ABSENT,
        explanation="Koordinator er syk, mor ringte",
        starts_at=now,
        expires_at=now + datetime.timedelta(hours=12),
    )


def test_caseworker_reads_meetings_minutes_and_action_items_only_with_a_stated_need_to_know(
    tenant, client_for
):
    meeting = make_meeting(tenant, days_ahead=0)
    minutes_services.write_minutes(
        meeting, tenant.coordinator, attendees="Alle", decisions="Vi søker", share=True
    )
    item = make_item(tenant)
    caseworker = client_for(tenant.caseworker)
    pages = [
        reverse("team:meeting", args=[meeting.pk]),
        reverse("team:action_item", args=[item.pk]),
        reverse("team:overview", args=[tenant.family.pk]),
    ]
    before = AccessLogEntry.objects.count()
    for url in pages:
        response = caseworker.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("need_to_know", args=[tenant.family.pk]))
    api = f"/api/v1/families/{tenant.family.pk}/action-items"
    assert caseworker.get(api).status_code == 404
    assert AccessLogEntry.objects.count() == before

    _state_need(tenant)
    for url in [*pages, api]:
        assert caseworker.get(url).status_code == 200, url
    rows = AccessLogEntry.objects.filter(user=tenant.caseworker, action="read").order_by("seq")
    assert {r.record_type for r in rows} >= {"meeting", "minutes", "action_item", "responsibility_group"}
    assert all(r.reason == AccessReason.CASEWORKER_NEED_TO_KNOW for r in rows)
    assert all("Koordinator er syk" in r.purpose for r in rows)


# --- Changes are logged by the services; refusals are not logged ------------------------------------------


def test_calling_a_meeting_is_logged_as_a_change_and_a_refusal_is_not(tenant, client_for):
    coordinator = client_for(tenant.coordinator)
    url = reverse("team:meeting_new", args=[tenant.family.pk])
    coordinator.post(
        url, meeting_data(tenant, [*everyone_covered(tenant), f"user:{tenant.school_provider.pk}"])
    )
    assert not AccessLogEntry.objects.filter(action="change").exists()
    assert coordinator.post(url, meeting_data(tenant, everyone_covered(tenant))).status_code == 302
    meeting = Meeting.objects.get()
    changes = AccessLogEntry.objects.filter(action="change", family=tenant.family)
    assert changes.filter(record_type="meeting", record_id=str(meeting.pk)).count() == 1
    assert changes.get(record_type="meeting").reason == AccessReason.COORDINATOR
