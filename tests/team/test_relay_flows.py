"""The BTI relay log: only with consent, levels 0-3, the baton stays until the new holder accepts,
guardians read all and may close it, and it can be carried into an individual plan."""

import datetime

import pytest
from django.utils import timezone

from los.consent.models import Consent
from los.core.errors import DomainError
from los.plans.models import IndividualPlan, PlanVersion
from los.team.models import RelayHandover, RelayLog
from los.team.services import relay
from tests.plans.helpers import consent_to_plan, make_plan, state_need_to_know

from .helpers import make_relay_log

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_relay_log_needs_an_active_consent(tenant, client_for):
    family = tenant.other_family  # no consent at all; the caseworker may open the page
    state_need_to_know(tenant.caseworker, family)  # the relay log is read with a stated need to know
    c = client_for(tenant.caseworker)
    page = c.get(f"/stafettlogg/{family.pk}/ny/")
    assert page.status_code == 200 and "ikke et gyldig samtykke" in page.content.decode()
    response = c.post(f"/stafettlogg/{family.pk}/ny/", {"concern": "Bekymring", "level": "1"})
    assert response.status_code == 422
    api = c.post(
        f"/api/v1/families/{family.pk}/relay-logs",
        {"concern": "Bekymring", "level": 1},
        content_type="application/json",
    )
    assert api.status_code == 422 and "samtykke" in api.json()["message"]
    assert not RelayLog.objects.exists()


@pytest.mark.parametrize(
    "body, field",
    [
        ({"concern": "Bekymring", "level": 4}, "level"),
        ({"concern": "Bekymring", "level": -1}, "level"),
        ({"concern": "Bekymring", "level": "2"}, "level"),
        ({"concern": "", "level": 1}, "concern"),
        ({"concern": "Bekymring", "level": 1, "service_ids": [999999]}, "service_ids"),
        ({"concern": "Bekymring", "level": 1, "child_id": 999999}, "child_id"),
        ({"concern": "Bekymring", "level": 1, "extra": True}, "extra"),
    ],
)
def test_bad_relay_log_input_in_the_api_answers_422(tenant, client_for, body, field):
    response = client_for(tenant.provider).post(
        f"/api/v1/families/{tenant.family.pk}/relay-logs", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert field in {d["field"] for d in response.json()["detail"]}
    assert not RelayLog.objects.exists()


def test_level_outside_0_to_3_and_a_service_without_consent_are_refused_in_the_form(tenant, client_for):
    c = client_for(tenant.provider)
    url = f"/stafettlogg/{tenant.family.pk}/ny/"
    assert c.post(url, {"concern": "Bekymring", "level": "5"}).status_code == 422
    response = c.post(url, {"concern": "Bekymring", "level": "2", "services": [tenant.school.pk]})
    assert response.status_code == 422 and "Samtykket dekker ikke Skolen" in response.content.decode()
    assert not RelayLog.objects.exists()
    ok = c.post(url, {"concern": "Bekymring", "level": "2", "services": [tenant.physio.pk]})
    assert ok.status_code == 302
    log = RelayLog.objects.get()
    assert log.holder == tenant.provider and list(log.services.all()) == [tenant.physio]


def test_api_opens_a_relay_log_and_lists_it_for_the_guardian(tenant, client_for):
    response = client_for(tenant.provider).post(
        f"/api/v1/families/{tenant.family.pk}/relay-logs",
        {"concern": "Emma er sliten", "level": 0, "service_ids": [tenant.physio.pk]},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["holder_username"] == tenant.provider.username
    listed = client_for(tenant.guardian_user).get(f"/api/v1/families/{tenant.family.pk}/relay-logs").json()
    assert [x["concern"] for x in listed] == ["Emma er sliten"]


def test_handover_waits_until_the_new_holder_accepts(tenant, client_for):
    log = make_relay_log(tenant)
    holder = client_for(tenant.provider)
    # a professional outside the consent cannot be offered the baton
    refused = holder.post(
        f"/stafettlogg/{tenant.family.pk}/{log.pk}/overlever/", {"to_holder": tenant.school_provider.pk}
    )
    assert refused.status_code == 422 and "må være med i samtykket" in refused.content.decode()
    assert (
        holder.post(
            f"/stafettlogg/{tenant.family.pk}/{log.pk}/overlever/",
            {"to_holder": tenant.coordinator.pk, "note": "Du tar over"},
        ).status_code
        == 302
    )
    offer = RelayHandover.objects.get()
    log.refresh_from_db()
    assert log.holder == tenant.provider  # the old holder keeps it until accepted
    from los.notifications.models import Notification

    assert Notification.objects.filter(user=tenant.coordinator).exists()
    answer_url = f"/stafettlogg/{tenant.family.pk}/{log.pk}/overlevering/{offer.pk}/"
    # only the offered person may answer; others get 404 and change nothing
    assert client_for(tenant.caseworker).post(answer_url, {"answer": "accept"}).status_code == 404
    # a second offer while one waits is refused
    with pytest.raises(DomainError):
        relay.offer_handover(log, tenant.provider, to_holder=tenant.caseworker)
    page = client_for(tenant.coordinator).get(f"/familier/{tenant.family.pk}/").content.decode()
    assert "Du er spurt om å bli stafettholder" in page
    assert client_for(tenant.coordinator).post(answer_url, {"answer": "accept"}).status_code == 302
    log.refresh_from_db()
    offer.refresh_from_db()
    assert log.holder == tenant.coordinator and offer.accepted_at is not None
    # the old holder no longer leads the log
    assert holder.get(f"/stafettlogg/{tenant.family.pk}/{log.pk}/endre/").status_code == 404
    state_need_to_know(tenant.caseworker, tenant.family)
    assert (
        "har tatt over stafetten"
        in client_for(tenant.caseworker).get(f"/stafettlogg/{tenant.family.pk}/{log.pk}/").content.decode()
    )


def test_declined_handover_leaves_the_baton_with_the_holder(tenant, client_for):
    log = make_relay_log(tenant)
    state_need_to_know(tenant.caseworker, tenant.family)  # a caseworker holds a relay log they may read
    offer = relay.offer_handover(log, tenant.provider, to_holder=tenant.caseworker)
    client_for(tenant.caseworker).post(
        f"/stafettlogg/{tenant.family.pk}/{log.pk}/overlevering/{offer.pk}/", {"answer": "decline"}
    )
    log.refresh_from_db()
    assert log.holder == tenant.provider
    with pytest.raises(DomainError):
        relay.answer_handover(offer, tenant.caseworker, accept=True)


def test_staff_write_notes_and_positive_observations(tenant, client_for):
    log = make_relay_log(tenant)
    state_need_to_know(tenant.caseworker, tenant.family)
    c = client_for(tenant.caseworker)
    url = f"/stafettlogg/{tenant.family.pk}/{log.pk}/notat/"
    future = (TODAY + datetime.timedelta(days=2)).isoformat()
    assert c.post(url, {"kind": "positive", "happened_on": future, "text": "Glad"}).status_code == 422
    assert c.post(url, {"kind": "event", "happened_on": TODAY.isoformat(), "text": "x"}).status_code == 422
    assert (
        c.post(
            url, {"kind": "positive", "happened_on": TODAY.isoformat(), "text": "Emma lo mye i dag"}
        ).status_code
        == 302
    )
    html = (
        client_for(tenant.guardian_user)
        .get(f"/stafettlogg/{tenant.family.pk}/{log.pk}/familie/")
        .content.decode()
    )
    assert "Emma lo mye i dag" in html and "Emma vil være på skolen hele dagen" in html


def test_guardian_closes_the_relay_log(tenant, client_for):
    log = make_relay_log(tenant)
    g = client_for(tenant.guardian_user)
    url = f"/stafettlogg/{tenant.family.pk}/{log.pk}/familie/avslutt/"
    assert g.post(url, {"reason": ""}).status_code == 422
    assert g.post(url, {"reason": "Det går bra nå"}).status_code == 302
    log.refresh_from_db()
    assert log.closed_by == tenant.guardian_user and not log.is_open
    with pytest.raises(DomainError):
        relay.add_entry(log, tenant.provider, kind="message", text="x", happened_on=TODAY)


def test_withdrawn_consent_stops_writing_in_the_log(tenant):
    log = make_relay_log(tenant)
    Consent.objects.filter(family=tenant.family).update(withdrawn_at=timezone.now())
    with pytest.raises(DomainError):
        relay.add_entry(log, tenant.caseworker, kind="message", text="x", happened_on=TODAY)


def test_carry_into_a_new_plan_needs_consent_to_the_plan(tenant, client_for):
    log = make_relay_log(tenant)
    c = client_for(tenant.coordinator)
    url = f"/stafettlogg/{tenant.family.pk}/{log.pk}/til-plan/"
    data = {
        "period_start": TODAY.isoformat(),
        "next_revision_on": (TODAY + datetime.timedelta(days=180)).isoformat(),
    }
    refused = c.post(url, data)
    assert refused.status_code == 422 and "gyldig samtykke til individuell plan" in refused.content.decode()
    assert not IndividualPlan.objects.exists() and RelayLog.objects.get().is_open
    consent_to_plan(tenant)
    assert (
        c.post(url, {"period_start": TODAY.isoformat()}).status_code == 422
    )  # the first revision date is needed
    assert c.post(url, data).status_code == 302
    log.refresh_from_db()
    version = PlanVersion.objects.get()
    assert not log.is_open and log.carried_into == version
    assert [g.text for g in version.goals.all()] == ["Emma vil være på skolen hele dagen"]
    assert version.goals.get().measures.get().description == "Samtale med helsesykepleier hver uke"
    # the log's own goals are kept as they were
    assert log.goals.count() == 1


def test_carry_into_an_existing_plan_makes_a_new_version(tenant):
    plan = make_plan(tenant)
    log = make_relay_log(tenant)
    version = relay.carry_into_plan(log, tenant.coordinator, note="Fra stafettloggen")
    assert version.number == 2 and plan.versions.get(number=1).frozen_at is not None
    assert [g.text for g in version.goals.all()] == [
        "Jeg vil gå til skolen selv",
        "Emma vil være på skolen hele dagen",
    ]
    with pytest.raises(DomainError):
        relay.carry_into_plan(log, tenant.coordinator)


def test_relay_measure_is_evaluated_by_the_holder_and_shown_in_the_log(tenant, client_for):
    from los.plans.models import Evaluation, Measure

    from .helpers import make_relay_log

    log = make_relay_log(tenant)
    measure = Measure.objects.get(goal__relay_log=log)
    url = f"/plan/{tenant.family.pk}/tiltak/{measure.pk}/evaluer/"
    detail = client_for(tenant.provider).get(f"/stafettlogg/{tenant.family.pk}/{log.pk}/").content.decode()
    assert url in detail
    assert client_for(tenant.school_provider).get(url).status_code == 404
    response = client_for(tenant.provider).post(
        url,
        {
            "evaluated_on": TODAY.isoformat(),
            "text": "Emma er på skolen hver dag nå.",
            "outcome": "continue",
            "next_evaluation_on": (TODAY + datetime.timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302 and response["Location"].endswith(f"/{log.pk}/")
    assert Evaluation.objects.filter(measure=measure).exists()
    page = client_for(tenant.guardian_user).get(f"/stafettlogg/{tenant.family.pk}/{log.pk}/familie/")
    assert "Emma er på skolen hver dag nå." in page.content.decode()
