"""The coordinator's work end to end with the test client: the group, consent extension, meetings with
invitations and interpreters, minutes, action items and contacts. Bad input answers 4xx and saves nothing."""

import datetime

import pytest
from django.core import mail
from icalendar import Calendar

from los.consent.models import ConsentExtensionRequest, RequestStatus
from los.core import dates
from los.notifications.models import Kind, Notification
from los.people.models import Professional
from los.team.models import (
    ActionItem,
    ContactLogEntry,
    FamilyMember,
    Meeting,
    MeetingInvitation,
    Minutes,
    TeamMember,
)

from .helpers import make_item, make_meeting


@pytest.fixture(autouse=True)
def locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def meeting_post(tenant, **overrides):
    from los.team.services.meetings import invitee_options

    data = {
        "title": "Ansvarsgruppemøte",
        "day": (dates.today() + datetime.timedelta(days=5)).isoformat(),
        "starts": "09:00",
        "ends": "10:30",
        "location": "Rådhuset",
        "video_url": "",
        "agenda": "1. Skolestart\n2. Avlastning",
        "interpreter_language": "",
        "invitees": [o.key for o in invitee_options(tenant.family)],
    }
    data.update(overrides)
    return data


def test_adding_a_professional_without_consent_offers_to_ask_the_family(
    tenant, client_for, django_capture_on_commit_callbacks
):
    school_teacher = Professional.objects.get(user=tenant.other_provider)  # physio, covered
    coordinator = client_for(tenant.coordinator)
    url = f"/oppfolging/familie/{tenant.family.pk}/fagperson/ny/"
    # The physiotherapy is covered by the consent: added at once.
    response = coordinator.post(url, {"member": f"{school_teacher.pk}:{tenant.physio.pk}", "role": "vikar"})
    assert response.status_code == 302
    assert TeamMember.objects.filter(family=tenant.family, professional=school_teacher).exists()

    # A new school professional: the consent does not cover the school.
    teacher = Professional.objects.get(user=tenant.school_provider)
    TeamMember.objects.filter(professional=teacher).delete()
    response = coordinator.post(url, {"member": f"{teacher.pk}:{tenant.school.pk}", "role": "kontaktlærer"})
    assert response.status_code == 409
    assert "Spør familien" in response.content.decode()
    assert not TeamMember.objects.filter(professional=teacher).exists()

    response = coordinator.post(
        f"/oppfolging/familie/{tenant.family.pk}/samtykke/spor/",
        {"member": f"{teacher.pk}:{tenant.school.pk}", "role": "kontaktlærer", "reason": "Skolestart i høst"},
    )
    assert response.status_code == 302
    ask = ConsentExtensionRequest.objects.get(family=tenant.family)
    assert Notification.objects.filter(
        user=tenant.guardian_user, kind=Kind.CONSENT_EXTENSION_REQUEST
    ).exists()

    guardian = client_for(tenant.guardian_user)
    page = guardian.get(f"/familie/{tenant.family.pk}/")
    assert f"/oppfolging/samtykke/{ask.pk}/" in page.content.decode()
    assert guardian.get(f"/oppfolging/samtykke/{ask.pk}/").status_code == 200
    response = guardian.post(f"/oppfolging/samtykke/{ask.pk}/", {"answer": "yes"})
    assert response.status_code == 302
    ask.refresh_from_db()
    assert ask.status == RequestStatus.ACCEPTED
    new_consent = ask.consent
    assert set(new_consent.services.all()) == {tenant.physio, tenant.school}
    assert TeamMember.objects.filter(professional=teacher, service=tenant.school).exists()
    assert Notification.objects.filter(user=tenant.coordinator, kind=Kind.CONSENT_EXTENSION_ANSWER).exists()
    # The coordinator cannot answer for the family.
    assert coordinator.post(f"/oppfolging/samtykke/{ask.pk}/", {"answer": "no"}).status_code == 404


def test_a_professional_from_another_municipality_cannot_join(tenant, other_tenant, client_for):
    foreign = Professional.objects.get(user=other_tenant.provider)
    response = client_for(tenant.coordinator).post(
        f"/oppfolging/familie/{tenant.family.pk}/fagperson/ny/",
        {"member": f"{foreign.pk}:{other_tenant.physio.pk}"},
    )
    assert response.status_code == 422
    assert "Bare fagpersoner i kommunen" in response.content.decode()
    assert not TeamMember.objects.filter(professional=foreign, family=tenant.family).exists()


@pytest.mark.parametrize(
    "birth, allowed",
    [(datetime.date(2010, 1, 1), True), (None, False)],
)
def test_the_child_joins_the_group_as_age_allows(tenant, client_for, birth, allowed):
    child = tenant.family.children.first()
    if birth is None:
        child.birth_date = dates.today() - datetime.timedelta(days=365 * 4)
    else:
        child.birth_date = birth
    child.save()
    response = client_for(tenant.coordinator).post(
        f"/oppfolging/familie/{tenant.family.pk}/fra-familien/ny/",
        {"person": f"child:{child.pk}", "role": "barnet"},
    )
    assert response.status_code == (302 if allowed else 422)
    assert FamilyMember.objects.filter(child=child).exists() == allowed


def test_calling_a_meeting_invites_by_email_with_icalendar_and_books_an_interpreter(
    tenant, client_for, django_capture_on_commit_callbacks
):
    tenant.provider.email = "fysio@example.invalid"
    tenant.provider.save()
    coordinator = client_for(tenant.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            f"/oppfolging/familie/{tenant.family.pk}/moter/nytt/", meeting_post(tenant)
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get(family=tenant.family)
    # Ola needs a Polish interpreter: the meeting gets one, and the coordinator a task to book it.
    assert meeting.interpreter_language == "pl"
    task = ActionItem.objects.get(family=tenant.family, meeting=meeting)
    assert task.responsible == tenant.coordinator and "polsk" in task.title
    assert Notification.objects.filter(
        user=tenant.coordinator, kind=Kind.INTERPRETER_TASK, action_item=task
    ).exists()
    # E-mail with an iCalendar REQUEST to everyone with an address (Ingrid and the physio).
    recipients = sorted(addr for m in mail.outbox for addr in m.to)
    assert recipients == ["fysio@example.invalid", "ingrid@example.invalid"]
    message = next(m for m in mail.outbox if m.to == ["fysio@example.invalid"])
    assert "tolk på polsk" in message.body
    name, content, mimetype = message.attachments[0]
    assert mimetype.startswith("text/calendar") and "method=REQUEST" in mimetype
    cal = Calendar.from_ical(content)
    assert cal["METHOD"] == "REQUEST"
    event = cal.walk("VEVENT")[0]
    assert str(event["UID"]) == meeting.uid and int(event["SEQUENCE"]) == 0
    assert event.decoded("DTSTART") == meeting.starts_at
    # In the app too, and the invitee answers.
    assert Notification.objects.filter(user=tenant.provider, kind=Kind.MEETING_INVITATION).exists()
    page = client_for(tenant.provider).get(f"/oppfolging/moter/{meeting.pk}/")
    assert "Det blir tolk på polsk" in page.content.decode()
    client_for(tenant.provider).post(f"/oppfolging/moter/{meeting.pk}/svar/", {"reply": "declined"})
    assert MeetingInvitation.objects.get(meeting=meeting, user=tenant.provider).reply == "declined"
    assert Notification.objects.filter(user=tenant.coordinator, kind=Kind.MEETING_REPLY).exists()


@pytest.mark.parametrize(
    "overrides, field_text",
    [
        ({"starts": "10:00", "ends": "09:00"}, "Møtet må slutte etter at det starter"),
        ({"starts": "10:00", "ends": "10:00"}, "Møtet må slutte etter at det starter"),
        ({"interpreter_language": "xx"}, "Vi har ikke tolk på dette språket"),
        ({"interpreter_language": "klingon"}, "Vi har ikke tolk på dette språket"),
        ({"location": "", "video_url": ""}, "Skriv hvor møtet er"),
        ({"invitees": ["user:999999"]}, "Velg et gyldig"),
    ],
)
def test_bad_meeting_input_is_refused_and_nothing_is_saved(tenant, client_for, overrides, field_text):
    response = client_for(tenant.coordinator).post(
        f"/oppfolging/familie/{tenant.family.pk}/moter/nytt/", meeting_post(tenant, **overrides)
    )
    assert response.status_code == 422
    assert field_text in response.content.decode()
    assert (
        not Meeting.objects.exists() and not ActionItem.objects.exists() and not Notification.objects.exists()
    )
    assert len(mail.outbox) == 0


def test_service_refuses_an_interpreter_language_not_in_the_list(tenant):
    from los.core.errors import DomainError

    with pytest.raises(DomainError) as refused:
        make_meeting(tenant, interpreter_language="xx")
    assert refused.value.field == "interpreter_language"
    assert not Meeting.objects.exists()


def test_minutes_with_action_items_reach_the_guardian(tenant, client_for, django_capture_on_commit_callbacks):
    meeting = make_meeting(tenant, days_ahead=0)
    coordinator = client_for(tenant.coordinator)
    due = dates.today() + datetime.timedelta(days=14)
    data = {
        "attendees": "Ingrid, Kari (koordinator), fysioterapeut",
        "child_views": "Emma vil gå på skolen med vennene sine.",
        "family_views": "Foreldrene ønsker avlastning i helgene.",
        "decisions": "Vi søker om avlastning.",
        "notes": "",
        "share": "on",
        "item1_title": "Søke om avlastning",
        "item1_responsible": str(tenant.coordinator.pk),
        "item1_due_on": due.isoformat(),
        "item2_title": "Treningsprogram for hjemmet",
        "item2_responsible": str(tenant.provider.pk),
        "item2_due_on": due.isoformat(),
    }
    # An incomplete action item row: nothing is saved.
    bad = {**data, "item3_title": "Uten ansvarlig"}
    assert coordinator.post(f"/oppfolging/moter/{meeting.pk}/referat/", bad).status_code == 422
    assert not Minutes.objects.exists()
    response = coordinator.post(f"/oppfolging/moter/{meeting.pk}/referat/", data)
    assert response.status_code == 302
    assert meeting.action_items.filter(
        title="Treningsprogram for hjemmet", responsible=tenant.provider
    ).exists()
    assert Notification.objects.filter(user=tenant.guardian_user, kind=Kind.MINUTES).exists()
    assert Notification.objects.filter(user=tenant.provider, kind=Kind.ACTION_ITEM_ASSIGNED).exists()

    guardian = client_for(tenant.guardian_user)
    page = guardian.get(f"/oppfolging/moter/{meeting.pk}/").content.decode()
    assert "Emma vil gå på skolen med vennene sine." in page
    assert "Treningsprogram for hjemmet" in page
    overview = guardian.get(f"/oppfolging/familie/{tenant.family.pk}/").content.decode()
    assert "Hvem gjør hva" in overview and "Treningsprogram for hjemmet" in overview


def test_guardian_does_not_see_minutes_before_they_are_shared(tenant, client_for):
    meeting = make_meeting(tenant, days_ahead=0)
    from los.team.services.minutes import write_minutes

    write_minutes(meeting, tenant.coordinator, attendees="Alle", decisions="Hemmelig utkast", share=False)
    page = client_for(tenant.guardian_user).get(f"/oppfolging/moter/{meeting.pk}/").content.decode()
    assert "Hemmelig utkast" not in page


def test_action_item_with_a_past_due_date_is_saved_but_flagged(tenant, client_for):
    response = client_for(tenant.coordinator).post(
        f"/oppfolging/familie/{tenant.family.pk}/punkter/nytt/",
        {
            "title": "Sende søknad om hjelpemidler",
            "responsible": str(tenant.provider.pk),
            "due_on": (dates.today() - datetime.timedelta(days=3)).isoformat(),
        },
        follow=True,
    )
    assert "fristen er allerede passert" in response.content.decode()
    item = ActionItem.objects.get(title="Sende søknad om hjelpemidler")
    assert item.due_in_past_when_created


def test_responsible_person_comments_and_marks_done_others_cannot(tenant, client_for):
    item = make_item(tenant, responsible=tenant.provider)
    provider = client_for(tenant.provider)
    assert (
        provider.post(
            f"/oppfolging/punkter/{item.pk}/kommentar/", {"text": "Ringer NAV i morgen"}
        ).status_code
        == 302
    )
    assert provider.post(f"/oppfolging/punkter/{item.pk}/status/", {"status": "done"}).status_code == 302
    item.refresh_from_db()
    assert item.status == "done" and item.completed_at
    assert Notification.objects.filter(user=tenant.coordinator, kind=Kind.COMMENT).exists()
    other = make_item(tenant, responsible=tenant.coordinator)
    assert provider.post(f"/oppfolging/punkter/{other.pk}/status/", {"status": "done"}).status_code == 404


def test_coordinator_logs_a_contact(tenant, client_for):
    coordinator = client_for(tenant.coordinator)
    url = f"/oppfolging/familie/{tenant.family.pk}/kontakt/ny/"
    future = (dates.today() + datetime.timedelta(days=2)).isoformat()
    assert (
        coordinator.post(url, {"contacted_on": future, "channel": "phone", "needs_now": "x"}).status_code
        == 422
    )
    assert (
        coordinator.post(
            url, {"contacted_on": dates.today().isoformat(), "channel": "fax", "needs_now": "x"}
        ).status_code
        == 422
    )
    response = coordinator.post(
        url,
        {"contacted_on": dates.today().isoformat(), "channel": "phone", "needs_now": "Avlastning i helgene"},
    )
    assert response.status_code == 302
    assert ContactLogEntry.objects.get().needs_now == "Avlastning i helgene"


def test_late_items_show_in_til_oppfolging_and_the_caseload(tenant, client_for):
    late = make_item(tenant, due_on=dates.today() - datetime.timedelta(days=5), title="Sende epikrise")
    make_item(tenant, due_on=dates.today() + datetime.timedelta(days=5), title="Ikke forsinket")
    make_item(
        tenant,
        family=tenant.other_family,
        due_on=dates.today() - datetime.timedelta(days=5),
        title="Annen familie",
    )
    coordinator = client_for(tenant.coordinator)
    page = coordinator.get("/oppfolging/").content.decode()
    assert late.title in page and "Ikke forsinket" not in page and "Annen familie" not in page
    caseload = coordinator.get("/oppfolging/mine-familier/").content.decode()
    assert tenant.family.name in caseload and "1 oppgave er forsinket" in caseload


def test_notifications_page_marks_read(tenant, client_for):
    from los.notifications.services import notify

    [n] = notify([tenant.provider], Kind.REMINDER, "Husk treningsprogrammet")
    provider = client_for(tenant.provider)
    assert "Husk treningsprogrammet" in provider.get("/varsler/").content.decode()
    assert provider.post(f"/varsler/{n.pk}/lest/").status_code == 302
    n.refresh_from_db()
    assert n.read_at is not None
    # Another user cannot mark it: it answers like one that does not exist.
    assert client_for(tenant.coordinator).post(f"/varsler/{n.pk}/lest/").status_code == 404
    response = provider.post("/varsler/valg/", {"delivery": "daily_digest"})
    assert response.status_code == 302
    assert provider.post("/varsler/valg/", {"delivery": "pigeon"}).status_code == 422


def test_moving_and_cancelling_a_meeting_updates_the_invitees_calendars(
    tenant, client_for, django_capture_on_commit_callbacks
):
    tenant.provider.email = "fysio@example.invalid"
    tenant.provider.save()
    coordinator = client_for(tenant.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(f"/oppfolging/familie/{tenant.family.pk}/moter/nytt/", meeting_post(tenant))
    meeting = Meeting.objects.get(family=tenant.family)
    url = f"/oppfolging/moter/{meeting.pk}/endre/"
    bad = coordinator.post(
        url, {"day": "2027-03-02", "starts": "11:00", "ends": "10:00", "location": "Rådhuset"}
    )
    assert bad.status_code == 422 and "Møtet må slutte etter at det starter" in bad.content.decode()
    assert client_for(tenant.provider).get(url).status_code == 404
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            url, {"day": "2027-03-02", "starts": "12:00", "ends": "13:00", "location": "Rådhuset, møterom 2"}
        )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.sequence == 1 and meeting.location == "Rådhuset, møterom 2"
    event = Calendar.from_ical(mail.outbox[0].attachments[0][1]).walk("VEVENT")[0]
    assert str(event["UID"]) == meeting.uid and int(event["SEQUENCE"]) == 1
    assert Notification.objects.filter(user=tenant.provider, kind=Kind.MEETING_CHANGED).exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(f"/oppfolging/moter/{meeting.pk}/avlys/")
    meeting.refresh_from_db()
    assert meeting.status == "cancelled" and meeting.sequence == 2
    cal = Calendar.from_ical(mail.outbox[0].attachments[0][1])
    assert cal["METHOD"] == "CANCEL" and str(cal.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"
    assert "avlyst" in mail.outbox[0].subject.lower()


def test_coordinator_takes_a_professional_out_of_the_group_and_their_access_ends(tenant, client_for):
    from los.team.models import TeamMember

    member = TeamMember.objects.get(family=tenant.family, professional__user=tenant.provider)
    url = f"/oppfolging/familie/{tenant.family.pk}/medlem/fagperson/{member.pk}/avslutt/"
    assert client_for(tenant.provider).post(url).status_code == 404
    assert client_for(tenant.provider).get(f"/familier/{tenant.family.pk}/").status_code == 200
    response = client_for(tenant.coordinator).post(url)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.left_on is not None  # kept as history
    assert client_for(tenant.provider).get(f"/familier/{tenant.family.pk}/").status_code == 404
    again = client_for(tenant.coordinator).post(url, follow=True)
    assert "Fant ikke medlemmet" in again.content.decode()
