import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook

from ambito.monitoring.reports import REPORTS, render
from ambito.monitoring.scope import Scope
from tests.conftest import login
from tests.factories import StaffFactory, UserFactory

from .conftest import make_case, positive_application

AS_OF = dt.date(2025, 6, 30)


@pytest.fixture
def applications(zone_a, municipality_a, municipality_b, social_worker_a):
    for n, municipality in enumerate([municipality_a, municipality_a, municipality_b]):
        case = make_case(social_worker_a, municipality, baby=n == 0)
        positive_application(case, dt.date(2025, 3, 1), f"P{n}")


@pytest.mark.parametrize("name", list(REPORTS))
def test_every_report_builds_and_its_totals_are_the_sum_of_its_rows(
    name, zone_a, municipality_a, municipality_b, populations, applications
):
    for table in REPORTS[name].build(Scope(zone_a, AS_OF)):
        if not table.totals:
            continue
        for index, total in enumerate(table.totals):
            if isinstance(total, (int, float)) and not isinstance(total, bool) and index:
                assert total == sum(row[index] for row in table.rows), (table.title, index)


def test_the_applications_table_counts_by_municipality(zone_a, applications, municipality_a):
    (table,) = REPORTS["domande"].build(Scope(zone_a, AS_OF))
    row = next(r for r in table.rows if r[0] == municipality_a.name)
    assert row[-1] == 2 and table.totals[-1] == 3


def test_the_household_profile(zone_a, applications):
    sizes, extra = REPORTS["profilo-nuclei"].build(Scope(zone_a, AS_OF))
    assert sizes.totals[1] == 3
    assert [r[1] for r in sizes.rows] == [2, 1, 0, 0, 0, 0]  # two singles, one with a baby
    assert extra.rows[1][1] == 1  # one household with a child 0-3


def test_the_command_prints_json_and_lists_reports(zone_a, populations, capsys):
    call_command("report", "--list")
    assert "lep" in capsys.readouterr().out
    call_command("report", "lep", "--zone", "zona-a", "--as-of", "2025-06-30")
    payload = json.loads(capsys.readouterr().out)
    assert payload["as_of"] == "2025-06-30" and payload["tables"][0]["title"].startswith("Livelli")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nessuno", "--zone", "zona-a"], "Report sconosciuto"),
        (["lep", "--zone", "zona-x"], "Ambito sconosciuto"),
        (["lep", "--zone", "zona-a", "--municipality", "999999"], "non è dell'ambito"),
        (["lep", "--zone", "zona-a", "--as-of", "31/12/2025"], "Data non valida"),
        (["lep", "--zone", "zona-a", "--as-of", "2999-01-01"], "nel futuro"),
        (["lep", "--zone", "zona-a", "--format", "doc"], "Formato sconosciuto"),
    ],
)
def test_bad_input_on_the_command_line_is_exit_code_2(zone_a, args, message):
    with pytest.raises(CommandError, match=message) as error:
        call_command("report", *args)
    assert error.value.returncode == 2


def test_the_command_writes_an_xlsx(zone_a, populations, applications, tmp_path):
    out = tmp_path / "domande.xlsx"
    call_command("report", "domande", "--zone", "zona-a", "--format", "xlsx", "--output", str(out))
    sheet = load_workbook(out).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[-1][0] == "Totale" and rows[-1][-1] == 3


def test_csv_and_pdf_renderings(zone_a, populations, applications):
    report = REPORTS["domande"]
    scope = Scope(zone_a, AS_OF)
    text = render(report, scope, "csv").decode("utf-8-sig")
    assert "Domande ADI per comune e stato" in text and "Totale" in text
    assert render(report, scope, "pdf").startswith(b"%PDF")


def test_the_dashboard_for_a_planner_with_drill_down(client, planner, populations, municipality_a):
    login(client, planner)
    html = client.get(reverse("monitoring:dashboard"), {"data": "2025-06-30"}).content.decode()
    assert 'data-testid="indicator-lep-assistenti-sociali"' in html and municipality_a.name in html
    one = client.get(
        reverse("monitoring:dashboard"), {"data": "2025-06-30", "comune": municipality_a.istat_code}
    ).content.decode()
    assert f"comune di {municipality_a.name}" in one


def test_a_future_date_on_the_page_is_explained(client, planner, populations):
    html = login(client, planner).get(reverse("monitoring:dashboard"), {"data": "2999-01-01"})
    assert "nel futuro" in html.content.decode()


def test_a_social_worker_sees_only_their_municipality(
    client, social_worker_a, municipality_a, municipality_b, populations
):
    login(client, social_worker_a)
    html = client.get(reverse("monitoring:dashboard")).content.decode()
    assert f"comune di {municipality_a.name}" in html
    other = client.get(reverse("monitoring:dashboard"), {"comune": municipality_b.istat_code})
    assert f"comune di {municipality_b.name}" not in other.content.decode()


def test_the_report_page_downloads_xlsx(client, planner, applications):
    response = login(client, planner).get(
        reverse("monitoring:report", args=["domande"]), {"formato": "xlsx"}
    )
    book = load_workbook(io.BytesIO(response.content))
    assert list(book.worksheets[0].iter_rows(values_only=True))[-1][-1] == 3


def test_users_without_reports_get_403(client, zone_a):
    third = UserFactory(username="coop", zone=zone_a, roles=["third_sector"])
    assert login(client, third).get(reverse("monitoring:dashboard")).status_code == 403


def test_the_api_gives_indicators_and_reports_with_the_same_parameters(
    client, planner, populations, applications, zone_b
):
    login(client, planner)
    definitions = client.get("/api/v1/monitoring/indicators").json()["items"]
    assert any(d["code"] == "lep-assistenti-sociali" and d["lep"] for d in definitions)
    value = client.get(
        "/api/v1/monitoring/indicators/percorso-analisi-preliminare",
        {"zone": "zona-a", "as_of": "2025-06-30"},
    ).json()
    assert value["denominator"] == "3" and value["display"].startswith("0,0%")
    report = client.get("/api/v1/monitoring/reports/domande", {"zone": "zona-a"}).json()
    assert report["tables"][0]["totals"][-1] == 3
    bad = client.get("/api/v1/monitoring/reports/lep", {"zone": "zona-a", "as_of": "domani"})
    assert bad.status_code == 422 and "Data non valida" in bad.content.decode()
    other = client.get("/api/v1/monitoring/reports/lep", {"zone": "zona-b"})
    assert other.status_code == 403


def test_the_staff_table_has_the_additional_staff_cost_and_fund(
    zone_a, municipality_a, populations
):
    from decimal import Decimal

    for _ in range(2):
        extra = StaffFactory(
            zone=zone_a, weekly_hours=30, funded_by="Fondo povertà", annual_cost=Decimal("49883.40")
        )
        extra.municipalities.set([municipality_a])
    StaffFactory(zone=zone_a)
    by_profile, additional = REPORTS["operatori"].build(Scope(zone_a, AS_OF))
    assert by_profile.totals[2] == 3 and by_profile.totals[3] == Decimal("96")
    assert additional.rows == [
        ["Fondo povertà", "Assistente sociale", 2, Decimal("60"), Decimal("99766.80")]
    ]


def test_the_emergency_report_never_says_none_when_nothing_was_timed(zone_a, populations):
    (table,) = REPORTS["emergenze"].build(Scope(zone_a, AS_OF))
    assert "None" not in table.note
    assert "nessun tempo registrato nel periodo" in table.note
