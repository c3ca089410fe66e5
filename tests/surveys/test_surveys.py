"""Asking families how it goes: invited after a meeting and every three months, reminded once, answered
once, kept apart from who answered, and shown to leaders only in groups of five."""

import datetime

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from los.core import dates
from los.core.errors import DomainError
from los.notifications.models import Kind, Notification
from los.surveys import services
from los.surveys.models import SurveyAnswer, SurveyInvitation, Trigger
from los.surveys.questions import KEYS

from ..factories import make_tenant
from ..team.helpers import make_meeting

GOOD = {key: 4 for key in KEYS}


def invite(tenant, days_ago=0) -> SurveyInvitation:
    now = timezone.now() - datetime.timedelta(days=days_ago)
    return SurveyInvitation.objects.create(
        family=tenant.family,
        user=tenant.guardian_user,
        trigger=Trigger.QUARTERLY,
        created_at=now,
        closes_at=now + services.OPEN_FOR,
    )


def test_the_guardians_are_asked_once_the_meeting_is_held(tenant):
    from los.team.services.minutes import write_minutes

    meeting = make_meeting(tenant, days_ahead=0)
    meeting.starts_at = timezone.now() - datetime.timedelta(hours=2)
    meeting.ends_at = meeting.starts_at + datetime.timedelta(hours=1)
    meeting.save(update_fields=["starts_at", "ends_at"])
    write_minutes(meeting, tenant.coordinator, attendees="Alle")
    invitation = SurveyInvitation.objects.get(user=tenant.guardian_user)
    assert invitation.trigger == Trigger.MEETING and invitation.meeting == meeting
    told = Notification.objects.get(user=tenant.guardian_user, kind=Kind.SURVEY)
    assert told.url == f"/familie/sporsmal/{invitation.pk}/"
    # Writing the minutes again asks no one again.
    write_minutes(meeting, tenant.coordinator, attendees="Alle", lock_version=1)
    assert SurveyInvitation.objects.filter(user=tenant.guardian_user).count() == 1


def test_every_three_months_once_the_family_has_had_its_coordinator_for_three_months(tenant):
    now = timezone.now()  # the coordinator was appointed today
    assert services.invite_quarterly(now) == 0
    assert services.invite_quarterly(now + datetime.timedelta(days=90)) == 0
    # The one guardian with a login (the other family has none).
    assert services.invite_quarterly(now + datetime.timedelta(days=92)) == 1
    assert services.invite_quarterly(now + datetime.timedelta(days=120)) == 0
    assert services.invite_quarterly(now + datetime.timedelta(days=184)) == 1
    assert SurveyInvitation.objects.filter(trigger=Trigger.QUARTERLY).count() == 2


def test_a_family_without_a_coordinator_is_not_asked_every_three_months(tenant):
    from los.coordinators.models import CoordinatorAssignment

    CoordinatorAssignment.objects.filter(family=tenant.family).update(
        ends_on=dates.today() - datetime.timedelta(days=1)
    )
    assert services.invite_quarterly(timezone.now()) == 0


def test_a_reminder_goes_once_after_a_week(tenant):
    invitation = invite(tenant, days_ago=8)
    now = timezone.now()
    assert services.remind(now) == 1
    assert services.remind(now) == 0
    invitation.refresh_from_db()
    assert invitation.reminded_at is not None
    assert Notification.objects.filter(user=tenant.guardian_user, kind=Kind.SURVEY).count() == 1
    fresh = invite(tenant, days_ago=2)
    assert services.remind(now) == 0
    services.answer(fresh.pk, tenant.guardian_user, GOOD)
    assert services.remind(now + datetime.timedelta(days=6)) == 0  # answered: no reminder


def test_the_answer_is_kept_apart_from_who_gave_it(tenant):
    invitation = invite(tenant)
    services.answer(invitation.pk, tenant.guardian_user, {**GOOD, "heard": None}, "Ikke send meg", False)
    stored = SurveyAnswer.objects.get()
    assert stored.municipality == tenant.municipality
    assert stored.month == dates.today().replace(day=1)
    assert stored.heard is None and stored.knows_contact == 4
    fields = {f.name for f in SurveyAnswer._meta.get_fields()}
    assert not fields & {"user", "family", "guardian", "invitation", "created_at", "text"}
    invitation.refresh_from_db()
    assert invitation.answered_on == dates.today()
    # The text was not to be sent: it is nowhere.
    assert not Notification.objects.filter(kind=Kind.SURVEY_FEEDBACK).exists()


def test_a_second_answer_is_refused_not_overwritten(tenant):
    invitation = invite(tenant)
    services.answer(invitation.pk, tenant.guardian_user, GOOD)
    with pytest.raises(services.AlreadyAnswered):
        services.answer(invitation.pk, tenant.guardian_user, {key: 1 for key in KEYS})
    assert list(SurveyAnswer.objects.values_list("knows_contact", flat=True)) == [4]


def test_a_closed_survey_cannot_be_answered(tenant):
    invitation = invite(tenant, days_ago=31)
    with pytest.raises(DomainError, match="ikke åpne lenger"):
        services.answer(invitation.pk, tenant.guardian_user, GOOD)
    assert not SurveyAnswer.objects.exists()


def test_someone_elses_survey_is_not_found(tenant):
    invitation = invite(tenant)
    with pytest.raises(SurveyInvitation.DoesNotExist):
        services.answer(invitation.pk, tenant.coordinator, GOOD)


@pytest.mark.parametrize(
    "scores,message",
    [
        ({"knows_contact": 6}, "Svar med et tall fra 1 til 5"),
        ({"knows_contact": 0}, "Svar med et tall fra 1 til 5"),
        ({"knows_contact": "3.5"}, "Svar med et tall fra 1 til 5"),
        ({"knows_contact": "tre"}, "Svar med et tall fra 1 til 5"),
        ({"favourite_colour": 3}, "Ukjent spørsmål"),
        ({}, "Svar på minst ett spørsmål"),
    ],
)
def test_answers_out_of_range_are_refused_and_nothing_is_saved(tenant, scores, message):
    invitation = invite(tenant)
    with pytest.raises(DomainError, match=message):
        services.answer(invitation.pk, tenant.guardian_user, scores)
    invitation.refresh_from_db()
    assert invitation.answered_on is None and not SurveyAnswer.objects.exists()


def test_a_text_the_guardian_sends_reaches_the_coordinator_with_the_name(tenant):
    invitation = invite(tenant)
    services.answer(invitation.pk, tenant.guardian_user, GOOD, "Skolen og fysio snakker ikke sammen.", True)
    told = Notification.objects.get(kind=Kind.SURVEY_FEEDBACK)
    assert told.user == tenant.coordinator and told.family == tenant.family
    assert "Skolen og fysio snakker ikke sammen." in told.text
    assert tenant.guardian_user.get_full_name() in told.text


def test_the_guardian_answers_on_the_page(tenant, client_for):
    invitation = invite(tenant)
    client = client_for(tenant.guardian_user)
    page = client.get(f"/familie/sporsmal/{invitation.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('type="radio"') == 25 and "<legend" in html
    refused = client.post(f"/familie/sporsmal/{invitation.pk}/", {"knows_contact": "9"})
    assert refused.status_code == 400 and "Svar med et tall fra 1 til 5" in refused.content.decode()
    done = client.post(f"/familie/sporsmal/{invitation.pk}/", {"knows_contact": "5", "heard": "3"})
    assert done.status_code == 302
    again = client.post(f"/familie/sporsmal/{invitation.pk}/", {"knows_contact": "1"})
    assert again.status_code == 400 and "allerede svart" in again.content.decode()
    assert SurveyAnswer.objects.get().knows_contact == 5


def test_no_thanks(tenant, client_for):
    invitation = invite(tenant)
    client = client_for(tenant.guardian_user)
    assert client.post(f"/familie/sporsmal/{invitation.pk}/", {"nei_takk": "1"}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.declined and not SurveyAnswer.objects.exists()


@pytest.mark.parametrize("actor", ["coordinator", "caseworker", "leader", "provider"])
def test_only_the_guardian_asked_sees_the_page(tenant, client_for, actor):
    invitation = invite(tenant)
    client = client_for(getattr(tenant, actor))
    assert client.get(f"/familie/sporsmal/{invitation.pk}/").status_code == 404
    assert client.post(f"/familie/sporsmal/{invitation.pk}/", {"knows_contact": "5"}).status_code == 404
    assert (
        client.post(
            f"/api/v1/surveys/{invitation.pk}/answer", {"scores": GOOD}, content_type="application/json"
        ).status_code
        == 404
    )
    assert not SurveyAnswer.objects.exists()


def test_the_api(tenant, client_for):
    invitation = invite(tenant)
    client = client_for(tenant.guardian_user)
    open_ = client.get("/api/v1/me/surveys").json()
    assert [s["id"] for s in open_] == [invitation.pk]
    assert [q["key"] for q in open_[0]["questions"]] == KEYS
    url = f"/api/v1/surveys/{invitation.pk}/answer"
    bad = client.post(url, {"scores": {"heard": 7}}, content_type="application/json")
    assert bad.status_code == 422 and "1 til 5" in bad.json()["message"]
    assert client.post(url, {"scores": GOOD}, content_type="application/json").status_code == 201
    again = client.post(url, {"scores": GOOD}, content_type="application/json")
    assert again.status_code == 409 and "allerede svart" in again.json()["message"]
    assert client.get("/api/v1/me/surveys").json() == []


def test_leaders_see_the_answers_only_in_groups_of_five(tenant, client_for):
    other = make_tenant("Berg", "9913", 2)
    for score in (5, 4, 4, 3):
        services.answer(invite(tenant).pk, tenant.guardian_user, {"heard": score})
    month = dates.today().strftime("%Y-%m")

    def heard():
        body = client_for(tenant.leader).get("/api/v1/statistics", {"from": month}).json()
        return next(s for s in body["series"] if s["key"] == "survey_heard")["months"][0]

    assert heard() == {"period": month, "value": None, "suppressed": True}
    services.answer(invite(tenant).pk, tenant.guardian_user, {"heard": 2})
    services.answer(invite(other).pk, other.guardian_user, {"heard": 1})  # another municipality
    from django.core.cache import cache

    cache.clear()
    assert heard() == {"period": month, "value": 3.6, "suppressed": False}


class FreeFormAnswers(HypothesisTestCase):
    @given(
        st.dictionaries(
            st.sampled_from([*KEYS, "x"]),
            st.one_of(st.none(), st.integers(-3, 9), st.text(max_size=4)),
            max_size=6,
        ),
        st.text(max_size=400),
        st.booleans(),
    )
    def test_any_answer_is_kept_whole_or_refused_with_a_message(self, scores, text, share):
        tenant = make_tenant("Hyp", "9919", 3)
        invitation = invite(tenant)
        try:
            services.answer(invitation.pk, tenant.guardian_user, scores, text, share)
        except DomainError as refused:
            assert str(refused.message)
            invitation.refresh_from_db()
            assert invitation.answered_on is None and not SurveyAnswer.objects.exists()
        else:
            stored = SurveyAnswer.objects.get()
            for key in KEYS:
                assert getattr(stored, key) in (None, 1, 2, 3, 4, 5)
