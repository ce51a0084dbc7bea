"""Reads of §9: figures only (plans, funds and the assembly hold no personal data), scoped to
the user's zone. Each read costs a fixed number of queries whatever the plan's size."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from contextlib import suppress
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from ambito.territory.models import ConsortiumMember

from . import ledger
from .choices import (
    LedgerOrigin,
    LedgerStage,
    ManagementForm,
    QuorumRule,
    ScheduleStatus,
    SpendingKind,
)
from .figures import largest_remainder, schedule_status, shares
from .models import (
    BudgetLine,
    FundMovement,
    FundSource,
    Meeting,
    Plan,
    PlanAction,
    ScheduleQuarter,
    SolidarityRule,
    Spending,
)

ZERO = Decimal("0")


def plans_for(user):
    return Plan.objects.visible_to(user)


# --- the plan page ----------------------------------------------------------------------------


@dataclass
class ActionRow:
    action: PlanAction
    quarters: dict[tuple[int, int], ScheduleQuarter]
    status: ScheduleStatus
    committed: Decimal
    paid: Decimal
    cells: list = field(default_factory=list)  # ScheduleQuarter or None, one per plan quarter

    @property
    def status_label(self) -> str:
        return ScheduleStatus(self.status).label


def plan_page(*, plan: Plan, today: dt.date | None = None) -> dict:
    """Objectives with their actions, each action's schedule by quarter and status, and the
    committed and paid amounts: four queries."""
    today = today or timezone.localdate()
    plan_quarters = plan.quarters()
    actions = list(
        PlanAction.objects.filter(plan=plan)
        .select_related("fund", "objective")
        .order_by("objective__position", "objective__code", "position", "code")
    )
    quarters: dict[int, dict] = defaultdict(dict)
    for q in ScheduleQuarter.objects.filter(action__plan=plan):
        quarters[q.action_id][(q.year, q.quarter)] = q
    money: dict[tuple[int, str], Decimal] = {
        (row["action_id"], row["kind"]): row["total"]
        for row in Spending.objects.filter(action__plan=plan)
        .values("action_id", "kind")
        .annotate(total=Sum("amount"))
    }
    rows = [
        ActionRow(
            action=a,
            quarters=quarters[a.pk],
            status=schedule_status(
                ((q.year, q.quarter, q.planned, q.progress) for q in quarters[a.pk].values()),
                today,
            ),
            committed=money.get((a.pk, SpendingKind.COMMITMENT), ZERO),
            paid=money.get((a.pk, SpendingKind.PAYMENT), ZERO),
            cells=[quarters[a.pk].get(yq) for yq in plan_quarters],
        )
        for a in actions
    ]
    objectives = list(plan.objectives.prefetch_related("targets", "commitments"))
    by_objective = defaultdict(list)
    for row in rows:
        by_objective[row.action.objective_id].append(row)
    return {
        "objectives": [(o, by_objective[o.pk]) for o in objectives],
        "quarters": plan_quarters,
        "total": sum((r.action.amount for r in rows), ZERO),
        "late": [r for r in rows if r.status == ScheduleStatus.LATE],
    }


# --- funds ------------------------------------------------------------------------------------


def fund_sources_active():
    """The fund sources an expense can be charged to (configuration shared by every zone)."""
    return FundSource.objects.filter(active=True).order_by("position", "code")


# What a fund's money goes to, as the fund table shows it: each group gathers the origins of
# the ledger (planning/ledger.py) that plan, commit and pay one kind of thing.
FUND_GROUPS = (
    ("actions", "Azioni del piano", (LedgerOrigin.ACTION, LedgerOrigin.SPENDING)),
    ("portfolio", "Voci del portafoglio", (LedgerOrigin.PORTFOLIO,)),
    (
        "vouchers",
        "Titoli sociali",
        (LedgerOrigin.VOUCHER_SCHEME, LedgerOrigin.VOUCHER, LedgerOrigin.VOUCHER_PAYMENT),
    ),
    ("interventions", "Interventi sulle cartelle", (LedgerOrigin.INTERVENTION,)),
    ("agreements", "Convenzioni", (LedgerOrigin.AGREEMENT,)),
    ("district", "Servizi distrettuali", (LedgerOrigin.DISTRICT_HOURS,)),
)


@dataclass(frozen=True)
class FundGroupRow:
    key: str
    label: str
    planned: Decimal
    committed: Decimal
    paid: Decimal


@dataclass
class FundRow:
    """A fund's year on the ledger: allocated, planned, committed and paid over every origin
    (planning/ledger.py), with each stage split by origin."""

    fund: FundSource
    year: int
    allocated: Decimal
    planned: Decimal
    committed: Decimal
    paid: Decimal
    by_origin: dict = field(default_factory=dict)  # {stage: {origin: amount}}

    @property
    def residual(self) -> Decimal:
        return self.allocated - self.planned

    def amount(self, stage: str, origin: str) -> Decimal:
        return self.by_origin.get(stage, {}).get(origin, ZERO)

    @property
    def planned_by_actions(self) -> Decimal:
        return self.amount(LedgerStage.PLANNED, LedgerOrigin.ACTION)

    @property
    def interventions(self) -> Decimal:
        """What the cases' interventions charged to the fund cost, by the year they start."""
        return self.amount(LedgerStage.PLANNED, LedgerOrigin.INTERVENTION)

    def by_stage(self, stage: str) -> dict[str, Decimal]:
        """{origin: amount} of one stage, the origins present only."""
        return {o: v for o, v in self.by_origin.get(stage, {}).items() if v}

    @property
    def groups(self) -> list[FundGroupRow]:
        """Planned, committed and paid per kind of use (FUND_GROUPS), those present only."""
        rows = []
        for key, label, origins in FUND_GROUPS:
            figures = [
                sum((self.amount(stage, o) for o in origins), ZERO)
                for stage in (LedgerStage.PLANNED, LedgerStage.COMMITTED, LedgerStage.PAID)
            ]
            if any(figures):
                rows.append(FundGroupRow(key, label, *figures))
        return rows

    @property
    def planned_split(self) -> list[tuple[str, Decimal]]:
        """(origin label, amount) of what is planned, the origins present only."""
        planned = self.by_origin.get(LedgerStage.PLANNED, {})
        return [
            (label, planned[value]) for value, label in LedgerOrigin.choices if planned.get(value)
        ]


def fund_table(*, zone_id: int, year: int | None = None) -> list[FundRow]:
    """Per fund and year of the zone, from the fund ledger: allocated, planned (plan actions,
    portfolio lines, voucher schemes, interventions, agreements), committed, paid, and the
    residual (allocated − planned)."""
    found = ledger.cells(zone_id=zone_id, year=year)
    funds = FundSource.objects.in_bulk({fund_id for fund_id, _ in found})
    rows = []
    for (fund_id, y), stages in found.items():
        total = {stage: sum(stages.get(stage, {}).values(), ZERO) for stage in LedgerStage.values}
        rows.append(
            FundRow(
                fund=funds[fund_id],
                year=y,
                allocated=total[LedgerStage.ALLOCATED],
                planned=total[LedgerStage.PLANNED],
                committed=total[LedgerStage.COMMITTED],
                paid=total[LedgerStage.PAID],
                by_origin={stage: dict(by) for stage, by in stages.items()},
            )
        )
    return sorted(rows, key=lambda r: (r.year, r.fund.position, r.fund.code))


@dataclass
class Portfolio:
    year: int
    areas: list[str]
    funds: list[FundSource]
    cells: dict[tuple[str, int], Decimal]
    row_totals: dict[str, Decimal]
    column_totals: dict[int, Decimal]
    total: Decimal

    def rows(self):
        for area in self.areas:
            yield area, [self.cells.get((area, f.pk)) for f in self.funds], self.row_totals[area]


def portfolio(*, zone_id: int, year: int) -> Portfolio:
    """Service areas × funds for a year with row and column totals (seed 003 §G.3), from the
    portfolio lines' movements on the fund ledger."""
    cells = ledger.portfolio_cells(zone_id=zone_id, year=year)
    funds = sorted(
        FundSource.objects.filter(pk__in={f for _, f in cells}), key=lambda f: f.position
    )
    areas = list(
        FundMovement.objects.filter(
            zone_id=zone_id, year=year, origin=LedgerOrigin.PORTFOLIO, stage=LedgerStage.PLANNED
        )
        .order_by("origin_id")
        .values_list("service_area", flat=True)
    )
    areas = list(dict.fromkeys(areas))
    row_totals = {a: sum((v for (x, _), v in cells.items() if x == a), ZERO) for a in areas}
    column_totals = {
        f.pk: sum((v for (_, y), v in cells.items() if y == f.pk), ZERO) for f in funds
    }
    return Portfolio(
        year, areas, funds, cells, row_totals, column_totals, sum(cells.values(), ZERO)
    )


def fund_use_shares(
    *, zone_id: int, fund: FundSource, years: list[int]
) -> list[tuple[str, Decimal, Decimal]]:
    """How a fund was used over several years, by service area: (area, amount, share %),
    the shares rounded to one decimal and adding up to 100."""
    rows = list(
        BudgetLine.objects.filter(zone_id=zone_id, fund=fund, year__in=years)
        .values("service_area")
        .annotate(total=Sum("amount"))
        .order_by("-total", "service_area")
    )
    parts = shares([r["total"] for r in rows])
    return [(r["service_area"], r["total"], p) for r, p in zip(rows, parts, strict=True)]


def spending_split(*, zone_id: int, year: int) -> list[tuple[str, Decimal, Decimal]]:
    """Spending by management form (seed 003 §B.3): (form, amount, share %)."""
    totals = {
        row["management_form"]: row["total"]
        for row in BudgetLine.objects.filter(zone_id=zone_id, year=year)
        .exclude(management_form="")
        .values("management_form")
        .annotate(total=Sum("amount"))
    }
    amounts = [totals.get(value, ZERO) for value in ManagementForm.values]
    return list(zip(ManagementForm.labels, amounts, shares(amounts), strict=True))


def solidarity_quotas(rule: SolidarityRule) -> list[tuple[ConsortiumMember, Decimal]]:
    """Each member's quota of the solidarity fund: X% of the total split per inhabitant, Y% per
    potential user, Z% per actual user (seed 003 §B.2 note 1); to the cent, adding up to the
    total."""
    figures = list(rule.figures.select_related("member__organisation").order_by("pk"))
    weights = [Decimal("0")] * len(figures)
    for pct, attribute in (
        (rule.per_capita_pct, "population"),
        (rule.potential_users_pct, "potential_users"),
        (rule.actual_users_pct, "actual_users"),
    ):
        values = [Decimal(getattr(f, attribute)) for f in figures]
        base = sum(values, ZERO)
        if base:
            for i, value in enumerate(values):
                weights[i] += pct / 100 * value / base
    quotas = largest_remainder(weights, rule.total, Decimal("0.01"))
    return [(f.member, q) for f, q in zip(figures, quotas, strict=True)]


# --- the assembly -----------------------------------------------------------------------------


@dataclass(frozen=True)
class QuorumState:
    members: int
    present_members: int
    shares: Decimal
    present_shares: Decimal
    rule: str
    reached: bool

    @property
    def explanation(self) -> str:
        return (
            f"presenti {self.present_members} soci su {self.members} e il "
            f"{self.present_shares}% delle quote su {self.shares}%."
        )


def quorum(meeting: Meeting) -> QuorumState:
    members = list(ConsortiumMember.objects.filter(zone_id=meeting.zone_id))
    present = set(
        meeting.attendance.filter(status__in=("present", "delegate")).values_list(
            "member_id", flat=True
        )
    )
    total_shares = sum((m.share for m in members), ZERO)
    present_shares = sum((m.share for m in members if m.pk in present), ZERO)
    by_members = len(present) * 2 > len(members)
    by_shares = present_shares * 2 > total_shares
    reached = {
        QuorumRule.MEMBERS: by_members,
        QuorumRule.SHARES: by_shares,
        QuorumRule.BOTH: by_members and by_shares,
    }[meeting.quorum_rule]
    return QuorumState(
        len(members), len(present), total_shares, present_shares, meeting.quorum_rule, reached
    )


def meetings_for(user):
    return Meeting.objects.visible_to(user)


def budget_years(*, zone_id: int) -> list[int]:
    return list(
        BudgetLine.objects.filter(zone_id=zone_id)
        .order_by("year")
        .values_list("year", flat=True)
        .distinct()
    )


def declared_spending_split(*, zone_id: int) -> dict[str, list[tuple[str, Decimal, Decimal]]]:
    """Spending by management form as declared in the zone's plans, by reference: (form,
    amount, share %), shares adding up to 100."""
    from .models import ManagementSpending

    by_reference: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for row in ManagementSpending.objects.filter(zone_id=zone_id).order_by("reference"):
        by_reference[row.reference][row.management_form] = row.amount
    result = {}
    for reference, amounts in by_reference.items():
        values = [amounts.get(v, ZERO) for v in ManagementForm.values]
        result[reference] = list(zip(ManagementForm.labels, values, shares(values), strict=True))
    return result


# --- the fund ledger's movements ---------------------------------------------------------------


def ledger_movements(*, user, fund=None, year=None, stage: str = "", origin: str = ""):
    """The movements of the fund ledger the user may read (their zone's), filtered: the
    ledger page and its API. Newest year first, then by fund, stage and origin."""
    rows = FundMovement.objects.visible_to(user).select_related("fund")
    if fund is not None:
        rows = rows.filter(fund=fund)
    if year is not None:
        rows = rows.filter(year=year)
    if stage:
        rows = rows.filter(stage=stage)
    if origin:
        rows = rows.filter(origin=origin)
    return rows.order_by("-year", "fund__position", "stage", "origin", "origin_id", "pk")


def _source_uuids(label: str, ids, field: str = "uuid") -> dict[int, object]:
    from django.apps import apps

    try:
        model = apps.get_model(label)
    except LookupError:
        return {}
    return dict(model.objects.filter(pk__in=ids).values_list("pk", field))


def movement_links(movements) -> dict[int, str]:
    """{movement pk: the page of its source}, where the source has a page of its own: a plan
    action (and the action of a commitment or payment), an agreement, a voucher scheme (and
    the scheme of a voucher's payment), a voucher. Allocations and portfolio lines are on the
    fund page; an intervention is reached from its case, never from a figure. A few queries,
    one per origin."""
    from django.urls import NoReverseMatch, reverse

    by_origin: dict[str, list] = defaultdict(list)
    for m in movements:
        by_origin[m.origin].append(m)
    sources = {
        LedgerOrigin.ACTION: ("planning.PlanAction", "uuid", "planning:action"),
        LedgerOrigin.SPENDING: ("planning.Spending", "action__uuid", "planning:action"),
        LedgerOrigin.AGREEMENT: ("network.Agreement", "uuid", "network:agreement"),
        LedgerOrigin.VOUCHER_SCHEME: ("providers.VoucherScheme", "uuid", "providers:scheme"),
        LedgerOrigin.VOUCHER: ("providers.Voucher", "uuid", "providers:voucher"),
        LedgerOrigin.VOUCHER_PAYMENT: ("providers.Payment", "scheme__uuid", "providers:scheme"),
    }
    links: dict[int, str] = {}
    for origin, rows in by_origin.items():
        if origin in (LedgerOrigin.ALLOCATION, LedgerOrigin.PORTFOLIO):
            for m in rows:
                links[m.pk] = f"{reverse('planning:funds')}?anno={m.year}"
            continue
        if origin not in sources:
            continue
        label, field_name, url_name = sources[origin]
        uuids = _source_uuids(label, {m.origin_id for m in rows}, field_name)
        for m in rows:
            if uuids.get(m.origin_id):
                with suppress(NoReverseMatch):
                    links[m.pk] = reverse(url_name, args=[uuids[m.origin_id]])
    return links
