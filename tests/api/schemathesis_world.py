"""The world schemathesis runs in (tests/api/schemathesis_run.py): one municipality with staff of every
role and a family with a record of each kind the API shows, built inside a transaction that is rolled
back; and a fresh test database for callers outside pytest."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterator


class _Rollback(Exception):
    """Raised to leave the world's transaction without committing it."""


def build_world() -> dict:
    """A municipality with staff of every role, a family with records of every kind the API shows, and a
    second municipality whose family nobody here may reach. Returns {role: user, ..., "ids": {...}}."""
    from los.calendar.models import Appointment, AppointmentStatus
    from los.core import dates
    from los.notifications.models import Notification
    from tests.casework.helpers import apply_for
    from tests.factories import make_tenant
    from tests.plans.helpers import make_organisation, make_plan, make_referral
    from tests.team.helpers import make_item, make_relay_log

    t = make_tenant("Skjema", "9971", 7)
    other = make_tenant("Utenfor", "9972", 8)
    t.municipality.consent_requires_all_guardians = False
    t.municipality.save()
    make_plan(t)
    make_relay_log(t)
    make_item(t)
    make_referral(t)
    organisation = make_organisation(t)
    apply_for(t)
    day = dates.today() + datetime.timedelta(days=14)
    appointment = Appointment.objects.create(
        family=t.family,
        child=t.family.children.first(),
        service=t.physio,
        professional=t.provider.professional,
        starts_at=dates.at(day, datetime.time(9)),
        ends_at=dates.at(day, datetime.time(9, 45)),
        status=AppointmentStatus.CONFIRMED,
        created_by=t.coordinator,
    )
    users = {
        "caseworker": t.caseworker,
        "coordinator": t.coordinator,
        "provider": t.provider,
        "guardian": t.guardian_user,
    }
    notifications = {
        role: Notification.objects.create(
            user=user, kind="reminder", family=t.family, text="Husk møtet.", url="/"
        ).pk
        for role, user in users.items()
    }
    return {
        **users,
        "ids": {
            "family_id": t.family.pk,
            "consent_id": t.consent.pk,
            "appointment_id": appointment.pk,
            "other_family_id": other.family.pk,
        },
        # Values that make a generated body reach real rows (the rest of the body stays generated).
        "body": {
            "services": [t.physio.pk],
            "service_ids": [t.physio.pk],
            "service_id": t.physio.pk,
            "guardian_ids": [g.pk for g in t.guardians],
            "child_id": t.family.children.first().pk,
            "organisation_id": organisation.pk,
            "responsible_username": t.provider.username,
        },
        "notifications": notifications,
    }


@contextlib.contextmanager
def rolled_back_world() -> Iterator[dict]:
    """The world, inside a transaction that is rolled back afterwards (a savepoint inside a test).
    Django's request signals do not close the connection meanwhile, as with Django's test client."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, transaction

    # A WSGI request would close the connection it finds in a transaction (as Django's test client knows).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with transaction.atomic():
            yield build_world()
            raise _Rollback
    except _Rollback:
        pass
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@contextlib.contextmanager
def test_database() -> Iterator[None]:
    """A fresh test database for callers outside pytest (bench/robustness.py), dropped afterwards.

    Django must be set up first (DJANGO_SETTINGS_MODULE=los.settings_test; DATABASE_URL picks the
    database server, as for the suite)."""
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    setup_test_environment()
    config = setup_databases(verbosity=0, interactive=False)
    try:
        yield
    finally:
        teardown_databases(config, verbosity=0)
