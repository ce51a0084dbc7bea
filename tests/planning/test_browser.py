"""A planner adds an action to the poverty plan on a fund with a residual, marks a quarter late
and sees the action highlighted; then records a meeting's attendance and a deliberation, and
downloads the minutes PDF. axe-core clean on every page."""

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ambito.planning import services
from ambito.planning.models import FundSource, PlanAction
from tests.browser import assert_accessible, login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_planner_plans_an_action_marks_it_late_and_records_the_assembly(
    page, live_server, planner, plan, objective, allocation, members
):
    pon = FundSource.objects.get(code="PON-INC")
    services.allocation_add(
        actor=planner, fund=pon, year=2019, amount=Decimal("592898.00"), act="PON Inclusione"
    )
    login(page, live_server, planner.username, PASSWORD)
    page.goto(f"{live_server.url}/programmazione/")
    assert_accessible(page)
    page.get_by_role("link", name="Programmazione povertà 2019").click()
    expect(page.get_by_role("heading", name="Programmazione povertà 2019")).to_be_visible()
    assert_accessible(page)

    form = page.get_by_test_id("action-form")
    expect(page.get_by_test_id("residuals")).to_contain_text("PON Inclusione 2019 € 592.898,00")
    form.locator("#id_objective").select_option(str(objective.uuid))
    form.locator("#id_code").fill("e4")
    form.locator("#id_title").fill("Servizio di assistenza domiciliare")
    form.locator("#id_implementation_mode").select_option("tender")
    form.locator("#id_amount").fill("20000")
    form.locator("#id_fund").select_option(str(pon.pk))
    form.locator("#id_funding_year").fill("2019")
    with page.expect_navigation():
        form.get_by_role("button", name="Aggiungi l'azione").click()
    expect(page.locator(".alert").first).to_contain_text("Azione e4 aggiunta")
    expect(page.get_by_test_id("residuals")).to_contain_text("PON Inclusione 2019 € 572.898,00")

    page.get_by_role("link", name="e4").click()
    assert_accessible(page)
    schedule = page.get_by_test_id("schedule-form")
    schedule.get_by_label("Trimestre").select_option("2019-2")
    schedule.locator("label[for=id_planned]").click()
    schedule.get_by_label("Avanzamento").select_option("late")
    with page.expect_navigation():
        schedule.get_by_role("button", name="Aggiorna il trimestre").click()
    row = page.get_by_test_id("action-e4")
    expect(row).to_have_attribute("data-late", "true")
    expect(row).to_contain_text("In ritardo")
    expect(page.get_by_test_id("late-count")).to_contain_text("1 azione in ritardo")
    assert_accessible(page)
    assert PlanAction.objects.get(code="e4").quarters.get(year=2019, quarter=2).progress == "late"

    page.goto(f"{live_server.url}/programmazione/assemblea/")
    assert_accessible(page)
    page.get_by_label("Data").fill("2019-01-30")
    page.get_by_label("Luogo").fill("Sala consiliare")
    page.get_by_label("Ordine del giorno (un punto per riga)").fill("Programma povertà")
    with page.expect_navigation():
        page.get_by_role("button", name="Crea la seduta").click()
    a, b, c = members
    page.get_by_label("Presenza di Comune A").select_option("present")
    page.get_by_label("Presenza di Comune B").select_option("delegate")
    page.get_by_label("Rappresentante di Comune B").fill("Assessore delegato")
    with page.expect_navigation():
        page.get_by_role("button", name="Registra le presenze").click()
    expect(page.get_by_test_id("quorum")).to_contain_text("Numero legale raggiunto")
    assert_accessible(page)

    form = page.get_by_test_id("deliberation-form")
    form.get_by_label("Numero (vuoto = il prossimo dell'anno)").fill("2")
    form.get_by_label("Oggetto").fill("Documento programmatico povertà: approvazione")
    form.get_by_label("Voto di Comune A (60,00%)").select_option("favour")
    form.get_by_label("Voto di Comune B (30,00%)").select_option("favour")
    with page.expect_navigation():
        form.get_by_role("button", name="Registra la deliberazione").click()
    expect(page.locator(".alert").first).to_contain_text("Deliberazione n. 2/2019: approvata")
    expect(page.get_by_test_id("deliberation")).to_contain_text("Comune B (30,00%): Favorevole")
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_test_id("minutes-pdf").click()
    content = Path(download.value.path()).read_bytes()
    assert content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
        ).stdout.decode()
        assert "Deliberazione n. 2/2019" in text and "Presente per delega" in text
