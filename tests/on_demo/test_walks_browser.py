"""Each role's daily task on the demo, in a browser at a front desk's 1366 × 768: every page of
the walk answers, is axe-core clean, and its time is recorded; the slowest five of all walks
are printed at the end. With AMBITO_SCREENSHOTS=1 each walk saves its key screen under
docs/screenshots/ (the ones in the repository were made so).

The server is started for this module only (`demo_server`), on the package's demo: the
requests of the browser read the demo as `make run` serves it. This module runs last in the
package (its name): on PostgreSQL what the walks write stays until the demo is deleted."""

import os
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ambito.demo.data import DEMO_PASSWORD
from tests.browser import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
TIMES: list[tuple[float, str, str]] = []  # (seconds, role, path) of every page opened


@pytest.fixture(scope="module")
def demo_server(demo):
    """A live server of the demo for this module, without pytest-django's `live_server`
    (which would empty the tables after each test, and the demo with them)."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost")
    server._live_server_modified_settings.enable()
    yield server
    server._live_server_modified_settings.disable()
    server.stop()


@pytest.fixture(scope="module", autouse=True)
def slowest_pages():
    yield
    if TIMES:
        print("\nLe cinque pagine più lente delle giornate tipo:")
        for seconds, role, path in sorted(TIMES, reverse=True)[:5]:
            print(f"  {seconds * 1000:7.0f} ms  {role:20}  {path}")


@pytest.fixture
def desk(page):
    page.set_viewport_size({"width": 1366, "height": 768})
    return page


class Walk:
    def __init__(self, page, server, role: str):
        self.page, self.server, self.role = page, server, role
        page.goto(f"{server.url}/account/login/")
        page.get_by_label("Nome utente").fill(role)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Accedi").click()
        page.wait_for_url(re.compile(r".*/(\?.*)?$"))

    def open(self, path: str):
        started = time.perf_counter()
        response = self.page.goto(f"{self.server.url}{path}")
        TIMES.append((time.perf_counter() - started, self.role, path.split("?")[0]))
        assert response.status == 200, f"{self.role} {path}: {response.status}"
        assert_accessible(self.page)
        return self.page

    def screenshot(self, name: str) -> None:
        if os.environ.get("AMBITO_SCREENSHOTS"):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def test_front_office_records_a_contact_and_an_empty_one_is_refused(desk, demo_server):
    walk = Walk(desk, demo_server, "front.office")
    walk.open("/")
    page = walk.open("/accessi/nuovo/")
    walk.screenshot("front-office-nuovo-accesso")
    # Nothing chosen, no need area: the contact is refused, not saved empty.
    page.get_by_role("button", name="Registra l'accesso").click()
    page.get_by_text("Indica almeno un'area di bisogno", exact=False).wait_for()
    assert_accessible(page)
    walk.open("/accessi/")


def test_the_social_worker_finds_her_cases_by_status_and_opens_one(desk, demo_server):
    walk = Walk(desk, demo_server, "assistente.pistoia")
    page = walk.open("/cartelle/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("lavoro")
    walk.screenshot("assistente-il-mio-lavoro")
    page = walk.open("/cartelle/?stato=pre_assessment")
    first = page.locator("a[href^='/cartelle/']").filter(has_text=re.compile(r"\d{4}/\d+"))
    expect(first.first).to_be_visible()
    href = first.first.get_attribute("href")
    walk.open(href)
    walk.screenshot("assistente-cartella")


def test_the_coordinator_assigns_two_waiting_cases_at_once(desk, demo_server):
    walk = Walk(desk, demo_server, "coordinatore")
    page = walk.open("/cartelle/assegnazione/")
    walk.screenshot("coordinatore-coda-assegnazione")
    boxes = page.get_by_label(re.compile(r"^Seleziona la cartella"))
    assert boxes.count() >= 2
    numbers = [boxes.nth(i).get_attribute("id") for i in range(2)]
    for index in range(2):  # by keyboard: Bootstrap Italia's label covers the box itself
        boxes.nth(index).focus()
        page.keyboard.press("Space")
        expect(boxes.nth(index)).to_be_checked()
    form = page.get_by_test_id("bulk-assign")
    form.get_by_label("Case manager").select_option(index=1)
    form.get_by_role("button", name="Assegna le selezionate").click()
    page.wait_for_load_state()
    expect(page.locator(".alert").first).to_contain_text("2")
    for box_id in numbers:
        expect(page.locator(f"#{box_id}")).to_have_count(0)


def test_the_plan_office_reads_the_lep_dashboard_of_30_november_2018(desk, demo_server):
    walk = Walk(desk, demo_server, "ufficio.piano")
    page = walk.open("/monitoraggio/?data=2018-11-30")
    expect(page.get_by_text(re.compile(r"65,9\s?%")).first).to_be_visible()
    walk.screenshot("ufficio-piano-cruscotto-lep-2018")
    walk.open("/monitoraggio/report/domande/?data=2018-11-30")
    walk.open("/programmazione/")


def test_the_zone_administrator_reads_the_audit_of_a_day(desk, demo_server):
    walk = Walk(desk, demo_server, "admin.zona")
    walk.open("/")
    walk.open("/audit/")
    walk.screenshot("admin-zona-registro")


@pytest.mark.parametrize(
    "role",
    [
        "assistente.quarrata",
        "cpi",
        "terzo.settore",
        "specialista",
        "emergenza",
        "tutela.minori",
        "assemblea",
        "admin.sistema",
        "assistente.crema",
        "emergenza.crema",
        "emergenza.lucca",
    ],
)
def test_every_other_role_opens_its_home_and_its_first_link(desk, demo_server, role):
    walk = Walk(desk, demo_server, role)
    page = walk.open("/")
    walk.screenshot(f"{role.replace('.', '-')}-home")
    links = page.locator("main a[href^='/']")
    seen = []
    for index in range(links.count()):
        href = links.nth(index).get_attribute("href")
        if href and href not in seen and not href.startswith(("/account/", "/admin/")):
            seen.append(href)
        if len(seen) == 1:
            break
    for href in seen:
        walk.open(href)
