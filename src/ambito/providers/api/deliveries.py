"""§7 API of the deliveries and payments: the deliveries (a provider's operator their own, the
plan office the zone's), recording one on a voucher (the provider's operator), validating or
rejecting one (the plan office), the payments. A delivery names its voucher by number, never
the beneficiary. Rows outside the user's scope are a 404."""

from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from ambito.core.api_pagination import AmbitoPagination
from ambito.core.api_schemas import READ_ERRORS, WRITE_ERRORS, Money, Ref
from ambito.core.permissions import require

from ..choices import DeliveryState
from ..models import Provider, Voucher, VoucherScheme
from ..selectors import deliveries as selectors
from ..services import deliveries as services

router = Router(tags=["Erogatori e titoli sociali"])

VIEW_DELIVERY = "providers.view_delivery"
VIEW_PAYMENT = "providers.view_payment"
STATES = ", ".join(DeliveryState.values)


class DeliveryOut(Schema):
    uuid: UUID
    voucher: UUID
    voucher_number: int | None
    scheme: str = Field(..., description="Codice della misura")
    year: int
    provider: Ref
    date_from: date
    date_to: date
    units: Money = Field(..., description="Unità erogate (ore, accessi...)")
    amount: Money
    state: str = Field(..., description=f"Uno tra: {STATES}")
    note: str
    rejection_reason: str
    payment: UUID | None


class DeliveryIn(Schema):
    date_from: date
    date_to: date
    units: Money
    note: str = ""


class ValidationIn(Schema):
    validated: bool = Field(..., description="true: validata; false: respinta con `reason`")
    reason: str = ""


class DeliveryFilters(Schema):
    state: str | None = Field(None, description=f"Uno tra: {STATES}")
    provider: UUID | None = None
    scheme: UUID | None = None
    month: str | None = Field(None, description="aaaa-mm: le prestazioni con date nel mese")


class PaymentOut(Schema):
    uuid: UUID
    act_number: str
    paid_on: date
    amount: Money
    scheme: str = Field(..., description="Codice della misura")
    year: int
    provider: Ref | None = Field(None, description="Vuoto per un buono pagato al beneficiario")
    voucher: UUID | None = Field(None, description="Il buono pagato al beneficiario")
    deliveries: list[UUID]


def delivery_out(d) -> dict:
    return {
        "uuid": d.uuid,
        "voucher": d.voucher.uuid,
        "voucher_number": d.voucher.number,
        "scheme": d.voucher.scheme.code,
        "year": d.voucher.scheme.year,
        "provider": {"uuid": d.provider.uuid, "name": d.provider.organisation.name},
        "date_from": d.date_from,
        "date_to": d.date_to,
        "units": d.units,
        "amount": d.amount,
        "state": d.state,
        "note": d.note,
        "rejection_reason": d.rejection_reason,
        "payment": d.payment.uuid if d.payment_id else None,
    }


def _payment_out(p) -> dict:
    return {
        "uuid": p.uuid,
        "act_number": p.act_number,
        "paid_on": p.paid_on,
        "amount": p.amount,
        "scheme": p.scheme.code,
        "year": p.scheme.year,
        "provider": (
            {"uuid": p.provider.uuid, "name": p.provider.organisation.name}
            if p.provider_id
            else None
        ),
        "voucher": p.voucher.uuid if p.voucher_id else None,
        "deliveries": [d.uuid for d in p.deliveries.all()],
    }


class Mapped:
    """A queryset whose page is turned into dicts: AmbitoPagination counts it with one query
    and cuts it before any row is read (the list is never built whole)."""

    def __init__(self, rows, out):
        self.rows, self.out = rows, out

    def all(self):
        return self.rows.all()

    def __getitem__(self, cut):
        return [self.out(row) for row in self.rows[cut]]


def _delivery(request, uuid):
    delivery = selectors.delivery_for(user=request.user, uuid=uuid)
    if delivery is None:
        raise Http404
    return delivery


@router.get(
    "/prestazioni",
    response={200: list[DeliveryOut], **READ_ERRORS},
    summary="Prestazioni dei titoli sociali",
)
@paginate(AmbitoPagination)
def list_deliveries(request, filters: Query[DeliveryFilters]):
    require(request.user, VIEW_DELIVERY)
    if filters.state and filters.state not in DeliveryState.values:
        raise ValidationError({"state": [f"Stato non valido: usa uno tra {STATES}."]})
    if filters.month and selectors.month_bounds(filters.month) is None:
        raise ValidationError({"month": ["Indica il mese come aaaa-mm (es. 2026-03)."]})
    provider = scheme = None
    if filters.provider:
        provider = Provider.objects.visible_to(request.user).filter(uuid=filters.provider).first()
        if provider is None:
            return []
    if filters.scheme:
        scheme = VoucherScheme.objects.visible_to(request.user).filter(uuid=filters.scheme).first()
        if scheme is None:
            return []
    rows = selectors.deliveries_for(
        user=request.user,
        state=filters.state or "",
        provider=provider,
        scheme=scheme,
        month=filters.month or "",
    )
    return Mapped(rows, delivery_out)


@router.post(
    "/titoli/{uuid}/prestazioni",
    response={201: DeliveryOut, **WRITE_ERRORS},
    summary="Registra una prestazione su un titolo",
)
def record_delivery(request, uuid: UUID, payload: DeliveryIn):
    voucher = Voucher.objects.visible_to(request.user).filter(uuid=uuid).first()
    if voucher is None:
        raise Http404
    delivery = services.delivery_record(
        actor=request.user,
        voucher=voucher,
        date_from=payload.date_from,
        date_to=payload.date_to,
        units=payload.units,
        note=payload.note,
    )
    return Status(201, delivery_out(_delivery(request, delivery.uuid)))


@router.post(
    "/prestazioni/{uuid}/validazione",
    response={200: DeliveryOut, **WRITE_ERRORS},
    summary="Valida o respinge una prestazione",
)
def validate_delivery(request, uuid: UUID, payload: ValidationIn):
    require(request.user, VIEW_DELIVERY)
    delivery = _delivery(request, uuid)
    if payload.validated:
        services.delivery_validate(actor=request.user, deliveries=[delivery])
    else:
        services.delivery_reject(actor=request.user, delivery=delivery, reason=payload.reason)
    return delivery_out(_delivery(request, uuid))


@router.get(
    "/pagamenti",
    response={200: list[PaymentOut], **READ_ERRORS},
    summary="Pagamenti dei titoli sociali",
)
@paginate(AmbitoPagination)
def list_payments(request):
    require(request.user, VIEW_PAYMENT)
    rows = selectors.payments_for(user=request.user).prefetch_related("deliveries")
    return Mapped(rows, _payment_out)
