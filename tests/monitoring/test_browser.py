"""A planner opens the LEP dashboard, switches the date, drills into one municipality and
downloads the XLSX of the applications table, which is opened and checked. axe-core clean."""

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from ambito.cases import milestones
from tests.browser import assert_accessible, login
from tests.conftest import PASSWORD
from tests.factories import AccessPointFactory, StaffFactory

from .conftest import make_case, positive_application, pre_assessment

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_planner_reads_the_lep_dashboard_and_downloads_the_applications_table(
    page, live_server, planner, social_worker_a, zone_a, municipality_a, municipality_b, populations
):
    worker = StaffFactory(zone=zone_a, weekly_hours=36)
    worker.municipalities.set([municipality_a])
    AccessPointFactory(zone=zone_a, municipality=municipality_a)
    for n, municipality in enumerate((municipality_a, municipality_a, municipality_b)):
        case = make_case(social_worker_a, municipality)
        positive_application(case, dt.date(2025, 3, 3), f"P{n}")
        if n == 0:
            pre_assessment(case, social_worker_a, dt.date(2025, 3, 10))
    # The fixtures write records directly, past the services that keep the read model.
    milestones.rebuild(zone_a)
    login(page, live_server, planner.username, PASSWORD)
    page.goto(f"{live_server.url}/monitoraggio/")
    expect(page.get_by_test_id("indicator-lep-assistenti-sociali")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Alla data").fill("2025-06-30")
    with page.expect_navigation():
        page.get_by_role("button", name="Aggiorna").click()
    expect(page.get_by_test_id("scope")).to_contain_text("al 30/06/2025")
    row = page.get_by_test_id("indicator-percorso-analisi-preliminare")
    expect(row).to_contain_text("33,3% (1 su 3)")
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("link", name=municipality_a.name, exact=True).first.click()
    expect(page.get_by_test_id("scope")).to_contain_text(f"comune di {municipality_a.name}")
    expect(page.get_by_test_id("indicator-percorso-analisi-preliminare")).to_contain_text(
        "50,0% (1 su 2)"
    )
    assert_accessible(page)

    page.get_by_role("link", name="Domande per comune e stato").click()
    expect(page.get_by_test_id("report-table")).to_contain_text(municipality_a.name)
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_test_id("downloads").get_by_role("link", name="XLSX").click()
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "Comune" and rows[1][0] == municipality_a.name
    assert rows[-1][0] == "Totale" and rows[-1][-1] == 2
