"""At a phone-sized viewport, at night: the on-call operator records a report, places a woman
with her child in a shelter, and the hand-over appears, due on the next working day, for the
social worker of the municipality. axe-core clean on every page of the way."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ambito.core.workdays import zone_province
from ambito.emergency.models import Emergency, OnCallShift
from ambito.emergency.services import handover_due_on
from tests.browser import assert_accessible, login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def _last_night() -> dt.datetime:
    now = timezone.localtime()
    night = now.replace(hour=3, minute=10, second=0, microsecond=0)
    return night if night < now else night - dt.timedelta(days=1)


def test_a_night_report_a_placement_and_the_next_working_day_hand_over(
    browser, live_server, operator, social_worker_a, shelter, municipality_a
):
    night = _last_night()
    OnCallShift.objects.create(
        zone=operator.zone,
        user=operator,
        role="operator",
        starts_at=timezone.now() - dt.timedelta(hours=2),
        ends_at=timezone.now() + dt.timedelta(hours=6),
        phone="333 0000001",
    )
    phone = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale="it-IT", bypass_csp=True
    )
    page = phone.new_page()
    login(page, live_server, operator.username, PASSWORD)
    page.goto(f"{live_server.url}/emergenze/")
    expect(page.get_by_test_id("on-call-now")).to_contain_text("Sara Notturni")
    expect(page.get_by_test_id("free-places")).to_contain_text("Donne con bambini: 2")
    assert_accessible(page)

    page.get_by_role("link", name="Nuova segnalazione").click()
    assert_accessible(page)
    page.get_by_label("Data e ora della chiamata").fill(night.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_reporter_kind").select_option("police")
    page.get_by_label("Recapito di chi segnala").fill("112")
    page.locator("#id_municipality").select_option(str(municipality_a.pk))
    page.get_by_label("Luogo (indirizzo o riferimento)").fill("Stazione ferroviaria")
    page.locator("#id_situation").fill("Donna con una bambina, fuggita da casa dopo violenze.")
    page.get_by_text("Violenza fisica o psicologica, anche domestica o di genere").click()
    page.locator("#id_persona-0-description").fill("donna di circa 30 anni")
    page.locator("#id_persona-0-age").fill("30")
    page.locator("#id_persona-0-sex").select_option("F")
    page.locator("#id_persona-1-description").fill("bambina di circa 5 anni")
    page.locator("#id_persona-1-age").fill("5")
    page.locator("label[for=id_persona-1-is_minor]").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Registra la segnalazione").click()

    emergency = Emergency.objects.get()
    due = handover_due_on(night, zone_province(operator.zone))
    expect(page.locator(".alert").first).to_contain_text(
        f"Passaggio al servizio sociale entro il {due:%d/%m/%Y}"
    )
    expect(page.get_by_test_id("persons")).to_contain_text("bambina di circa 5 anni")
    assert_accessible(page)

    form = page.get_by_test_id("placement-form")
    form.get_by_label("Struttura").select_option(str(shelter.uuid))
    form.get_by_label("Tipo di posto").select_option("woman_child")
    form.get_by_label("Posti", exact=False).fill("2")
    with page.expect_navigation():
        form.get_by_role("button", name="Colloca").click()
    expect(page.locator(".alert").first).to_contain_text("Collocamento registrato")
    expect(page.get_by_test_id("placements")).to_contain_text(shelter.name)
    assert_accessible(page)
    emergency.refresh_from_db()
    assert emergency.outcome == "placement" and emergency.involves_minor
    assert emergency.placement_minutes >= 0

    desk = browser.new_context(locale="it-IT", bypass_csp=True)
    worker = desk.new_page()
    login(worker, live_server, social_worker_a.username, PASSWORD)
    worker.goto(f"{live_server.url}/cartelle/")
    handovers = worker.get_by_test_id("handovers")
    expect(handovers).to_contain_text(f"Segnalazione {emergency.number}")
    expect(handovers).to_contain_text(f"{due:%d/%m/%Y}")
    assert_accessible(worker)
    worker.get_by_role("link", name=f"Segnalazione {emergency.number}").click()
    # The child is protected: the social worker sees age and sex, not who she is.
    expect(worker.get_by_test_id("persons")).to_contain_text("Minore (dati riservati)")
    expect(worker.get_by_test_id("persons")).not_to_contain_text("bambina di circa 5 anni")
    assert_accessible(worker)
    phone.close()
    desk.close()
