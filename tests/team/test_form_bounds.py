"""Issue 10: ids the database cannot hold in the relay log's checkboxes answered 500. They are a form
error now: 422 with the form, nothing saved."""

import pytest
from django.urls import reverse

from los.team.models import RelayLog

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("bad", [str(2**63), "99999999999999999999", "-1", "abc"])
def test_relay_log_with_an_impossible_service_id_is_a_form_error(tenant, client_for, bad):
    provider = client_for(tenant.provider)
    provider.raise_request_exception = False
    url = reverse("relay:create", args=[tenant.family.pk])
    data = {"concern": "Bekymring", "level": "1"}
    response = provider.post(url, {**data, "services": [bad]})
    assert response.status_code == 422
    assert not RelayLog.objects.exists()
    assert provider.post(url, {**data, "services": [tenant.physio.pk]}).status_code == 302


def test_handing_the_relay_log_to_an_impossible_person_is_a_form_error(tenant, client_for):
    from .helpers import make_relay_log

    log = make_relay_log(tenant)
    provider = client_for(tenant.provider)
    provider.raise_request_exception = False
    url = reverse("relay:handover", args=[tenant.family.pk, log.pk])
    response = provider.post(url, {"to_holder": str(2**63)})
    assert response.status_code == 422
    log.refresh_from_db()
    assert log.holder == tenant.provider
