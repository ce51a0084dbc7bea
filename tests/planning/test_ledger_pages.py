"""The fund table with its split by origin on the page, the API and the exports; the ledger's
page and API: every movement of a fund and year, filtered, paginated, with its source's page."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ambito.network.services import agreements as agreement_services
from ambito.planning import services
from ambito.planning.models import FundSource
from ambito.planning.selectors import FUND_GROUPS
from tests.conftest import login
from tests.factories import OrganisationFactory, UserFactory

from .conftest import action

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def funded(planner, objective, poverty_fund, allocation, zone_a):
    """On the poverty fund 2018 (593.945,52 allocated): an action of 100.000 with 40.000
    committed and 10.000 paid, a portfolio line of 50.000 and an agreement of 443.945,52, the
    exact rest: nothing is left."""
    a1 = action(planner, objective, "a1", "100000.00", fund=poverty_fund, funding_year=2018)
    for kind, amount in (("commitment", "40000"), ("payment", "10000")):
        services.spending_add(
            actor=planner,
            action=a1,
            kind=kind,
            amount=amount,
            date=dt.date(2019, 1, 15),
            act_number=f"Atto {kind}",
        )
    services.budget_line_add(
        actor=planner,
        year=2018,
        service_area="Povertà",
        fund=poverty_fund,
        amount="50000",
        management_form="direct",
    )
    body = OrganisationFactory(zone=zone_a, kind="third_sector", name="Coop Beta")
    agreement = agreement_services.agreement_create(
        actor=planner,
        organisation=body,
        kind="volunteer",
        number="CONV-9",
        subject="Sportello",
        starts_on=dt.date(2018, 1, 1),
        ends_on=dt.date(2018, 12, 31),
        amount=Decimal("443945.52"),
        fund=poverty_fund,
        funding_year=2018,
    )
    return a1, agreement


def test_the_funds_page_shows_the_split_by_origin_under_each_fund(client, planner, funded):
    login(client, planner)
    html = client.get(reverse("planning:funds"), {"anno": 2018}).content.decode()
    assert 'data-testid="fund-split-actions"' in html
    assert 'data-testid="fund-split-portfolio"' in html
    assert 'data-testid="fund-split-agreements"' in html
    assert 'data-testid="fund-split-vouchers"' not in html  # no voucher on this fund
    assert "Fondo e origine" in html and "Convenzioni" in html and "Voci del portafoglio" in html
    assert "€ 593.945,52" in html and "€ 443.945,52" in html and "€ 40.000,00" in html
    # The residual is 0: not red; the fund's name leads to its movements.
    assert "text-danger" not in html.split('data-testid="fund-table"')[1].split("</table>")[0]
    assert f"{reverse('planning:ledger')}?fondo=FP-QS&amp;anno=2018" in html


def test_an_overrun_residual_is_red_with_a_text_for_screen_readers(
    client, planner, funded, objective, poverty_fund
):
    # The override of the plan office (with a reason) is the only way past the residual.
    action(
        planner,
        objective,
        "a2",
        "10.00",
        fund=poverty_fund,
        funding_year=2018,
        override_reason="Delibera di variazione n. 5",
    )
    login(client, planner)
    html = client.get(reverse("planning:funds"), {"anno": 2018}).content.decode()
    assert "text-danger fw-bold" in html and "programmato oltre l'assegnato" in html
    assert "-€ 10,00" in html or "€ -10,00" in html


def test_the_fund_api_and_exports_give_the_split_as_numbers(client, planner, funded):
    login(client, planner)
    (row,) = client.get(f"{API}/planning/funds", {"year": 2018}).json()["items"]
    assert Decimal(row["planned"]) == Decimal("593945.52")
    assert Decimal(row["residual"]) == 0
    assert Decimal(row["planned_by_actions"]) == Decimal("100000")
    assert {k: Decimal(v) for k, v in row["planned_by_origin"].items()} == {
        "action": Decimal("100000"),
        "portfolio": Decimal("50000"),
        "agreement": Decimal("443945.52"),
    }
    assert {k: Decimal(v) for k, v in row["committed_by_origin"].items()} == {
        "spending": Decimal("40000"),
        "agreement": Decimal("443945.52"),
    }
    assert {k: Decimal(v) for k, v in row["paid_by_origin"].items()} == {"spending": 10000}
    book = load_workbook(
        io.BytesIO(client.get(reverse("planning:funds"), {"anno": 2018, "formato": "xlsx"}).content)
    )
    header, *rows = list(book["Fondi"].iter_rows(values_only=True))
    (values,) = rows
    cell = dict(zip(header, values, strict=True))
    assert cell["Programmato"] == 593945.52 and cell["Residuo"] == 0
    assert cell["Azioni del piano: programmato"] == 100000
    assert cell["Azioni del piano: impegnato"] == 40000
    assert cell["Azioni del piano: pagato"] == 10000
    assert cell["Voci del portafoglio: programmato"] == 50000
    assert cell["Convenzioni: impegnato"] == 443945.52
    assert cell["Titoli sociali: programmato"] == 0
    text = client.get(
        reverse("planning:funds"), {"anno": 2018, "formato": "csv", "tabella": "fondi"}
    ).content.decode("utf-8-sig")
    (csv_header, csv_row) = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert csv_header[:9] == [
        "Fondo", "Tipo", "Annualità", "Assegnato", "Programmato", "Impegnato", "Pagato",
        "Residuo", "Interventi sulle cartelle",
    ]  # fmt: skip
    # planned, committed and paid of every group of uses (FUND_GROUPS), present or not
    assert len(csv_row) == len(csv_header) == 9 + 3 * len(FUND_GROUPS)
    assert "Servizi distrettuali: impegnato" in csv_header


def test_the_ledger_page_lists_filters_and_links_the_movements(client, planner, funded):
    a1, agreement = funded
    login(client, planner)
    url = reverse("planning:ledger")
    assert url == "/programmazione/fondi/registro/"
    html = client.get(url).content.decode()
    assert html.count('data-testid="movement"') == 7  # allocation, action, 2 spending,
    # portfolio line, agreement planned and committed
    assert reverse("planning:action", args=[a1.uuid]) in html
    assert reverse("network:agreement", args=[agreement.uuid]) in html
    assert "Convenzione CONV-9" in html and "Atto commitment" in html
    html = client.get(url, {"fase": "committed"}).content.decode()
    assert html.count('data-testid="movement"') == 2
    assert "€ 483.945,52" in html  # the total of what is shown
    html = client.get(url, {"origine": "portfolio", "fondo": "FP-QS", "anno": 2018}).content
    assert html.decode().count('data-testid="movement"') == 1
    assert client.get(url, {"anno": 2019}).content.decode().count('data-testid="movement"') == 0


def test_the_ledger_page_is_paginated_and_closed_to_who_may_not_read_it(
    client, planner, zone_a, social_worker_a
):
    fund = FundSource.objects.get(code="FNPS")
    for n in range(51):
        services.allocation_add(actor=planner, fund=fund, year=2020, amount="1", act=f"Atto {n}")
    login(client, planner)
    url = reverse("planning:ledger")
    first = client.get(url, {"anno": 2020}).content.decode()
    assert first.count('data-testid="movement"') == 50 and "Pagina 1 di 2" in first
    assert "anno=2020&amp;pagina=2" in first
    second = client.get(url, {"anno": 2020, "pagina": 2}).content.decode()
    assert second.count('data-testid="movement"') == 1
    login(client, social_worker_a)
    assert client.get(url).status_code == 403
    assert client.get(f"{API}/planning/funds/movements").status_code == 403


def test_the_ledger_api_filters_and_gives_another_zones_nothing(client, planner, funded, zone_b):
    a1, agreement = funded
    login(client, planner)
    path = f"{API}/planning/funds/movements"
    body = client.get(path, {"fund": "FP-QS", "year": 2018}).json()
    assert body["count"] == 7
    by_origin = {(m["origin"], m["stage"]): m for m in body["items"]}
    assert by_origin[("action", "planned")]["url"] == reverse("planning:action", args=[a1.uuid])
    assert by_origin[("agreement", "committed")]["amount"] == "443945.52"
    assert by_origin[("portfolio", "planned")]["service_area"] == "Povertà"
    page = client.get(path, {"limit": 2, "offset": 2}).json()
    assert len(page["items"]) == 2 and page["next"]
    bad = client.get(path, {"stage": "spent", "origin": "x", "fund": "NONE"})
    assert bad.status_code == 422
    assert set(bad.json()["errors"]) == {"stage", "origin", "fund"}
    other = UserFactory(username="piano_b", zone=zone_b, roles=["planner"])
    login(client, other)
    assert client.get(path).json()["count"] == 0
    assert client.get(reverse("planning:ledger")).content.decode().count('movement"') == 0


def test_a_bad_filter_of_the_ledger_page_shows_its_error_and_no_rows(client, planner, funded):
    login(client, planner)
    html = client.get(reverse("planning:ledger"), {"anno": "1900", "fondo": "NONE"}).content
    html = html.decode()
    assert html.count('data-testid="movement"') == 0 and "Nessun movimento." in html
    assert 'aria-invalid="true"' in html
