"""The provider's portal: what a provider's operator reads of the vouchers spent with their
organisation. Of the beneficiary, the first and last name only; of the voucher, what was
authorised (scheme, number, value, units, validity) and what is spent and remains; nothing
else of the person or the case (no fiscal code, no address, no case). Rows are
`PortalVoucher`s built from `values()`: the person's other fields are never loaded."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from django.db.models import QuerySet

from ..choices import VoucherState
from ..models import Delivery, Payment, Voucher

FIELDS = (
    "pk",
    "uuid",
    "person_id",
    "person__first_name",
    "person__last_name",
    "scheme__code",
    "scheme__title",
    "scheme__year",
    "scheme__accreditation__unit",
    "scheme__accreditation__tariff",
    "number",
    "state",
    "value",
    "units",
    "valid_from",
    "valid_until",
    "spent",
    "paid",
)


@dataclass(frozen=True)
class PortalVoucher:
    pk: int
    uuid: UUID
    person_id: int
    first_name: str
    last_name: str
    scheme_code: str
    scheme_title: str
    scheme_year: int
    unit: str | None
    tariff: Decimal | None
    number: int | None
    state: str
    value: Decimal
    units: Decimal | None
    valid_from: dt.date
    valid_until: dt.date
    spent: Decimal
    paid: Decimal

    @property
    def beneficiary(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def remaining(self) -> Decimal:
        return self.value - self.spent

    @property
    def state_label(self) -> str:
        return VoucherState(self.state).label

    @property
    def active(self) -> bool:
        return self.state == VoucherState.ACTIVE


def _row(values: dict) -> PortalVoucher:
    return PortalVoucher(
        pk=values["pk"],
        uuid=values["uuid"],
        person_id=values["person_id"],
        first_name=values["person__first_name"],
        last_name=values["person__last_name"],
        scheme_code=values["scheme__code"],
        scheme_title=values["scheme__title"],
        scheme_year=values["scheme__year"],
        unit=values["scheme__accreditation__unit"],
        tariff=values["scheme__accreditation__tariff"],
        number=values["number"],
        state=values["state"],
        value=values["value"],
        units=values["units"],
        valid_from=values["valid_from"],
        valid_until=values["valid_until"],
        spent=values["spent"],
        paid=values["paid"],
    )


def is_operator(user) -> bool:
    return getattr(user, "organisation_id", None) is not None and user.has_perm(
        "providers.add_delivery"
    )


def _own_vouchers(user) -> QuerySet:
    if getattr(user, "organisation_id", None) is None:
        return Voucher.objects.none()
    return Voucher.objects.visible_to(user).filter(provider__organisation_id=user.organisation_id)


def portal_vouchers(user, *, state: str = "") -> QuerySet:
    """The `values()` of the vouchers spent with the user's organisation, live ones first
    (turn them into rows with `rows`)."""
    rows = _own_vouchers(user)
    if state:
        rows = rows.filter(state=state)
    return rows.order_by("state", "valid_until", "number", "pk").values(*FIELDS)


def rows(values) -> list[PortalVoucher]:
    return [_row(v) for v in values]


def portal_voucher(user, uuid) -> PortalVoucher | None:
    found = _own_vouchers(user).filter(uuid=uuid).values(*FIELDS).first()
    return _row(found) if found else None


def portal_deliveries(user, voucher: PortalVoucher) -> QuerySet:
    return (
        Delivery.objects.visible_to(user)
        .filter(voucher_id=voucher.pk, provider__organisation_id=user.organisation_id)
        .select_related("payment")
        .order_by("-date_from", "-pk")
    )


def portal_payments(user) -> QuerySet:
    """The payments to the user's organisation, with the deliveries paid (voucher number and
    scheme, never the beneficiary)."""
    if getattr(user, "organisation_id", None) is None:
        return Payment.objects.none()
    return (
        Payment.objects.visible_to(user)
        .filter(provider__organisation_id=user.organisation_id)
        .select_related("scheme")
        .order_by("-paid_on", "-pk")
    )


def payment_lines(payment: Payment) -> QuerySet:
    return payment.deliveries.select_related("voucher").order_by("date_from", "pk")
