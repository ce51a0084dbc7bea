"""The needs observatory: figures by need area × municipality × period, scoped, no personal data."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from ambito.access import tally
from ambito.access.models import Contact
from ambito.access.observatory import NO_AREA, observatory_report
from ambito.catalog.models import NeedArea, Service
from tests.conftest import login
from tests.factories import AccessPointFactory, OrganisationFactory, UserFactory

ROME = ZoneInfo("Europe/Rome")
UTC = ZoneInfo("UTC")
POVERTY = "Povertà ed esclusione sociale"


def area(code):
    return NeedArea.objects.get(code=code)


def contact(zone, access_point, when, municipality, areas=(), **fields):
    c = Contact.objects.create(
        zone=zone,
        access_point=access_point,
        municipality=municipality,
        started_at=when,
        channel=fields.pop("channel", "desk"),
        **fields,
    )
    c.need_areas.set([area(code) for code in areas])
    tally.count_contact(c)  # as the contact services do
    return c


@pytest.fixture
def data(
    zone_a, zone_b, municipality_a, municipality_b, municipality_other_zone, person_a, person_b
):
    point = AccessPointFactory(zone=zone_a, municipality=municipality_a, name="Segretariato")
    service = Service.objects.create(
        zone=zone_a,
        slug="sad",
        name="Assistenza domiciliare",
        short_description="A casa",
        status="published",
    )
    caritas = OrganisationFactory(zone=zone_a, name="Caritas diocesana")
    # 2025
    contact(
        zone_a,
        point,
        datetime(2025, 1, 10, 10, tzinfo=ROME),
        municipality_a,
        ["poverty", "housing"],
    )
    contact(
        zone_a,
        point,
        datetime(2025, 1, 20, 10, tzinfo=ROME),
        municipality_b,
        ["poverty"],
        person=person_b,
        channel="phone",
        outcome="referral",
        referral_kind="service",
        referral_service=service,
    )
    contact(
        zone_a,
        point,
        datetime(2025, 3, 5, 10, tzinfo=ROME),
        municipality_a,
        ["elderly"],
        person=person_a,
        outcome="referral",
        referral_kind="organisation",
        referral_organisation=caritas,
    )
    # 22:30 UTC on 31 March is 00:30 on 1 April in Rome (summer time): April.
    contact(zone_a, point, datetime(2025, 3, 31, 22, 30, tzinfo=UTC), municipality_a, ["poverty"])
    contact(
        zone_a,
        point,
        datetime(2025, 6, 1, 10, tzinfo=ROME),
        municipality_a,
        [],
        outcome="referral",
        referral_kind="office",
        referral_office="Centro per l'impiego",
    )
    # 2024, the year before
    contact(zone_a, point, datetime(2024, 1, 15, 10, tzinfo=ROME), municipality_a, ["poverty"])
    contact(zone_a, point, datetime(2024, 3, 10, 10, tzinfo=ROME), municipality_a, ["elderly"])
    # 31 December 2025 at 23:30 in Rome is 2025; 1 January 2026 00:30 is not.
    contact(
        zone_a,
        point,
        datetime(2025, 12, 31, 23, 30, tzinfo=ROME),
        municipality_b,
        ["work"],
        channel="email",
    )
    contact(zone_a, point, datetime(2026, 1, 1, 0, 30, tzinfo=ROME), municipality_b, ["work"])
    # another zone
    other_point = AccessPointFactory(zone=zone_b, municipality=municipality_other_zone)
    contact(
        zone_b,
        other_point,
        datetime(2025, 1, 10, 10, tzinfo=ROME),
        municipality_other_zone,
        ["poverty"],
    )
    return point


def rows_of(report):
    return {row.name: row for row in report.areas}


def test_counts_by_need_area_and_month_count_each_area_of_a_contact(planner, data):
    report = observatory_report(user=planner, year=2025, period="month")
    areas = rows_of(report)
    assert report.period_labels[0] == "gen" and len(report.period_labels) == 12
    assert areas[POVERTY].by_period == [2, 0, 0, 1] + [0] * 8
    assert areas["Casa"].by_period[0] == 1
    assert areas["Anziani"].by_period[2] == 1
    assert areas["Lavoro"].by_period[11] == 1
    assert areas[NO_AREA].by_period[5] == 1
    assert report.total == 6  # distinct contacts, not area mentions (7)
    assert [t.contacts for t in report.trend] == [2, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1]


def test_quarters_and_year(planner, data):
    quarters = observatory_report(user=planner, year=2025, period="quarter")
    assert rows_of(quarters)[POVERTY].by_period == [2, 1, 0, 0]
    assert quarters.period_labels == ["1° trim.", "2° trim.", "3° trim.", "4° trim."]
    year = observatory_report(user=planner, year=2025, period="year")
    assert rows_of(year)[POVERTY].by_period == [3]
    assert year.trend[0].contacts == 6 and year.trend[0].previous == 2


def test_need_area_by_municipality(planner, data, municipality_a, municipality_b):
    report = observatory_report(user=planner, year=2025)
    table = {
        name: dict(zip(report.municipality_area_names, counts, strict=True)) | {"_": total}
        for name, counts, total in report.area_municipality
    }
    assert table[municipality_a.name][POVERTY] == 2
    assert table[municipality_b.name][POVERTY] == 1
    assert table[municipality_a.name]["_"] == 4
    assert table[municipality_b.name]["_"] == 2
    only_b = observatory_report(user=planner, year=2025, municipality=municipality_b)
    assert only_b.total == 2
    assert rows_of(only_b)[POVERTY].total == 1


def test_trend_and_recurring_needs_against_the_previous_year(planner, data):
    report = observatory_report(user=planner, year=2025)
    assert report.previous_total == 2
    assert report.change == 200.0
    assert (report.trend[0].contacts, report.trend[0].previous, report.trend[0].change) == (
        2,
        1,
        100.0,
    )
    assert report.trend[2].change == 0.0
    assert report.trend[3].change is None  # nothing to compare with
    recurring = report.recurring
    assert recurring[0].name == POVERTY
    assert (recurring[0].total, recurring[0].share, recurring[0].change) == (3, 50.0, 200.0)
    assert rows_of(report)["Anziani"].change == 0.0


def test_anonymous_share_channels_and_outcomes(planner, data):
    report = observatory_report(user=planner, year=2025)
    assert (report.anonymous.count, report.anonymous.share) == (4, 66.7)
    assert (report.identified.count, report.identified.share) == (2, 33.3)
    channels = {s.label: s.count for s in report.channels}
    assert channels == {
        "Sportello": 4,
        "Telefono": 1,
        "Email": 1,
        "Web": 0,
        "Visita domiciliare": 0,
    }
    outcomes = {s.label: s.count for s in report.outcomes}
    assert outcomes["Invio ad altro servizio"] == 3
    assert outcomes["Esito non indicato"] == 3


def test_referral_destinations(planner, data):
    report = observatory_report(user=planner, year=2025)
    got = {(r.kind, r.destination): r.count for r in report.referrals}
    assert got == {
        ("Servizio della carta", "Assistenza domiciliare"): 1,
        ("Ente", "Caritas diocesana"): 1,
        ("Altro ufficio", "Centro per l'impiego"): 1,
    }


def test_access_point_filter(planner, data, zone_a, municipality_a):
    other = AccessPointFactory(zone=zone_a, municipality=municipality_a, name="PUA")
    contact(zone_a, other, datetime(2025, 2, 1, 10, tzinfo=ROME), municipality_a, ["poverty"])
    assert observatory_report(user=planner, year=2025, access_point=other).total == 1
    assert observatory_report(user=planner, year=2025, access_point=data).total == 6


# --- scoping -----------------------------------------------------------------------------------


def test_planner_of_another_zone_sees_only_their_zone(data, zone_b):
    planner_b = UserFactory(username="piano_b", zone=zone_b, roles=["planner"])
    report = observatory_report(user=planner_b, year=2025)
    assert report.total == 1 and report.previous_total == 0
    assert report.referrals == []


def test_a_municipality_of_another_zone_is_refused(data, zone_b, municipality_a):
    planner_b = UserFactory(username="piano_b", zone=zone_b, roles=["planner"])
    with pytest.raises(PermissionDenied):
        observatory_report(user=planner_b, year=2025, municipality=municipality_a)


@pytest.mark.parametrize("who", ["outsider", "social_worker_a"])
def test_users_without_the_permission_are_refused(who, request, data, client):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        observatory_report(user=user, year=2025)
    login(client, user)
    for name in ("report", "export_csv", "export_xlsx"):
        assert (
            client.get(
                f"/osservatorio/{'' if name == 'report' else name.replace('export_', 'export.')}"
            ).status_code
            == 403
        )


def test_anonymous_visitors_are_sent_to_the_login(client, data):
    response = client.get("/osservatorio/")
    assert response.status_code == 302 and "login" in response["Location"]


# --- views and exports -------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["planner", "zone_admin"])
def test_report_page_shows_the_chart_and_its_data_table(who, request, client, data):
    login(client, request.getfixturevalue(who))
    response = client.get("/osservatorio/", {"anno": 2025, "periodo": "month"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-chart="dati-grafico-aree"' in html and 'role="img"' in html
    assert '<script id="dati-grafico-aree" type="application/json">' in html
    assert "<caption>Accessi per area di bisogno e mese, 2025" in html
    assert 'scope="col"' in html and 'scope="row"' in html
    assert "Caritas diocesana" in html and "Centro per l&#x27;impiego" in html
    assert "Rossi" not in html and "Bianchi" not in html
    assert response.context["report"].total == 6


def test_report_page_rejects_another_zones_municipality(client, data, zone_b, municipality_a):
    planner_b = UserFactory(username="piano_b", zone=zone_b, roles=["planner"])
    login(client, planner_b)
    response = client.get("/osservatorio/", {"anno": 2025, "comune": str(municipality_a.uuid)})
    assert response.status_code == 400
    assert response.context["report"] is None
    assert (
        client.get("/osservatorio/export.csv", {"comune": str(municipality_a.uuid)}).status_code
        == 400
    )


def test_csv_export_for_excel_in_italian(client, planner, data, municipality_a):
    login(client, planner)
    response = client.get("/osservatorio/export.csv", {"anno": 2025})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "osservatorio-zona-a-2025-mese.csv" in response["Content-Disposition"]
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Anno", "Periodo", "Comune di residenza", "Area di bisogno", "Accessi"]
    assert ["2025", "gen", municipality_a.name, POVERTY, "1"] in rows
    assert ["2025", "apr", municipality_a.name, POVERTY, "1"] in rows
    assert sum(int(r[4]) for r in rows[1:]) == 7  # one per area of each contact
    assert b"Rossi" not in body and b"Bianchi" not in body


def test_xlsx_export_has_numbers_headers_and_frozen_panes(client, planner, data):
    login(client, planner)
    response = client.get("/osservatorio/export.xlsx", {"anno": 2025, "periodo": "quarter"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Aree per periodo"]
    assert sheet.freeze_panes == "B2"
    header = [c.value for c in sheet[1]]
    assert header == [
        "Area di bisogno",
        "1° trim.",
        "2° trim.",
        "3° trim.",
        "4° trim.",
        "Totale",
        "Stesso periodo 2024",
    ]
    rows = {r[0]: r[1:] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[POVERTY] == (2, 1, 0, 0, 3, 1)
    assert rows["Accessi (distinti)"] == (3, 2, 0, 1, 6, 2)
    assert workbook["Invii"]["C2"].value == 1
    assert isinstance(workbook["Bisogni ricorrenti"]["B2"].value, int)
    texts = [str(c) for ws in workbook for row in ws.iter_rows(values_only=True) for c in row]
    assert not any("Rossi" in t or "Bianchi" in t for t in texts)


# --- demo data ---------------------------------------------------------------------------------


def test_demo_contacts_are_a_realistic_year(
    zone_a, municipality_a, municipality_b, person_a, person_b, planner
):
    import random

    from ambito.demo.contacts import build_contacts

    AccessPointFactory(zone=zone_a, municipality=municipality_a)
    published = Service.objects.create(
        zone=zone_a, slug="sad", name="SAD", short_description="x", status="published"
    )
    Service.objects.create(zone=zone_a, slug="bozza", name="Bozza", short_description="x")
    assert build_contacts(zone=zone_a, rng=random.Random(3), count=600, year=2025) == 600
    contacts = Contact.objects.filter(zone=zone_a)
    assert contacts.count() == 600
    anonymous = contacts.filter(person__isnull=True).count()
    assert 0.25 < anonymous / 600 < 0.45
    assert not contacts.filter(need_areas__isnull=True).exists()
    services = set(
        contacts.exclude(referral_service=None).values_list("referral_service", flat=True)
    )
    assert services == {published.pk}
    report = observatory_report(user=planner, year=2025)
    assert report.total == 600 and report.recurring[0].total > report.recurring[-1].total


# --- API ---------------------------------------------------------------------------------------


def api_client(user):
    from django.test import Client

    from ambito.core.services import api_token_create

    _, key = api_token_create(user=user, name="cruscotto regionale")
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_the_api_gives_the_same_figures_as_the_page(planner, data, municipality_b):
    response = api_client(planner).get("/api/v1/observatory", {"year": 2025, "period": "quarter"})
    assert response.status_code == 200
    body = response.json()
    report = observatory_report(user=planner, year=2025, period="quarter")
    assert body["total"] == report.total == 6
    assert body["period_labels"] == ["1° trim.", "2° trim.", "3° trim.", "4° trim."]
    areas = {a["name"]: a for a in body["areas"]}
    assert areas[POVERTY]["by_period"] == [2, 1, 0, 0]
    assert body["anonymous"]["count"] + body["identified"]["count"] == body["total"]
    by_name = {m["name"]: m for m in body["municipalities"]}
    assert sum(m["contacts"] for m in body["municipalities"]) == body["total"]
    assert by_name[municipality_b.name]["by_area"][POVERTY] == 1
    assert {r["destination"] for r in body["referrals"]} == {
        "Assistenza domiciliare",
        "Caritas diocesana",
        "Centro per l'impiego",
    }
    text = response.content.decode()
    assert "Rossi" not in text and "Bianchi" not in text and "person" not in text


def test_the_api_filters_by_municipality_of_the_zone_only(
    planner, data, municipality_b, municipality_other_zone
):
    client = api_client(planner)
    response = client.get(
        "/api/v1/observatory", {"year": 2025, "municipality": str(municipality_b.uuid)}
    )
    assert response.status_code == 200 and response.json()["total"] == 2
    response = client.get(
        "/api/v1/observatory", {"year": 2025, "municipality": str(municipality_other_zone.uuid)}
    )
    assert response.status_code == 404


def test_the_api_refuses_users_without_the_observatory_and_bad_filters(front_office, planner, data):
    response = api_client(front_office).get("/api/v1/observatory", {"year": 2025})
    assert response.status_code == 403
    assert response.json()["detail"] == "Non hai accesso all'osservatorio dei bisogni."
    response = api_client(planner).get("/api/v1/observatory", {"year": 1800, "period": "week"})
    assert response.status_code == 422
    assert {e["msg"] for e in response.json()["errors"]} == {
        "Valore troppo piccolo.",
        "Valore non ammesso.",
    }
