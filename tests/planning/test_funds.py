from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ambito.core.models import EventLog
from ambito.planning import selectors, services
from ambito.planning.models import PlanAction
from tests.factories import UserFactory

from .conftest import action


def _row(zone, fund, year=2018):
    return next(
        r for r in selectors.fund_table(zone_id=zone.pk) if r.fund == fund and r.year == year
    )


def test_the_residual_is_allocated_minus_planned(
    planner, objective, poverty_fund, allocation, zone_a
):
    action(planner, objective, "a1", "100000.00", fund=poverty_fund, funding_year=2018)
    action(planner, objective, "b1", "93945.52", fund=poverty_fund, funding_year=2018)
    row = _row(zone_a, poverty_fund)
    assert row.allocated == Decimal("593945.52")
    assert row.planned == Decimal("193945.52")
    assert row.residual == Decimal("400000.00")


def test_over_allocation_is_refused_with_the_residual_and_nothing_is_written(
    planner, objective, poverty_fund, allocation
):
    action(planner, objective, "a1", "500000.00", fund=poverty_fund, funding_year=2018)
    with pytest.raises(ValidationError) as error:
        action(planner, objective, "b1", "100000.00", fund=poverty_fund, funding_year=2018)
    message = error.value.message_dict["amount"][0]
    assert "residuo di € 93.945,52" in message and "€ 100.000,00" in message
    assert PlanAction.objects.count() == 1


def test_over_allocation_with_a_reason_is_allowed_and_logged(
    planner, objective, poverty_fund, allocation
):
    created = action(
        planner,
        objective,
        "a1",
        "600000.00",
        fund=poverty_fund,
        funding_year=2018,
        override_reason="Integrazione attesa dal riparto regionale",
    )
    log = EventLog.objects.get(object_uuid=created.uuid, action="create")
    assert "supera il residuo di FP-QS 2018" in log.note
    assert "riparto regionale" in log.note


def test_a_short_override_reason_is_refused(planner, objective, poverty_fund, allocation):
    with pytest.raises(ValidationError) as error:
        action(
            planner,
            objective,
            "a1",
            "600000.00",
            fund=poverty_fund,
            funding_year=2018,
            override_reason="perché",
        )
    assert "override_reason" in error.value.message_dict


def test_an_assembly_member_cannot_override(zone_a, objective, poverty_fund, allocation):
    reader = UserFactory(username="lettore", zone=zone_a, roles=["assembly"])
    with pytest.raises(Exception):  # noqa: B017 - no permission to add actions at all
        action(reader, objective, "a1", "600000.00", fund=poverty_fund, funding_year=2018)


def test_raising_an_action_counts_its_old_amount_once(planner, objective, poverty_fund, allocation):
    created = action(planner, objective, "a1", "500000.00", fund=poverty_fund, funding_year=2018)
    updated = services.action_save(
        actor=planner,
        action=created,
        revision=created.revision,
        data={"amount": Decimal("593945.52")},
    )
    assert updated.amount == Decimal("593945.52")


def test_a_negative_amount_is_refused(planner, objective):
    with pytest.raises(ValidationError) as error:
        action(planner, objective, "a1", "-5")
    assert "importo" in error.value.message_dict["amount"][0].lower()
    assert not PlanAction.objects.exists()


def test_a_negative_allocation_is_refused(planner, poverty_fund):
    with pytest.raises(ValidationError):
        services.allocation_add(actor=planner, fund=poverty_fund, year=2019, amount="-1", act="x")


def test_committed_and_paid_are_summed_per_fund(
    planner, objective, poverty_fund, allocation, zone_a
):
    import datetime as dt

    created = action(planner, objective, "a1", "100000.00", fund=poverty_fund, funding_year=2018)
    services.spending_add(
        actor=planner,
        action=created,
        kind="commitment",
        amount="80000",
        date=dt.date(2019, 3, 1),
        act_number="Det. 12/2019",
    )
    services.spending_add(
        actor=planner,
        action=created,
        kind="payment",
        amount="30000.50",
        date=dt.date(2019, 6, 1),
        act_number="Liq. 40/2019",
        payee="Coop",
    )
    row = _row(zone_a, poverty_fund)
    assert (row.committed, row.paid) == (Decimal("80000.00"), Decimal("30000.50"))


def test_a_new_version_of_the_plan_does_not_draw_twice_on_the_fund(
    planner, plan, objective, poverty_fund, allocation, zone_a
):
    action(planner, objective, "a1", "500000.00", fund=poverty_fund, funding_year=2018)
    services.plan_new_version(actor=planner, plan=plan)
    assert _row(zone_a, poverty_fund).planned == Decimal("500000.00")
    assert PlanAction.objects.count() == 2


def test_the_portfolio_has_row_and_column_totals_and_fund_use_shares(zone_a, planner):
    from ambito.planning.models import FundSource

    fnps, fsr = FundSource.objects.get(code="FNPS"), FundSource.objects.get(code="FSR")
    for year, fund in ((2006, fnps), (2006, fsr), (2007, fnps)):
        services.allocation_add(
            actor=planner, fund=fund, year=year, amount=Decimal("5000"), act=f"Riparto {year}"
        )
    for year, area, fund, amount, form in (
        (2006, "Minori e famiglia", fnps, "1000.00", "direct"),
        (2006, "Minori e famiglia", fsr, "500.00", "purchases"),
        (2006, "Anziani", fnps, "2000.00", "contributions"),
        (2007, "Anziani", fnps, "1000.00", "purchases"),
    ):
        services.budget_line_add(
            actor=planner,
            year=year,
            service_area=area,
            fund=fund,
            amount=Decimal(amount),
            management_form=form,
        )
    matrix = selectors.portfolio(zone_id=zone_a.pk, year=2006)
    assert matrix.row_totals == {
        "Minori e famiglia": Decimal("1500.00"),
        "Anziani": Decimal("2000.00"),
    }
    assert matrix.column_totals == {fnps.pk: Decimal("3000.00"), fsr.pk: Decimal("500.00")}
    assert matrix.total == Decimal("3500.00") == sum(matrix.row_totals.values())
    uses = selectors.fund_use_shares(zone_id=zone_a.pk, fund=fnps, years=[2006, 2007])
    assert [(a, s) for a, _, s in uses] == [
        ("Anziani", Decimal("75.0")),
        ("Minori e famiglia", Decimal("25.0")),
    ]
    split = selectors.spending_split(zone_id=zone_a.pk, year=2006)
    assert [s for _, _, s in split] == [Decimal("28.6"), Decimal("57.1"), Decimal("14.3")]
    assert sum(s for _, _, s in split) == Decimal("100.0")
