"""An inter-municipal cooperation: its leader sees each member municipality's figures over time, alone or
side by side, with the same cells hidden as that municipality's own leader sees; nobody else does."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from los.core import dates
from los.core.models import Cooperation, Role
from los.reports import policy

from ..factories import make_tenant, make_user
from .test_statistics_pages import API, URL, receive, this_month


@pytest.fixture
def third_tenant(db):
    return make_tenant("Nord", "9913", 2)


@pytest.fixture
def region(tenant, other_tenant, third_tenant):
    """A cooperation of the three; its leader works in the first."""
    leader = make_user("regionleder", Role.LEADER, tenant.municipality)
    cooperation = Cooperation.objects.create(name="Fjordregionen")
    cooperation.municipalities.set(
        [tenant.municipality, other_tenant.municipality, third_tenant.municipality]
    )
    cooperation.leaders.add(leader)
    first = dates.today().replace(day=1)
    receive(tenant, 6, first)
    receive(other_tenant, 12, first)
    receive(third_tenant, 3, first)  # a small count: hidden in Nordvik's column too
    return leader


def _applications_table(html: str) -> str:
    return html.split('id="chart-applications-table-caption"')[1].split("</table>")[0]


def test_the_cooperation_leader_sees_the_members_side_by_side(client_for, region):
    response = client_for(region).get(URL, {"kommune": "alle", "fra": this_month()})
    assert response.status_code == 200
    html = response.content.decode()
    assert "kommunene side om side" in html
    table = _applications_table(html)
    headers = re.findall(r'<th scope="col" class="los-numeric">([^<]+)</th>', table)
    assert headers == ["Fjordvik", "Nordvik", "Åsvik"]  # their own first, then by name
    cells = re.findall(r'<td class="los-numeric">(.*?)</td>', table)
    assert cells[0] == "6" and "skjult" in cells[1] and cells[2] == "12"
    # One chart per figure, with a line or bar per municipality and a legend naming them.
    chart = html.split('id="chart-applications-title"')[1].split("</svg>")[0]
    assert "Nordvik" in chart and "Én søyle per kommune" in html
    # The choice of municipality is offered, with every member and "all".
    options = re.findall(r'<option value="([^"]+)"', html.split('name="kommune"')[1].split("</select>")[0])
    assert options == ["9911", "9913", "9912", "alle"]


def test_one_member_alone_shows_what_its_own_leader_sees(client_for, region, other_tenant):
    own_leader = client_for(other_tenant.leader).get(URL, {"fra": this_month()}).content.decode()
    regional = client_for(region).get(URL, {"kommune": "9912", "fra": this_month()}).content.decode()
    assert "Tall over tid for Åsvik" in regional

    def tables(html):
        main = html.split('<nav aria-label="Områder"', 1)[1]
        return re.findall(r"<table.*?</table>", main, re.S)

    assert tables(regional) == tables(own_leader)


def test_side_by_side_hides_the_cells_each_municipality_hides(client_for, region, tenant, other_tenant):
    """Nothing is added up across municipalities, so each column is that municipality's own figures."""
    for member in (tenant, other_tenant):
        own = client_for(member.leader).get(API, {"from": this_month()}).json()["series"]
        via_region = client_for(region).get(
            API, {"from": this_month(), "municipality": member.municipality.number}
        )
        assert via_region.status_code == 200
        assert via_region.json()["series"] == own


def test_a_municipality_outside_the_cooperation_is_refused_with_a_message(client_for, region, db):
    outside = make_tenant("Vest", "9914", 3)
    client = client_for(region)
    response = client.get(URL, {"kommune": outside.municipality.number})
    assert response.status_code == 400
    assert "Du ser bare tallene for kommuner du er leder for" in response.content.decode()
    assert client.get(URL, {"kommune": "'; drop"}).status_code == 400
    assert client.get("/leder/statistikk/tall.csv", {"kommune": "9914"}).status_code == 400
    assert client.get(API, {"municipality": "9914"}).status_code == 404
    year = dates.today().year
    assert client.get(f"/leder/statistikk/arsrapport-{year}.pdf", {"kommune": "9914"}).status_code == 400
    assert client.get(f"/leder/statistikk/arsrapport-{year}.pdf", {"kommune": "alle"}).status_code == 400


def test_a_leader_outside_the_cooperation_sees_only_their_own(client_for, region, tenant, other_tenant):
    client = client_for(other_tenant.leader)
    assert client.get(URL, {"kommune": tenant.municipality.number}).status_code == 400
    html = client.get(URL, {"kommune": "alle"}).content.decode()
    assert "Tall over tid for Åsvik" in html and 'name="kommune"' not in html
    assert policy.municipalities_for(tenant.leader) == [tenant.municipality]
    assert policy.municipalities_for(tenant.coordinator) == []


def test_the_csv_has_a_row_per_figure_and_municipality(client_for, region):
    response = client_for(region).get("/leder/statistikk/tall.csv", {"kommune": "alle", "fra": this_month()})
    assert response.status_code == 200
    assert 'filename="los-statistikk-9911-9913-9912-' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Område", "Tall", "Kommune", "Enhet"]
    applications = {row[2]: row[4:] for row in rows[1:] if len(row) > 4 and row[1] == "Søknader mottatt"}
    assert applications == {"Fjordvik": ["6"], "Åsvik": ["12"], "Nordvik": ["skjult"]}
    workbook = client_for(region).get("/leder/statistikk/tall.xlsx", {"kommune": "alle", "fra": this_month()})
    assert workbook.status_code == 200


def test_the_annual_report_of_a_member(client_for, region, other_tenant):
    year = dates.today().year
    response = client_for(region).get(f"/leder/statistikk/arsrapport-{year}.pdf", {"kommune": "9912"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="los-arsrapport-9912-{year}.pdf"'


def test_side_by_side_queries_do_not_grow_with_the_number_of_families(client_for, region, tenant, settings):
    settings.LOS_FIGURES_CACHE_SECONDS = 0
    client = client_for(region)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, {"kommune": "alle"}).status_code == 200
        return len(captured)

    before = queries()
    for months_back in range(0, 12, 2):
        receive(tenant, 7, dates.add_months(dates.today().replace(day=1), -months_back))
    assert queries() == before


def test_the_admin_keeps_a_cooperation_to_leaders_of_its_members(tenant, other_tenant, db):
    from los.core.admin import CooperationForm

    stranger = make_user("fremmed", Role.LEADER, make_tenant("Sør", "9915", 4).municipality)
    form = CooperationForm(
        data={
            "name": "Samarbeid",
            "municipalities": [tenant.municipality.pk, other_tenant.municipality.pk],
            "leaders": [tenant.leader.pk, stranger.pk],
        }
    )
    assert not form.is_valid()
    assert "hører ikke til en kommune i samarbeidet" in str(form.errors["leaders"])
    alone = CooperationForm(data={"name": "Alene", "municipalities": [tenant.municipality.pk]})
    assert not alone.is_valid() and "minst to kommuner" in str(alone.errors["municipalities"])
    # Only leaders can be chosen as its leaders.
    assert not CooperationForm(
        data={
            "name": "Samarbeid",
            "municipalities": [tenant.municipality.pk, other_tenant.municipality.pk],
            "leaders": [tenant.coordinator.pk],
        }
    ).is_valid()


def test_a_target_of_one_municipality_is_not_put_on_the_others(client_for, region, other_tenant):
    html = client_for(region).get(URL, {"kommune": "alle"}).content.decode()
    assert "Vedtak innen kommunens mål på 30 dager" in html  # all three keep the default target
    other_tenant.municipality.decision_target_days = 20
    other_tenant.municipality.save()
    html = client_for(region).get(URL, {"kommune": "alle"}).content.decode()
    assert "Vedtak innen kommunens mål på" not in html
    assert '<title id="chart-decided_within_target-title">Vedtak innen kommunens eget mål</title>' in html
    assert html.count(">Vedtak innen kommunens eget mål<") >= 2  # the chart and the caption


def test_the_csv_side_by_side_uses_the_shared_label_when_targets_differ(client_for, region, other_tenant):
    other_tenant.municipality.decision_target_days = 20
    other_tenant.municipality.save()
    response = client_for(region).get("/leder/statistikk/tall.csv", {"kommune": "alle", "fra": this_month()})
    rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    labels = {row[1] for row in rows if len(row) > 1}
    assert "Vedtak innen kommunens eget mål" in labels
    assert not any(label.startswith("Vedtak innen kommunens mål på") for label in labels)
