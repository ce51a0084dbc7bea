"""The network report: every figure counted from the rows, scoped as the pages."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from ambito.network.models import Adhesion, Agreement, Candidature, CommitmentRecord
from ambito.network.selectors.reports import network_report
from ambito.territory.models import ActivityField
from tests.conftest import login

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 30)


@pytest.fixture
def network(pact, line_1, line_2, body_a, body_b, planner):
    social = ActivityField.objects.get(code="a")
    body_a.fields_of_activity.add(social)
    body_b.fields_of_activity.add(social, ActivityField.objects.get(code="p"))
    for body in (body_a, body_b):
        Adhesion.objects.create(
            zone=pact.zone,
            pact=pact,
            organisation=body,
            signed_on=dt.date(2026, 2, 1),
            signatory="Legale rappresentante",
            recorded_by=planner,
        )

    def candidature(body, line, state, hours):
        return Candidature.objects.create(
            zone=pact.zone,
            line=line,
            organisation=body,
            state=state,
            hours_per_month=Decimal(hours),
            people=2,
            money=Decimal("500.00"),
            contribution="Sportello informativo",
            proposed_role="Accoglienza",
            submitted_by=planner,
        )

    candidature(body_a, line_1, "active", "20")
    candidature(body_b, line_1, "rejected", "10")
    candidature(body_b, line_2, "submitted", "8")
    for month, hours in ((1, "18"), (2, "22"), (3, "20")):
        CommitmentRecord.objects.create(
            zone=pact.zone,
            line=line_1,
            organisation=body_a,
            month=dt.date(2026, month, 1),
            hours=Decimal(hours),
            people=2,
            recorded_by=planner,
        )
    Agreement.objects.create(
        zone=pact.zone,
        organisation=body_b,
        kind="social_coop",
        number="CONV-1/2026",
        subject="Servizi di prossimità",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 8, 15),
        amount=Decimal("12000.00"),
        recorded_by=planner,
    )


def test_the_report_counts_candidatures_by_line_and_state(planner, network, line_1):
    report = network_report(user=planner, year=2026, on=TODAY)
    first = next(row for row in report.lines if row.line == line_1)
    assert first.states["active"] == 1 and first.states["rejected"] == 1
    assert first.adherents == 1  # only the active candidature engages a body
    assert report.state_totals["submitted"] == 1
    assert report.adherents_on == 2
    assert dict(report.fields_of_activity) == {
        "Interventi e servizi sociali": 2,
        "Inserimento lavorativo di persone svantaggiate": 1,
    }


def test_resources_committed_are_set_against_those_documented(planner, network):
    report = network_report(user=planner, year=2026, on=TODAY)
    (row,) = report.resources
    assert row.hours_per_month_committed == Decimal("20")
    assert row.months_documented == 3 and row.hours_documented == Decimal("60")
    assert row.hours_per_month_documented == Decimal("20.0")
    assert row.coverage == Decimal("100.0")


def test_agreements_ending_within_60_days_are_listed(planner, network):
    assert [a.number for a in network_report(user=planner, year=2026, on=TODAY).expiring] == [
        "CONV-1/2026"
    ]
    assert network_report(user=planner, year=2026, on=dt.date(2026, 5, 1)).expiring == []


def test_an_operator_sees_the_figures_of_their_organisation_only(operator_a, network):
    report = network_report(user=operator_a, year=2026, on=TODAY)
    assert report.state_totals["rejected"] == 0 and report.state_totals["active"] == 1
    assert report.expiring == []  # the agreement is organisation B's


def test_another_zone_sees_nothing_of_this_network(planner_other_zone, network):
    report = network_report(user=planner_other_zone, year=2026, on=TODAY)
    assert report.lines == [] and report.resources == [] and report.adherents_on == 0


def test_the_report_page_and_its_files(client, planner, network):
    login(client, planner)
    page = client.get("/rete/report/?anno=2026")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="report-resources"' in html and "60,0" in html  # Italian decimals
    workbook = load_workbook(io.BytesIO(client.get("/rete/report/?anno=2026&formato=xlsx").content))
    resources = workbook.worksheets[2]
    assert resources.title.startswith("Risorse dichiarate")
    assert resources["G2"].value == 60  # a number, not text
    csv = client.get("/rete/report/?anno=2026&formato=csv&tabella=linee").content.decode(
        "utf-8-sig"
    )
    assert csv.splitlines()[0].startswith("Patto;Codice;Linea")
    pdf = client.get("/rete/report/?anno=2026&formato=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get("/rete/report/?formato=csv&tabella=altro").status_code == 404


def test_the_report_api_gives_the_same_figures(client, planner, network):
    login(client, planner)
    body = client.get("/api/v1/rete/report?year=2026").json()
    assert body["adherents_on"] == 2
    (row,) = body["resources"]
    assert Decimal(row["hours_documented"]) == Decimal("60")


def test_a_social_worker_cannot_read_the_network_report(client, social_worker_a):
    login(client, social_worker_a)
    assert client.get("/rete/report/").status_code == 403
    assert client.get("/api/v1/rete/report").status_code == 403
