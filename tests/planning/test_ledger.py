"""The one fund ledger (issue 18, §9): the fund table and the portfolio read the ledger, and
their figures are the ones the sources gave before the ledger (tests/planning/reference_funds.py
is that previous computation, frozen); the migration that fills the ledger gives them too; the
services and `ledger.rebuild` agree; the residual counts every origin."""

import datetime as dt
import importlib
from decimal import Decimal

import django.apps
import pytest
from django.core.exceptions import ValidationError

from ambito.cases import services as case_services
from ambito.catalog.models import InterventionType
from ambito.planning import ledger, selectors, services
from ambito.planning.choices import LedgerOrigin, LedgerStage
from ambito.planning.models import FundMovement, FundSource, PlanAction, PlanObjective
from tests.factories import HouseholdMemberFactory, UserFactory

from . import reference_funds as oracle
from .conftest import action

pytestmark = pytest.mark.django_db

fill_migration = importlib.import_module("ambito.planning.migrations.0003_fill_the_fund_ledger")


def _money(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


@pytest.fixture
def funds(db):
    return {code: FundSource.objects.get(code=code) for code in ("FP-QS", "FNPS", "FSR")}


@pytest.fixture
def assigned_case(social_worker_a, person_a, municipality_a):
    """A case of zone A managed by its social worker, to charge interventions to funds."""
    HouseholdMemberFactory(household__municipality=municipality_a, person=person_a)
    coordinator = UserFactory(
        username="coord", zone=person_a.zone, roles=["coordinator"], municipalities=[municipality_a]
    )
    case = case_services.case_open(actor=social_worker_a, person=person_a)
    return case_services.case_assign(actor=coordinator, case=case, manager=social_worker_a)


@pytest.fixture
def zone_b_planner(zone_b):
    return UserFactory(username="piano_b", zone=zone_b, roles=["planner"])


def _allocate(planner, fund, year, amount, act="Decreto di riparto"):
    return services.allocation_add(
        actor=planner, fund=fund, year=year, amount=Decimal(amount), act=act
    )


def _intervention(case, actor, fund, cost, start_on, status="active"):
    return case_services.intervention_add(
        actor=actor,
        case=case,
        data={
            "intervention_type": InterventionType.objects.get(code="B.2.b"),
            "start_on": start_on,
            "status": status,
            "fund": fund,
            "cost": Decimal(cost),
        },
    )


@pytest.fixture
def synthetic_zone(
    planner,
    plan,
    objective,
    funds,
    assigned_case,
    social_worker_a,
    zone_b_planner,
):
    """Zone A with allocations on three funds over two years, a plan in two versions (the
    first with spending, the second with one more action), portfolio lines and interventions
    charged to funds; zone B with its own allocation (never counted in zone A)."""
    poverty, fnps, fsr = funds["FP-QS"], funds["FNPS"], funds["FSR"]
    _allocate(planner, poverty, 2018, "593945.52")
    _allocate(planner, poverty, 2018, "1000.00", act="Integrazione")
    _allocate(planner, poverty, 2019, "400000.00")
    _allocate(planner, fnps, 2019, "250000.00")
    _allocate(planner, fsr, 2019, "80000.00")
    _allocate(zone_b_planner, poverty, 2018, "7777.77")
    a1 = action(planner, objective, "a1", "100000.00", fund=poverty, funding_year=2018)
    action(planner, objective, "a2", "93945.52", fund=poverty, funding_year=2018)
    action(planner, objective, "a3", "120000.00", fund=fnps, funding_year=2019)
    action(planner, objective, "a4", "5000.00")  # no fund: not on the ledger
    for kind, amount, number in (
        ("commitment", "80000.00", "Det. 12/2019"),
        ("payment", "30000.50", "Liq. 40/2019"),
    ):
        services.spending_add(
            actor=planner,
            action=a1,
            kind=kind,
            amount=amount,
            date=dt.date(2019, 6, 1),
            act_number=number,
        )
    # The second version: the first one's actions (and their spending) stop drawing.
    version_2 = services.plan_new_version(actor=planner, plan=plan)
    objective_2 = PlanObjective.objects.get(plan=version_2)
    b1 = action(planner, objective_2, "b1", "50000.00", fund=poverty, funding_year=2019)
    services.spending_add(
        actor=planner,
        action=b1,
        kind="commitment",
        amount="20000.00",
        date=dt.date(2019, 7, 1),
        act_number="Det. 20/2019",
    )
    services.spending_add(
        actor=planner,
        action=b1,
        kind="payment",
        amount="12500.25",
        date=dt.date(2019, 9, 1),
        act_number="Liq. 55/2019",
    )
    for year, area, fund, amount, form in (
        (2019, "Minori e famiglia", fnps, "40000.00", "direct"),
        (2019, "Minori e famiglia", fsr, "15000.00", "purchases"),
        (2019, "Anziani", fnps, "60000.00", "contributions"),
        (2019, "Disabili", fsr, "25000.50", "purchases"),
        (2019, "Anziani", fsr, "0.00", "direct"),
        (2018, "Povertà", poverty, "1000.00", "direct"),
    ):
        services.budget_line_add(
            actor=planner,
            year=year,
            service_area=area,
            fund=fund,
            amount=Decimal(amount),
            management_form=form,
        )
    _intervention(assigned_case, social_worker_a, poverty, "450.50", dt.date(2019, 3, 1))
    _intervention(assigned_case, social_worker_a, poverty, "99.50", dt.date(2019, 5, 1))
    _intervention(assigned_case, social_worker_a, fsr, "300.00", dt.date(2019, 2, 1))
    return planner.zone


def _assert_figures_equal_the_oracle(zone):
    for year in (None, 2018, 2019, 2020):
        new = {(r.fund.pk, r.year): r for r in selectors.fund_table(zone_id=zone.pk, year=year)}
        old = {(r.fund.pk, r.year): r for r in oracle.fund_table(zone_id=zone.pk, year=year)}
        for key, o in old.items():
            n = new[key]
            assert (
                n.allocated,
                n.planned_by_actions,
                n.amount(LedgerStage.COMMITTED, LedgerOrigin.SPENDING),
                n.amount(LedgerStage.PAID, LedgerOrigin.SPENDING),
                n.interventions,
            ) == (o.allocated, o.planned, o.committed, o.paid, o.interventions), key
        for key in set(new) - set(old):
            # A fund year the previous table did not show holds only the origins it ignored.
            n = new[key]
            assert n.allocated == n.planned_by_actions == n.interventions == 0, key
    for year in (2018, 2019, 2020):
        new, old = (
            selectors.portfolio(zone_id=zone.pk, year=year),
            oracle.portfolio(zone_id=zone.pk, year=year),
        )
        assert new.areas == old.areas
        assert new.funds == old.funds
        assert {k: v for k, v in new.cells.items() if v} == {
            k: v for k, v in old.cells.items() if v
        }
        assert new.row_totals == old.row_totals
        assert new.column_totals == old.column_totals
        assert new.total == old.total


def _ledger_rows():
    return sorted(
        FundMovement.objects.values_list(
            "zone_id",
            "fund_id",
            "year",
            "stage",
            "origin",
            "origin_id",
            "amount",
            "service_area",
            "label",
            "date",
        )  # fmt: skip
    )


def test_the_ledger_gives_the_figures_the_sources_gave_before_it(synthetic_zone, funds):
    _assert_figures_equal_the_oracle(synthetic_zone)
    # And the figures are not empty: the comparison would otherwise prove nothing.
    rows = {(r.fund.code, r.year): r for r in selectors.fund_table(zone_id=synthetic_zone.pk)}
    poverty_2019 = rows[("FP-QS", 2019)]
    assert poverty_2019.planned_by_actions == Decimal("50000.00")
    assert poverty_2019.interventions == Decimal("550.00")
    assert poverty_2019.amount(LedgerStage.COMMITTED, LedgerOrigin.SPENDING) == Decimal("20000")
    assert rows[("FP-QS", 2018)].allocated == Decimal("594945.52")
    assert rows[("FNPS", 2019)].amount(LedgerStage.PLANNED, LedgerOrigin.PORTFOLIO) == 100000
    assert selectors.portfolio(zone_id=synthetic_zone.pk, year=2019).total == Decimal("140000.50")


def test_the_fund_table_adds_every_origin_to_the_plan_figures(synthetic_zone):
    rows = {(r.fund.code, r.year): r for r in selectors.fund_table(zone_id=synthetic_zone.pk)}
    fsr = rows[("FSR", 2019)]
    # 40.000,50 of portfolio lines and 300,00 of an intervention, on 80.000 allocated.
    assert fsr.planned == Decimal("40300.50")
    assert fsr.committed == Decimal("300.00")
    assert fsr.residual == Decimal("39699.50")
    assert dict(fsr.planned_split) == {
        "Voce del portafoglio": Decimal("40000.50"),
        "Intervento di una cartella": Decimal("300.00"),
    }
    poverty = rows[("FP-QS", 2019)]
    assert poverty.planned == Decimal("50550.00")
    assert poverty.committed == Decimal("20550.00")
    assert poverty.paid == Decimal("12500.25")


def test_the_migration_fills_the_ledger_with_the_same_figures(synthetic_zone):
    before = _ledger_rows()
    FundMovement.objects.all().delete()
    assert selectors.fund_table(zone_id=synthetic_zone.pk) == []
    fill_migration.fill(django.apps.apps, None)
    _assert_figures_equal_the_oracle(synthetic_zone)
    assert _ledger_rows() == before


def test_rebuilding_the_ledger_after_the_services_changes_nothing(synthetic_zone):
    before = _ledger_rows()
    assert len(before) > 20
    ledger.rebuild()
    assert _ledger_rows() == before
    ledger.rebuild(zone_ids=[synthetic_zone.pk], origins=[LedgerOrigin.ACTION])
    assert _ledger_rows() == before


def test_a_new_plan_version_moves_the_planned_amounts_to_its_actions(
    planner, plan, objective, poverty_fund, allocation, zone_a
):
    first = action(planner, objective, "a1", "500000.00", fund=poverty_fund, funding_year=2018)
    services.spending_add(
        actor=planner,
        action=first,
        kind="commitment",
        amount="1000.00",
        date=dt.date(2019, 1, 10),
        act_number="Det. 1/2019",
    )
    version_2 = services.plan_new_version(actor=planner, plan=plan)
    (row,) = selectors.fund_table(zone_id=zone_a.pk)
    assert row.planned == row.planned_by_actions == Decimal("500000.00")
    # The spending stays with the old version, which no longer draws (as before the ledger).
    assert row.committed == 0
    copy = PlanAction.objects.get(plan=version_2)
    assert list(
        FundMovement.objects.filter(origin=LedgerOrigin.ACTION).values_list("origin_id", "amount")
    ) == [(copy.pk, Decimal("500000.00"))]
    # The new version's action draws on the residual in place of the old one, not beside it.
    services.action_save(
        actor=planner, action=copy, revision=copy.revision, data={"amount": Decimal("593945.52")}
    )
    (row,) = selectors.fund_table(zone_id=zone_a.pk)
    assert row.planned == Decimal("593945.52") and row.residual == 0


def test_an_action_moved_to_another_fund_takes_its_spending_with_it(
    planner, objective, poverty_fund, allocation, zone_a
):
    fnps = FundSource.objects.get(code="FNPS")
    _allocate(planner, fnps, 2019, "10000.00")
    moved = action(planner, objective, "a1", "5000.00", fund=poverty_fund, funding_year=2018)
    services.spending_add(
        actor=planner,
        action=moved,
        kind="payment",
        amount="700.00",
        date=dt.date(2019, 1, 10),
        act_number="Liq. 1/2019",
    )
    moved.refresh_from_db()
    services.action_save(
        actor=planner,
        action=moved,
        revision=moved.revision,
        data={"fund": fnps, "funding_year": 2019},
    )
    rows = {(r.fund.code, r.year): r for r in selectors.fund_table(zone_id=zone_a.pk)}
    assert rows[("FNPS", 2019)].paid == Decimal("700.00")
    assert rows[("FP-QS", 2018)].paid == 0
    _assert_figures_equal_the_oracle(zone_a)


def test_the_residual_check_counts_every_origin(
    planner,
    objective,
    assigned_case,
    social_worker_a,
    zone_a,
):
    poverty = FundSource.objects.get(code="FP-QS")
    _allocate(planner, poverty, 2019, "1000.00")
    action(planner, objective, "a1", "600.00", fund=poverty, funding_year=2019)
    _intervention(assigned_case, social_worker_a, poverty, "300.00", dt.date(2019, 4, 1))
    before = (PlanAction.objects.count(), _ledger_rows())
    with pytest.raises(ValidationError) as refused:
        action(planner, objective, "a2", "200.00", fund=poverty, funding_year=2019)
    assert refused.value.message_dict["amount"] == [
        "Il fondo «Fondo Povertà – quota servizi» per il 2019 ha un residuo di € 100,00: "
        "l'azione ne chiede € 200,00. Riduci l'importo o indica il motivo."
    ]
    assert (PlanAction.objects.count(), _ledger_rows()) == before
    # A portfolio line is refused the same way, and so is a second intervention.
    with pytest.raises(ValidationError, match="la voce del portafoglio ne chiede € 150,00"):
        services.budget_line_add(
            actor=planner, year=2019, service_area="Anziani", fund=poverty, amount="150.00"
        )
    with pytest.raises(ValidationError, match="l'intervento ne chiede € 100,01"):
        _intervention(assigned_case, social_worker_a, poverty, "100.01", dt.date(2019, 6, 1))
    assert _ledger_rows() == before[1]
    # What is left fits.
    action(planner, objective, "a2", "100.00", fund=poverty, funding_year=2019)
    (row,) = selectors.fund_table(zone_id=zone_a.pk, year=2019)
    assert row.residual == 0


def test_a_cancelled_intervention_leaves_the_ledger_and_frees_the_residual(
    planner,
    assigned_case,
    social_worker_a,
    zone_a,
):
    """The one deliberate change from the previous figures: an intervention cancelled no
    longer counts (the previous table counted the cost of every intervention with a fund)."""
    poverty = FundSource.objects.get(code="FP-QS")
    _allocate(planner, poverty, 2019, "500.00")
    done = _intervention(assigned_case, social_worker_a, poverty, "500.00", dt.date(2019, 4, 1))
    case_services.intervention_set_status(
        actor=social_worker_a, intervention=done, status="cancelled"
    )
    (row,) = selectors.fund_table(zone_id=zone_a.pk, year=2019)
    assert (row.interventions, row.residual) == (0, Decimal("500.00"))


def test_portfolio_lines_are_written_by_the_plan_office_only_and_checked(planner, zone_a):
    fnps = FundSource.objects.get(code="FNPS")
    worker = UserFactory(username="as", zone=zone_a, roles=["social_worker"])
    from ambito.core.permissions import NotAllowed

    with pytest.raises(NotAllowed):
        services.budget_line_add(
            actor=worker, year=2019, service_area="Anziani", fund=fnps, amount="1"
        )
    with pytest.raises(ValidationError) as refused:
        services.budget_line_add(actor=planner, year=1990, service_area=" ", fund=fnps, amount="-1")
    assert set(refused.value.message_dict) == {"year", "service_area", "amount"}
    assert FundMovement.objects.count() == 0
