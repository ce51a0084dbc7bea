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


def test_a_citizen_finds_the_charter_from_carta_and_asks_the_point_of_her_municipality(
    page, live_server, charter, zone_a, municipality_a, municipality_b
):
    from tests.factories import AccessPointFactory

    AccessPointFactory(zone=zone_a, municipality=municipality_b, name="Sportello Quarrata")
    page.goto(f"{live_server.url}/carta/")
    assert_accessible(page)
    page.get_by_role("link", name=zone_a.name).click()
    page.wait_for_url(f"**/carta/{zone_a.code}/")
    page.get_by_role("link", name="Chiedi di essere ricontattato").first.click()
    page.wait_for_url(f"**/carta/{zone_a.code}/richiesta/")
    # With JavaScript the list follows the municipality; its button is not needed.
    assert not page.get_by_role("button", name="Mostra i punti di accesso del comune").is_visible()
    page.get_by_label("Comune di residenza").select_option(label=municipality_b.name)
    points = page.get_by_label("Punto di accesso")
    labels = points.locator("option").all_inner_texts()
    assert labels == ["Scegli il punto di accesso", "Sportello Quarrata"]
    page.get_by_label("Comune di residenza").select_option(label=municipality_a.name)
    labels = points.locator("option").all_inner_texts()
    assert "Sportello Quarrata" not in labels
    assert "Segretariato sociale di Pistoia" in labels
    assert_accessible(page)
