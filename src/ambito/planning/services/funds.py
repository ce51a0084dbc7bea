"""Allocations of funds to a zone, the portfolio lines and the residual check: what the zone
plans on a fund for a year (actions, portfolio lines, voucher schemes, interventions,
agreements: every origin of the ledger) may not exceed what the fund allocated, unless a
planner with the override permission states a reason (logged)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.core.permissions import require
from ambito.territory.selectors import format_euro as euro

from .. import ledger
from ..choices import LedgerOrigin, LedgerStage, ManagementForm
from ..models import Allocation, BudgetLine, FundMovement, FundSource
from .common import NOT_ALLOWED, money

OVERRIDE_REASON_MIN = 10


def check_residual(
    *,
    actor,
    zone_id: int,
    fund: FundSource,
    year: int,
    amount: Decimal,
    origin: str = LedgerOrigin.ACTION,
    source_id=None,
    override_reason: str = "",
    what: str = "l'azione",
    field: str = "amount",
) -> str:
    """'' when the amount fits the fund's residual on the ledger (allocated − planned over
    every origin, this source left out); the override note when it does not but the actor may
    and did state why. Raises ValidationError otherwise. Call inside the writing transaction:
    the fund year's allocation movements are locked, so two writers cannot both take the last
    euro."""
    list(
        FundMovement.objects.select_for_update().filter(
            zone_id=zone_id, fund=fund, year=year, stage=LedgerStage.ALLOCATED
        )
    )
    residual = ledger.residual(
        zone_id=zone_id,
        fund_id=fund.pk,
        year=year,
        exclude=(origin, source_id) if source_id is not None else None,
    )
    if amount <= residual:
        return ""
    message = (
        f"Il fondo «{fund.name}» per il {year} ha un residuo di {euro(max(residual, 0))}: "
        f"{what} ne chiede {euro(amount)}."
    )
    reason = (override_reason or "").strip()
    if not reason:
        raise ValidationError({field: message + " Riduci l'importo o indica il motivo."})
    if not actor.has_perm("planning.override_allocation"):
        raise ValidationError({field: message + " Non hai il permesso di superarlo."})
    if len(reason) < OVERRIDE_REASON_MIN:
        raise ValidationError({"override_reason": "Motiva il superamento (almeno 10 caratteri)."})
    return f"supera il residuo di {fund.code} {year}: {reason}"[:200]


@transaction.atomic
def allocation_add(
    *, actor, fund: FundSource, year: int, amount, act: str, act_date=None
) -> Allocation:
    require(actor, "planning.add_allocation", message=NOT_ALLOWED)
    errors: dict[str, str] = {}
    value = money(amount, "amount", errors, label="Importo assegnato")
    if not (act or "").strip():
        errors["act"] = "Indica l'atto di assegnazione."
    if not 2000 <= int(year or 0) <= 2100:
        errors["year"] = "Annualità non valida."
    if errors:
        raise ValidationError(errors)
    allocation = Allocation(
        zone_id=actor.zone_id,
        fund=fund,
        year=year,
        amount=value,
        act=act.strip(),
        act_date=act_date,
    )
    allocation.full_clean()
    allocation.save()
    ledger.refresh(LedgerOrigin.ALLOCATION, [allocation.pk])
    log_event(user=actor, obj=allocation, action=EventAction.CREATE, fields=["*"])
    return allocation


@transaction.atomic
def budget_line_add(
    *,
    actor,
    year: int,
    service_area: str,
    fund: FundSource,
    amount,
    management_form: str = "",
    override_reason: str = "",
) -> BudgetLine:
    """A line of the zone's fund portfolio (seed 003 §G.3): what a service area gets from a
    fund in a year. It plans the fund's money by service area, so it draws on the fund year's
    residual like any other origin of the ledger (§9)."""
    require(actor, "planning.add_budgetline", message=NOT_ALLOWED)
    errors: dict[str, str] = {}
    value = money(amount, "amount", errors, label="Importo della voce")
    area = " ".join((service_area or "").split())
    if not area:
        errors["service_area"] = "Indica l'area di servizio."
    elif len(area) > 200:
        errors["service_area"] = "L'area di servizio è troppo lunga (al massimo 200 caratteri)."
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= 2100:
        errors["year"] = "Annualità non valida."
    if management_form and management_form not in ManagementForm.values:
        errors["management_form"] = "Forma di gestione non valida."
    if fund is None:
        errors["fund"] = "Indica la fonte di finanziamento."
    if errors:
        raise ValidationError(errors)
    note = check_residual(
        actor=actor,
        zone_id=actor.zone_id,
        fund=fund,
        year=year,
        amount=value,
        origin=LedgerOrigin.PORTFOLIO,
        override_reason=override_reason,
        what="la voce del portafoglio",
    )
    line = BudgetLine(
        zone_id=actor.zone_id,
        year=year,
        service_area=area,
        fund=fund,
        amount=value,
        management_form=management_form or "",
    )
    line.full_clean()
    line.save()
    ledger.refresh(LedgerOrigin.PORTFOLIO, [line.pk])
    log_event(user=actor, obj=line, action=EventAction.CREATE, fields=["*"], note=note)
    return line
