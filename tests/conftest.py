import pytest
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from los.core.models import Role

from .factories import make_tenant, make_user

# The suite runs on two cores beside a database; timing-based checks would make it flaky, not stricter.
hypothesis_settings.register_profile("los", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("los")


@pytest.fixture
def tenant(db):
    return make_tenant("Fjord", "9911", 0)


@pytest.fixture
def other_tenant(db):
    return make_tenant("Ås", "9912", 1)


@pytest.fixture
def admin_user(db):
    return make_user("oppsett", Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def client_for():
    def login(user):
        client = Client()
        client.force_login(user)
        return client

    return login
