"""A planner opens the needs observatory: the chart is drawn and the page is axe-core clean."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from ambito.access import tally
from ambito.access.models import Contact
from ambito.catalog.models import NeedArea
from tests.browser import assert_accessible, login
from tests.conftest import PASSWORD
from tests.factories import AccessPointFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_planner_reads_the_observatory_with_chart_and_table(
    page, live_server, planner, zone_a, municipality_a, municipality_b
):
    point = AccessPointFactory(zone=zone_a, municipality=municipality_a)
    areas = list(NeedArea.objects.filter(code__in=["poverty", "housing", "elderly"]))
    for month in range(1, 13):
        for i, municipality in enumerate([municipality_a, municipality_b]):
            c = Contact.objects.create(
                zone=zone_a,
                access_point=point,
                municipality=municipality,
                started_at=datetime(2025, month, 10 + i, 10, tzinfo=ZoneInfo("Europe/Rome")),
                channel="desk",
            )
            c.need_areas.set(areas[: 1 + (month + i) % 3])
            tally.count_contact(c)  # as the contact services do

    login(page, live_server, planner.username, PASSWORD)
    page.goto(f"{live_server.url}/osservatorio/?anno=2025&periodo=month")
    assert page.get_by_role("heading", level=1).inner_text() == "Osservatorio dei bisogni"
    page.wait_for_function("() => window.Chart && Chart.getChart(document.querySelector('canvas'))")
    canvas = page.locator("canvas[data-chart]")
    assert "24 accessi" in canvas.get_attribute("aria-label")
    assert page.get_by_role("table", name="Accessi per area di bisogno e mese, 2025").is_visible()
    assert_accessible(page)

    page.get_by_label("Periodo").select_option("quarter")
    page.get_by_role("button", name="Mostra").click()
    page.wait_for_url("**periodo=quarter**")
    assert page.get_by_role("columnheader", name="1° trim.").first.is_visible()
    assert_accessible(page)
