"""The record policy of the plan (los/plans/policy.py): who reads what, who changes what, and what is
logged. Each test is a leak or a rule that the pages and the API once disagreed on. The relay log's own
rules are in tests/team/test_relay_record_policy.py."""

import datetime

import pytest
from django.utils import timezone

from los.consent.models import Consent
from los.core import access
from los.core.errors import DomainError
from los.core.models import AccessLogEntry, AccessReason
from los.plans import policy
from los.plans.models import Evaluation, Goal, Measure
from los.plans.services import goals as goal_services
from los.team.models import RelayMeasure
from tests.team.helpers import make_relay_log

from .helpers import make_plan, plan_goal, plan_measure, state_need_to_know

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _plan_urls(family_id):
    return [
        f"/api/v1/families/{family_id}/plan",
        f"/plan/{family_id}/",
        f"/plan/{family_id}/versjon/1/",
        f"/plan/{family_id}/pdf/",
        f"/plan/{family_id}/sammenlign/",
    ]


def _plan_consent_without_physiotherapy(t):
    """The family consents to the plan for the school only; the physiotherapist stays on the family
    through the first consent, which does not cover the plan."""
    plan = make_plan(t)
    Consent.objects.get(family=t.family, covers_individual_plan=True).services.set([t.school])
    return plan


def test_provider_without_plan_consent_gets_404_for_plan_api_page_version_and_pdf(tenant, client_for):
    _plan_consent_without_physiotherapy(tenant)
    provider = client_for(tenant.provider)
    assert provider.get(f"/familier/{tenant.family.pk}/").status_code == 200  # still on the family
    before = AccessLogEntry.objects.count()
    for url in _plan_urls(tenant.family.pk):
        assert provider.get(url).status_code == 404, url
    assert AccessLogEntry.objects.count() == before, "a refused look is not a read"
    # the coordinator and the guardian read it as before
    for url in _plan_urls(tenant.family.pk):
        assert client_for(tenant.coordinator).get(url).status_code == 200, url
    assert client_for(tenant.guardian_user).get(f"/plan/{tenant.family.pk}/pdf/").status_code == 200


def test_provider_without_plan_consent_cannot_evaluate_or_see_plan_records(tenant, client_for):
    _plan_consent_without_physiotherapy(tenant)
    measure = plan_measure(tenant)  # the physiotherapist is still named responsible for it
    url = f"/plan/{tenant.family.pk}/tiltak/{measure.pk}/evaluer/"
    before = AccessLogEntry.objects.count()
    provider = client_for(tenant.provider)
    assert provider.get(url).status_code == 404
    answer = {"evaluated_on": TODAY.isoformat(), "text": "x", "outcome": "end"}
    assert provider.post(url, answer).status_code == 404
    assert not Evaluation.objects.exists() and AccessLogEntry.objects.count() == before
    grant = access.grant_for(tenant.provider, tenant.family.pk)
    assert not access.visible(grant, Measure).exists() and not access.visible(grant, Goal).exists()
    assert not access.may_see(tenant.provider, measure)


def test_measure_responsible_person_choices_are_the_team_only(tenant, other_tenant, client_for):
    make_plan(tenant)
    c = client_for(tenant.coordinator)
    page = c.get(f"/plan/{tenant.family.pk}/tiltak/ny/")
    offered = set(page.context["form"].fields["responsible_person"].queryset)
    # the physiotherapist (on the team, covered by the consent) and the coordinator; nobody else in the
    # municipality: not the teacher (on the team, the consent does not cover the school), not another
    # physiotherapist (not on the team), not the coordinating unit, the leader or the other municipality
    assert offered == {tenant.provider, tenant.coordinator}
    html = page.content.decode()
    for outsider in [tenant.school_provider, tenant.other_provider, tenant.caseworker, tenant.leader]:
        assert outsider.display_name not in html
    before = Measure.objects.count()
    for outsider in [tenant.school_provider, tenant.other_provider, other_tenant.provider]:
        response = c.post(
            f"/plan/{tenant.family.pk}/tiltak/ny/",
            {"goal": plan_goal(tenant).pk, "description": "Svømming", "responsible_person": outsider.pk},
        )
        assert response.status_code == 422 and "Velg en person fra listen" in response.content.decode()
    assert Measure.objects.count() == before
    # the service holds the same rule, whoever calls it
    with pytest.raises(DomainError):
        goal_services.add_measure(
            plan_goal(tenant), description="x", responsible_person=tenant.school_provider
        )


def test_caseworker_needs_stated_need_to_know_to_read_the_plan(tenant, client_for):
    make_plan(tenant)
    c = client_for(tenant.caseworker)
    before = AccessLogEntry.objects.count()
    for url in [
        f"/plan/{tenant.family.pk}/",
        f"/plan/{tenant.family.pk}/versjon/1/",
        f"/plan/{tenant.family.pk}/pdf/",
    ]:
        response = c.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"/familier/{tenant.family.pk}/tjenstlig-behov/")
    assert c.get(f"/api/v1/families/{tenant.family.pk}/plan").status_code == 404
    assert AccessLogEntry.objects.count() == before
    state_need_to_know(tenant.caseworker, tenant.family, "Koordinator er syk, mor ringte om planen")
    for url, action in [
        (f"/plan/{tenant.family.pk}/", "read"),
        (f"/api/v1/families/{tenant.family.pk}/plan", "read"),
        (f"/plan/{tenant.family.pk}/pdf/", "export"),
    ]:
        assert c.get(url).status_code == 200, url
        entry = AccessLogEntry.objects.latest("seq")
        assert (entry.user, entry.action, entry.record_type) == (tenant.caseworker, action, "individual_plan")
        assert entry.reason == AccessReason.CASEWORKER_NEED_TO_KNOW
        assert "Koordinator er syk, mor ringte om planen" in entry.purpose


def test_a_measure_is_evaluated_by_the_coordinator_or_the_person_responsible(tenant, client_for):
    make_plan(tenant)
    Consent.objects.get(family=tenant.family, covers_individual_plan=True).services.add(tenant.school)
    measure = plan_measure(tenant)  # the physiotherapist is responsible
    url = f"/plan/{tenant.family.pk}/tiltak/{measure.pk}/evaluer/"
    answer = {
        "evaluated_on": TODAY.isoformat(),
        "text": "Går fint",
        "outcome": "continue",
        "next_evaluation_on": (TODAY + datetime.timedelta(days=30)).isoformat(),
    }
    teacher = client_for(tenant.school_provider)  # reads the plan, is not responsible for the measure
    assert teacher.get(f"/plan/{tenant.family.pk}/").status_code == 200
    before = AccessLogEntry.objects.count()
    assert teacher.get(url).status_code == 404 and teacher.post(url, answer).status_code == 404
    assert AccessLogEntry.objects.count() == before and not measure.evaluations.exists()
    for who in [tenant.provider, tenant.coordinator]:
        assert policy.may_evaluate(access.grant_for(who, tenant.family.pk), measure)
        assert client_for(who).post(url, answer | {"evaluated_on": TODAY.isoformat()}).status_code == 302
    assert not policy.may_evaluate(access.grant_for(tenant.school_provider, tenant.family.pk), measure)
    assert measure.evaluations.count() == 2
    # in a relay log: the holder or the person responsible, not the coordinator
    log = make_relay_log(tenant)
    relay_measure = RelayMeasure.objects.get(goal__relay_log=log)
    goal_services.update_measure(relay_measure, responsible_person=None)
    assert policy.may_evaluate(access.grant_for(tenant.provider, tenant.family.pk), relay_measure)
    assert not policy.may_evaluate(access.grant_for(tenant.coordinator, tenant.family.pk), relay_measure)
    relay_url = f"/plan/{tenant.family.pk}/tiltak/{relay_measure.pk}/evaluer/"
    assert client_for(tenant.coordinator).get(relay_url).status_code == 404


def test_plan_changes_are_logged_by_the_service_and_refused_ones_not_at_all(tenant, client_for):
    make_plan(tenant)
    c = client_for(tenant.coordinator)
    url = f"/plan/{tenant.family.pk}/mal/ny/"
    before = AccessLogEntry.objects.count()
    assert c.post(url, {"text": "", "voice": "child"}).status_code == 422
    assert client_for(tenant.provider).post(url, {"text": "Mål", "voice": "child"}).status_code == 404
    assert AccessLogEntry.objects.count() == before
    assert c.post(url, {"text": "Jeg vil sykle", "voice": "child"}).status_code == 302
    goal = Goal.objects.get(text="Jeg vil sykle")
    entry = AccessLogEntry.objects.get(seq__gt=before)
    assert (entry.action, entry.record_type, entry.record_id, entry.user) == (
        "change",
        "individual_plan",
        str(goal.pk),
        tenant.coordinator,
    )


def test_pdf_is_logged_once_as_an_export(tenant, client_for):
    make_plan(tenant)
    before = AccessLogEntry.objects.count()
    assert client_for(tenant.provider).get(f"/plan/{tenant.family.pk}/pdf/").status_code == 200
    rows = list(AccessLogEntry.objects.filter(seq__gt=before))
    assert [(e.action, e.record_type) for e in rows] == [("export", "individual_plan")]


def test_family_page_sections_follow_the_policy_and_log_only_the_page(tenant, client_for):
    make_plan(tenant)
    make_relay_log(tenant)
    plan_link, relay_link = f"/plan/{tenant.family.pk}/", f"/stafettlogg/{tenant.family.pk}/"
    before = AccessLogEntry.objects.count()
    html = client_for(tenant.coordinator).get(f"/familier/{tenant.family.pk}/").content.decode()
    assert plan_link in html and relay_link in html
    assert [e.record_type for e in AccessLogEntry.objects.filter(seq__gt=before)] == ["family"]
    # the caseworker without a stated need to know: neither the plan nor the relay log
    html = client_for(tenant.caseworker).get(f"/familier/{tenant.family.pk}/").content.decode()
    assert plan_link not in html and relay_link not in html
    # the physiotherapist without consent to the plan: the relay log only
    Consent.objects.get(family=tenant.family, covers_individual_plan=True).services.set([tenant.school])
    html = client_for(tenant.provider).get(f"/familier/{tenant.family.pk}/").content.decode()
    assert plan_link not in html and relay_link in html
    assert "Revisjon" not in html and "mangler ansvarlig" not in html
    # the family's own page
    html = client_for(tenant.guardian_user).get(f"/familie/{tenant.family.pk}/").content.decode()
    assert f"/plan/{tenant.family.pk}/familie/" in html and "Stafettlogg fra" in html
