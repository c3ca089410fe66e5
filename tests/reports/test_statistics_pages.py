"""The leader's figures over time as a leader uses them: the page with its charts and tables, the CSV and
XLSX files, and the API; read from the database in a fixed number of queries; leaders only."""

import csv
import datetime
import io
import re
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from los.casework.models import Application
from los.core import dates
from los.people.models import Family
from los.reports import statistics

from ..casework.helpers import apply_for, assess_and_confirm, fake_decision

URL = "/leder/statistikk/"
API = "/api/v1/statistics"


def this_month() -> str:
    return statistics.month_key(statistics.month_of(dates.today()))


def receive(tenant, count: int, on: datetime.date):
    """`count` applications received on `on`, each from a family of its own."""
    families = Family.objects.bulk_create(
        [Family(municipality=tenant.municipality, name=f"Familie {on} {i}") for i in range(count)]
    )
    Application.objects.bulk_create(
        [Application(family=f, received_on=on, submitted_by=tenant.caseworker) for f in families]
    )


@pytest.fixture
def decided(tenant):
    """One application received and decided this month, granting a child coordinator."""
    application = apply_for(tenant)
    assessment = assess_and_confirm(application, tenant.caseworker)
    return fake_decision(application, tenant.caseworker, assessment)


def test_the_leader_sees_each_figure_as_a_chart_with_its_table(tenant, client_for, decided):
    receive(tenant, 7, dates.today().replace(day=1))
    response = client_for(tenant.leader).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tall over tid for" in html
    charts = re.findall(r'<svg [^>]*role="img"[^>]*aria-labelledby="([^"]+)"', html)
    every_figure = statistics.compute(
        statistics.Facts(dates.today(), 30), statistics.Period((2026, 1), (2026, 1))
    )
    assert len(charts) == len(every_figure)
    for labelled_by in charts:
        title_id, desc_id = labelled_by.split()
        assert f'<title id="{title_id}">' in html and f'<desc id="{desc_id}">' in html
    assert "<style" not in html and " style=" not in html  # the CSP allows los.css only
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    # This month: 8 applications received (7 + the decided one), shown in the table beside the chart.
    applications_table = html.split('id="chart-applications-table-caption"')[1].split("</table>")[0]
    assert re.search(r">8</td>", applications_table)
    # One decision: hidden, never a 1.
    decisions_table = html.split('id="chart-decisions-table-caption"')[1].split("</table>")[0]
    assert "skjult" in decisions_table and ">1</td>" not in decisions_table


def test_per_year(tenant, client_for):
    receive(tenant, 6, dates.today().replace(day=1))
    response = client_for(tenant.leader).get(URL, {"visning": "year", "fra": this_month()})
    assert response.status_code == 200
    table = response.content.decode().split('id="chart-applications-table-caption"')[1].split("</table>")[0]
    assert re.search(rf">{dates.today().year} \(", table) and ">6</td>" in table


@pytest.mark.parametrize(
    "query,message",
    [
        ({"fra": "2026-05", "til": "2026-01"}, "Perioden slutter før den begynner"),
        ({"fra": "mai"}, "Skriv måneden som ÅÅÅÅ-MM"),
        ({"til": "2999-01"}, "Perioden kan ikke slutte etter denne måneden"),
        ({"fra": "1999-01", "til": "1999-12"}, "Det finnes ingen tall før"),
    ],
)
def test_a_period_that_cannot_be_shown_is_refused_with_a_message(tenant, client_for, query, message):
    receive(tenant, 1, dates.today())
    client = client_for(tenant.leader)
    response = client.get(URL, query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert client.get("/leder/statistikk/tall.csv", query).status_code == 400
    names = {"fra": "from", "til": "to"}
    answer = client.get(API, {names[k]: v for k, v in query.items()})
    assert answer.status_code == 422
    assert message in answer.json()["message"]


def test_the_csv_and_xlsx_hold_the_same_figures_as_the_page(tenant, client_for, decided):
    receive(tenant, 9, dates.today().replace(day=1))
    client = client_for(tenant.leader)
    query = {"fra": this_month()}
    response = client.get("/leder/statistikk/tall.csv", query)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="los-statistikk-9911-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    by_label = {row[1]: row[3:] for row in rows[1:] if len(row) > 3}
    assert by_label["Søknader mottatt"] == ["10"]
    assert by_label["Vedtak fattet"] == ["skjult"]
    workbook = client.get("/leder/statistikk/tall.xlsx", query)
    assert workbook.status_code == 200
    with zipfile.ZipFile(io.BytesIO(workbook.content)) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
        strings = book.read("xl/sharedStrings.xml").decode()
    assert "skjult" in strings and "Søknader mottatt" in strings
    assert "<v>10</v>" in sheet


def test_the_api_gives_the_same_figures_with_hidden_cells_as_null(tenant, client_for, decided):
    receive(tenant, 9, dates.today().replace(day=1))
    answer = client_for(tenant.leader).get(API, {"from": this_month()})
    assert answer.status_code == 200
    body = answer.json()
    assert body["municipality"] == "9911" and body["from"] == body["to"] == this_month()
    series = {s["key"]: s for s in body["series"]}
    assert series["applications"]["months"] == [{"period": this_month(), "value": 10, "suppressed": False}]
    assert series["decisions"]["months"] == [{"period": this_month(), "value": None, "suppressed": True}]


def test_another_municipality_is_not_found(tenant, other_tenant, client_for):
    client = client_for(tenant.leader)
    assert client.get(API, {"municipality": other_tenant.municipality.number}).status_code == 404
    assert client.get(API, {"municipality": tenant.municipality.number}).status_code == 200


@pytest.mark.parametrize("actor", ["caseworker", "coordinator", "provider", "guardian_user"])
def test_only_leaders_see_the_figures_over_time(tenant, client_for, actor):
    client = client_for(getattr(tenant, actor))
    assert client.get(URL).status_code == 404
    assert client.get("/leder/statistikk/tall.csv").status_code == 404
    assert client.get("/leder/statistikk/tall.xlsx").status_code == 404
    assert client.get(API).status_code == 404


def test_signed_out_is_sent_to_log_in(client):
    assert client.get(URL).status_code == 302
    assert client.get(API).status_code == 401


def test_figures_of_another_municipality_are_not_counted(tenant, other_tenant, client_for):
    receive(tenant, 6, dates.today().replace(day=1))
    receive(other_tenant, 20, dates.today().replace(day=1))
    body = client_for(tenant.leader).get(API, {"from": this_month()}).json()
    applications = next(s for s in body["series"] if s["key"] == "applications")
    assert applications["months"][0]["value"] == 6


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_the_page_query_count_does_not_grow_with_the_number_of_families(tenant, client_for, settings):
    settings.LOS_FIGURES_CACHE_SECONDS = 0  # count every time
    client = client_for(tenant.leader)
    receive(tenant, 3, dates.today().replace(day=1))
    small = _queries(client)
    for months_back in range(0, 20, 2):
        receive(tenant, 7, dates.add_months(dates.today().replace(day=1), -months_back))
    assert _queries(client) == small
    assert small <= 20


def test_the_leader_menu_marks_the_page_it_is_on(tenant, client_for):
    html = client_for(tenant.leader).get(URL).content.decode()
    current = re.findall(r'<a[^>]*aria-current="page"[^>]*>([^<]+)</a>', html)
    assert [c.strip() for c in current] == ["Tall over tid"]


def test_the_annual_report_for_the_municipal_council(tenant, client_for):
    receive(tenant, 6, dates.today().replace(day=1))
    client = client_for(tenant.leader)
    year = dates.today().year
    response = client.get(f"/leder/statistikk/arsrapport-{year}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == f'attachment; filename="los-arsrapport-9911-{year}.pdf"'
    from los.reports.annual import annual_report_html

    html = annual_report_html(tenant.municipality, year)
    assert f"Årsrapport {year}" in html and "Søknader mottatt" in html and "<strong>6</strong>" in html
    assert client.get("/leder/statistikk/arsrapport-1999.pdf").status_code == 400
    assert client.get(f"/leder/statistikk/arsrapport-{year + 1}.pdf").status_code == 400
    assert client_for(tenant.coordinator).get(f"/leder/statistikk/arsrapport-{year}.pdf").status_code == 404


def test_evaluations_overdue_are_read_from_the_plans_in_force(tenant, other_tenant):
    """The working version's measures past their evaluation date, and evaluations done late: read from
    the database for the municipality's own plans only."""
    from los.plans.models import Evaluation, EvaluationOutcome
    from los.reports.history import facts

    from ..plans.helpers import make_plan, plan_measure

    make_plan(tenant)
    measure = plan_measure(tenant)
    today = dates.today()
    measure.evaluate_on = today - datetime.timedelta(days=3)
    measure.save()
    Evaluation.objects.create(
        measure=measure,
        due_on=today - datetime.timedelta(days=40),
        evaluated_on=today - datetime.timedelta(days=10),
        text="Går bra",
        outcome=EvaluationOutcome.CONTINUE,
        evaluated_by=tenant.coordinator,
    )
    period = statistics.period(None, None, today=today)
    rows = facts(tenant.municipality, period, today).evaluations
    assert sorted(rows, key=lambda r: r.due_on) == [
        statistics.EvaluationRow(today - datetime.timedelta(days=40), today - datetime.timedelta(days=10)),
        statistics.EvaluationRow(today - datetime.timedelta(days=3), None),
    ]
    assert facts(other_tenant.municipality, period, today).evaluations == []
