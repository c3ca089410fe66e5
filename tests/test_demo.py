"""The demo: deterministic synthetic data, demo users only in demo mode, each lands on its start page."""

import pytest
from django.test import Client, override_settings

from los.consent.models import Consent
from los.core.models import User
from los.people.demo import seed
from los.people.identifiers import is_synthetic
from los.people.models import Child, Family, Guardian

DEMO_USERS = {
    "saksbehandler": ("/", "Arbeidsliste"),
    "koordinator": ("/", "Mine familier"),
    "tjenesteyter": ("/", "Familier jeg jobber med"),
    "forelder": ("/familie/", "Hvem har sett opplysningene våre"),
    "leder": ("/leder/", "Oversikt for"),
    "regionleder": ("/leder/", "Oversikt for"),
    "admin": ("/admin/", "Los – administrasjon"),
}


@pytest.fixture
def demo(db):
    with override_settings(LOS_DEMO=True):
        return seed(families=12, seed=7)


def test_every_demo_user_logs_in_and_sees_their_start_page(demo):
    for username, (path, text) in DEMO_USERS.items():
        c = Client()
        response = c.post("/logg-inn/", {"username": username, "password": "demo"})
        assert response.status_code == 302, username
        page = c.get("/", follow=True)
        assert page.status_code == 200, username
        assert page.redirect_chain[-1][0].startswith(path) if page.redirect_chain else path == "/"
        html = page.content.decode()
        assert text in html, username
        assert '<html lang="nb"' in html


def test_forelder_family_has_tjenesteyter_on_the_team_with_consent_covering_it(demo):
    c = Client()
    c.post("/logg-inn/", {"username": "tjenesteyter", "password": "demo"})
    forelder_family = Family.objects.get(guardians__user__username="forelder")
    assert c.get(f"/familier/{forelder_family.pk}/").status_code == 200
    assert (
        Consent.objects.active()
        .filter(family=forelder_family, services__professionals__user__username="tjenesteyter")
        .exists()
    )


def _snapshot():
    return (
        list(Family.objects.order_by("id").values_list("name", flat=True)),
        list(Child.objects.order_by("id").values_list("first_name", "birth_date", "national_id")),
        list(
            Guardian.objects.order_by("id").values_list(
                "first_name", "parental_responsibility", "national_id"
            )
        ),
    )


def test_seed_is_deterministic_and_synthetic(db):
    from django.db import transaction

    snapshots = []
    for _ in range(2):
        with transaction.atomic():
            point = transaction.savepoint()
            seed(families=8, seed=3, demo=False)
            snapshots.append(_snapshot())
            transaction.savepoint_rollback(point)
    assert snapshots[0] == snapshots[1]
    families, children, guardians = snapshots[0]
    assert len(families) == 8
    assert all(is_synthetic(n) for _, _, n in children if n)
    assert all(is_synthetic(n) for _, _, n in guardians)


def test_no_demo_users_or_passwords_outside_demo_mode(db):
    seed(families=3, seed=3, demo=False)
    assert not User.objects.filter(username="forelder").exists()
    assert not any(u.has_usable_password() for u in User.objects.all())


def test_seed_command_is_idempotent_with_if_empty(db):
    from io import StringIO

    from django.core.management import call_command

    call_command("seed", "--families", "3", "--seed", "1", "--if-empty", stdout=StringIO())
    count = Family.objects.count()
    out = StringIO()
    call_command("seed", "--families", "3", "--seed", "1", "--if-empty", stdout=out)
    assert Family.objects.count() == count
    assert "finnes allerede" in out.getvalue()


def test_demo_covers_unborn_children_interpreters_and_guardians_without_responsibility(db):
    seed(families=40, seed=1, demo=False)
    assert Child.objects.filter(birth_date__isnull=True).exists()
    assert Guardian.objects.filter(interpreter_needed=True).exclude(preferred_language="nb").exists()
    assert Guardian.objects.filter(parental_responsibility="none").exists()
    assert Family.objects.values("municipality").distinct().count() == 3
    statuses = {c.status for c in Consent.objects.all()}
    assert {"active", "pending", "withdrawn"} <= statuses
