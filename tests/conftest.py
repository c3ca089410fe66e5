import pytest
from django.test import Client

from los.core.models import Role

from .factories import make_tenant, make_user


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
