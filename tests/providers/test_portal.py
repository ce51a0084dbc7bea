# ruff: noqa: F811 (the fixtures imported from test_deliveries are used as arguments)
"""The provider's portal, pages and API: the operator sees the vouchers spent with their
organisation with the beneficiary's name and what was authorised, never the fiscal code or
the case, never another provider's voucher (404); records a delivery on one; sees the
payments. The plan office's pages of deliveries and payments: validate, reject, pay."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from freezegun import freeze_time

from ambito.core.models import AccessLog
from ambito.providers.models import Delivery, Payment
from ambito.providers.services import deliveries as services
from tests.conftest import login
from tests.providers.test_deliveries import make_voucher, record, voucher  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("accreditation_1")]

TODAY = "2026-05-15"
API = "/api/v1/erogatori"


@pytest.fixture
def voucher_2(home_care_scheme, voucher_case, provider_2, social_worker_a):
    """A voucher spent with P2 (not accredited: only its visibility matters here)."""
    return make_voucher(home_care_scheme, voucher_case, provider_2, social_worker_a, number=2)


@freeze_time(TODAY)
def test_the_portal_names_the_beneficiary_and_nothing_else_of_the_person(
    client, operator_1, voucher, voucher_2, person_a
):
    login(client, operator_1)
    page = client.get(reverse("providers:portal"))
    assert page.status_code == 200
    html = page.content.decode()
    assert f"{person_a.first_name} {person_a.last_name}" in html
    assert person_a.fiscal_code not in html
    assert str(voucher.case.uuid) not in html
    assert str(voucher.uuid) in html and str(voucher_2.uuid) not in html
    assert AccessLog.objects.filter(user=operator_1, person=person_a).exists()
    detail = client.get(reverse("providers:portal_voucher", args=[voucher.uuid]))
    assert detail.status_code == 200
    assert person_a.fiscal_code not in detail.content.decode()
    assert "€ 400,00" in detail.content.decode()
    assert client.get(reverse("providers:portal_voucher", args=[voucher_2.uuid])).status_code == 404


@freeze_time(TODAY)
def test_the_operator_records_a_delivery_from_the_portal(client, operator_1, voucher):
    login(client, operator_1)
    url = reverse("providers:portal_voucher", args=[voucher.uuid])
    bad = client.post(url, {"date_from": "2026-03-01", "date_to": "2026-03-31", "units": "30"})
    assert bad.status_code == 422
    assert "supera quanto resta del titolo" in bad.content.decode()
    assert not Delivery.objects.exists()
    done = client.post(url, {"date_from": "2026-03-01", "date_to": "2026-03-31", "units": "3,5"})
    assert done.status_code == 302
    delivery = Delivery.objects.get()
    assert delivery.units == Decimal("3.5") and delivery.amount == Decimal("70.00")


@freeze_time(TODAY)
def test_other_users_see_no_portal(client, operator_2, social_worker_other_zone, planner, voucher):
    login(client, operator_2)
    assert str(voucher.uuid) not in client.get(reverse("providers:portal")).content.decode()
    assert client.get(reverse("providers:portal_voucher", args=[voucher.uuid])).status_code == 404
    assert (
        client.post(
            f"{API}/titoli/{voucher.uuid}/prestazioni",
            {"date_from": "2026-03-01", "date_to": "2026-03-02", "units": "1"},
            content_type="application/json",
        ).status_code
        == 404
    )
    for user in (social_worker_other_zone, planner):
        login(client, user)
        assert client.get(reverse("providers:portal")).status_code == 403
        assert client.get(f"{API}/portale/titoli").status_code == 403
    assert client.get(f"{API}/prestazioni").status_code in (200, 403)
    assert not Delivery.objects.exists()


@freeze_time(TODAY)
def test_social_worker_of_another_zone_sees_no_delivery_nor_payment(
    client, operator_1, planner, social_worker_other_zone, voucher
):
    record(operator_1, voucher, units="2")
    login(client, social_worker_other_zone)
    assert client.get(f"{API}/prestazioni").json()["count"] == 0
    assert client.get(f"{API}/pagamenti").json()["count"] == 0
    listed = client.get(reverse("providers:deliveries"))
    assert listed.status_code in (200, 403)
    if listed.status_code == 200:
        assert 'data-testid="delivery-row"' not in listed.content.decode()


@freeze_time(TODAY)
def test_the_portal_api_gives_the_restricted_fields(client, operator_1, voucher, voucher_2):
    login(client, operator_1)
    listed = client.get(f"{API}/portale/titoli").json()
    assert listed["count"] == 1
    item = listed["items"][0]
    assert item["uuid"] == str(voucher.uuid)
    assert item["first_name"] == voucher.person.first_name
    assert item["value"] == "400.00" and item["remaining"] == "400.00"
    assert "fiscal_code" not in item and "case" not in item
    assert client.get(f"{API}/portale/titoli/{voucher_2.uuid}").status_code == 404


@freeze_time(TODAY)
def test_the_api_records_validates_and_rejects(client, operator_1, planner, voucher):
    login(client, operator_1)
    url = f"{API}/titoli/{voucher.uuid}/prestazioni"
    bad = client.post(
        url,
        {"date_from": "2026-03-01", "date_to": "2026-06-01", "units": "2"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["errors"]["date_to"] == ["Non si registrano prestazioni future."]
    created = client.post(
        url,
        {"date_from": "2026-03-01", "date_to": "2026-03-31", "units": "2.00"},
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert body["amount"] == "40.00" and body["state"] == "recorded"
    other = client.post(
        url,
        {"date_from": "2026-04-01", "date_to": "2026-04-30", "units": "1"},
        content_type="application/json",
    ).json()
    assert client.get(f"{API}/prestazioni").json()["count"] == 2
    refused = client.post(
        f"{API}/prestazioni/{body['uuid']}/validazione",
        {"validated": True},
        content_type="application/json",
    )
    assert refused.status_code == 403
    login(client, planner)
    validated = client.post(
        f"{API}/prestazioni/{body['uuid']}/validazione",
        {"validated": True},
        content_type="application/json",
    )
    assert validated.status_code == 200 and validated.json()["state"] == "validated"
    rejected = client.post(
        f"{API}/prestazioni/{other['uuid']}/validazione",
        {"validated": False, "reason": "Non documentata"},
        content_type="application/json",
    )
    assert rejected.json()["state"] == "rejected"
    voucher.refresh_from_db()
    assert voucher.spent == Decimal("40.00")
    assert client.get(f"{API}/prestazioni?state=validated").json()["count"] == 1


@freeze_time(TODAY)
def test_the_plan_office_validates_rejects_and_pays_from_the_pages(
    client, operator_1, planner, provider_1, home_care_scheme, voucher, fnps
):
    first = record(operator_1, voucher, units="4")
    second = record(operator_1, voucher, date_from=dt.date(2026, 4, 1),
                    date_to=dt.date(2026, 4, 30), units="1")  # fmt: skip
    login(client, planner)
    url = reverse("providers:deliveries")
    page = client.get(url)
    assert page.status_code == 200
    assert voucher.person.last_name not in page.content.decode()
    assert client.post(url, {"azione": "valida", "prestazione": [first.uuid]}).status_code == 302
    first.refresh_from_db()
    assert first.state == "validated"
    again = client.post(url, {"azione": "valida", "prestazione": [first.uuid]})
    assert again.status_code == 422 and "già validata" in again.content.decode()
    no_reason = client.post(url, {"azione": "respingi", "prestazione": second.uuid})
    assert no_reason.status_code == 422
    client.post(url, {"azione": "respingi", "prestazione": second.uuid, "rifiuto-reason": "Doppia"})
    second.refresh_from_db()
    assert second.state == "rejected"
    add = (
        reverse("providers:payment_add")
        + f"?erogatore={provider_1.uuid}&misura={home_care_scheme.uuid}"
    )
    choice = client.get(add)
    assert choice.status_code == 200 and "€ 80,00" in choice.content.decode()
    paid = client.post(
        add, {"prestazione": [first.uuid], "act_number": "Liq. 3", "paid_on": "2026-05-14"}
    )
    assert paid.status_code == 302
    payment = Payment.objects.get()
    assert payment.amount == Decimal("80.00")
    assert client.get(reverse("providers:payment", args=[payment.uuid])).status_code == 200
    assert "Liq. 3" in client.get(reverse("providers:payments")).content.decode()
    login(client, operator_1)
    portal = client.get(reverse("providers:portal_payments")).content.decode()
    assert "Liq. 3" in portal and voucher.person.last_name not in portal
    assert client.get(f"{API}/pagamenti").json()["items"][0]["amount"] == "80.00"


@freeze_time(TODAY)
def test_the_operator_sees_only_their_payments(
    client, operator_2, planner, operator_1, provider_1, home_care_scheme, voucher
):
    delivery = record(operator_1, voucher, units="1")
    services.delivery_validate(actor=planner, deliveries=[delivery])
    services.payment_create(
        actor=planner,
        provider=provider_1,
        scheme=home_care_scheme,
        act_number="Liq. 9",
        paid_on=dt.date(2026, 5, 1),
        deliveries=[delivery],
    )
    login(client, operator_2)
    assert "Liq. 9" not in client.get(reverse("providers:portal_payments")).content.decode()
    assert client.get(f"{API}/pagamenti").json()["count"] == 0
