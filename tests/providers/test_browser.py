"""The voucher's journey in a browser: a social worker issues a home-care voucher from a case,
records the provider the family chose, the provider's operator records the hours in their
portal, the plan office validates them and sees the budget's residual and the voucher's
remaining value go down. axe-core clean on every page."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from ambito.providers.models import Delivery, Voucher
from tests.browser import assert_accessible, login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_voucher_issued_from_a_case_is_spent_with_the_chosen_provider_and_validated(
    page,
    browser,
    browser_context_args,
    live_server,
    planner,
    social_worker_a,
    voucher_case,
    home_care_scheme,
    accreditation_1,
    provider_1,
    operator_1,
):
    # The social worker opens the case and issues a home-care voucher.
    login(page, live_server, social_worker_a.username, PASSWORD)
    page.goto(f"{live_server.url}/cartelle/{voucher_case.uuid}/")
    expect(page.get_by_test_id("case-vouchers")).to_contain_text("Nessun titolo sociale")
    with page.expect_navigation():
        page.get_by_role("link", name="Emetti un titolo sociale").click()
    assert_accessible(page)
    form = page.get_by_test_id("issue-form")
    form.get_by_label("Misura").select_option(str(home_care_scheme.uuid))
    form.get_by_label("Atto di concessione").fill("Determina 31/2026")
    form.get_by_label("Data dell'atto").fill("2026-03-02")
    form.get_by_label("Valido dal").fill("2026-03-02")
    form.get_by_label("Valido fino al").fill("2026-12-31")
    with page.expect_navigation():
        form.get_by_role("button", name="Emetti il titolo").click()
    expect(page.get_by_test_id("voucher-state")).to_contain_text("Emesso")
    expect(page.get_by_test_id("voucher-value")).to_contain_text("€ 400,00")
    assert_accessible(page)
    voucher = Voucher.objects.get(case=voucher_case)

    # The family chose Cooperativa Aurora, accredited for home care.
    choose = page.get_by_test_id("choose-form")
    choose.get_by_label("Erogatore scelto dal beneficiario").select_option(
        label=provider_1.organisation.name
    )
    with page.expect_navigation():
        choose.get_by_role("button", name="Registra la scelta").click()
    expect(page.get_by_test_id("voucher-provider")).to_contain_text("Cooperativa Aurora")
    expect(page.get_by_test_id("voucher-state")).to_contain_text("In uso")

    # The provider's operator records 6 hours of March in the portal.
    provider_context = browser.new_context(**browser_context_args)
    portal = provider_context.new_page()
    login(portal, live_server, operator_1.username, PASSWORD)
    portal.goto(f"{live_server.url}/erogatori/portale/")
    assert_accessible(portal)
    with portal.expect_navigation():
        portal.get_by_role("link", name=f"n. {voucher.number}", exact=True).click()
    assert_accessible(portal)
    expect(portal.get_by_test_id("portal-voucher")).to_contain_text("Rossi")
    expect(portal.get_by_test_id("portal-voucher")).not_to_contain_text(
        voucher_case.person.fiscal_code
    )
    delivery = portal.get_by_test_id("delivery-form")
    delivery.get_by_role("textbox", name="Dal").fill("2026-03-03")
    delivery.get_by_role("textbox", name="Al", exact=True).fill("2026-03-31")
    delivery.get_by_label("Unità erogate").fill("6")
    with portal.expect_navigation():
        delivery.get_by_role("button", name="Registra").click()
    expect(portal.get_by_test_id("remaining")).to_contain_text("€ 280,00")
    assert Delivery.objects.get(voucher=voucher).amount == Decimal("120.00")

    # The plan office validates the hours and sees the budget's residual and the voucher's
    # remaining value.
    office_context = browser.new_context(**browser_context_args)
    office = office_context.new_page()
    login(office, live_server, planner.username, PASSWORD)
    office.goto(f"{live_server.url}/erogatori/prestazioni/")
    assert_accessible(office)
    expect(office.get_by_test_id("to-validate")).to_have_text("1")
    office.get_by_test_id("validate-form").get_by_role("checkbox").first.check()
    with office.expect_navigation():
        office.get_by_role("button", name="Valida le prestazioni scelte").click()
    expect(office.get_by_test_id("to-validate")).to_have_text("0")
    assert Delivery.objects.get(voucher=voucher).state == "validated"
    office.goto(f"{live_server.url}/erogatori/titoli/misure/{home_care_scheme.uuid}/")
    expect(office.get_by_test_id("residual")).to_contain_text("€ 600,00")
    expect(office.get_by_test_id("committed")).to_contain_text("€ 400,00")
    assert_accessible(office)
    # The fund table reads the ledger: the voucher is committed on the FNPS of 2026.
    office.goto(f"{live_server.url}/programmazione/fondi/?anno=2026")
    expect(office.locator("main")).to_contain_text("€ 400,00")
    assert_accessible(office)
    provider_context.close()
    office_context.close()
