"""The record policy of the BTI relay log (los/team/policy.py): who reads a log, who leads it, who may take
the baton, and what is logged. Each test is a leak or a rule that the pages and the API once disagreed on."""

import pytest
from django.utils import timezone

from los.consent.models import Consent
from los.core import access, dates
from los.core.models import AccessLogEntry, AccessReason
from los.team.models import RelayLog
from los.team.services import relay
from tests.factories import give_full_consent
from tests.plans.helpers import state_need_to_know

from .helpers import make_relay_log

pytestmark = pytest.mark.django_db
TODAY = dates.today()


def test_relay_measure_responsible_person_choices_are_the_team_only(tenant, client_for):
    log = make_relay_log(tenant)
    page = client_for(tenant.provider).get(f"/stafettlogg/{tenant.family.pk}/{log.pk}/tiltak/ny/")
    assert set(page.context["form"].fields["responsible_person"].queryset) == {
        tenant.provider,
        tenant.coordinator,
    }


def test_caseworker_needs_stated_need_to_know_to_read_the_relay_log(tenant, client_for):
    log = make_relay_log(tenant)
    c = client_for(tenant.caseworker)
    before = AccessLogEntry.objects.count()
    for url in [f"/stafettlogg/{tenant.family.pk}/", f"/stafettlogg/{tenant.family.pk}/{log.pk}/"]:
        response = c.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"/familier/{tenant.family.pk}/tjenstlig-behov/")
    assert c.get(f"/api/v1/families/{tenant.family.pk}/relay-logs").status_code == 404
    note = {"kind": "message", "happened_on": TODAY.isoformat(), "text": "Ringte skolen"}
    assert c.post(f"/stafettlogg/{tenant.family.pk}/{log.pk}/notat/", note).status_code == 404
    assert AccessLogEntry.objects.count() == before and log.entries.count() == 0
    state_need_to_know(tenant.caseworker, tenant.family, "Familien ba om hjelp med stafettloggen")
    for url in [
        f"/stafettlogg/{tenant.family.pk}/{log.pk}/",
        f"/api/v1/families/{tenant.family.pk}/relay-logs",
    ]:
        assert c.get(url).status_code == 200, url
        entry = AccessLogEntry.objects.latest("seq")
        assert (entry.action, entry.record_type) == ("read", "relay_log")
        assert entry.reason == AccessReason.CASEWORKER_NEED_TO_KNOW
        assert "Familien ba om hjelp med stafettloggen" in entry.purpose


def test_provider_reads_a_relay_log_only_while_the_consent_covers_its_service(tenant, client_for):
    own_log = make_relay_log(tenant)  # the physiotherapist's own log, about physiotherapy
    school_consent = give_full_consent(tenant.family, [tenant.school], tenant.caseworker)
    school_log = relay.open_relay_log(
        tenant.family, tenant.coordinator, concern="Mye fravær", level=1, services=[tenant.school]
    )
    without_service = relay.open_relay_log(tenant.family, tenant.coordinator, concern="Uro hjemme", level=0)
    provider = client_for(tenant.provider)

    def listed():
        return {x["id"] for x in provider.get(f"/api/v1/families/{tenant.family.pk}/relay-logs").json()}

    # the consent covers the school: the log about the school reaches the family's professionals
    assert provider.get(f"/stafettlogg/{tenant.family.pk}/{school_log.pk}/").status_code == 200
    assert listed() == {school_log.pk, own_log.pk}
    Consent.objects.filter(pk=school_consent.pk).update(withdrawn_at=timezone.now())
    before = AccessLogEntry.objects.count()
    for log in [school_log, without_service]:
        assert provider.get(f"/stafettlogg/{tenant.family.pk}/{log.pk}/").status_code == 404
    assert AccessLogEntry.objects.count() == before
    assert listed() == {own_log.pk}
    html = provider.get(f"/stafettlogg/{tenant.family.pk}/").content.decode()
    assert "Uro hjemme" not in html and "Mye fravær" not in html and own_log.concern in html
    assert not access.may_see(tenant.provider, school_log)
    # the coordinator and the family read every log
    assert (
        len(client_for(tenant.coordinator).get(f"/api/v1/families/{tenant.family.pk}/relay-logs").json()) == 3
    )
    assert (
        len(client_for(tenant.guardian_user).get(f"/api/v1/families/{tenant.family.pk}/relay-logs").json())
        == 3
    )


def test_provider_opening_a_relay_log_must_name_a_service_the_consent_covers(tenant, client_for):
    response = client_for(tenant.provider).post(
        f"/stafettlogg/{tenant.family.pk}/ny/", {"concern": "Bekymring", "level": "1"}
    )
    assert (
        response.status_code == 422
        and "Velg minst én tjeneste som samtykket dekker" in response.content.decode()
    )
    assert not RelayLog.objects.exists()


def test_only_the_relay_holder_leads_the_log_and_a_refused_look_is_not_logged(tenant, client_for):
    log = make_relay_log(tenant)
    coordinator = client_for(tenant.coordinator)
    before = AccessLogEntry.objects.count()
    for path in ["endre/", "mal/ny/", "tiltak/ny/", "overlever/", "avslutt/"]:
        assert coordinator.get(f"/stafettlogg/{tenant.family.pk}/{log.pk}/{path}").status_code == 404, path
    refused = coordinator.post(f"/stafettlogg/{tenant.family.pk}/{log.pk}/avslutt/", {"reason": "Ferdig"})
    assert refused.status_code == 404
    assert AccessLogEntry.objects.count() == before
    log.refresh_from_db()
    assert log.is_open
    # the holder's look is a read; the holder's change is logged once, by the service
    holder = client_for(tenant.provider)
    assert holder.get(f"/stafettlogg/{tenant.family.pk}/{log.pk}/avslutt/").status_code == 200
    assert AccessLogEntry.objects.latest("seq").action == "read"
    assert (
        holder.post(f"/stafettlogg/{tenant.family.pk}/{log.pk}/avslutt/", {"reason": ""}).status_code == 422
    )
    count = AccessLogEntry.objects.count()
    assert (
        holder.post(f"/stafettlogg/{tenant.family.pk}/{log.pk}/avslutt/", {"reason": "Ferdig"}).status_code
        == 302
    )
    changes = AccessLogEntry.objects.filter(seq__gt=count)
    assert [(e.action, e.record_type, e.user) for e in changes] == [("change", "relay_log", tenant.provider)]


def test_baton_goes_only_to_someone_who_may_read_the_log(tenant, client_for):
    log = make_relay_log(tenant)
    holder = client_for(tenant.provider)
    url = f"/stafettlogg/{tenant.family.pk}/{log.pk}/overlever/"
    # the caseworker reaches the family, but reads the relay log only with a stated need to know
    refused = holder.post(url, {"to_holder": tenant.caseworker.pk})
    assert refused.status_code == 422 and "må være med i samtykket" in refused.content.decode()
    assert not log.handovers.exists()
    state_need_to_know(tenant.caseworker, tenant.family)
    assert holder.post(url, {"to_holder": tenant.caseworker.pk}).status_code == 302
