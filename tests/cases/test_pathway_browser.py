"""A coordinator assigns a new case; its social worker records card A and sends the household
to the EEMM; the pages are axe-core clean."""

import pytest

from ambito.cases import services
from ambito.cases.models import Case
from tests.browser import assert_accessible, login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_assignment_card_a_and_eemm(
    page, browser, live_server, coordinator, social_worker_a, person_a, household_a
):
    case = services.case_open(actor=coordinator, person=person_a, line="income_support")
    login(page, live_server, coordinator.username, PASSWORD)
    page.goto(f"{live_server.url}/cartelle/assegnazione/")
    assert_accessible(page)
    item = page.get_by_test_id("waiting-case")
    item.get_by_label("Case manager").select_option(value=str(social_worker_a.pk))
    item.get_by_role("button", name=f"Assegna la cartella {case.number}").click()
    page.wait_for_load_state()
    assert "assegnata" in page.locator(".alert").first.inner_text()
    page.goto(f"{live_server.url}/domande/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/domande/importa/")
    assert_accessible(page)

    worker = browser.new_context(locale="it-IT", bypass_csp=True)
    wpage = worker.new_page()
    login(wpage, live_server, social_worker_a.username, PASSWORD)
    wpage.goto(f"{live_server.url}/cartelle/")
    assert case.number in wpage.get_by_test_id("new-assignments").inner_text()
    assert_accessible(wpage)
    wpage.get_by_role("link", name=case.number).first.click()
    wpage.get_by_role("button", name="Avvia l'analisi preliminare").click()
    wpage.get_by_role("link", name="Compila la scheda A").click()
    assert_accessible(wpage)
    wpage.get_by_label("Consulente del Centro per l'Impiego").fill("Dott.ssa Neri")
    wpage.get_by_label("Situazione del nucleo").fill("Madre sola con due figli, sfratto in corso.")
    wpage.get_by_label("Prima analisi dei bisogni").fill("Casa, lavoro, sostegno scolastico.")
    complex_needs = wpage.get_by_label("Bisogni complessi", exact=False)
    complex_needs.focus()
    wpage.keyboard.press("Space")
    assert complex_needs.is_checked()
    wpage.get_by_role("button", name="Registra la scheda A").click()
    wpage.get_by_role("button", name="Invia all'équipe multidisciplinare").click()
    assert "équipe multidisciplinare" in wpage.get_by_test_id("case-status").inner_text()
    assert_accessible(wpage)
    assert Case.objects.get(pk=case.pk).status == "eemm_evaluation"

    # The EEMM meets and discusses the case.
    from ambito.cases.models import EemmMember, EemmTeam

    team = EemmTeam.objects.create(zone=case.zone, name="EEMM Pistoia")
    EemmMember.objects.create(team=team, name="Luca Neri", institution="CPI", role="cpi")
    wpage.goto(f"{live_server.url}/cartelle/equipe-multidisciplinari/{team.uuid}/")
    assert_accessible(wpage)
    wpage.get_by_label("Luca Neri", exact=False).focus()
    wpage.keyboard.press("Space")
    wpage.get_by_label(case.number, exact=False).focus()
    wpage.keyboard.press("Space")
    wpage.get_by_label("Verbale").fill("Valutata la situazione abitativa.")
    wpage.get_by_label("Decisioni").fill("Contributo affitto; progetto con la madre.")
    wpage.get_by_role("button", name="Registra l'incontro").click()
    assert "Contributo affitto" in wpage.get_by_test_id("eemm-meeting").inner_text()
    wpage.goto(f"{live_server.url}/cartelle/{case.uuid}/")
    assert "EEMM Pistoia" in wpage.get_by_test_id("case-meetings").inner_text()
    wpage.get_by_role("link", name="Compila la scheda B").click()
    assert_accessible(wpage)
    wpage.get_by_label("Casa e abitare: bisogni").fill("Sfratto esecutivo a marzo")
    wpage.get_by_label("Obiettivi").fill("Trovare una casa in affitto")
    wpage.locator("#id_actions").fill("Contributo affitto e ricerca alloggio")
    wpage.get_by_role("button", name="Registra la scheda B").click()
    assert "Sfratto esecutivo" in wpage.get_by_test_id("card-b").inner_text()
    assert "senza alcun intervento" in wpage.get_by_test_id("lep-flags").inner_text()
    assert_accessible(wpage)

    # The project: a first version, its PDF, the signed scan.
    wpage.get_by_role("link", name="Scrivi il progetto").click()
    assert_accessible(wpage)
    wpage.get_by_label("Obiettivo 1", exact=True).fill("Trovare una casa in affitto")
    wpage.get_by_label("Chi si impegna (1)").fill("La madre")
    wpage.get_by_label("Impegno 1", exact=True).fill("Cercare casa con l'agenzia sociale")
    wpage.get_by_role("button", name="Registra la versione").click()
    assert "Versione 1" in wpage.get_by_test_id("project-version").inner_text()
    href = wpage.get_by_role("link", name="Stampa la versione 1 (PDF)").get_attribute("href")
    pdf = wpage.request.get(live_server.url + href)
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body()[:4] == b"%PDF"
    wpage.get_by_label("Copia firmata", exact=False).set_input_files(
        files=[
            {"name": "firmato.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 firmato"}
        ]
    )
    wpage.get_by_role("button", name="Registra la firma").click()
    assert "firmata il" in wpage.get_by_test_id("project-version").inner_text()
    assert_accessible(wpage)
    worker.close()
