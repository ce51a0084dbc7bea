"""An RSA application's journey in a browser: the social worker applies from the case (the
evaluation scored on the page), the application stands 2nd in RSA Uno's ranking with its
reason, the plan office offers a bed, the managing body records the acceptance and the
admission. axe-core clean on every page."""

import pytest
from playwright.sync_api import expect

from ambito.rsa.models import Admission, Application, Offer
from tests.browser import assert_accessible, login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_application_from_a_case_is_scored_ranked_offered_a_bed_and_admitted(
    page,
    browser,
    browser_context_args,
    live_server,
    planner,
    social_worker_a,
    body_user,
    case_a,
    apply,
    rsa_one,
    fee_rule,
):
    first = apply(90, structures=[rsa_one])

    # The social worker applies from the case: 60 × 0.5 + 10 (lives alone) + 8 (no caregiver).
    login(page, live_server, social_worker_a.username, PASSWORD)
    page.goto(f"{live_server.url}/cartelle/{case_a.uuid}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Nuova domanda RSA").click()
    assert_accessible(page)
    form = page.get_by_test_id("rsa-application-form")
    form.get_by_label("Presentata il").fill("2025-03-05")
    form.get_by_label("RSA Uno").check()
    form.get_by_label("Data della valutazione multidimensionale").fill("2025-03-01")
    form.get_by_label("Punteggio sanitario/funzionale (0-100)").fill("60")
    form.get_by_label("Vive solo").check(force=True)
    with page.expect_navigation():
        form.get_by_role("button", name="Registra la domanda").click()
    expect(page.get_by_test_id("rsa-score")).to_contain_text("48")
    expect(page.get_by_test_id("rsa-positions")).to_contain_text("RSA Uno")
    expect(page.get_by_test_id("rsa-positions")).to_contain_text("2ª: classe ordinaria")
    expect(page.get_by_test_id("rsa-positions")).to_contain_text("punteggio inferiore alla 1ª")
    assert_accessible(page)
    application = Application.objects.get(case=case_a)

    # The plan office reads RSA Uno's ranking (her position and its reason) and offers a bed.
    office = browser.new_context(**browser_context_args).new_page()
    login(office, live_server, planner.username, PASSWORD)
    office.goto(f"{live_server.url}/rsa/strutture/{rsa_one.uuid}/")
    row = office.get_by_role("row").filter(has_text=application.number)
    expect(row).to_contain_text("2ª")
    expect(row).to_contain_text(case_a.person.full_name)
    expect(row).to_contain_text("punteggio inferiore alla 1ª (")
    expect(office.get_by_role("row").filter(has_text=first.number)).to_contain_text("1ª")
    assert_accessible(office)
    with office.expect_navigation():
        row.get_by_role("link", name=application.number).click()
    offer_form = office.get_by_test_id("rsa-offer-form")
    offer_form.get_by_label("Struttura").select_option(label="RSA Uno")
    offer_form.get_by_label("Offerto il").fill("2025-04-01")
    with office.expect_navigation():
        offer_form.get_by_role("button", name="Offri il posto").click()
    expect(office.get_by_test_id("rsa-offers")).to_contain_text("RSA Uno, 01/04/2025")
    assert_accessible(office)
    offer = Offer.objects.get(application=application)

    # The managing body records the acceptance, then the admission.
    body = browser.new_context(**browser_context_args).new_page()
    login(body, live_server, body_user.username, PASSWORD)
    body.goto(f"{live_server.url}/rsa/offerte/{offer.uuid}/")
    assert_accessible(body)
    reply = body.get_by_test_id("rsa-reply-form")
    # Bootstrap Italia draws the radio on its label: a user clicks the label.
    reply.locator("label", has_text="Accettato").click()
    expect(reply.get_by_label("Accettato")).to_be_checked()
    reply.get_by_label("Data della risposta").fill("2025-04-03")
    with body.expect_navigation():
        reply.get_by_role("button", name="Registra la risposta").click()
    expect(body.get_by_test_id("rsa-offer-reply")).to_contain_text("Accettato")
    admission = body.get_by_test_id("rsa-offer-admission-form")
    admission.get_by_label("Ingresso il").fill("2025-04-10")
    admission.get_by_label("Retta mensile (€)").fill("1800")
    with body.expect_navigation():
        admission.get_by_role("button", name="Registra l'ingresso").click()
    expect(body.get_by_test_id("rsa-offer-admitted")).to_contain_text("10/04/2025")
    assert_accessible(body)
    assert Admission.objects.get(application=application).structure == rsa_one
    assert Application.objects.get(pk=application.pk).status == "admitted"
