"""The figures of the providers' home page: a handful of aggregate queries, no personal data."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from ..choices import SchemeStatus, VoucherState
from ..models import Voucher, VoucherScheme
from .deliveries import to_validate

ZERO = Decimal("0")


@dataclass
class SchemeLine:
    scheme: VoucherScheme
    waiting: int

    @property
    def used_pct(self) -> Decimal:
        if not self.scheme.budget:
            return ZERO
        return (self.scheme.committed * 100 / self.scheme.budget).quantize(Decimal("0.1"))


def open_schemes(user) -> list[SchemeLine]:
    """The open schemes the user may see, each with its waiting list's length (one query)."""
    schemes = (
        VoucherScheme.objects.visible_to(user)
        .filter(status=SchemeStatus.OPEN)
        .annotate(waiting=Count("vouchers", filter=Q(vouchers__state=VoucherState.WAITING)))
        .select_related("fund")
        .order_by("-year", "code")
    )
    return [SchemeLine(scheme=s, waiting=s.waiting) for s in schemes]


def deliveries_to_validate(user) -> tuple[int, Decimal]:
    """(count, euros) of the deliveries waiting for the user's validation."""
    totals = to_validate(user).order_by().aggregate(n=Count("pk"), euros=Sum("amount"))
    return totals["n"], totals["euros"] or ZERO


def live_vouchers(user) -> int:
    return (
        Voucher.objects.visible_to(user)
        .filter(state__in=[VoucherState.ISSUED, VoucherState.ACTIVE])
        .count()
    )
