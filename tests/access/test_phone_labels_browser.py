"""On a phone (360 px) no label of the front-desk forms covers its field. Bootstrap Italia
lifts a label above its field by one line's height, so a label that wraps in a narrow column
ran into the field ("Età (anche stimata)" on the emergency report, issue 15); ambito.css puts
labels in the flow instead."""

import pytest

from tests.browser import login
from tests.conftest import PASSWORD
from tests.factories import AccessPointFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The labels of form groups that wrap: Bootstrap Italia lifts a label by 85% of its own height,
# so one line clears the field (its bottom border style leaves a few pixels) and two lines
# run into it.
OVERLAPS = """() => Array.from(document.querySelectorAll('.form-group > label[for]'))
.flatMap((label) => {
  const field = document.getElementById(label.htmlFor);
  if (!field || !label.offsetParent || !field.offsetParent) return [];
  const line = parseFloat(getComputedStyle(label).lineHeight);
  const l = label.getBoundingClientRect(), f = field.getBoundingClientRect();
  const wraps = l.height > line * 1.5;
  return wraps && l.bottom > f.top ? [`${label.textContent.trim()}: ${l.bottom - f.top}px`] : [];
})"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="it-IT")
    page = context.new_page()
    yield page
    context.close()


def test_no_label_covers_its_field_on_a_phone(phone, live_server, zone_a, municipality_a):
    AccessPointFactory(zone=zone_a, municipality=municipality_a, name="Segretariato")
    on_call = UserFactory(
        username="reperibile", zone=zone_a, roles=["emergency"], municipalities=[municipality_a]
    )
    front = UserFactory(
        username="sportello", zone=zone_a, roles=["front_office"], municipalities=[municipality_a]
    )
    phone.goto(f"{live_server.url}/carta/{zone_a.code}/richiesta/")
    assert phone.evaluate(OVERLAPS) == []
    login(phone, live_server, front.username, PASSWORD)
    phone.goto(f"{live_server.url}/accessi/nuovo/")
    assert phone.evaluate(OVERLAPS) == []
    phone.context.clear_cookies()
    login(phone, live_server, on_call.username, PASSWORD)
    phone.goto(f"{live_server.url}/emergenze/nuova/")
    assert phone.get_by_label("Età (anche stimata)").first.is_visible()
    # Every label of the report, the hand-over's long one included (ambito.css: labels in
    # the flow above their field).
    assert phone.evaluate(OVERLAPS) == []
