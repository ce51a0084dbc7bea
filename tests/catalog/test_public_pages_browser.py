"""The public charter in a real browser: no login, axe-core clean, usable by keyboard."""

import pytest

from tests.browser import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_citizen_browses_the_charter_a_service_and_the_access_points(
    page, live_server, charter, zone_a
):
    page.goto(f"{live_server.url}/carta/{zone_a.code}/")
    assert_accessible(page)

    # Keyboard: type in the search box and submit with Enter.
    page.get_by_label("Cerca un servizio").focus()
    page.keyboard.type("tirocinio")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=tirocinio**")
    results = page.get_by_test_id("charter-results")
    assert "Tirocini di inclusione sociale" in results.inner_text()
    assert "Assistenza domiciliare" not in results.inner_text()

    page.goto(f"{live_server.url}/carta/{zone_a.code}/servizi/{charter['home_care'].slug}/")
    assert page.get_by_role("heading", name="Assistenza domiciliare", level=1).is_visible()
    assert "lun 9:00-12:30" in page.get_by_test_id("service-access-points").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Punti di accesso e orari").click()
    page.wait_for_url(f"**/carta/{zone_a.code}/punti-di-accesso/")
    assert (
        "Segretariato sociale di Pistoia"
        in page.get_by_test_id("public-access-points").inner_text()
    )
    assert_accessible(page)
