"""§7 API of the voucher schemes and the vouchers (titoli sociali): schemes with their budget
figures; vouchers scoped as the pages (the plan office: the zone's; a social worker: those of
the cases they see; a provider's operator: those spent with them, the beneficiary's name and
what was authorised, nothing else of the case); issue, the choice of provider, revocation.
A voucher out of scope is a 404; every read of a beneficiary is logged."""

from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from ambito.core.api_pagination import AmbitoPagination
from ambito.core.api_schemas import READ_ERRORS, WRITE_ERRORS, Money, Ref
from ambito.core.audit import log_persons_shown
from ambito.core.permissions import require
from ambito.territory.models import Municipality

from ..choices import VoucherState
from ..models import Provider, VoucherScheme
from ..selectors import vouchers as selectors
from ..services import vouchers as services
from ..services.common import NOT_ALLOWED

router = Router(tags=["Erogatori e titoli sociali"])

VIEW_SCHEME = "providers.view_voucherscheme"
VIEW_VOUCHER = "providers.view_voucher"
ISSUE = "providers.issue_voucher"
STATES = ", ".join(VoucherState.values)


class VoucherSchemeOut(Schema):
    uuid: UUID
    code: str
    title: str
    kind: str = Field(..., description="buono o voucher")
    status: str
    service: Ref
    accreditation: UUID | None
    value: Money
    units: float | None
    valid_from: date
    valid_until: date
    fund: str = Field(..., description="Codice del fondo")
    year: int
    budget: Money
    committed: Money
    residual: Money


class SchemeBudgetOut(Schema):
    budget: Money
    committed: Money
    residual: Money
    spent: Money
    paid: Money
    waiting_count: int
    waiting_value: Money
    issued_count: int


class SchemeDetailOut(VoucherSchemeOut):
    decision_act: str
    description: str
    figures: SchemeBudgetOut


class VoucherOut(Schema):
    uuid: UUID
    number: int | None
    scheme: UUID
    scheme_code: str
    beneficiary: str = Field(..., description="Nome e cognome del beneficiario")
    municipality: str | None
    state: str = Field(..., description=f"Uno tra: {STATES}")
    waiting_position: int | None
    priority: int
    requested_value: Money
    value: Money
    spent: Money
    paid: Money
    remaining: Money
    units: float | None
    valid_from: date
    valid_until: date
    decision_act: str
    decision_date: date
    issued_at: datetime | None
    provider: Ref | None
    case: UUID | None = Field(None, description="Solo per chi vede la cartella")


class VoucherFilters(Schema):
    scheme: UUID | None = None
    state: str | None = Field(None, description=f"Uno tra: {STATES}")
    municipality: UUID | None = None


class VoucherIn(Schema):
    case: UUID
    scheme: UUID
    requested_value: Money | None = Field(None, description="Vuoto: il valore della misura")
    units: float | None = None
    decision_act: str
    decision_date: date
    valid_from: date
    valid_until: date
    priority: int = 0
    wait_if_short: bool = Field(
        True, description="Se il budget non basta: in lista d'attesa (true) o rifiutato (false)"
    )


class ChoiceIn(Schema):
    provider: UUID


class ReasonIn(Schema):
    reason: str


def _scheme_out(scheme) -> dict:
    return {
        "uuid": scheme.uuid,
        "code": scheme.code,
        "title": scheme.title,
        "kind": scheme.kind,
        "status": scheme.status,
        "service": {"uuid": scheme.service.uuid, "name": scheme.service.name},
        "accreditation": scheme.accreditation.uuid if scheme.accreditation_id else None,
        "value": scheme.value,
        "units": float(scheme.units) if scheme.units is not None else None,
        "valid_from": scheme.valid_from,
        "valid_until": scheme.valid_until,
        "fund": scheme.fund.code,
        "year": scheme.year,
        "budget": scheme.budget,
        "committed": scheme.committed,
        "residual": scheme.residual,
    }


def _sees_cases(user, vouchers) -> set[int]:
    from ambito.cases.models import Case

    ids = {v.case_id for v in vouchers}
    return set(Case.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def _voucher_out(voucher, seen_cases: set[int]) -> dict:
    return {
        "uuid": voucher.uuid,
        "number": voucher.number,
        "scheme": voucher.scheme.uuid,
        "scheme_code": voucher.scheme.code,
        "beneficiary": voucher.person.full_name,
        "municipality": voucher.municipality.name if voucher.municipality_id else None,
        "state": voucher.state,
        "waiting_position": selectors.waiting_position(voucher),
        "priority": voucher.priority,
        "requested_value": voucher.requested_value,
        "value": voucher.value,
        "spent": voucher.spent,
        "paid": voucher.paid,
        "remaining": voucher.remaining,
        "units": float(voucher.units) if voucher.units is not None else None,
        "valid_from": voucher.valid_from,
        "valid_until": voucher.valid_until,
        "decision_act": voucher.decision_act,
        "decision_date": voucher.decision_date,
        "issued_at": voucher.issued_at,
        "provider": (
            {"uuid": voucher.provider.uuid, "name": voucher.provider.organisation.name}
            if voucher.provider_id
            else None
        ),
        "case": voucher.case.uuid if voucher.case_id in seen_cases else None,
    }


def _scheme(request, uuid):
    scheme = selectors.scheme_for(request.user, uuid)
    if scheme is None:
        raise Http404
    return scheme


def _voucher(request, uuid):
    voucher = selectors.voucher_for(request.user, uuid)
    if voucher is None:
        raise Http404
    return voucher


def _detail(request, uuid) -> dict:
    voucher = _voucher(request, uuid)
    return _voucher_out(voucher, _sees_cases(request.user, [voucher]))


@router.get(
    "/titoli/misure",
    response={200: list[VoucherSchemeOut], **READ_ERRORS},
    summary="Misure di titoli sociali",
)
@paginate(AmbitoPagination)
def list_schemes(request):
    require(request.user, VIEW_SCHEME)
    return [_scheme_out(s) for s in selectors.schemes_for(request.user)]


@router.get(
    "/titoli/misure/{uuid}",
    response={200: SchemeDetailOut, **READ_ERRORS},
    summary="Una misura con il suo budget",
)
def get_scheme(request, uuid: UUID):
    require(request.user, VIEW_SCHEME)
    scheme = _scheme(request, uuid)
    return {
        **_scheme_out(scheme),
        "decision_act": scheme.decision_act,
        "description": scheme.description,
        "figures": selectors.scheme_budget(scheme).__dict__,
    }


@router.get("/titoli", response={200: list[VoucherOut], **READ_ERRORS}, summary="Titoli sociali")
@paginate(AmbitoPagination)
def list_vouchers(request, filters: Query[VoucherFilters]):
    require(request.user, VIEW_VOUCHER)
    if filters.state and filters.state not in VoucherState.values:
        raise ValidationError({"state": [f"Stato non valido: usa uno tra {STATES}."]})
    scheme = municipality = None
    if filters.scheme:
        scheme = selectors.scheme_for(request.user, filters.scheme)
        if scheme is None:
            return []
    if filters.municipality:
        municipality = Municipality.objects.filter(
            uuid=filters.municipality, zone_id=request.user.zone_id
        ).first()
        if municipality is None:
            return []
    rows = list(
        selectors.vouchers_for(
            request.user, scheme=scheme, state=filters.state or "", municipality=municipality
        ).select_related("case")
    )
    log_persons_shown(
        user=request.user, rows=rows, person_field="person", object_type="providers.voucher"
    )
    seen = _sees_cases(request.user, rows)
    return [_voucher_out(v, seen) for v in rows]


@router.get(
    "/titoli/{uuid}", response={200: VoucherOut, **READ_ERRORS}, summary="Un titolo sociale"
)
def get_voucher(request, uuid: UUID):
    require(request.user, VIEW_VOUCHER)
    return _detail(request, uuid)


@router.post(
    "/titoli",
    response={201: VoucherOut, **WRITE_ERRORS},
    summary="Emette un titolo sociale da una cartella (o lo mette in lista d'attesa)",
)
def issue_voucher(request, payload: VoucherIn):
    from ambito.cases.models import Case

    require(request.user, ISSUE, message=NOT_ALLOWED)
    case = Case.objects.visible_to(request.user).filter(uuid=payload.case).first()
    if case is None:
        raise Http404
    scheme = VoucherScheme.objects.visible_to(request.user).filter(uuid=payload.scheme).first()
    if scheme is None:
        raise ValidationError({"scheme": ["Misura non trovata in questo ambito."]})
    voucher = services.voucher_issue(
        actor=request.user,
        case=case,
        scheme=scheme,
        requested_value=payload.requested_value,
        units=payload.units,
        decision_act=payload.decision_act,
        decision_date=payload.decision_date,
        valid_from=payload.valid_from,
        valid_until=payload.valid_until,
        priority=payload.priority,
        wait_if_short=payload.wait_if_short,
    )
    return Status(201, _detail(request, voucher.uuid))


@router.post(
    "/titoli/{uuid}/scelta",
    response={200: VoucherOut, **WRITE_ERRORS},
    summary="Registra l'erogatore scelto dal beneficiario",
)
def choose_provider(request, uuid: UUID, payload: ChoiceIn):
    require(request.user, VIEW_VOUCHER)
    voucher = _voucher(request, uuid)
    provider = Provider.objects.filter(uuid=payload.provider, zone_id=voucher.zone_id).first()
    if provider is None:
        raise ValidationError({"provider": ["Erogatore non trovato in questo ambito."]})
    services.voucher_choose_provider(actor=request.user, voucher=voucher, provider=provider)
    return _detail(request, uuid)


@router.post(
    "/titoli/{uuid}/revoca",
    response={200: VoucherOut, **WRITE_ERRORS},
    summary="Revoca un titolo sociale",
)
def revoke_voucher(request, uuid: UUID, payload: ReasonIn):
    require(request.user, VIEW_VOUCHER)
    voucher = _voucher(request, uuid)
    services.voucher_revoke(actor=request.user, voucher=voucher, reason=payload.reason)
    return _detail(request, uuid)
