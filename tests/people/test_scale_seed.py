"""The large synthetic installation (`los seed --scale oslo`), made tiny with --fraction: its shape,
determinism, synthetic ids only, a valid access-log chain, named logins only in demo mode."""

import hashlib
import io

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone

from los.calendar.models import Appointment
from los.consent.models import Consent
from los.coordinators.models import CoordinatorAssignment
from los.core.audit import verify_chain
from los.core.models import AccessLogEntry, Municipality, Role, User
from los.people.identifiers import is_synthetic
from los.people.models import Child, Family, Guardian
from los.people.scale import seed_oslo
from los.people.scale_data import BIG_ACCESS_LOG, BIG_APPOINTMENTS, BIG_FAMILIES
from los.plans.models import IndividualPlan

FRACTION = 0.002
NAMED = ["oslo.saksbehandler", "oslo.koordinator", "oslo.tjenesteyter", "oslo.forelder", "oslo.leder"]


def _digest() -> str:
    rows = [
        list(Family.objects.order_by("id").values_list("id", "name", "municipality_id")),
        list(Child.objects.order_by("id").values_list("id", "first_name", "birth_date", "national_id")),
        list(Guardian.objects.order_by("id").values_list("id", "first_name", "national_id", "user_id")),
        list(User.objects.order_by("id").values_list("id", "username", "role")),
        list(Appointment.objects.order_by("id").values_list("id", "family_id", "starts_at", "uid")),
        list(AccessLogEntry.objects.order_by("seq").values_list("seq", "hash")),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def _seed_and_digest(seed):
    with transaction.atomic():
        point = transaction.savepoint()
        seed_oslo(seed=seed, fraction=FRACTION)
        digest = _digest()
        transaction.savepoint_rollback(point)
    return digest


@pytest.mark.django_db(transaction=False)
@override_settings(LOS_DEMO=True)
def test_tiny_oslo_scale_has_the_shape_and_a_valid_chain_and_is_deterministic():
    first = _seed_and_digest(5)  # made and rolled back: the same seed makes the same rows again
    seed_oslo(seed=5, fraction=FRACTION)
    assert _digest() == first

    municipalities = list(Municipality.objects.annotate(n=Count("families")).order_by("number"))
    assert len(municipalities) == 30
    assert all(m.number.startswith("98") for m in municipalities)
    big = municipalities[0]
    assert big.n == round(BIG_FAMILIES * FRACTION)
    assert big.n == max(m.n for m in municipalities)
    total = sum(m.n for m in municipalities)
    assert 30_000 * FRACTION * 0.7 <= total <= 30_000 * FRACTION * 1.5

    appointments = Appointment.objects.filter(family__municipality=big).count()
    assert appointments >= BIG_APPOINTMENTS * FRACTION
    log_rows = AccessLogEntry.objects.filter(family__municipality=big).count()
    assert log_rows == BIG_ACCESS_LOG * FRACTION
    checked, broken = verify_chain()
    assert broken is None and checked == AccessLogEntry.objects.count()

    # One current assignment per family at most; the log's actors belong to the family's municipality.
    open_per_family = (
        CoordinatorAssignment.objects.filter(ends_on__isnull=True).values("family").annotate(n=Count("id"))
    )
    assert all(row["n"] == 1 for row in open_per_family)
    for entry in AccessLogEntry.objects.select_related("user", "family")[:500]:
        if entry.user.role == Role.GUARDIAN:
            assert entry.user.guardianships.filter(family=entry.family).exists()
        else:
            assert entry.user.municipality_id == entry.family.municipality_id

    ids = list(Child.objects.exclude(national_id="").values_list("national_id", flat=True))
    ids += list(Guardian.objects.exclude(national_id="").values_list("national_id", flat=True))
    assert ids and all(is_synthetic(n) and int(n[2:4]) > 80 for n in ids)

    assert set(User.objects.filter(username__in=NAMED).values_list("username", flat=True)) == set(NAMED)
    forelder = User.objects.get(username="oslo.forelder")
    assert check_password("demo", forelder.password)
    family = Family.objects.get(guardians__user=forelder)
    assert Consent.objects.active().filter(family=family).exists()
    assert CoordinatorAssignment.objects.current().filter(family=family).exists()
    assert IndividualPlan.objects.filter(family=family).exists()
    assert Appointment.objects.filter(family=family, starts_at__gt=timezone.now()).exists()


@pytest.mark.django_db
@override_settings(LOS_DEMO=False)
def test_without_demo_mode_no_named_logins_no_usable_passwords_and_refuses_a_non_empty_database():
    call_command("seed", "--scale", "oslo", "--fraction", str(FRACTION), "--seed", "2", stdout=io.StringIO())
    assert not User.objects.filter(username__startswith="oslo.").exists()
    assert not any(u.has_usable_password() for u in User.objects.all()[:50])
    with pytest.raises(CommandError, match="tom database"):
        call_command("seed", "--scale", "oslo", "--fraction", str(FRACTION), stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed", "--scale", "oslo", "--if-empty", stdout=out)
    assert "ingenting endret" in out.getvalue()
    assert Municipality.objects.count() == 30
