"""Reads of deliveries and payments, scoped as `Delivery/Payment.objects.visible_to(user)`: the
plan office sees the zone's, a provider's operator their own, a social worker those of the
vouchers of their cases."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from ambito.core.permissions import allowed

from ..choices import DeliveryState
from ..models import Delivery, Payment, Voucher

ZERO = Decimal("0")
VALIDATE = "providers.validate_delivery"


def month_bounds(month: str) -> tuple[dt.date, dt.date] | None:
    """'2026-03' → (1 March, 31 March); None when not a month."""
    try:
        year, number = (int(part) for part in month.split("-"))
        first = dt.date(year, number, 1)
    except (ValueError, TypeError):
        return None
    return first, first.replace(day=calendar.monthrange(year, number)[1])


def deliveries_for(
    *, user, state: str = "", provider=None, scheme=None, month: str = "", voucher=None
) -> QuerySet:
    """The deliveries the user may see, newest first; `month` ('YYYY-MM'): those whose dates
    touch it."""
    rows = Delivery.objects.visible_to(user).select_related(
        "voucher__scheme", "provider__organisation", "payment"
    )
    if state:
        rows = rows.filter(state=state)
    if provider is not None:
        rows = rows.filter(provider=provider)
    if scheme is not None:
        rows = rows.filter(voucher__scheme=scheme)
    if voucher is not None:
        rows = rows.filter(voucher=voucher)
    if month:
        bounds = month_bounds(month)
        if bounds is None:
            return rows.none()
        rows = rows.filter(date_from__lte=bounds[1], date_to__gte=bounds[0])
    return rows.order_by("-date_from", "-pk")


def delivery_for(*, user, uuid) -> Delivery | None:
    return deliveries_for(user=user).filter(uuid=uuid).first()


def to_validate(user) -> QuerySet:
    """The recorded deliveries waiting for the plan office's validation (none for a user who
    does not validate)."""
    if not allowed(user, VALIDATE):
        return Delivery.objects.none()
    return deliveries_for(user=user, state=DeliveryState.RECORDED).order_by("date_from", "pk")


def payable(*, user, provider, scheme) -> QuerySet:
    """The validated, not yet paid deliveries of a provider's vouchers of a scheme."""
    if not allowed(user, VALIDATE):
        return Delivery.objects.none()
    return (
        deliveries_for(user=user, state=DeliveryState.VALIDATED, provider=provider, scheme=scheme)
        .filter(payment__isnull=True)
        .order_by("date_from", "pk")
    )


def payments_for(*, user, provider=None, scheme=None) -> QuerySet:
    rows = Payment.objects.visible_to(user).select_related(
        "provider__organisation", "scheme", "voucher"
    )
    if provider is not None:
        rows = rows.filter(provider=provider)
    if scheme is not None:
        rows = rows.filter(scheme=scheme)
    return rows.order_by("-paid_on", "-pk")


def payment_for(*, user, uuid) -> Payment | None:
    return payments_for(user=user).filter(uuid=uuid).first()


def payment_deliveries(payment: Payment) -> QuerySet:
    return payment.deliveries.select_related("voucher__scheme").order_by("date_from", "pk")


@dataclass(frozen=True)
class DeliveryTotals:
    recorded_units: Decimal
    recorded_amount: Decimal
    validated_units: Decimal
    validated_amount: Decimal
    paid_units: Decimal
    paid_amount: Decimal
    rejected_units: Decimal
    rejected_amount: Decimal


def delivery_totals(voucher: Voucher) -> DeliveryTotals:
    """Units and euros of a voucher's deliveries by state: one query."""
    sums = {}
    for state in DeliveryState.values:
        sums[f"{state}_units"] = Sum("units", filter=Q(state=state))
        sums[f"{state}_amount"] = Sum("amount", filter=Q(state=state))
    found = Delivery.objects.filter(voucher=voucher).aggregate(**sums)
    return DeliveryTotals(**{key: value or ZERO for key, value in found.items()})
