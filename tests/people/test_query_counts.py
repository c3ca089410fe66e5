"""Pages that list or show families keep the same number of queries with 10 and with 1,000 families."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from los.consent.models import Consent, ConsentSignature
from los.coordinators.models import CoordinatorAssignment
from los.people.models import Child, Family, Guardian, ParentalResponsibility
from los.team.models import TeamMember


def add_families(tenant, n):
    """Bulk-create n families like the tenant's own: children, guardians, team, consent, coordinator."""
    families = Family.objects.bulk_create(
        [Family(municipality=tenant.municipality, name=f"Familien Bulk{i:04d}") for i in range(n)]
    )
    Child.objects.bulk_create(
        [
            Child(family=f, first_name="Kari", last_name="Bulk", birth_date=datetime.date(2015, 1, 1))
            for f in families
        ]
        + [
            Child(family=f, first_name="Baby", last_name="Bulk", expected_due_date=datetime.date(2027, 3, 1))
            for f in families
        ]
    )
    Guardian.objects.bulk_create(
        [
            Guardian(
                family=f,
                first_name=name,
                last_name="Bulk",
                parental_responsibility=ParentalResponsibility.JOINT,
            )
            for f in families
            for name in ("Anne", "Per")
        ]
    )
    TeamMember.objects.bulk_create(
        [
            TeamMember(family=f, professional=tenant.provider.professional, service=tenant.physio)
            for f in families
        ]
    )
    consents = Consent.objects.bulk_create(
        [
            Consent(
                family=f,
                starts_on=datetime.date(2026, 1, 1),
                created_by=tenant.caseworker,
                effective_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
            )
            for f in families
        ]
    )
    Consent.services.through.objects.bulk_create(
        [Consent.services.through(consent=c, service=tenant.physio) for c in consents]
    )
    ConsentSignature.objects.bulk_create(
        [
            ConsentSignature(consent=c, guardian=c.family.guardians.first(), recorded_by=tenant.caseworker)
            for c in consents[:5]
        ]
    )
    CoordinatorAssignment.objects.bulk_create(
        [
            CoordinatorAssignment(
                family=f,
                coordinator=tenant.coordinator,
                kind="coordinator",
                starts_on=datetime.date(2026, 1, 1),
            )
            for f in families
        ]
    )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


PAGES = [
    ("caseworker", "/familier/"),
    ("coordinator", "/familier/"),
    ("provider", "/familier/"),
    ("caseworker", "/api/v1/families"),
    ("provider", "/api/v1/families"),
    ("caseworker", "/familier/{family}/"),
    ("provider", "/familier/{family}/"),
    ("guardian_user", "/familie/{family}/"),
    ("caseworker", "/api/v1/families/{family}"),
    ("guardian_user", "/familie/{family}/tilgangslogg/"),
    ("caseworker", "/familier/{family}/tilgangslogg/"),
    ("guardian_user", "/api/v1/families/{family}/access-log"),
    ("provider", "/henvisninger/{family}/"),
    ("guardian_user", "/api/v1/families/{family}/referrals"),
]


@pytest.mark.parametrize("role, url", PAGES)
def test_query_count_does_not_grow_with_the_number_of_families(tenant, client_for, role, url):
    client = client_for(getattr(tenant, role))
    url = url.format(family=tenant.family.pk)
    add_families(tenant, 10)
    client.get(url)  # warm caches (content types, sessions)
    with_10 = count_queries(client, url)
    add_families(tenant, 990)
    with_1000 = count_queries(client, url)
    assert with_10 == with_1000, f"{url}: {with_10} queries with 10 families, {with_1000} with 1000"
