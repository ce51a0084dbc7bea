"""Reads of voucher schemes and vouchers, scoped through `visible_to`: a scheme is configuration
(every reader of the zone), a voucher names a person (the plan office sees the zone's, a
social worker those of the cases they see, a provider's operator those spent with them).
Reading a voucher's beneficiary is logged."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from ambito.core.audit import log_access

from ..choices import VoucherState
from ..models import Payment, Voucher, VoucherScheme

ZERO = Decimal("0")
WAITING_ORDER = ("-priority", "requested_at", "pk")
WAITING = Q(vouchers__state=VoucherState.WAITING)


@dataclass
class SchemeBudget:
    budget: Decimal
    committed: Decimal
    residual: Decimal
    spent: Decimal
    paid: Decimal
    waiting_count: int
    waiting_value: Decimal
    issued_count: int

    @property
    def percent(self) -> int:
        """The share of the budget committed, 0-100 (for the progress bar)."""
        if not self.budget:
            return 100 if self.committed else 0
        return min(100, int(self.committed * 100 / self.budget))


def schemes_for(user) -> QuerySet:
    """The schemes of the user's zone, with the waiting list's count and value annotated."""
    return (
        VoucherScheme.objects.visible_to(user)
        .select_related("fund", "service", "accreditation", "budget_line")
        .annotate(
            waiting_count=Count("vouchers", filter=WAITING),
            waiting_value=Coalesce(Sum("vouchers__requested_value", filter=WAITING), ZERO),
        )
        .order_by("-year", "code")
    )


def scheme_for(user, uuid) -> VoucherScheme | None:
    return (
        VoucherScheme.objects.visible_to(user)
        .select_related("fund", "service", "accreditation", "budget_line__fund")
        .filter(uuid=uuid)
        .first()
    )


def scheme_budget(scheme: VoucherScheme) -> SchemeBudget:
    """The scheme's figures: budget, committed, residual, spent and paid by its vouchers, the
    waiting list's length and requested value."""
    totals = scheme.vouchers.aggregate(
        spent=Coalesce(Sum("spent"), ZERO),
        waiting_count=Count("pk", filter=Q(state=VoucherState.WAITING)),
        waiting_value=Coalesce(Sum("requested_value", filter=Q(state=VoucherState.WAITING)), ZERO),
        issued_count=Count("pk", filter=Q(number__isnull=False)),
    )
    paid = Payment.objects.filter(scheme=scheme).aggregate(total=Sum("amount"))["total"] or ZERO
    return SchemeBudget(
        budget=scheme.budget,
        committed=scheme.committed,
        residual=scheme.budget - scheme.committed,
        spent=totals["spent"],
        paid=paid,
        waiting_count=totals["waiting_count"],
        waiting_value=totals["waiting_value"],
        issued_count=totals["issued_count"],
    )


def vouchers_for(user, *, scheme=None, state: str = "", municipality=None, case=None) -> QuerySet:
    """The vouchers the user may see, newest request first."""
    rows = Voucher.objects.visible_to(user).select_related(
        "scheme", "person", "municipality", "provider__organisation"
    )
    if scheme is not None:
        rows = rows.filter(scheme=scheme)
    if state:
        rows = rows.filter(state=state)
    if municipality is not None:
        rows = rows.filter(municipality=municipality)
    if case is not None:
        rows = rows.filter(case=case)
    return rows.order_by("-requested_at", "-pk")


def voucher_for(user, uuid) -> Voucher | None:
    """One voucher the user may see; the read of its beneficiary is logged."""
    voucher = (
        Voucher.objects.visible_to(user)
        .select_related(
            "scheme__accreditation",
            "scheme__fund",
            "person",
            "household",
            "case",
            "municipality",
            "provider__organisation",
            "issued_by",
        )
        .filter(uuid=uuid)
        .first()
    )
    if voucher is not None:
        log_access(user=user, obj=voucher, person=voucher.person)
    return voucher


def waiting_list(scheme: VoucherScheme) -> list[Voucher]:
    """The scheme's waiting list in order, each entry with its `position` (1 = next)."""
    rows = list(
        Voucher.objects.filter(scheme=scheme, state=VoucherState.WAITING)
        .select_related("person", "municipality")
        .order_by(*WAITING_ORDER)
    )
    for position, voucher in enumerate(rows, start=1):
        voucher.position = position
    return rows


def waiting_position(voucher: Voucher) -> int | None:
    """1 for the head of the list; None when the voucher is not waiting."""
    if voucher.state != VoucherState.WAITING:
        return None
    ahead = Voucher.objects.filter(scheme_id=voucher.scheme_id, state=VoucherState.WAITING).filter(
        Q(priority__gt=voucher.priority)
        | Q(priority=voucher.priority, requested_at__lt=voucher.requested_at)
        | Q(priority=voucher.priority, requested_at=voucher.requested_at, pk__lt=voucher.pk)
    )
    return ahead.count() + 1


def case_vouchers(user, case) -> QuerySet:
    """The vouchers of a case the user may see (the case page shows them)."""
    return vouchers_for(user, case=case)


def by_state(scheme: VoucherScheme) -> list[tuple[str, int, Decimal]]:
    """(state label, count, value) of the scheme's vouchers, every state."""
    rows = {
        r["state"]: r
        for r in scheme.vouchers.values("state").annotate(n=Count("pk"), value=Sum("value"))
    }
    return [
        (label, rows.get(state, {}).get("n", 0), rows.get(state, {}).get("value") or ZERO)
        for state, label in VoucherState.choices
    ]
