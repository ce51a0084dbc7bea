"""A foster placement in a browser: the social worker opens the case, chooses "Nuovo affido",
sees only the matching families, records a weekend placement with the parents' consent, and
finds it on the case page; then a meeting with the family of origin. axe-core clean."""

import pytest
from playwright.sync_api import expect

from ambito.fostering.models import Placement
from tests.browser import assert_accessible, login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_child_of_a_case_is_placed_with_a_matching_family_from_the_case_page(
    page, live_server, social_worker_a, case, child, residential_family, weekend_family
):
    login(page, live_server, social_worker_a.username, PASSWORD)
    page.goto(f"{live_server.url}/cartelle/{case.uuid}/")
    panel = page.get_by_test_id("case-fostering")
    expect(panel).to_contain_text("Nessun affido")
    with page.expect_navigation():
        panel.get_by_role("link", name="Nuovo affido").click()
    assert_accessible(page)

    match = page.get_by_test_id("match-form")
    match.get_by_label("Minori da affidare").select_option(label="Verdi Luca")
    match.get_by_label("Tipo di affido").select_option("weekend")
    match.get_by_label("Inizio").fill("2026-03-07")
    with page.expect_navigation():
        match.get_by_role("button", name="Cerca le famiglie compatibili").click()
    form = page.get_by_test_id("placement-form")
    family = form.get_by_label("Famiglia affidataria")
    expect(family).to_contain_text("Neri Paolo")
    expect(family).not_to_contain_text("Bianchi")
    assert_accessible(page)
    family.select_option(label=f"Neri Paolo ({weekend_family.municipality.name})")
    form.get_by_label("Titolo dell'affido").select_option("consensual")
    form.get_by_label("Consenso dei genitori del").fill("2026-02-25")
    form.get_by_label("Contributo mensile alla famiglia (€)").fill("120")
    with page.expect_navigation():
        form.get_by_role("button", name="Registra l'affido").click()
    expect(page.get_by_test_id("placement-kind")).to_contain_text("Fine settimana")
    expect(page.get_by_test_id("placement-contribution")).to_contain_text("120,00")
    assert_accessible(page)

    meeting = page.get_by_test_id("meeting-form")
    meeting.get_by_label("Data dell'incontro").fill("2026-03-20")
    meeting.get_by_label("Modalità").select_option("protected")
    meeting.get_by_label("Luogo").fill("Spazio neutro")
    with page.expect_navigation():
        meeting.get_by_role("button", name="Registra l'incontro").click()
    expect(page.get_by_test_id("meetings")).to_contain_text("Spazio neutro")

    page.goto(f"{live_server.url}/cartelle/{case.uuid}/")
    expect(page.get_by_test_id("case-fostering")).to_contain_text("Affido fine settimana")
    assert_accessible(page)
    assert Placement.objects.get().family == weekend_family
