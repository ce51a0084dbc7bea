"""The fund table and the portfolio as they were computed before the fund ledger (commit
1b5b559^: `planning/selectors.py`, `planning/services/funds.py::current_actions` and
`cases/selectors.py::intervention_cost_by_fund`), kept as an oracle: the ledger-based figures
must equal these (tests/planning/test_ledger.py). They read the sources directly: Allocation,
the actions of the latest plan versions, their Spending, the interventions' cost by fund, and
BudgetLine. Do not "improve" this file: it is the previous behaviour, frozen."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from ambito.planning.choices import SpendingKind
from ambito.planning.models import (
    Allocation,
    BudgetLine,
    FundSource,
    Plan,
    PlanAction,
    Spending,
)

ZERO = Decimal("0")


def current_actions():
    """Actions of the latest version of each plan: a version replaced by a newer one (its
    `previous`) no longer draws on the funds."""
    return PlanAction.objects.exclude(
        plan_id__in=Plan.objects.filter(previous__isnull=False).values("previous_id")
    )


def intervention_cost_by_fund(*, zone_id: int, year: int | None = None) -> dict:
    from ambito.cases.models import Intervention

    rows = Intervention.objects.filter(
        case__zone_id=zone_id, fund__isnull=False, cost__isnull=False
    )
    if year is not None:
        rows = rows.filter(start_on__year=year)
    return {
        (row["fund_id"], row["start_on__year"]): row["total"]
        for row in rows.values("fund_id", "start_on__year").annotate(total=Sum("cost"))
    }


@dataclass
class FundRow:
    fund: FundSource
    year: int
    allocated: Decimal
    planned: Decimal  # by the plan actions only (the ledger's `planned_by_actions`)
    committed: Decimal  # the actions' commitments
    paid: Decimal  # the actions' payments
    interventions: Decimal = ZERO

    @property
    def residual(self) -> Decimal:
        return self.allocated - self.planned


def fund_table(*, zone_id: int, year: int | None = None) -> list[FundRow]:
    allocations = Allocation.objects.filter(zone_id=zone_id)
    actions = current_actions().filter(plan__zone_id=zone_id, fund__isnull=False)
    spending = Spending.objects.filter(action__in=actions.values("pk"), action__fund__isnull=False)
    if year is not None:
        allocations = allocations.filter(year=year)
        actions = actions.filter(funding_year=year)
        spending = spending.filter(action__funding_year=year)
    cells: dict[tuple[int, int], dict[str, Decimal]] = defaultdict(
        lambda: defaultdict(lambda: ZERO)
    )
    for row in allocations.values("fund_id", "year").annotate(total=Sum("amount")):
        cells[(row["fund_id"], row["year"])]["allocated"] = row["total"]
    for row in actions.values("fund_id", "funding_year").annotate(total=Sum("amount")):
        cells[(row["fund_id"], row["funding_year"])]["planned"] = row["total"]
    for row in spending.values("action__fund_id", "action__funding_year", "kind").annotate(
        total=Sum("amount")
    ):
        key = (row["action__fund_id"], row["action__funding_year"])
        cells[key]["committed" if row["kind"] == SpendingKind.COMMITMENT else "paid"] = row["total"]
    for key, total in intervention_cost_by_fund(zone_id=zone_id, year=year).items():
        if key[1] is not None:
            cells[key]["interventions"] = total
    funds = FundSource.objects.in_bulk({fund_id for fund_id, _ in cells})
    return [
        FundRow(
            fund=funds[fund_id],
            year=y,
            allocated=c["allocated"],
            planned=c["planned"],
            committed=c["committed"],
            paid=c["paid"],
            interventions=c["interventions"],
        )
        for (fund_id, y), c in sorted(
            cells.items(), key=lambda i: (i[0][1], funds[i[0][0]].position)
        )
    ]


@dataclass
class Portfolio:
    year: int
    areas: list[str]
    funds: list[FundSource]
    cells: dict[tuple[str, int], Decimal]
    row_totals: dict[str, Decimal]
    column_totals: dict[int, Decimal]
    total: Decimal


def portfolio(*, zone_id: int, year: int) -> Portfolio:
    cells: dict[tuple[str, int], Decimal] = {}
    for row in (
        BudgetLine.objects.filter(zone_id=zone_id, year=year)
        .values("service_area", "fund_id")
        .annotate(total=Sum("amount"))
    ):
        cells[(row["service_area"], row["fund_id"])] = row["total"]
    funds = sorted(
        FundSource.objects.filter(pk__in={f for _, f in cells}), key=lambda f: f.position
    )
    areas = list(
        BudgetLine.objects.filter(zone_id=zone_id, year=year)
        .order_by("pk")
        .values_list("service_area", flat=True)
        .distinct()
    )
    areas = list(dict.fromkeys(areas))
    row_totals = {a: sum((v for (x, _), v in cells.items() if x == a), ZERO) for a in areas}
    column_totals = {
        f.pk: sum((v for (_, y), v in cells.items() if y == f.pk), ZERO) for f in funds
    }
    return Portfolio(
        year, areas, funds, cells, row_totals, column_totals, sum(cells.values(), ZERO)
    )
