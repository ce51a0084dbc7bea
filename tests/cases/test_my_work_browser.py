"""'Il mio lavoro' in a browser: the case-number box does not sit on its label, the filters
work from the keyboard; axe-core clean."""

import pytest

from tests.browser import assert_accessible, login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_the_case_number_box_and_its_label_do_not_overlap(page, live_server, assigned_case):
    worker = assigned_case.case_manager
    login(page, live_server, worker.username, PASSWORD)
    page.goto(f"{live_server.url}/cartelle/")
    label = page.locator('label[for="id_number"]').bounding_box()
    box = page.locator("#id_number").bounding_box()
    assert label and box and not _overlap(label, box), (label, box)
    page.get_by_label("Nome o numero di cartella").fill(assigned_case.person.last_name)
    page.keyboard.press("Enter")
    page.wait_for_url("**/cartelle/?*")
    assert assigned_case.number in page.get_by_test_id("my-cases").inner_text()
    assert_accessible(page)


def test_the_queues_labels_do_not_sit_on_their_fields(page, live_server, case_a, coordinator):
    login(page, live_server, coordinator.username, PASSWORD)
    page.goto(f"{live_server.url}/cartelle/assegnazione/")
    item = page.get_by_test_id("waiting-case")
    for name in ("manager", "reason"):
        field = item.locator(f"[name$='-{name}']")
        label = item.locator(f"label[for='{field.get_attribute('id')}']").bounding_box()
        box = field.bounding_box()
        assert label and box and not _overlap(label, box), (name, label, box)
    assert_accessible(page)
