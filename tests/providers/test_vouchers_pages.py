# ruff: noqa: F811 (fixtures imported from test_vouchers)
"""The vouchers' pages and API: issuing from a case (issued, or in the waiting list with its
position), the refusal with the reasons, the choice of provider, scoping (another zone, a
social worker without the case, an operator: only the vouchers spent with them)."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from ambito.providers.models import Voucher
from ambito.providers.services import vouchers as services
from tests.conftest import login

from .test_vouchers import another_case, issue  # noqa: F401

pytestmark = pytest.mark.django_db

API = "/api/v1/erogatori/titoli"
FORM = {
    "decision_act": "Determina 45/2026",
    "decision_date": "2026-03-01",
    "valid_from": "2026-03-01",
    "valid_until": "2026-12-31",
    "priority": "0",
}


def test_a_social_worker_issues_a_voucher_from_the_case_page(
    client, social_worker_a, voucher_case, home_care_scheme
):
    login(client, social_worker_a)
    url = reverse("providers:voucher_issue", args=[voucher_case.uuid])
    assert client.get(url).status_code == 200
    response = client.post(url, {**FORM, "scheme": home_care_scheme.uuid}, follow=True)
    voucher = Voucher.objects.get()
    assert response.redirect_chain[-1][0] == reverse("providers:voucher", args=[voucher.uuid])
    assert "Titolo n. 1 emesso." in response.content.decode()


def test_the_budget_exhausted_the_page_says_the_waiting_position(
    client, social_worker_a, voucher_case, another_case, home_care_scheme
):
    issue(social_worker_a, another_case("Anna"), home_care_scheme)
    issue(social_worker_a, another_case("Bruno"), home_care_scheme)
    login(client, social_worker_a)
    url = reverse("providers:voucher_issue", args=[voucher_case.uuid])
    response = client.post(url, {**FORM, "scheme": home_care_scheme.uuid}, follow=True)
    assert "in lista d&#x27;attesa, posizione 1" in response.content.decode()


def test_an_ineligible_person_gets_the_reason_on_the_page(
    client, social_worker_a, another_case, home_care_scheme
):
    case = another_case("Luca", isee="25000.00")
    login(client, social_worker_a)
    url = reverse("providers:voucher_issue", args=[case.uuid])
    response = client.post(url, {**FORM, "scheme": home_care_scheme.uuid})
    assert response.status_code == 422
    assert "ISEE € 25.000,00 oltre la soglia di € 20.000,00" in response.content.decode()
    assert not Voucher.objects.exists()


def test_pages_are_scoped(
    client,
    planner,
    social_worker_a,
    social_worker_b,
    social_worker_other_zone,
    operator_1,
    operator_2,
    voucher_case,
    home_care_scheme,
    provider_1,
    accreditation_1,
):
    voucher = issue(social_worker_a, voucher_case, home_care_scheme)
    page = reverse("providers:voucher", args=[voucher.uuid])
    issue_url = reverse("providers:voucher_issue", args=[voucher_case.uuid])
    for user in (social_worker_b, social_worker_other_zone, operator_1):
        login(client, user)
        assert client.get(page).status_code == 404
    for user in (social_worker_b, social_worker_other_zone):
        login(client, user)
        assert client.get(issue_url).status_code == 404
    services.voucher_choose_provider(actor=social_worker_a, voucher=voucher, provider=provider_1)
    login(client, operator_1)
    response = client.get(page)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Mario Rossi" in body and voucher_case.number not in body
    assert 'data-testid="revoke-form"' not in body
    login(client, operator_2)
    assert client.get(page).status_code == 404
    login(client, planner)
    assert "Mario Rossi" in client.get(reverse("providers:vouchers")).content.decode()
    assert client.get(reverse("providers:schemes")).status_code == 200
    scheme_page = client.get(reverse("providers:scheme", args=[home_care_scheme.uuid]))
    assert "€ 600,00" in scheme_page.content.decode()  # the residual


def test_the_voucher_page_records_the_choice_and_refuses_a_non_accredited_provider(
    client, social_worker_a, voucher_case, home_care_scheme, provider_1, provider_2, accreditation_1
):
    voucher = issue(social_worker_a, voucher_case, home_care_scheme)
    login(client, social_worker_a)
    page = reverse("providers:voucher", args=[voucher.uuid])
    body = client.get(page).content.decode()
    assert "Cooperativa Aurora" in body and "Cooperativa Borgo" not in body  # only accredited
    refused = client.post(page, {"azione": "scelta", "scelta-provider": str(provider_2.uuid)})
    assert refused.status_code == 422
    client.post(page, {"azione": "scelta", "scelta-provider": str(provider_1.uuid)})
    voucher.refresh_from_db()
    assert voucher.provider == provider_1 and voucher.state == "active"
    client.post(page, {"azione": "revoca", "revoca-reason": "Rinuncia della famiglia"})
    voucher.refresh_from_db()
    assert voucher.state == "revoked"


def test_the_plan_office_adds_and_opens_a_scheme_from_the_pages(
    client, planner, home_care, fnps, allocation
):
    login(client, planner)
    response = client.post(
        reverse("providers:scheme_add"),
        {
            "code": "BSM",
            "title": "Buoni sociali mirati",
            "kind": "buono",
            "service": home_care.uuid,
            "value": "300",
            "valid_from": "2026-01-01",
            "valid_until": "2026-12-31",
            "fund": "FNPS",
            "year": "2026",
            "budget": "60000",
        },
    )
    assert response.status_code == 422  # over the € 50.000 allocated
    assert "ha un residuo di € 50.000,00" in response.content.decode()


def test_the_case_fragment_lists_the_vouchers_and_offers_to_issue(
    social_worker_a, voucher_case, home_care_scheme
):
    voucher = issue(social_worker_a, voucher_case, home_care_scheme)
    html = render_to_string(
        "providers/vouchers/_case_vouchers.html",
        {"vouchers": [voucher], "case": voucher_case, "can_issue": True},
    )
    assert "Voucher domiciliarità 2026" in html
    assert reverse("providers:voucher_issue", args=[voucher_case.uuid]) in html


# --- API -------------------------------------------------------------------------------------


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_the_api_issues_and_the_budget_exhausted_answers_waiting(
    client, social_worker_a, voucher_case, another_case, home_care_scheme
):
    login(client, social_worker_a)
    body = {
        "scheme": str(home_care_scheme.uuid),
        "decision_act": "Determina 45/2026",
        "decision_date": "2026-03-01",
        "valid_from": "2026-03-01",
        "valid_until": "2026-12-31",
    }
    first = post(client, API, {**body, "case": str(voucher_case.uuid)})
    assert first.status_code == 201
    assert first.json()["state"] == "issued" and first.json()["value"] == "400.00"
    post(client, API, {**body, "case": str(another_case("Anna").uuid)})
    third = post(client, API, {**body, "case": str(another_case("Bruno").uuid)})
    assert third.status_code == 201
    assert third.json()["state"] == "waiting" and third.json()["waiting_position"] == 1
    scheme = client.get(f"{API}/misure/{home_care_scheme.uuid}").json()
    assert scheme["figures"]["residual"] == "200.00"
    assert scheme["figures"]["waiting_count"] == 1
    refused = post(client, API, {**body, "case": str(another_case("Luca", "25000").uuid)})
    assert refused.status_code == 422


def test_the_api_is_scoped_and_an_operator_sees_no_case(
    client,
    social_worker_a,
    social_worker_b,
    social_worker_other_zone,
    operator_1,
    voucher_case,
    home_care_scheme,
    provider_1,
    accreditation_1,
):
    voucher = issue(social_worker_a, voucher_case, home_care_scheme)
    login(client, social_worker_a)
    chosen = post(client, f"{API}/{voucher.uuid}/scelta", {"provider": str(provider_1.uuid)})
    assert chosen.status_code == 200 and chosen.json()["state"] == "active"
    for user in (social_worker_b, social_worker_other_zone):
        login(client, user)
        assert client.get(f"{API}/{voucher.uuid}").status_code == 404
        assert client.get(API).json()["count"] == 0
        assert post(client, f"{API}/{voucher.uuid}/revoca", {"reason": "x"}).status_code == 404
    login(client, operator_1)
    mine = client.get(f"{API}/{voucher.uuid}").json()
    assert mine["beneficiary"] == "Mario Rossi" and mine["case"] is None
    assert post(client, f"{API}/{voucher.uuid}/revoca", {"reason": "x"}).status_code == 403
    login(client, social_worker_a)
    revoked = post(client, f"{API}/{voucher.uuid}/revoca", {"reason": "Rinuncia"})
    assert revoked.status_code == 200 and revoked.json()["state"] == "revoked"
    assert dt.date.fromisoformat(revoked.json()["valid_until"]) == dt.date(2026, 12, 31)


def test_a_request_the_budget_does_not_cover_is_refused_from_the_page_when_asked(
    client, social_worker_a, voucher_case, another_case, home_care_scheme
):
    issue(social_worker_a, another_case("Anna"), home_care_scheme)
    issue(social_worker_a, another_case("Bruno"), home_care_scheme)
    login(client, social_worker_a)
    url = reverse("providers:voucher_issue", args=[voucher_case.uuid])
    response = client.post(url, {**FORM, "scheme": home_care_scheme.uuid, "refuse_if_short": "on"})
    assert response.status_code == 422
    assert "il residuo è € 200,00. Il titolo non è stato emesso." in response.content.decode()
    assert not Voucher.objects.filter(case=voucher_case).exists()


def test_the_plan_office_pays_a_buono_to_its_beneficiary_from_the_voucher_page(
    client, planner, social_worker_a, voucher_case, buono_scheme
):
    buono = issue(social_worker_a, voucher_case, buono_scheme)
    assert buono.state == "active"
    login(client, planner)
    url = reverse("providers:voucher", args=[buono.uuid])
    assert 'data-testid="pay-form"' in client.get(url).content.decode()
    form = {
        "azione": "pagamento",
        "pagamento-amount": "300,00",
        "pagamento-act_number": "Liquidazione 7/2026",
        "pagamento-paid_on": "2026-04-10",
    }
    response = client.post(url, form, follow=True)
    assert "Pagamento del buono registrato." in response.content.decode()
    buono.refresh_from_db()
    assert (buono.spent, buono.paid) == (300, 300)
    assert 'data-testid="pay-form"' not in response.content.decode()  # nothing left to pay
    # A second payment beyond the value is refused, nothing written.
    response = client.post(url, {**form, "pagamento-amount": "10"})
    assert response.status_code in (403, 422)
    buono.refresh_from_db()
    assert buono.paid == 300
