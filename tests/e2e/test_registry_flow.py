"""A front-desk worker logs in, finds a person by surname, opens their page and household."""

from datetime import date

import pytest

from tests.browser import assert_accessible, login
from tests.conftest import PASSWORD
from tests.factories import HouseholdFactory, HouseholdMemberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def family(municipality_a):
    household = HouseholdFactory(municipality=municipality_a, address="Via Roma 10")
    mother = HouseholdMemberFactory(
        household=household,
        relationship="head",
        person__last_name="Lombardi",
        person__first_name="Giulia",
        person__sex="F",
        person__birth_date=date(1988, 3, 14),
        person__residence_municipality=municipality_a,
    ).person
    HouseholdMemberFactory(
        household=household,
        relationship="child",
        person__last_name="Lombardi",
        person__first_name="Sara",
        person__sex="F",
        person__birth_date=date(2025, 9, 1),
        person__residence_municipality=municipality_a,
    )
    return household, mother


def test_social_worker_finds_a_person_and_opens_the_household(
    page, live_server, social_worker_a, family
):
    household, mother = family
    page.goto(f"{live_server.url}/account/login/")
    assert_accessible(page)
    login(page, live_server, social_worker_a.username, PASSWORD)
    assert_accessible(page)

    page.get_by_role("link", name="Anagrafe").first.click()
    page.get_by_label("Codice fiscale, cognome e nome, o data di nascita").fill("lomb")
    page.keyboard.press("Enter")
    results = page.locator("#risultati table")
    results.wait_for()
    assert results.get_by_role("link", name="Lombardi Giulia").is_visible()
    assert "lomb" not in page.url.lower()
    assert_accessible(page)

    results.get_by_role("link", name="Lombardi Giulia").click()
    page.wait_for_url(f"**/anagrafe/persone/{mother.uuid}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Lombardi Giulia"
    assert page.get_by_text(mother.fiscal_code).first.is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Apri il nucleo familiare").click()
    page.wait_for_url(f"**/anagrafe/nuclei/{household.uuid}/")
    assert page.get_by_test_id("household-size").inner_text() == "2"
    assert page.get_by_role("link", name="Lombardi Sara").is_visible()
    assert_accessible(page)
