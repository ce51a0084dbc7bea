"""The report of the titoli sociali as JSON: the same sections as the page and the files
(selectors/reports.py decides who reads which: the assembly gets no providers and no payments,
`providers` and `payments` are then empty and `figures_only` is true)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from uuid import UUID

from django.utils import timezone
from ninja import Query, Router, Schema

from ambito.core.api_schemas import READ_ERRORS, Money, Year
from ambito.core.api_schemas import Percent as PercentOut

from ..selectors.reports import providers_report, report_scope

router = Router(tags=["Erogatori e titoli sociali"])


class SchemeFigures(Schema):
    scheme_uuid: UUID
    code: str
    title: str


class StateFigures(SchemeFigures):
    state: str
    vouchers: int
    value: Money


class MunicipalityFigures(Schema):
    municipality: str
    issued: int
    value_issued: Money
    waiting: int


class BudgetFigures(SchemeFigures):
    budget: Money
    committed: Money
    residual: Money
    spent: Money
    paid: Money
    waiting: int
    waiting_value: Money
    used_percent: PercentOut | None


class ProviderFigures(Schema):
    provider_uuid: UUID
    provider: str
    beneficiaries: int
    vouchers: int
    units: Decimal
    validated: Money
    paid: Money


class MonthFigures(Schema):
    month: str  # "2026-03"
    recorded_units: Decimal
    recorded: Money
    validated_units: Decimal
    validated: Money
    rejected_units: Decimal
    rejected: Money
    paid_units: Decimal
    paid: Money
    payments: int
    payments_amount: Money


class ReportPaymentOut(Schema):
    uuid: UUID
    act_number: str
    paid_on: dt.date
    provider: str | None  # None: a buono paid to its beneficiary
    scheme_code: str
    amount: Money


class PortfolioFigures(Schema):
    year: int
    service_area: str
    fund: str
    amount: Money
    schemes: list[str]
    budgets: Money
    committed: Money
    paid: Money
    difference: Money
    used_percent: PercentOut | None


class ProvidersReportOut(Schema):
    year: int
    figures_only: bool
    vouchers_by_scheme_and_state: list[StateFigures]
    vouchers_by_municipality: list[MunicipalityFigures]
    budgets: list[BudgetFigures]
    providers: list[ProviderFigures]
    months: list[MonthFigures]
    payments: list[ReportPaymentOut]
    portfolio: list[PortfolioFigures]


class ReportQuery(Schema):
    anno: Year | None = None


def _scheme(ref) -> dict:
    return {"scheme_uuid": ref.uuid, "code": ref.code, "title": ref.title}


def _points(percent):
    return None if percent.points is None else Decimal(percent.points)


@router.get(
    "/rapporto",
    response={200: ProvidersReportOut, **READ_ERRORS},
    summary="Rapporto dei titoli sociali",
)
def get_providers_report(request, filters: Query[ReportQuery]):
    """The report of the caller's zone for an *annualità* of the voucher schemes (default:
    the current year): the plan office reads every section, the assembly the figures only."""
    zone_id, figures_only = report_scope(request.user)
    year = filters.anno or timezone.localdate().year
    report = providers_report(zone_id, year, figures_only=figures_only)
    payments = [
        {
            "uuid": p["uuid"],
            "act_number": p["act_number"],
            "paid_on": p["paid_on"],
            "provider": p["provider__organisation__name"],
            "scheme_code": p["scheme__code"],
            "amount": p["amount"],
        }
        for p in (report.payments.iterator() if report.payments is not None else [])
    ]
    return {
        "year": year,
        "figures_only": figures_only,
        "vouchers_by_scheme_and_state": [
            {**_scheme(r.scheme), "state": r.state, "vouchers": r.count, "value": r.value}
            for r in report.states
        ],
        "vouchers_by_municipality": [vars(r) for r in report.municipalities],
        "budgets": [
            {
                **_scheme(r.scheme),
                **{k: v for k, v in vars(r).items() if k not in ("scheme", "used")},
                "used_percent": _points(r.used),
            }
            for r in report.budgets
        ],
        "providers": [vars(r) for r in report.providers],
        "months": [
            {**{k: v for k, v in vars(r).items() if k != "month"}, "month": f"{r.month:%Y-%m}"}
            for r in report.months
        ],
        "payments": payments,
        "portfolio": [
            {
                "year": r.year,
                "service_area": r.service_area,
                "fund": r.fund,
                "amount": r.amount,
                "schemes": r.schemes.split(", ") if r.schemes else [],
                "budgets": r.budgets,
                "committed": r.committed,
                "paid": r.paid,
                "difference": r.difference,
                "used_percent": _points(r.used),
            }
            for r in report.portfolio
        ],
    }
