"""One household from an imported positive application to closure: the coordinator imports
the INPS list and assigns the new case; the social worker records card A (complex needs), the
EEMM meets, card B, a project with two interventions, its PDF and signed scan, the start, a
review and the closure. axe-core clean on every page of the way."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ambito.cases.models import Case
from tests.browser import assert_accessible, login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_household_from_an_imported_application_to_closure(
    page,
    browser,
    live_server,
    coordinator,
    social_worker_a,
    person_a,
    household_a,
    tmp_path,
    run_jobs,
):
    login(page, live_server, coordinator.username, PASSWORD)
    page.goto(f"{live_server.url}/domande/importa/")
    assert_accessible(page)
    csv = tmp_path / "inps.csv"
    csv.write_text(
        "Protocollo;Codice fiscale;Comune;Stato;Data esito\n"
        f"INPS-1;{person_a.fiscal_code};{person_a.residence_municipality.name};Accolta;"
        f"{timezone.localdate():%d/%m/%Y}\n",
        encoding="utf-8",
    )
    assert page.get_by_label("Misura").input_value() == "ADI"  # the measure in force
    page.get_by_label("Elenco INPS", exact=False).set_input_files(str(csv))
    page.get_by_role("button", name="Verifica il file").click()
    preview = page.get_by_test_id("preview")
    assert "Nuove domande: 1" in preview.inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Importa 1 righe").click()
    # The write is a background job: its page waits for a worker, polling its state.
    page.wait_for_url("**/lavori/*/")
    expect(page.get_by_test_id("job-status")).to_have_attribute("data-status", "queued")
    assert_accessible(page)
    assert run_jobs() == 1
    expect(page.get_by_test_id("job-status")).to_have_attribute("data-status", "done")
    expect(page.get_by_test_id("job-summary")).to_contain_text("Cartelle aperte: 1")
    assert_accessible(page)
    page.get_by_role("link", name="Vai alle domande").click()
    page.wait_for_url("**/domande/?misura=ADI")
    assert_accessible(page)
    case = Case.objects.get()
    assert case.source == "application" and case.status == "entry"

    page.goto(f"{live_server.url}/cartelle/assegnazione/")
    assert_accessible(page)
    item = page.get_by_test_id("waiting-case")
    item.get_by_label("Case manager").select_option(value=str(social_worker_a.pk))
    item.get_by_role("button", name=f"Assegna la cartella {case.number}").click()
    page.wait_for_load_state()
    expect(page.locator(".alert").first).to_contain_text("assegnata")

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
    wpage.get_by_label("Casa e abitare").fill("Sfratto in corso.")
    wpage.get_by_label("Lavoro e formazione").fill("Disoccupata, cerca lavoro.")
    complex_needs = wpage.get_by_label("Bisogni complessi", exact=False)
    complex_needs.focus()
    wpage.keyboard.press("Space")
    assert complex_needs.is_checked()
    wpage.get_by_label("Motivo dell'esito").fill("Casa, lavoro e scuola dei figli insieme.")
    wpage.get_by_role("button", name="Registra la scheda A").click()
    wpage.get_by_role("button", name="Invia all'équipe multidisciplinare").click()
    expect(wpage.get_by_test_id("case-status")).to_contain_text("équipe multidisciplinare")
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
    expect(wpage.get_by_test_id("eemm-meeting")).to_contain_text("Contributo affitto")
    wpage.goto(f"{live_server.url}/cartelle/{case.uuid}/")
    expect(wpage.get_by_test_id("case-meetings")).to_contain_text("EEMM Pistoia")
    wpage.get_by_role("link", name="Compila la scheda B").click()
    assert_accessible(wpage)
    wpage.get_by_label("Casa e abitare: bisogni").fill("Sfratto esecutivo a marzo")
    wpage.get_by_label("Obiettivi").fill("Trovare una casa in affitto")
    wpage.locator("#id_actions").fill("Contributo affitto e ricerca alloggio")
    wpage.get_by_role("button", name="Registra la scheda B").click()
    expect(wpage.get_by_test_id("card-b")).to_contain_text("Sfratto esecutivo")
    expect(wpage.get_by_test_id("lep-flags")).to_contain_text("senza alcun intervento")
    assert_accessible(wpage)

    # The project: a first version, its PDF, the signed scan.
    wpage.get_by_role("link", name="Scrivi il progetto").click()
    assert_accessible(wpage)
    wpage.get_by_label("Obiettivo 1", exact=True).fill("Trovare una casa in affitto")
    wpage.get_by_label("Chi si impegna (1)").fill("La madre")
    wpage.get_by_label("Impegno 1", exact=True).fill("Cercare casa con l'agenzia sociale")
    wpage.get_by_role("button", name="Registra la versione").click()
    expect(wpage.get_by_test_id("project-version")).to_contain_text("Versione 1")
    href = wpage.get_by_role("link", name="Stampa la versione 1 (PDF)").get_attribute("href")
    pdf = wpage.request.get(live_server.url + href)
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body()[:4] == b"%PDF"
    wpage.get_by_label("Copia firmata", exact=False).set_input_files(
        files=[
            {"name": "firmato.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 firmato"}
        ]
    )
    wpage.get_by_role("button", name="Registra la firma").click()
    expect(wpage.get_by_test_id("project-version")).to_contain_text("firmata il")
    assert_accessible(wpage)

    # Two interventions, the signature on the pathway, the start, a review, the closure.
    wpage.goto(f"{live_server.url}/cartelle/{case.uuid}/")
    for code, cost in (("A.1.c.3", "300"), ("B.2.b", "1200")):
        wpage.get_by_text("Nuovo intervento", exact=True).click()
        form = wpage.locator("form[action$='/interventi/']")
        form.get_by_label("Tipo di intervento").select_option(
            label=wpage.locator(
                f"#id_intervention_type option:has-text('{code}')"
            ).first.inner_text()
        )
        form.get_by_label("Inizio").fill(timezone.localdate().isoformat())
        form.get_by_label("Costo (€)").fill(cost)
        form.get_by_label("Stato").select_option("active")
        form.get_by_role("button", name="Registra l'intervento").click()
        expect(wpage.get_by_test_id("interventions")).to_contain_text(code)
    expect(wpage.get_by_test_id("interventions").locator("tbody tr")).to_have_count(2)
    expect(wpage.get_by_test_id("lep-flags")).to_have_count(0)
    wpage.get_by_role("button", name="Registra la sottoscrizione del progetto").click()
    wpage.get_by_role("button", name="Avvia gli interventi").click()
    expect(wpage.get_by_test_id("case-status")).to_have_text("In corso")
    wpage.get_by_text("Registra una verifica", exact=True).click()
    review = wpage.locator("form[action$='/verifiche/']")
    review.get_by_label("Verifica").select_option("exit")
    review.get_by_label("Esito: Trovare una casa in affitto").select_option("achieved")
    review.get_by_role("button", name="Registra la verifica").click()
    expect(wpage.get_by_test_id("reviews")).to_contain_text("raggiunto")
    wpage.get_by_text("Chiudi la cartella", exact=True).first.click()
    closing = wpage.locator("form[action$='/chiudi/']")
    closing.get_by_label("Motivo della chiusura").select_option("autonomy")
    closing.get_by_label("Esito del percorso").fill("Casa trovata, lavoro stabile.")
    closing.get_by_role("button", name="Chiudi la cartella").click()
    expect(wpage.get_by_test_id("case-status")).to_have_text("Chiusa")
    assert_accessible(wpage)
    worker.close()
