"""The territory pages pass axe-core (WCAG 2.1 AA) with no serious or critical violation.

Browser tests: Playwright driving Debian's Chromium against the live server."""

import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[1] / "e2e/vendor/axe-core-4.14.1/axe.min.js"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextmanager
def chromium_context():
    """A browser context on Debian's Chromium. Started only after the test's own database
    work: a connection opened while Playwright runs is not closed with the test database."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium non installato (apt-get install -y chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        # axe is injected as an inline script: the page's CSP would (rightly) block it.
        context = browser.new_context(bypass_csp=True, locale="it-IT")
        try:
            yield context
        finally:
            context.close()
            browser.close()


def login_cookie(client, user) -> dict:
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    return {"name": cookie.key, "value": cookie.value, "url": "http://localhost"}


def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag',"
        " values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    assert result["passes"], "axe did not run"
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_territory_pages_have_no_serious_accessibility_violations(
    live_server,
    client,
    planner,
    seed_002_members,
    populations,
    urp_pistoia,
    staff_a,
    zone_a,
):
    zone_a.organisations.create(
        kind="third_sector", name="Misericordia di Pistoia", legal_form="ODV", runts_number="R-1"
    )
    cookie = login_cookie(client, planner)
    cookie["url"] = live_server.url
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
    with chromium_context() as browser:
        browser.add_cookies([cookie])
        page = browser.new_page()
        for url in urls:
            response = page.goto(live_server.url + url)
            assert response.status == 200, url
            assert page.url == live_server.url + url, f"{url} redirected to {page.url}"
            found = serious_violations(page)
            if found:
                problems[url] = found
        # A form sent back with errors must be accessible too.
        page.goto(live_server.url + reverse("territory:access_point_create"))
        page.fill("#id_name", "Sportello")
        page.click("main button[type=submit]")  # not the header's logout
        page.wait_for_load_state()
        assert page.locator(".invalid-feedback").count() > 0
        found = serious_violations(page)
        if found:
            problems["access point form with errors"] = found
    assert problems == {}
