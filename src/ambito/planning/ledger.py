"""The fund ledger (§9): every euro a zone plans, commits and pays, whatever its source, is a
`FundMovement` on (zone, fund, year) at one stage. The fund table, the residual check and the
portfolio read the ledger and nothing else.

The origins, as a table: what each source writes, at which stages, and its year.

    origin            source                         stages                      year
    ----------------  -----------------------------  --------------------------  -----------------
    allocation        planning.Allocation            allocated                   allocation year
    action            planning.PlanAction (latest    planned (amount)            funding_year
                      plan version, with a fund)
    spending          planning.Spending              committed | paid            action's year
    portfolio         planning.BudgetLine            planned (+ service area)    line year
    voucher_scheme    providers.VoucherScheme not    planned (budget)            scheme year
                      on a portfolio line
    voucher           providers.Voucher (issued)     committed (value; what was  scheme year
                                                     spent once closed)
    voucher_payment   providers.Payment              paid                        scheme year
    intervention      cases.Intervention (fund and   planned + committed (cost)  year of start
                      cost, not cancelled)
    agreement         network.Agreement (fund, year, planned + committed          funding_year
                      and an amount or ceiling)      (amount, else ceiling)
    district_hours    district.DistrictIntake (its   planned + committed (hours  line's year
                      hours on the line's fund)      × hourly cost)

A scheme on a portfolio line draws on the line's planned money, so it plans nothing of its own
(its budget is checked against the line instead); its vouchers' and payments' movements carry
the line's service area, so what a portfolio line committed and paid is one grouped read.

The residual of a fund's year is allocated − planned, over every origin: the over-allocation
rule of §9 applies to all of them (`planning.services.funds.check_residual`).

A row holds the source's current amount at its stage (one row per origin, source and stage),
written by the source's service inside the source's transaction through `refresh(origin, ids)`,
which recomputes those sources' rows with the same code as `rebuild`; `rebuild` recomputes every
row of some zones (the migration that created the ledger, the demo loader that bulk-inserts
sources, and the test that the services and a rebuild agree, use it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from .choices import LedgerOrigin as Origin
from .choices import LedgerStage as Stage

ZERO = Decimal("0")
BATCH = 2000


@dataclass(frozen=True)
class Movement:
    zone_id: int
    fund_id: int
    year: int
    stage: str
    origin: str
    origin_id: int
    amount: Decimal
    service_area: str = ""
    label: str = ""
    date: object = None


def _model(apps, label: str):
    from django.apps import apps as live

    return (apps or live).get_model(label)


def _rows(apps, label: str, zone_path: str, zone_ids, ids):
    """The source's rows of the zones (None: every zone), or only `ids` (None: all)."""
    rows = _model(apps, label).objects.all()
    if zone_ids is not None:
        rows = rows.filter(**{f"{zone_path}__in": zone_ids})
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return rows


# --- reading ---------------------------------------------------------------------------------


def cells(*, zone_id: int, year: int | None = None, fund_id: int | None = None) -> dict:
    """{(fund_id, year): {stage: {origin: amount}}} of the zone: one grouped query."""
    from .models import FundMovement

    rows = FundMovement.objects.filter(zone_id=zone_id)
    if year is not None:
        rows = rows.filter(year=year)
    if fund_id is not None:
        rows = rows.filter(fund_id=fund_id)
    found: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(lambda: ZERO)))
    for row in rows.values("fund_id", "year", "stage", "origin").annotate(total=Sum("amount")):
        found[(row["fund_id"], row["year"])][row["stage"]][row["origin"]] = row["total"]
    return found


def residual(
    *, zone_id: int, fund_id: int, year: int, exclude: tuple[str, int] | None = None
) -> Decimal:
    """allocated − planned of a fund's year, leaving out one source (the one being changed)."""
    from .models import FundMovement

    rows = FundMovement.objects.filter(
        zone_id=zone_id, fund_id=fund_id, year=year, stage__in=[Stage.ALLOCATED, Stage.PLANNED]
    )
    if exclude is not None:
        rows = rows.exclude(origin=exclude[0], origin_id=exclude[1])
    totals = dict(rows.values_list("stage").annotate(total=Sum("amount")))
    return totals.get(Stage.ALLOCATED, ZERO) - totals.get(Stage.PLANNED, ZERO)


def portfolio_cells(*, zone_id: int, year: int) -> dict[tuple[str, int], Decimal]:
    """{(service area, fund_id): amount} of the zone's portfolio lines of a year."""
    from .models import FundMovement

    rows = FundMovement.objects.filter(
        zone_id=zone_id, year=year, origin=Origin.PORTFOLIO, stage=Stage.PLANNED
    )
    return {
        (row["service_area"], row["fund_id"]): row["total"]
        for row in rows.values("service_area", "fund_id").annotate(total=Sum("amount"))
    }


# --- rebuilding from the sources -------------------------------------------------------------


def _allocations(apps, zone_ids, ids) -> Iterator[Movement]:
    rows = _rows(apps, "planning.Allocation", "zone_id", zone_ids, ids)
    for a in rows.values("pk", "zone_id", "fund_id", "year", "amount", "act", "act_date"):
        yield Movement(
            a["zone_id"], a["fund_id"], a["year"], Stage.ALLOCATED, Origin.ALLOCATION, a["pk"],
            a["amount"], label=a["act"], date=a["act_date"],
        )  # fmt: skip


def _current_actions(apps, zone_ids, ids=None):
    """Actions of the latest version of each plan: a replaced version no longer draws."""
    plans = _model(apps, "planning.Plan").objects
    return (
        _rows(apps, "planning.PlanAction", "plan__zone_id", zone_ids, ids)
        .filter(fund__isnull=False)
        .exclude(plan_id__in=plans.filter(previous__isnull=False).values("previous_id"))
    )


def _actions(apps, zone_ids, ids) -> Iterator[Movement]:
    fields = ("pk", "plan__zone_id", "fund_id", "funding_year", "amount", "code", "title")
    for a in _current_actions(apps, zone_ids, ids).values(*fields):
        yield Movement(
            a["plan__zone_id"], a["fund_id"], a["funding_year"], Stage.PLANNED, Origin.ACTION,
            a["pk"], a["amount"], label=f"{a['code']} {a['title']}",
        )  # fmt: skip


def _spending(apps, zone_ids, ids) -> Iterator[Movement]:
    rows = _rows(apps, "planning.Spending", "action__plan__zone_id", zone_ids, ids).filter(
        action__in=_current_actions(apps, zone_ids).values("pk")
    )
    fields = ("pk", "kind", "amount", "date", "act_number", "action__plan__zone_id")
    for s in rows.values(*fields, "action__fund_id", "action__funding_year"):
        yield Movement(
            s["action__plan__zone_id"], s["action__fund_id"], s["action__funding_year"],
            Stage.COMMITTED if s["kind"] == "commitment" else Stage.PAID, Origin.SPENDING,
            s["pk"], s["amount"], label=s["act_number"], date=s["date"],
        )  # fmt: skip


def _portfolio(apps, zone_ids, ids) -> Iterator[Movement]:
    rows = _rows(apps, "planning.BudgetLine", "zone_id", zone_ids, ids)
    for b in rows.values("pk", "zone_id", "fund_id", "year", "amount", "service_area"):
        yield Movement(
            b["zone_id"], b["fund_id"], b["year"], Stage.PLANNED, Origin.PORTFOLIO, b["pk"],
            b["amount"], service_area=b["service_area"], label=b["service_area"],
        )  # fmt: skip


def _interventions(apps, zone_ids, ids) -> Iterator[Movement]:
    rows = (
        _rows(apps, "cases.Intervention", "case__zone_id", zone_ids, ids)
        .filter(fund__isnull=False, cost__gt=0)
        .exclude(status="cancelled")
    )
    for i in rows.values("pk", "case__zone_id", "fund_id", "start_on", "cost"):
        for stage in (Stage.PLANNED, Stage.COMMITTED):
            yield Movement(
                i["case__zone_id"], i["fund_id"], i["start_on"].year, stage,
                Origin.INTERVENTION, i["pk"], i["cost"], label=f"Intervento {i['pk']}",
                date=i["start_on"],
            )  # fmt: skip


def agreement_amount(amount, ceiling) -> Decimal | None:
    """What an agreement charges: its amount, or else its reimbursement ceiling."""
    return amount if amount is not None else ceiling


def _agreements(apps, zone_ids, ids) -> Iterator[Movement]:
    rows = _rows(apps, "network.Agreement", "zone_id", zone_ids, ids).filter(
        fund__isnull=False, funding_year__isnull=False
    )
    fields = ("pk", "zone_id", "fund_id", "funding_year", "amount", "reimbursement_ceiling")
    for a in rows.values(*fields, "number", "starts_on"):
        value = agreement_amount(a["amount"], a["reimbursement_ceiling"])
        if not value:
            continue
        for stage in (Stage.PLANNED, Stage.COMMITTED):
            yield Movement(
                a["zone_id"], a["fund_id"], a["funding_year"], stage, Origin.AGREEMENT, a["pk"],
                value, label=f"Convenzione {a['number']}", date=a["starts_on"],
            )  # fmt: skip


def _voucher_schemes(apps, zone_ids, ids) -> Iterator[Movement]:
    rows = _rows(apps, "providers.VoucherScheme", "zone_id", zone_ids, ids).filter(
        budget_line__isnull=True
    )
    for s in rows.values("pk", "zone_id", "fund_id", "year", "budget", "code", "title"):
        yield Movement(
            s["zone_id"], s["fund_id"], s["year"], Stage.PLANNED, Origin.VOUCHER_SCHEME, s["pk"],
            s["budget"], label=f"{s['code']} {s['title']}",
        )  # fmt: skip


def voucher_commitment(state: str, value: Decimal, spent: Decimal) -> Decimal:
    """What a voucher holds of its scheme's budget: its value while live, what was spent once
    closed or revoked (the rest went back to the budget), nothing while waiting."""
    if state in ("waiting", "cancelled"):
        return ZERO
    if state in ("closed", "revoked"):
        return spent
    return value


def _vouchers(apps, zone_ids, ids) -> Iterator[Movement]:
    rows = _rows(apps, "providers.Voucher", "zone_id", zone_ids, ids)
    fields = ("pk", "zone_id", "scheme__fund_id", "scheme__year", "state", "value", "spent")
    line = "scheme__budget_line__service_area"
    for v in rows.exclude(state__in=["waiting", "cancelled"]).values(*fields, "number", line):
        amount = voucher_commitment(v["state"], v["value"], v["spent"])
        if amount:
            yield Movement(
                v["zone_id"], v["scheme__fund_id"], v["scheme__year"], Stage.COMMITTED,
                Origin.VOUCHER, v["pk"], amount, label=f"Titolo n. {v['number']}",
                service_area=v[line] or "",
            )  # fmt: skip


def _payments(apps, zone_ids, ids) -> Iterator[Movement]:
    rows = _rows(apps, "providers.Payment", "zone_id", zone_ids, ids)
    fields = ("pk", "zone_id", "scheme__fund_id", "scheme__year", "amount", "act_number")
    line = "scheme__budget_line__service_area"
    for p in rows.values(*fields, "paid_on", line):
        yield Movement(
            p["zone_id"], p["scheme__fund_id"], p["scheme__year"], Stage.PAID,
            Origin.VOUCHER_PAYMENT, p["pk"], p["amount"], label=p["act_number"],
            date=p["paid_on"], service_area=p[line] or "",
        )  # fmt: skip


def _district_hours(apps, zone_ids, ids) -> Iterator[Movement]:
    rows = _rows(apps, "district.DistrictIntake", "zone_id", zone_ids, ids).filter(cost__gt=0)
    fields = ("pk", "zone_id", "line__fund_id", "line__year", "cost", "line__name")
    for i in rows.values(*fields):
        for stage in (Stage.PLANNED, Stage.COMMITTED):
            yield Movement(
                i["zone_id"], i["line__fund_id"], i["line__year"], stage, Origin.DISTRICT_HOURS,
                i["pk"], i["cost"], label=f"{i['line__name']}: presa in carico {i['pk']}",
            )  # fmt: skip


SOURCES = {
    Origin.ALLOCATION: _allocations,
    Origin.ACTION: _actions,
    Origin.SPENDING: _spending,
    Origin.PORTFOLIO: _portfolio,
    Origin.INTERVENTION: _interventions,
    Origin.AGREEMENT: _agreements,
    Origin.VOUCHER_SCHEME: _voucher_schemes,
    Origin.VOUCHER: _vouchers,
    Origin.VOUCHER_PAYMENT: _payments,
    Origin.DISTRICT_HOURS: _district_hours,
}


def computed(apps=None, zone_ids=None, origins=None, ids=None) -> Iterator[Movement]:
    """Every movement the sources imply (of the zones, the origins, the source ids given). A
    source whose app is not installed yet (an early migration state) is skipped."""
    for origin in origins or SOURCES:
        try:
            yield from SOURCES[origin](apps, zone_ids, ids)
        except LookupError:
            continue


def _insert(movement, movements: Iterable[Movement]) -> int:
    batch, count = [], 0
    for m in movements:
        if not (m.fund_id and m.year and m.amount and m.amount > 0):
            continue
        batch.append(
            movement(
                zone_id=m.zone_id, fund_id=m.fund_id, year=m.year, stage=m.stage,
                origin=m.origin, origin_id=m.origin_id, amount=m.amount,
                service_area=m.service_area[:200], label=m.label[:200], date=m.date,
            )
        )  # fmt: skip
        if len(batch) >= BATCH:
            movement.objects.bulk_create(batch)
            count, batch = count + len(batch), []
    movement.objects.bulk_create(batch)
    return count + len(batch)


def refresh(origin: str, ids: Iterable[int]) -> None:
    """After a source's service changed rows `ids` of `origin` (created, changed, deleted):
    their movements again as the sources imply. Call inside the service's transaction."""
    from .models import FundMovement

    ids = list(ids)
    FundMovement.objects.filter(origin=origin, origin_id__in=ids).delete()
    _insert(FundMovement, computed(origins=[origin], ids=ids))


def rebuild(apps=None, zone_ids=None, origins=None) -> int:
    """Replace the movements (of the zones and origins given, every one by default) by the
    ones computed from the sources; their count."""
    movement = _model(apps, "planning.FundMovement")
    existing = movement.objects.all()
    if zone_ids is not None:
        zone_ids = list(zone_ids)
        existing = existing.filter(zone_id__in=zone_ids)
    if origins is not None:
        existing = existing.filter(origin__in=origins)
    existing.delete()
    return _insert(movement, computed(apps, zone_ids, origins))
