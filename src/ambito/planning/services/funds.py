"""Allocations of funds to a zone and the residual check: what the actions of the zone plan on
a fund for a year may not exceed what the fund allocated, unless a planner with the override
permission states a reason (logged)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.core.permissions import require

from ..models import Allocation, FundSource, Plan, PlanAction
from .common import NOT_ALLOWED, euro, money

OVERRIDE_REASON_MIN = 10


def allocated(zone_id: int, fund_id: int, year: int) -> Decimal:
    return Allocation.objects.filter(zone_id=zone_id, fund_id=fund_id, year=year).aggregate(
        total=Sum("amount")
    )["total"] or Decimal("0")


def current_actions():
    """Actions of the latest version of each plan: a version replaced by a newer one (its
    `previous`) no longer draws on the funds."""
    return PlanAction.objects.exclude(
        plan_id__in=Plan.objects.filter(previous__isnull=False).values("previous_id")
    )


def planned(zone_id: int, fund_id: int, year: int, *, exclude_action_id=None) -> Decimal:
    qs = current_actions().filter(plan__zone_id=zone_id, fund_id=fund_id, funding_year=year)
    if exclude_action_id is not None:
        qs = qs.exclude(pk=exclude_action_id)
    return qs.aggregate(total=Sum("amount"))["total"] or Decimal("0")


def check_residual(
    *,
    actor,
    zone_id: int,
    fund: FundSource,
    year: int,
    amount: Decimal,
    action_id=None,
    override_reason: str = "",
) -> str:
    """'' when the amount fits the fund's residual; the override note when it does not but
    the actor may and did state why. Raises ValidationError otherwise. Call inside the
    writing transaction (the allocations are locked, so two planners cannot both take the
    last euro)."""
    list(Allocation.objects.select_for_update().filter(zone_id=zone_id, fund=fund, year=year))
    residual = allocated(zone_id, fund.pk, year) - planned(
        zone_id, fund.pk, year, exclude_action_id=action_id
    )
    if amount <= residual:
        return ""
    message = (
        f"Il fondo «{fund.name}» per il {year} ha un residuo di {euro(max(residual, 0))}: "
        f"l'azione ne chiede {euro(amount)}."
    )
    reason = (override_reason or "").strip()
    if not reason:
        raise ValidationError({"amount": message + " Riduci l'importo o indica il motivo."})
    if not actor.has_perm("planning.override_allocation"):
        raise ValidationError({"amount": message + " Non hai il permesso di superarlo."})
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
    log_event(user=actor, obj=allocation, action=EventAction.CREATE, fields=["*"])
    return allocation
