"""The report of the titoli sociali of a zone for a year (issue 18): figures, never persons.

The year is the *annualità del fondo* of the voucher schemes (`VoucherScheme.year`): every
section reads the schemes of that year, their vouchers, deliveries and payments (a voucher of
a 2026 scheme valid until June 2027 is in the 2026 report, its 2027 months included).

Sections:
1. vouchers by scheme × state (count and value granted), and by municipality of residence
   (vouchers issued — every voucher that left the waiting list, revoked and closed included —
   and their value, and those waiting);
2. the budget of each scheme: budget, committed (the scheme's guarded `committed`), residual,
   spent and paid, the waiting list (count and requested value), share used (%);
3. per provider: distinct beneficiaries (a count), vouchers spent with it, units delivered
   (not rejected), euros validated (validated or paid deliveries), euros paid (payments);
4. deliveries by month of their start (recorded = every delivery recorded, validated =
   validated or paid, rejected, paid), payments by month, and the list of payments (act,
   date, provider — a *buono* paid to its beneficiary shows no name, only "beneficiario");
5. the portfolio lines of the titoli sociali (the schemes' `budget_line`): the line's amount,
   the budgets of its schemes, committed and paid as the fund ledger holds them (origins
   `voucher` and `voucher_payment`, planning/ledger.py), and the difference, so that this
   report and the fund table agree.

Who reads it (decided here): the plan office (`providers.view_zone_providers`) reads every
section. The assembly (PROVIDERS_READ and the zone's reports, `monitoring.view_zone_reports`,
but not the zone's vouchers) reads the figures-only sections 1, 2, 4 (months) and 5: not the
section per provider nor the list of payments, which name the bodies the zone pays act by act
and, for a small provider, come close to its beneficiaries. Anyone else (a social worker, a
provider's operator) is refused.

Every figure is a grouped query in the database: a fixed number of queries whatever the size
of the zone (tests/providers/test_reports.py counts them); the payments list stays a lazy
queryset that the page paginates and the files stream.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth

from ambito.core.permissions import NotAllowed, allowed, works_in_zone
from ambito.core.tables import Percent
from ambito.planning.choices import LedgerOrigin, LedgerStage
from ambito.planning.models import FundMovement

from ..choices import DeliveryState, VoucherState
from ..models import DeliveryTally, Payment, Voucher, VoucherScheme
from ..services.common import NOT_ALLOWED

ZERO = Decimal("0.00")
FULL = "providers.view_zone_providers"
FIGURES = ("providers.view_voucherscheme", "monitoring.view_zone_reports")
ISSUED_STATES = (
    VoucherState.ISSUED,
    VoucherState.ACTIVE,
    VoucherState.CLOSED,
    VoucherState.REVOKED,
)
VALIDATED_STATES = (DeliveryState.VALIDATED, DeliveryState.PAID)
NO_MUNICIPALITY = "Comune non indicato"


def report_scope(user) -> tuple[int, bool]:
    """(the user's zone, figures only?) for the report, or NotAllowed."""
    if works_in_zone(user):
        if allowed(user, FULL):
            return user.zone_id, False
        if all(allowed(user, perm) for perm in FIGURES):
            return user.zone_id, True
    raise NotAllowed(NOT_ALLOWED)


def share(part, whole) -> Percent:
    if not whole:
        return Percent(None)
    return Percent((Decimal(part) / Decimal(whole) * 100).quantize(Decimal("0.1")))


CENT = Decimal("0.01")


class _Figures:
    """Every Decimal of a row with two places, as PostgreSQL gives them (SQLite's sums come
    back as 180 or 9.5): the files and the API read the same on both databases."""

    def __post_init__(self):
        for name, value in vars(self).items():
            if isinstance(value, Decimal):
                object.__setattr__(self, name, value.quantize(CENT))


@dataclass(frozen=True)
class SchemeRef:
    pk: int
    uuid: object
    code: str
    title: str
    kind: str


@dataclass(frozen=True)
class StateRow(_Figures):
    scheme: SchemeRef
    state: str
    state_label: str
    count: int
    value: Decimal


@dataclass(frozen=True)
class MunicipalityRow(_Figures):
    municipality: str
    issued: int
    value_issued: Decimal
    waiting: int


@dataclass(frozen=True)
class BudgetRow(_Figures):
    scheme: SchemeRef
    budget: Decimal
    committed: Decimal
    residual: Decimal
    spent: Decimal
    paid: Decimal
    waiting: int
    waiting_value: Decimal
    used: Percent


@dataclass(frozen=True)
class ProviderRow(_Figures):
    provider_uuid: object
    provider: str
    beneficiaries: int
    vouchers: int
    units: Decimal
    validated: Decimal
    paid: Decimal


@dataclass(frozen=True)
class MonthRow(_Figures):
    month: object  # the first day of the month
    recorded_units: Decimal
    recorded: Decimal
    validated_units: Decimal
    validated: Decimal
    rejected_units: Decimal
    rejected: Decimal
    paid_units: Decimal
    paid: Decimal
    payments: int
    payments_amount: Decimal


@dataclass(frozen=True)
class PortfolioRow(_Figures):
    line_id: int
    year: int
    service_area: str
    fund: str
    amount: Decimal
    schemes: str  # the codes of the schemes on the line
    budgets: Decimal
    committed: Decimal
    paid: Decimal

    @property
    def difference(self) -> Decimal:
        """What of the line the vouchers have not committed (negative: beyond the line)."""
        return self.amount - self.committed

    @property
    def used(self) -> Percent:
        return share(self.committed, self.amount)


@dataclass
class ProvidersReport:
    zone_id: int
    year: int
    figures_only: bool
    states: list[StateRow] = field(default_factory=list)
    municipalities: list[MunicipalityRow] = field(default_factory=list)
    budgets: list[BudgetRow] = field(default_factory=list)
    providers: list[ProviderRow] = field(default_factory=list)
    months: list[MonthRow] = field(default_factory=list)
    portfolio: list[PortfolioRow] = field(default_factory=list)
    payments: object = None  # a lazy queryset of dicts (None when figures only)

    @property
    def totals(self) -> dict:
        rows = self.budgets
        budget = sum((r.budget for r in rows), ZERO)
        committed = sum((r.committed for r in rows), ZERO)
        return {
            "budget": budget,
            "committed": committed,
            "residual": sum((r.residual for r in rows), ZERO),
            "spent": sum((r.spent for r in rows), ZERO),
            "paid": sum((r.paid for r in rows), ZERO),
            "waiting": sum(r.waiting for r in rows),
            "waiting_value": sum((r.waiting_value for r in rows), ZERO),
            "used": share(committed, budget),
        }


def _sum(expression, **filters):
    flt = Q(**filters) if filters else None
    return Coalesce(Sum(expression, filter=flt), ZERO)


def _schemes(zone_id: int, year: int) -> dict[int, SchemeRef]:
    rows = VoucherScheme.objects.filter(zone_id=zone_id, year=year).order_by("code")
    return {
        s["pk"]: SchemeRef(s["pk"], s["uuid"], s["code"], s["title"], s["kind"])
        for s in rows.values("pk", "uuid", "code", "title", "kind")
    }


def _budgets(zone_id, year, schemes) -> list[BudgetRow]:
    waiting = Q(vouchers__state=VoucherState.WAITING)
    rows = (
        VoucherScheme.objects.filter(zone_id=zone_id, year=year)
        .annotate(
            spent_total=_sum("vouchers__spent"),
            waiting_count=Count("vouchers", filter=waiting),
            waiting_value=Coalesce(Sum("vouchers__requested_value", filter=waiting), ZERO),
        )
        .values("pk", "budget", "committed", "spent_total", "waiting_count", "waiting_value")
    )
    paid = dict(
        Payment.objects.filter(zone_id=zone_id, scheme__year=year)
        .values("scheme_id")
        .annotate(total=Sum("amount"))
        .values_list("scheme_id", "total")
    )
    found = {r["pk"]: r for r in rows}
    return [
        BudgetRow(
            scheme=ref,
            budget=found[pk]["budget"],
            committed=found[pk]["committed"],
            residual=found[pk]["budget"] - found[pk]["committed"],
            spent=found[pk]["spent_total"],
            paid=paid.get(pk, ZERO),
            waiting=found[pk]["waiting_count"],
            waiting_value=found[pk]["waiting_value"],
            used=share(found[pk]["committed"], found[pk]["budget"]),
        )
        for pk, ref in schemes.items()
        if pk in found
    ]


def _states(vouchers, schemes) -> list[StateRow]:
    labels = dict(VoucherState.choices)
    order = {code: i for i, code in enumerate(labels)}
    rows = vouchers.values("scheme_id", "state").annotate(n=Count("pk"), total=_sum("value"))
    found = sorted(
        rows,
        key=lambda r: (list(schemes).index(r["scheme_id"]), order.get(r["state"], 99)),
    )
    return [
        StateRow(
            schemes[r["scheme_id"]],
            r["state"],
            labels.get(r["state"], r["state"]),
            r["n"],
            r["total"],
        )  # fmt: skip
        for r in found
    ]


def _municipalities(vouchers) -> list[MunicipalityRow]:
    issued = Q(state__in=ISSUED_STATES)
    rows = (
        vouchers.values("municipality_id", "municipality__name")
        .annotate(
            issued=Count("pk", filter=issued),
            value_issued=_sum("value", state__in=ISSUED_STATES),
            waiting=Count("pk", filter=Q(state=VoucherState.WAITING)),
        )
        .order_by("municipality__name")
    )
    return [
        MunicipalityRow(
            r["municipality__name"] or NO_MUNICIPALITY,
            r["issued"],
            r["value_issued"],
            r["waiting"],
        )  # fmt: skip
        for r in rows
    ]


def _providers(zone_id, year, vouchers) -> list[ProviderRow]:
    chosen = (
        vouchers.filter(provider__isnull=False)
        .values("provider_id", "provider__uuid", "provider__organisation__name")
        .annotate(persons=Count("person_id", distinct=True), n=Count("pk"))
    )
    delivered = (
        DeliveryTally.objects.filter(zone_id=zone_id, scheme__year=year)
        .values("provider_id")
        .annotate(
            units=Coalesce(Sum("units", filter=~Q(state=DeliveryState.REJECTED)), Decimal("0")),
            validated=_sum("amount", state__in=VALIDATED_STATES),
        )
    )
    paid = dict(
        Payment.objects.filter(zone_id=zone_id, scheme__year=year, provider__isnull=False)
        .values("provider_id")
        .annotate(total=Sum("amount"))
        .values_list("provider_id", "total")
    )
    deliveries = {r["provider_id"]: r for r in delivered}
    rows = []
    for r in chosen:
        d = deliveries.get(r["provider_id"], {})
        rows.append(
            ProviderRow(
                provider_uuid=r["provider__uuid"],
                provider=r["provider__organisation__name"],
                beneficiaries=r["persons"],
                vouchers=r["n"],
                units=d.get("units", Decimal("0")),
                validated=d.get("validated", ZERO),
                paid=paid.get(r["provider_id"], ZERO),
            )
        )
    return sorted(rows, key=lambda row: row.provider.casefold())


def _months(zone_id, year) -> list[MonthRow]:
    units0 = Decimal("0")

    def units(**filters):
        return Coalesce(Sum("units", filter=Q(**filters) if filters else None), units0)

    deliveries = (
        DeliveryTally.objects.filter(zone_id=zone_id, scheme__year=year)
        .values("month")
        .annotate(
            recorded_units=units(),
            recorded=_sum("amount"),
            validated_units=units(state__in=VALIDATED_STATES),
            validated=_sum("amount", state__in=VALIDATED_STATES),
            rejected_units=units(state=DeliveryState.REJECTED),
            rejected=_sum("amount", state=DeliveryState.REJECTED),
            paid_units=units(state=DeliveryState.PAID),
            paid=_sum("amount", state=DeliveryState.PAID),
        )
    )
    payments = (
        Payment.objects.filter(zone_id=zone_id, scheme__year=year)
        .annotate(month=TruncMonth("paid_on"))
        .values("month")
        .annotate(n=Count("pk"), total=_sum("amount"))
    )
    empty = {
        "recorded_units": units0, "recorded": ZERO, "validated_units": units0,
        "validated": ZERO, "rejected_units": units0, "rejected": ZERO, "paid_units": units0,
        "paid": ZERO, "payments": 0, "payments_amount": ZERO,
    }  # fmt: skip
    months: dict = defaultdict(lambda: dict(empty))
    for row in deliveries:
        months[row.pop("month")].update(row)
    for row in payments:
        months[row["month"]].update(payments=row["n"], payments_amount=row["total"])
    return [MonthRow(month=month, **months[month]) for month in sorted(months)]


def _ledger(zone_id, year, origin) -> dict[tuple[str, int], Decimal]:
    """{(service area, fund): amount} of the ledger's rows of `origin` (vouchers committed,
    payments paid) for the schemes on a portfolio line: their movements carry the line's
    service area (planning/ledger.py)."""
    stage = LedgerStage.COMMITTED if origin == LedgerOrigin.VOUCHER else LedgerStage.PAID
    rows = (
        FundMovement.objects.filter(zone_id=zone_id, year=year, origin=origin, stage=stage)
        .exclude(service_area="")
        .values("service_area", "fund_id")
        .annotate(total=Sum("amount"))
    )
    return {(r["service_area"], r["fund_id"]): r["total"] for r in rows}


def _portfolio(zone_id, year) -> list[PortfolioRow]:
    schemes = (
        VoucherScheme.objects.filter(zone_id=zone_id, year=year, budget_line__isnull=False)
        .values(
            "budget_line_id",
            "budget_line__year",
            "budget_line__service_area",
            "budget_line__fund__name",
            "budget_line__fund_id",
            "budget_line__amount",
            "code",
            "budget",
        )  # fmt: skip
        .order_by("budget_line__service_area", "budget_line__fund__name", "code")
    )
    lines: dict[int, dict] = {}
    for s in schemes:  # one row per scheme on a line: a handful, never the vouchers
        line = lines.setdefault(
            s["budget_line_id"],
            {
                "year": s["budget_line__year"],
                "service_area": s["budget_line__service_area"],
                "fund": s["budget_line__fund__name"],
                "key": (s["budget_line__service_area"], s["budget_line__fund_id"]),
                "amount": s["budget_line__amount"],
                "codes": [],
                "budgets": ZERO,
            },
        )
        line["codes"].append(s["code"])
        line["budgets"] += s["budget"]
    if not lines:
        return []
    committed = _ledger(zone_id, year, LedgerOrigin.VOUCHER)
    paid = _ledger(zone_id, year, LedgerOrigin.VOUCHER_PAYMENT)
    return [
        PortfolioRow(
            line_id=pk,
            year=line["year"],
            service_area=line["service_area"],
            fund=line["fund"],
            amount=line["amount"],
            schemes=", ".join(line["codes"]),
            budgets=line["budgets"],
            committed=committed.get(line["key"], ZERO),
            paid=paid.get(line["key"], ZERO),
        )  # fmt: skip
        for pk, line in lines.items()
    ]


def payments_list(zone_id: int, year: int):
    """The payments of the year's schemes, by date, as dicts (act, date, provider,
    scheme, amount; a *buono* paid to its beneficiary has no provider and shows no name)."""
    return (
        Payment.objects.filter(zone_id=zone_id, scheme__year=year)
        .order_by("paid_on", "pk")
        .values(
            "uuid",
            "act_number",
            "paid_on",
            "amount",
            "scheme__code",
            "provider__organisation__name",
        )  # fmt: skip
    )


def providers_report(zone_id: int, year: int, *, figures_only: bool = False) -> ProvidersReport:
    """The report of the zone's titoli sociali of the year (the module's docstring)."""
    report = ProvidersReport(zone_id=zone_id, year=year, figures_only=figures_only)
    schemes = _schemes(zone_id, year)
    vouchers = Voucher.objects.filter(zone_id=zone_id, scheme__year=year).order_by()
    report.states = _states(vouchers, schemes)
    report.municipalities = _municipalities(vouchers)
    report.budgets = _budgets(zone_id, year, schemes)
    report.months = _months(zone_id, year)
    report.portfolio = _portfolio(zone_id, year)
    if not figures_only:
        report.providers = _providers(zone_id, year, vouchers)
        report.payments = payments_list(zone_id, year)
    return report
