"""The register on the zone's public charter: no login, minimal data, 404 when not published."""

import pytest

from ambito.assistants.models import RegisterPublication
from tests.assistants.conftest import make_worker

pytestmark = pytest.mark.django_db

URL = "/carta/zona-a/assistenti-familiari/"


def test_a_zone_that_does_not_publish_has_no_page(client, zone_a, listed):
    assert client.get(URL).status_code == 404
    RegisterPublication.objects.create(zone=zone_a, published=False)
    assert client.get(URL).status_code == 404
    assert client.get("/carta/nessuna-zona/assistenti-familiari/").status_code == 404


def test_the_charter_lists_the_listed_workers_with_minimal_data_without_login(
    client, zone_a, municipality_a, listed, published
):
    make_worker(zone_a, first_name="Irina", last_name="Moroz", phone="333 999", show_phone=True)
    make_worker(zone_a, first_name="Suspended", state="suspended")
    page = client.get(URL).content.decode()
    assert "Ana P." in page and "Popescu" not in page
    assert "333 1234567" not in page  # Ana did not consent to show her phone
    assert "Irina M." in page and "333 999" in page
    assert "Suspended" not in page
    assert "Rumeno" in page and municipality_a.name in page


def test_the_zone_chooses_what_is_shown(client, zone_a, listed):
    RegisterPublication.objects.create(
        zone=zone_a, published=True, show_languages=False, show_municipalities=False
    )
    page = client.get(URL).content.decode()
    assert "Ana P." in page and "Rumeno" not in page
