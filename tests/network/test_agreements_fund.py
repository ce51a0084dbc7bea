# ruff: noqa: F811 (the fixtures imported from test_agreements are used as arguments)
"""An agreement charged to a fund is on the one fund ledger (issue 18, §9): its amount (or its
reimbursement ceiling) is planned and committed on the fund's year, it must fit the residual,
and fund and year go together, the year within the agreement's period."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ambito.core.models import EventLog
from ambito.network.models import Agreement
from ambito.network.services import agreements as services
from ambito.planning import selectors as planning_selectors
from ambito.planning.choices import LedgerOrigin, LedgerStage
from ambito.planning.models import FundMovement, FundSource
from ambito.planning.services import allocation_add
from tests.conftest import login
from tests.network.test_agreements import new_agreement, service_a  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

API = "/api/v1/rete/agreements"


@pytest.fixture
def fnps(planner):
    """The FNPS with € 20.000 allocated to zone A for 2026."""
    fund = FundSource.objects.get(code="FNPS")
    allocation_add(actor=planner, fund=fund, year=2026, amount=Decimal("20000"), act="Riparto")
    return fund


def _row(zone, fund, year=2026):
    return next(
        r
        for r in planning_selectors.fund_table(zone_id=zone.pk, year=year)
        if r.fund == fund and r.year == year
    )


def test_an_agreement_on_a_fund_is_planned_and_committed_in_the_fund_table(
    planner, body_a, fnps, zone_a
):
    agreement = new_agreement(planner, body_a, fund=fnps, funding_year=2026)
    row = _row(zone_a, fnps)
    assert row.amount(LedgerStage.PLANNED, LedgerOrigin.AGREEMENT) == Decimal("12000.00")
    assert (row.planned, row.committed, row.residual) == (
        Decimal("12000.00"),
        Decimal("12000.00"),
        Decimal("8000.00"),
    )
    assert ("Convenzione", Decimal("12000.00")) in row.planned_split
    # A correction moves the figure; the agreement's own amount is not counted twice.
    agreement = services.agreement_update(
        actor=planner, agreement=agreement, amount=Decimal("20000.00")
    )
    assert _row(zone_a, fnps).residual == 0
    # Without an amount, its reimbursement ceiling is what it charges.
    services.agreement_update(
        actor=planner, agreement=agreement, amount=None, reimbursement_ceiling=Decimal("5000")
    )
    assert _row(zone_a, fnps).planned == Decimal("5000.00")
    # Taken off the fund, it leaves the ledger.
    services.agreement_update(actor=planner, agreement=agreement, fund=None, funding_year=None)
    assert _row(zone_a, fnps).planned == 0
    assert not FundMovement.objects.filter(origin=LedgerOrigin.AGREEMENT).exists()


def test_an_agreement_over_the_residual_is_refused_and_nothing_is_written(
    planner, body_a, fnps, zone_a
):
    new_agreement(planner, body_a, fund=fnps, funding_year=2026, amount=Decimal("15000"))
    before = (Agreement.objects.count(), FundMovement.objects.count(), EventLog.objects.count())
    with pytest.raises(ValidationError) as refused:
        new_agreement(
            planner, body_a, "CONV-2", fund=fnps, funding_year=2026, amount=Decimal("5000.01")
        )
    assert refused.value.message_dict["amount"] == [
        "Il fondo «Fondo Nazionale Politiche Sociali» per il 2026 ha un residuo di "
        "€ 5.000,00: la convenzione ne chiede € 5.000,01. Riduci l'importo o indica il motivo."
    ]
    assert (
        Agreement.objects.count(),
        FundMovement.objects.count(),
        EventLog.objects.count(),
    ) == before
    # A renewal (its amount is the renewed one's) is checked the same way on its own year.
    allocation_add(actor=planner, fund=fnps, year=2027, amount=Decimal("10000"), act="Riparto")
    first = Agreement.objects.get()
    with pytest.raises(
        ValidationError, match="residuo di € 10.000,00: la convenzione ne chiede € 15.000,00"
    ):
        services.agreement_renew(
            actor=planner,
            agreement=first,
            number="CONV-1-bis",
            starts_on=dt.date(2027, 1, 1),
            ends_on=dt.date(2027, 12, 31),
            fund=fnps,
            funding_year=2027,
        )
    assert Agreement.objects.count() == 1


def test_fund_and_year_go_together_and_the_year_is_in_the_period(planner, body_a, fnps):
    with pytest.raises(ValidationError) as refused:
        new_agreement(planner, body_a, fund=fnps)
    assert refused.value.message_dict["funding_year"] == [
        "Indica l'annualità del fondo a cui è imputata la convenzione."
    ]
    with pytest.raises(ValidationError) as refused:
        new_agreement(planner, body_a, funding_year=2026)
    assert "fund" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        new_agreement(planner, body_a, fund=fnps, funding_year=2027)
    assert refused.value.message_dict["funding_year"] == [
        "L'annualità del fondo deve cadere nel periodo della convenzione (2026)."
    ]
    with pytest.raises(ValidationError) as refused:
        new_agreement(
            planner,
            body_a,
            fund=fnps,
            funding_year=2029,
            ends_on=dt.date(2027, 6, 30),
        )
    assert "tra il 2026 e il 2027" in refused.value.message_dict["funding_year"][0]
    assert not Agreement.objects.exists() and not FundMovement.objects.filter(
        origin=LedgerOrigin.AGREEMENT
    )


def test_a_renewal_is_charged_to_its_own_year(planner, body_a, fnps, zone_a):
    allocation_add(actor=planner, fund=fnps, year=2027, amount=Decimal("12000"), act="Riparto")
    first = new_agreement(planner, body_a, fund=fnps, funding_year=2026)
    services.agreement_renew(
        actor=planner,
        agreement=first,
        number="CONV-2",
        starts_on=dt.date(2027, 1, 1),
        ends_on=dt.date(2027, 12, 31),
        fund=fnps,
        funding_year=2027,
    )
    assert _row(zone_a, fnps, 2026).planned == Decimal("12000.00")
    assert _row(zone_a, fnps, 2027).residual == 0


def test_the_pages_and_the_api_take_and_show_the_fund(client, planner, body_a, fnps, zone_a):
    login(client, planner)
    response = client.post(
        reverse("network:agreement_add"),
        {
            "organisation": str(body_a.uuid),
            "kind": "volunteer",
            "number": "N-1",
            "subject": "Trasporto",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "amount": "25000",
            "fund": str(fnps.pk),
            "funding_year": "2026",
        },
    )
    assert response.status_code == 422
    assert "la convenzione ne chiede € 25.000,00" in response.content.decode()
    assert not Agreement.objects.exists()
    response = client.post(
        reverse("network:agreement_add"),
        {
            "organisation": str(body_a.uuid),
            "kind": "volunteer",
            "number": "N-1",
            "subject": "Trasporto",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "amount": "2500",
            "fund": str(fnps.pk),
            "funding_year": "2026",
        },
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    page = client.get(reverse("network:agreement", args=[agreement.uuid])).content.decode()
    assert f"{fnps.name}, annualità 2026" in page
    assert '<label for="id_modifica-fund"' in page
    funds_page = client.get(reverse("planning:funds"), {"anno": 2026}).content.decode()
    assert "Convenzioni" in funds_page and "2.500,00" in funds_page
    detail = client.get(f"{API}/{agreement.uuid}").json()
    assert (detail["fund"], detail["funding_year"]) == ("FNPS", 2026)
    created = client.post(
        API,
        {
            "organisation": str(body_a.uuid),
            "kind": "volunteer",
            "number": "N-2",
            "subject": "Trasporto",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "amount": "17500.01",
            "fund": "FNPS",
            "funding_year": 2026,
        },
        content_type="application/json",
    )
    assert created.status_code == 422
    assert "residuo di € 17.500,00" in created.json()["errors"]["amount"][0]
    unknown = client.post(
        API,
        {
            "organisation": str(body_a.uuid),
            "kind": "volunteer",
            "number": "N-2",
            "subject": "Trasporto",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "fund": "NESSUNO",
            "funding_year": 2026,
        },
        content_type="application/json",
    )
    assert unknown.status_code == 422 and "fund" in unknown.json()["errors"]
    assert Agreement.objects.count() == 1


def test_a_correction_that_does_not_raise_the_charge_is_not_checked_again(
    planner, body_a, fnps, zone_a
):
    agreement = new_agreement(planner, body_a, fund=fnps, funding_year=2026)
    # Something else takes the fund past its allocation, by the plan office's override.
    from ambito.planning.services import budget_line_add

    budget_line_add(
        actor=planner,
        year=2026,
        service_area="Anziani",
        fund=fnps,
        amount="9000",
        override_reason="Delibera di variazione n. 7",
    )
    assert _row(zone_a, fnps).residual == Decimal("-1000.00")
    services.agreement_update(actor=planner, agreement=agreement, notes="Nota di rettifica")
    services.agreement_update(actor=planner, agreement=agreement, amount=Decimal("11000"))
    with pytest.raises(ValidationError, match="la convenzione ne chiede € 11.000,01"):
        services.agreement_update(actor=planner, agreement=agreement, amount=Decimal("11000.01"))
    assert _row(zone_a, fnps).planned == Decimal("20000.00")
