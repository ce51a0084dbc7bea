"""The territory pages pass axe-core (WCAG 2.1 AA) with no serious or critical violation."""

import pytest
from django.urls import reverse

from tests.browser import axe_violations, login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_territory_pages_have_no_serious_accessibility_violations(
    page, live_server, planner, seed_002_members, populations, urp_pistoia, staff_a, zone_a
):
    zone_a.organisations.create(
        kind="third_sector", name="Misericordia di Pistoia", legal_form="ODV", runts_number="R-1"
    )
    login(page, live_server, planner.username, PASSWORD)
    urls = [
        reverse("territory:zone"),
        reverse("territory:access_points"),
        reverse("territory:access_point_detail", args=[urp_pistoia.uuid]),
        reverse("territory:access_point_create"),
        reverse("territory:access_point_edit", args=[urp_pistoia.uuid]),
        reverse("territory:staff"),
        reverse("territory:staff_create"),
        reverse("territory:staff_edit", args=[staff_a.uuid]),
    ]
    problems = {}
    for url in urls:
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        assert page.url == live_server.url + url, f"{url} redirected to {page.url}"
        if found := axe_violations(page):
            problems[url] = found
    # A form sent back with errors must be accessible too.
    page.goto(live_server.url + reverse("territory:access_point_create"))
    page.fill("#id_name", "Sportello")
    page.click("main button[type=submit]")  # not the header's logout
    page.wait_for_load_state()
    assert page.locator(".invalid-feedback").count() > 0
    if found := axe_violations(page):
        problems["access point form with errors"] = found
    assert problems == {}
