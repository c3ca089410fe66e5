"""The demo's three years of history (`los.reports.demo`): the leader of the first demo municipality sees a
trend in every figure over time, most months shown; the other two have about half as many cases; and the
named demo users see on their pages what they saw before the history was added."""

import re

import pytest
from django.db import transaction
from django.test import Client, override_settings

from los.casework.models import Application
from los.core.models import Municipality, User
from los.people.demo import MUNICIPALITIES, seed
from los.reports import statistics
from los.reports.history import Report
from los.surveys.questions import KEYS

MAIN_SERIES = ["applications", "meetings", "survey_answers", *(f"survey_{key}" for key in KEYS)]


def shown(cell) -> bool:
    return not cell.suppressed and cell.value is not None


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """The demo as `make run` seeds it, once for the tests of a class, rolled back after them (the tests
    outside the class start from an empty database)."""
    with django_db_blocker.unblock(), override_settings(LOS_DEMO=True), transaction.atomic():
        seed(families=12, seed=7)
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
class TestTheLeadersFiguresOverTime:
    def test_every_figure_shows_in_the_first_demo_municipality(self):
        leader = User.objects.get(username="leder")
        report = Report(leader.municipality, None, None)
        assert len(report.period.months) == statistics.DEFAULT_MONTHS
        for series in report.series:
            cells = list(series.months.values())
            assert any(shown(c) for c in cells), series.key
            if series.key in MAIN_SERIES:
                assert sum(shown(c) for c in cells) >= 0.75 * len(cells), series.key
        received = next(s for s in report.series if s.key == "applications").months.values()
        applications = [c.value or 0 for c in received]
        assert sum(applications[12:]) > sum(applications[:12])  # more applications each year

    def test_trends_a_leader_reads_from_the_history(self):
        report = Report(User.objects.get(username="leder").municipality, None, None)
        series = {s.key: [c.value for c in s.months.values() if shown(c)] for s in report.series}

        def first_and_second_half(key):
            values = series[key]
            half = len(values) // 2
            return sum(values[:half]) / half, sum(values[half:]) / (len(values) - half)

        early, late = first_and_second_half("days_to_decision")
        assert late < early  # faster answers
        early, late = first_and_second_half("survey_satisfied_with_coordinator")
        assert late > early  # and families a little more satisfied

    def test_the_other_municipalities_have_about_half_as_many_applications(self):
        first, *others = (Municipality.objects.get(number=number) for _name, number in MUNICIPALITIES)
        count = Application.objects.filter(family__municipality=first).count()
        for municipality in others:
            assert (
                0.35 * count
                < Application.objects.filter(family__municipality=municipality).count()
                < 0.7 * count
            )


def _visible_text(html: str) -> str:
    """The page's text, with clock times left out: the two seeds run a minute apart on a busy machine."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    return re.sub(r"kl\. \d{1,2}[.:]\d{2}", "kl. –", text)


def _what_the_named_users_see() -> dict:
    """The named users' start pages, work lists and notifications as text. The guardian goes first: her
    page lists who has read the family's data, and the others' visits would be on it."""
    from los.casework.selectors import worklist_panel

    seen = {}
    for username, paths in [
        ("forelder", ["/familie/", "/varsler/"]),
        ("koordinator", ["/", "/mine-oppgaver/", "/varsler/"]),
        ("tjenesteyter", ["/", "/mine-oppgaver/", "/varsler/"]),
        ("saksbehandler", ["/mine-oppgaver/", "/varsler/"]),
    ]:
        client = Client()
        client.force_login(User.objects.get(username=username))
        for path in paths:
            response = client.get(path, follow=True)
            assert response.status_code == 200, (username, path)
            seen[username, path] = _visible_text(response.content.decode())
    # The caseworker's start page lists every family of the municipality, the history's too; what waits
    # for her is in its panel: open applications, complaints, requests and transitions.
    panel = worklist_panel(User.objects.get(username="saksbehandler"))
    seen["saksbehandler", "panel"] = (
        panel["counts"],
        panel["transitions_total"],
        [(t.child.full_name, t.kind, t.on) for t in panel["transitions"]],
    )
    return seen


@pytest.mark.django_db
def test_the_named_demo_users_see_what_they_saw_before_the_history(monkeypatch):
    with override_settings(LOS_DEMO=True):
        with transaction.atomic():
            monkeypatch.setattr("los.reports.demo.seed_history", lambda seeder, built: None)
            seed(families=12, seed=7)
            before = _what_the_named_users_see()
            transaction.set_rollback(True)
        monkeypatch.undo()
        seed(families=12, seed=7)
    assert Application.objects.count() > 500  # the history is there
    after = _what_the_named_users_see()
    for key, text in before.items():
        assert after[key] == text, key


@pytest.mark.django_db
def test_the_history_is_the_same_from_the_same_seed():
    from los.coordinators.models import CoordinatorAssignment
    from los.surveys.models import SurveyAnswer

    def snapshot():
        """The rows as sets of values: ids differ from run to run on PostgreSQL (sequences go on)."""
        return tuple(
            sorted(rows, key=repr)
            for rows in (
                Application.objects.values_list(
                    "received_on", "status", "family__name", "child__national_id"
                ),
                CoordinatorAssignment.objects.values_list(
                    "family__name", "coordinator__username", "starts_on", "ends_on", "need_level"
                ),
                SurveyAnswer.objects.values_list("municipality__name", "month", *KEYS),
            )
        )

    found = []
    for _ in range(2):
        with override_settings(LOS_DEMO=True), transaction.atomic():
            seed(families=3, seed=5)
            found.append(snapshot())
            transaction.set_rollback(True)
    assert found[0] == found[1]
    assert len(found[0][0]) > 500
