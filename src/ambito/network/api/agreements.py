"""§8 API of the agreements (convenzioni): list (filters as the page), those expiring, one
agreement with its services, renewal chain and delivered interventions (counts), create,
renew, terminate. Scoped as the pages: an operator sees only their organisation's, another
organisation's agreement is a 404."""

from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from ambito.catalog.models import InterventionType, Service
from ambito.core.api_pagination import AmbitoPagination
from ambito.core.api_schemas import READ_ERRORS, WRITE_ERRORS, Money, Ref
from ambito.core.audit import log_access
from ambito.core.permissions import require
from ambito.planning.models import FundSource, PlanObjective
from ambito.territory.models import Organisation

from ..selectors import agreements as selectors
from ..services import agreements as services
from ..services.common import NOT_ALLOWED

router = Router(tags=["Rete del Terzo settore"])

VIEW = "network.view_agreement"
MANAGE = "network.manage_network"
STATES = ", ".join(state for state, _ in selectors.AgreementState.choices)


class AgreementOut(Schema):
    uuid: UUID
    number: str
    subject: str
    kind: str
    organisation: Ref
    line: str | None = Field(None, description="Codice della linea del patto")
    starts_on: date
    ends_on: date
    amount: Money | None
    reimbursement_ceiling: Money | None
    fund: str | None = Field(None, description="Codice del fondo a cui è imputata")
    funding_year: int | None = Field(None, description="Annualità del fondo")
    terminated_on: date | None
    renews: UUID | None
    state: str = Field(..., description=f"Stato alla data di oggi: {STATES}")
    has_document: bool


class AgreementDeliveredOut(Schema):
    service: str
    intervention_type: str
    interventions: int
    active: int


class AgreementDetailOut(AgreementOut):
    notes: str
    services: list[Ref]
    intervention_types: list[str] = Field(..., description="Codici dei tipi di intervento")
    chain: list[UUID] = Field(..., description="La catena dei rinnovi, dalla prima")
    delivered: list[AgreementDeliveredOut]


class AgreementIn(Schema):
    organisation: UUID
    kind: str
    number: str
    subject: str
    line: str | None = Field(None, description="Codice della linea del patto (es. L1)")
    starts_on: date
    ends_on: date
    amount: Money | None = None
    reimbursement_ceiling: Money | None = None
    fund: str | None = Field(
        None, description="Codice del fondo a cui è imputata (con funding_year, o nessuno dei due)"
    )
    funding_year: int | None = Field(None, description="Annualità del fondo, nel periodo")
    services: list[UUID] = []
    intervention_types: list[str] = Field([], description="Codici dei tipi di intervento")
    notes: str = ""


class AgreementRenewIn(Schema):
    number: str
    starts_on: date
    ends_on: date
    amount: Money | None = Field(None, description="Vuoto: come la convenzione rinnovata")
    reimbursement_ceiling: Money | None = None
    fund: str | None = Field(
        None, description="Codice del fondo a cui è imputata (con funding_year, o nessuno dei due)"
    )
    funding_year: int | None = Field(None, description="Annualità del fondo, nel periodo")
    subject: str = ""
    notes: str = ""


class AgreementTerminateIn(Schema):
    on: date
    reason: str


class AgreementFilters(Schema):
    state: str | None = Field(None, description=f"Uno tra: {STATES}")
    organisation: UUID | None = None
    line: str | None = Field(None, description="Codice della linea")


def _out(agreement) -> dict:
    return {
        "uuid": agreement.uuid,
        "number": agreement.number,
        "subject": agreement.subject,
        "kind": agreement.kind,
        "organisation": {"uuid": agreement.organisation.uuid, "name": agreement.organisation.name},
        "line": agreement.line.code if agreement.line_id else None,
        "starts_on": agreement.starts_on,
        "ends_on": agreement.ends_on,
        "amount": agreement.amount,
        "reimbursement_ceiling": agreement.reimbursement_ceiling,
        "fund": agreement.fund.code if agreement.fund_id else None,
        "funding_year": agreement.funding_year,
        "terminated_on": agreement.terminated_on,
        "renews": agreement.renews.uuid if agreement.renews_id else None,
        "state": getattr(agreement, "state", ""),
        "has_document": bool(agreement.file),
    }


def _detail(agreement) -> dict:
    return {
        **_out(agreement),
        "notes": agreement.notes,
        "services": [{"uuid": s.uuid, "name": s.name} for s in agreement.services.order_by("name")],
        "intervention_types": [t.code for t in agreement.intervention_types.order_by("code")],
        "chain": [a.uuid for a in selectors.renewal_chain(agreement)],
        "delivered": [row.__dict__ for row in selectors.delivered_interventions(agreement)],
    }


def _agreement(request, uuid):
    agreement = selectors.agreement_for(user=request.user, uuid=uuid)
    if agreement is None:
        raise Http404
    return agreement


def _line(request, code):
    if not code:
        return None
    line = (
        PlanObjective.objects.visible_to(request.user)
        .filter(plan__kind="pact", code=code)
        .order_by("-plan__version", "-plan__period_start")
        .first()
    )
    if line is None:
        raise ValidationError({"line": ["Linea del patto non trovata in questo ambito."]})
    return line


def _organisation(request, uuid):
    organisation = Organisation.objects.visible_to(request.user).filter(uuid=uuid).first()
    if organisation is None:
        raise ValidationError({"organisation": ["Ente non trovato in questo ambito."]})
    return organisation


def _services(request, uuids):
    found = list(Service.objects.visible_to(request.user).filter(uuid__in=uuids))
    if len(found) != len(set(uuids)):
        raise ValidationError(
            {"services": ["Uno o più servizi non sono della carta di questo ambito."]}
        )
    return found


def _fund(code):
    if not code:
        return None
    fund = FundSource.objects.filter(code=code).first()
    if fund is None:
        raise ValidationError({"fund": [f"Fonte di finanziamento sconosciuta: {code}."]})
    return fund


def _types(codes):
    found = list(InterventionType.objects.filter(code__in=codes))
    if len(found) != len(set(codes)):
        raise ValidationError(
            {"intervention_types": ["Uno o più tipi di intervento non esistono."]}
        )
    return found


@router.get("/agreements", response={200: list[AgreementOut], **READ_ERRORS}, summary="Convenzioni")
@paginate(AmbitoPagination)
def list_agreements(request, filters: Query[AgreementFilters]):
    require(request.user, VIEW)
    if filters.state and filters.state not in selectors.AgreementState.labels:
        raise ValidationError({"state": [f"Stato non valido: usa uno tra {STATES}."]})
    organisation = None
    if filters.organisation:
        organisation = (
            Organisation.objects.visible_to(request.user).filter(uuid=filters.organisation).first()
        )
        if organisation is None:
            return []
    line = None
    if filters.line:
        line = PlanObjective.objects.visible_to(request.user).filter(
            plan__kind="pact", code=filters.line
        )
    rows = selectors.agreements_for(
        user=request.user, state=filters.state or "", organisation=organisation
    )
    if line is not None:
        rows = rows.filter(line__in=line)
    return [_out(a) for a in rows.select_related("fund")]


@router.get(
    "/agreements/expiring",
    response={200: list[AgreementOut], **READ_ERRORS},
    summary="Convenzioni in scadenza",
)
@paginate(AmbitoPagination)
def list_expiring_agreements(
    request, within_days: int = Query(60, ge=1, le=366, description="Entro quanti giorni")
):
    require(request.user, VIEW)
    rows = selectors.agreements_expiring(user=request.user, within_days=within_days)
    return [_out(a) for a in rows.select_related("renews", "fund")]


@router.get(
    "/agreements/{uuid}",
    response={200: AgreementDetailOut, **READ_ERRORS},
    summary="Una convenzione",
)
def get_agreement(request, uuid: UUID):
    require(request.user, VIEW)
    agreement = _agreement(request, uuid)
    log_access(user=request.user, obj=agreement)
    return _detail(agreement)


@router.post(
    "/agreements",
    response={201: AgreementDetailOut, **WRITE_ERRORS},
    summary="Registra una convenzione",
)
def create_agreement(request, payload: AgreementIn):
    require(request.user, MANAGE, message=NOT_ALLOWED)
    agreement = services.agreement_create(
        actor=request.user,
        organisation=_organisation(request, payload.organisation),
        kind=payload.kind,
        number=payload.number,
        subject=payload.subject,
        line=_line(request, payload.line),
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        amount=payload.amount,
        reimbursement_ceiling=payload.reimbursement_ceiling,
        fund=_fund(payload.fund),
        funding_year=payload.funding_year,
        services=_services(request, payload.services),
        intervention_types=_types(payload.intervention_types),
        notes=payload.notes,
    )
    return Status(201, _detail(_agreement(request, agreement.uuid)))


@router.post(
    "/agreements/{uuid}/renewal",
    response={201: AgreementDetailOut, **WRITE_ERRORS},
    summary="Rinnova una convenzione",
)
def renew_agreement(request, uuid: UUID, payload: AgreementRenewIn):
    require(request.user, VIEW)
    agreement = _agreement(request, uuid)
    require(request.user, MANAGE, message=NOT_ALLOWED)
    data = payload.dict()
    data["fund"] = _fund(data["fund"])
    renewal = services.agreement_renew(actor=request.user, agreement=agreement, **data)
    return Status(201, _detail(_agreement(request, renewal.uuid)))


@router.post(
    "/agreements/{uuid}/termination",
    response={200: AgreementDetailOut, **WRITE_ERRORS},
    summary="Fa cessare una convenzione",
)
def terminate_agreement(request, uuid: UUID, payload: AgreementTerminateIn):
    require(request.user, VIEW)
    agreement = _agreement(request, uuid)
    require(request.user, MANAGE, message=NOT_ALLOWED)
    services.agreement_terminate(
        actor=request.user, agreement=agreement, on=payload.on, reason=payload.reason
    )
    return _detail(_agreement(request, uuid))
