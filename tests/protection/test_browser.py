"""A court order in a browser: the case manager sees the deadline on "Il mio lavoro", drafts
the social report from the zone's template, edits it (a new version), signs it and records
its delivery; the order shows it delivered on time. axe-core clean on every page."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ambito.protection.services.orders import order_create
from tests.browser import assert_accessible, login
from tests.conftest import PASSWORD

from .conftest import order_data

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_court_order_report_is_drafted_signed_and_delivered_on_time(
    page, live_server, case, social_worker_a, sofia, template
):
    today = timezone.localdate()
    order = order_create(
        actor=social_worker_a,
        case=case,
        minor=sofia,
        **order_data(
            order_date=today - dt.timedelta(days=25),
            received_date=today - dt.timedelta(days=24),
            report_days=30,
        ),
    )
    login(page, live_server, social_worker_a.username, PASSWORD)
    page.goto(f"{live_server.url}/cartelle/")
    deadline = page.get_by_test_id("court-deadline")
    expect(deadline).to_contain_text("RG 123/2026")
    expect(deadline.get_by_test_id("badge-due-soon")).to_have_text("in scadenza")
    assert_accessible(page)

    with page.expect_navigation():
        deadline.get_by_role("link").click()
    assert_accessible(page)
    page.get_by_label("Modello di relazione").select_option(label=template.name)
    with page.expect_navigation():
        page.get_by_role("button", name="Redigi la relazione").click()
    text = page.get_by_label("Testo della relazione")
    expect(text).to_have_value(re.compile("Relazione sul minore Sofia Rossi, nato/a il 12/04/2015"))
    assert_accessible(page)
    text.fill(text.input_value() + "\nValutazione: il nucleo collabora con il servizio.")
    with page.expect_navigation():
        page.get_by_role("button", name="Salva una nuova versione").click()
    expect(page.get_by_test_id("versions")).to_contain_text("Versione 2")

    with page.expect_navigation():
        page.get_by_role("button", name="Firma la versione 2").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Firmata")
    expect(page.get_by_test_id("version-text")).to_contain_text("il nucleo collabora")
    expect(page.get_by_label("Testo della relazione")).to_have_count(0)
    assert_accessible(page)

    form = page.get_by_test_id("deliver-form")
    form.get_by_label("Data di consegna").fill(today.isoformat())
    form.get_by_label("Numero di protocollo").fill("PG 5120/2026")
    with page.expect_navigation():
        form.get_by_role("button", name="Registra la consegna").click()
    expect(page.get_by_test_id("order-status")).to_have_text("Relazione consegnata")
    expect(page.get_by_test_id("on-time")).to_have_text("consegnata nei termini")
    assert_accessible(page)
    order.refresh_from_db()
    assert order.status == "reported"
