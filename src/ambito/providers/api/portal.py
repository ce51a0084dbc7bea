"""§7 API of the provider's portal: a provider's operator reads the vouchers spent with their
organisation, with the same restricted fields as the page (the beneficiary's first and last
name and what was authorised; nothing else of the person or the case). The read of the
beneficiaries of the page answered is logged."""

from datetime import date
from uuid import UUID

from django.http import Http404
from ninja import Field, Query, Router, Schema

from ambito.core.api_pagination import PaginationIn, page_of
from ambito.core.api_schemas import READ_ERRORS, Money
from ambito.core.audit import log_access
from ambito.core.permissions import NotAllowed
from ambito.registry.models import Person

from ..models import Voucher
from ..selectors import portal as selectors
from ..services.common import NOT_ALLOWED
from ..views.portal import log_beneficiaries
from .deliveries import DeliveryOut, delivery_out

router = Router(tags=["Erogatori e titoli sociali"])


class PortalVoucherOut(Schema):
    uuid: UUID
    number: int | None
    first_name: str = Field(..., description="Nome del beneficiario")
    last_name: str = Field(..., description="Cognome del beneficiario")
    scheme: str = Field(..., description="Codice della misura")
    scheme_title: str
    year: int
    state: str
    value: Money = Field(..., description="Valore autorizzato")
    units: Money | None = Field(None, description="Unità autorizzate")
    valid_from: date
    valid_until: date
    spent: Money
    remaining: Money
    paid: Money


class PortalVoucherDetailOut(PortalVoucherOut):
    deliveries: list[DeliveryOut]


class PortalPage(Schema):
    """The API's list envelope (core/api_pagination.py)."""

    count: int = Field(..., description="Numero totale di titoli.")
    next: str | None = Field(..., description="Indirizzo della pagina seguente, o null.")
    items: list[PortalVoucherOut]


def _out(row) -> dict:
    return {
        "uuid": row.uuid,
        "number": row.number,
        "first_name": row.first_name,
        "last_name": row.last_name,
        "scheme": row.scheme_code,
        "scheme_title": row.scheme_title,
        "year": row.scheme_year,
        "state": row.state,
        "value": row.value,
        "units": row.units,
        "valid_from": row.valid_from,
        "valid_until": row.valid_until,
        "spent": row.spent,
        "remaining": row.remaining,
        "paid": row.paid,
    }


def _require_operator(request):
    if not selectors.is_operator(request.user):
        raise NotAllowed(NOT_ALLOWED)


@router.get(
    "/portale/titoli",
    response={200: PortalPage, **READ_ERRORS},
    summary="Portale dell'erogatore: i titoli spesi con l'ente",
)
def list_portal_vouchers(request, pagination: Query[PaginationIn]):
    _require_operator(request)
    values = selectors.portal_vouchers(request.user)
    rows = selectors.rows(values[pagination.offset : pagination.offset + pagination.limit])
    log_beneficiaries(request.user, rows)
    return page_of(request, [_out(r) for r in rows], pagination, values.count())


@router.get(
    "/portale/titoli/{uuid}",
    response={200: PortalVoucherDetailOut, **READ_ERRORS},
    summary="Portale dell'erogatore: un titolo e le sue prestazioni",
)
def get_portal_voucher(request, uuid: UUID):
    _require_operator(request)
    row = selectors.portal_voucher(request.user, uuid)
    if row is None:
        raise Http404
    log_access(user=request.user, obj=Voucher(uuid=row.uuid), person=Person(pk=row.person_id))
    deliveries = selectors.portal_deliveries(request.user, row).select_related(
        "voucher__scheme", "provider__organisation"
    )
    return {**_out(row), "deliveries": [delivery_out(d) for d in deliveries]}
