"""The network's journey in a browser: a third-sector operator applies to a line of the pact
with the resources their body puts in, the plan office reviews and accepts the candidature,
the operator records the hours spent in a month, and the line's transparency page — the
internal one and the public one, without login — shows them. axe-core clean on every page."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from ambito.network.models import Candidature, CommitmentRecord
from ambito.network.services import pact as pact_services
from tests.browser import assert_accessible, login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_operator_applies_is_accepted_records_hours_and_the_line_shows_them(
    page, browser, browser_context_args, live_server, planner, pact, line_1, body_a, operator_a
):
    pact_services.adhesion_sign(
        actor=planner,
        pact=pact,
        organisation=body_a,
        signed_on=dt.date(2026, 2, 1),
        signatory="Presidente dell'associazione",
    )
    # The operator applies to the line with the resources their body puts in.
    login(page, live_server, operator_a.username, PASSWORD)
    page.goto(f"{live_server.url}/rete/linee/{line_1.uuid}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(line_1.title)
    assert_accessible(page)
    page.get_by_test_id("apply").click()
    form = page.get_by_test_id("candidature-form")
    assert_accessible(page)
    form.get_by_label("Persone messe a disposizione").fill("3")
    form.get_by_label("Ore al mese messe a disposizione").fill("20")
    form.get_by_label("Descrizione sintetica del contributo").fill(
        "Sportello informativo due mattine a settimana"
    )
    form.get_by_label("Ruolo proposto").fill("Primo orientamento")
    with page.expect_navigation():
        form.get_by_role("button", name="Presenta la candidatura").click()
    expect(page.get_by_test_id("state")).to_have_text("Presentata")
    assert_accessible(page)
    candidature = Candidature.objects.get(organisation=body_a, line=line_1)
    assert candidature.hours_per_month == 20 and candidature.people == 3

    # The plan office reviews it and accepts it.
    office = browser.new_context(**browser_context_args)
    office_page = office.new_page()
    login(office_page, live_server, planner.username, PASSWORD)
    office_page.goto(f"{live_server.url}/rete/candidature/{candidature.uuid}/")
    assert_accessible(office_page)
    for button, state in (("Avvia l'istruttoria", "In istruttoria"), ("Accogli", "Accolta")):
        with office_page.expect_navigation():
            office_page.get_by_role("button", name=button).click()
        expect(office_page.get_by_test_id("state")).to_have_text(state)
    assert_accessible(office_page)

    # The operator records the hours spent last month on the line.
    month = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    page.goto(f"{live_server.url}/rete/impegni/")
    assert_accessible(page)
    form = page.get_by_test_id("commitment-form")
    form.get_by_label("Linea del patto").select_option(str(line_1.uuid))
    form.get_by_label("Mese").fill(f"{month:%Y-%m}")
    form.get_by_label("Ore dedicate").fill("18,5")
    form.get_by_label("Persone impegnate").fill("3")
    form.get_by_label("Risultati restituiti al territorio").fill(
        "Quaranta persone orientate ai servizi del territorio"
    )
    with page.expect_navigation():
        form.get_by_role("button", name="Registra").click()
    expect(page.get_by_test_id("commitment-list")).to_contain_text("18,5")
    record = CommitmentRecord.objects.get(organisation=body_a, line=line_1)
    assert record.month == month and str(record.hours) == "18.5", record
    assert record.results.startswith("Quaranta"), repr(record.results)

    # The line's transparency page shows them, and so does the public page, without login.
    page.goto(f"{live_server.url}/rete/linee/{line_1.uuid}/trasparenza/")
    expect(page.locator("main")).to_contain_text(body_a.name)
    expect(page.locator("main")).to_contain_text("18,5")
    assert_accessible(page)
    public_url = page.get_by_test_id("public-link").get_attribute("href")
    visitor = browser.new_context(**browser_context_args)
    public = visitor.new_page()
    public.goto(f"{live_server.url}{public_url}")
    expect(public.locator("main")).to_contain_text("18,5")
    expect(public.locator("main")).to_contain_text("Quaranta persone orientate")
    expect(public.locator("main")).not_to_contain_text(operator_a.username)
    assert_accessible(public)
    office.close()
    visitor.close()
