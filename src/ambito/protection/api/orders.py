"""§7 API of child protection with the court, scoped as the pages: court orders (list with the
filters of the page, detail, registration on a case, closure), the social report (draft from a
template, new version, signature, delivery) and the figures of the deadlines met on time.

An order or a report out of scope — anybody but the child-protection service and the case's
team — is a 404; every read of an order names a person and is logged."""

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from ambito.core.api_pagination import AmbitoPagination
from ambito.core.api_schemas import READ_ERRORS, WRITE_ERRORS, Percent, Year
from ambito.core.audit import log_access, log_persons_shown
from ambito.core.permissions import NotAllowed, require

from ..choices import Authority, DaysFrom, OrderKind
from ..models import ReportTemplate
from ..scoping import FIGURES, case_for_new_order
from ..selectors import orders as selectors
from ..services import orders as order_services
from ..services import reports as report_services

router = Router(tags=["Tutela minori e autorità giudiziaria"])

VIEW = "protection.view_courtorder"
VIEW_REPORT = "protection.view_socialreport"
AUTHORITIES = ", ".join(Authority.values)
KINDS = ", ".join(OrderKind.values)


class ProtectionReportVersionOut(Schema):
    number: int
    created_at: datetime
    body: str


class ProtectionReportOut(Schema):
    uuid: UUID
    order: UUID
    status: str = Field(..., description="draft, signed o delivered")
    versions: list[ProtectionReportVersionOut]
    signed_version: int | None
    signed_by: str | None
    signed_at: datetime | None
    signed_sha256: str = Field(..., description="SHA-256 del testo firmato (UTF-8)")
    delivered_on: date | None
    protocol_number: str
    on_time: bool | None = Field(None, description="Consegnata entro la scadenza")


class ProtectionCourtOrderOut(Schema):
    uuid: UUID
    case: UUID
    case_number: str
    minor: str = Field(..., description="Nome e cognome del minore interessato")
    authority: str
    kind: str
    reference: str
    order_date: date
    received_date: date
    subject: str
    report_days: int | None
    days_from: str
    due_date: date | None
    deadline: str = Field(
        ..., description="aperta, in_scadenza, scaduta, consegnata, chiuso o senza_scadenza"
    )
    status: str
    report: UUID | None


class ProtectionCourtOrderIn(Schema):
    case: UUID
    minor: UUID | None = Field(None, description="Un componente del nucleo della cartella")
    authority: str = Field(..., max_length=20, description=f"Uno tra: {AUTHORITIES}")
    kind: str = Field(..., max_length=20, description=f"Uno tra: {KINDS}")
    reference: str = Field(..., max_length=60)
    order_date: date
    received_date: date
    subject: str = Field(..., max_length=5000)
    report_days: int | None = Field(None, ge=1, le=730, description="Giorni di calendario")
    days_from: str = Field(
        DaysFrom.ORDER.value, max_length=8, description="order (dal provvedimento) o receipt"
    )
    due_date: date | None = Field(None, description="In alternativa ai giorni: data fissata")


class ProtectionCourtOrderFilters(Schema):
    stato: Literal["aperti", "in_scadenza", "scaduti", "tutti"] = "aperti"


class ProtectionReportDraftIn(Schema):
    template: UUID | None = None


class ProtectionReportVersionIn(Schema):
    body: str = Field(..., max_length=200_000)


class ProtectionReportDeliveryIn(Schema):
    delivered_on: date
    protocol_number: str = Field(..., max_length=60)


class ProtectionDeadlineFiguresRowOut(Schema):
    year: int | None
    authority: str
    due: int
    on_time: int
    late: int
    overdue: int
    pending: int
    closed_without_report: int
    on_time_percent: Percent | None


def _order_out(order) -> dict:
    report = selectors.report_of(order)
    minor = order.minor or order.case.person
    return {
        "uuid": order.uuid,
        "case": order.case.uuid,
        "case_number": order.case.number,
        "minor": minor.full_name,
        "authority": order.authority,
        "kind": order.kind,
        "reference": order.reference,
        "order_date": order.order_date,
        "received_date": order.received_date,
        "subject": order.subject,
        "report_days": order.report_days,
        "days_from": order.days_from,
        "due_date": order.due_date,
        "deadline": selectors.deadline_state(order),
        "status": order.status,
        "report": report.uuid if report else None,
    }


class ProtectionDeadlineFiguresOut(Schema):
    year: int | None = Field(None, description="L'anno chiesto (vuoto: tutti gli anni)")
    rows: list[ProtectionDeadlineFiguresRowOut]
    total: ProtectionDeadlineFiguresRowOut


def _figures_row(row) -> dict:
    return {
        "year": row.year or None,
        "authority": row.authority or "totale",
        "due": row.due,
        "on_time": row.on_time,
        "late": row.late,
        "overdue": row.overdue,
        "pending": row.pending,
        "closed_without_report": row.closed_without_report,
        "on_time_percent": row.on_time_percent,
    }


def _report_out(report) -> dict:
    report.refresh_from_db()
    return {
        "uuid": report.uuid,
        "order": report.order.uuid,
        "status": report.status,
        "versions": [
            {"number": v.number, "created_at": v.created_at, "body": v.body}
            for v in report.versions.all()
        ],
        "signed_version": report.signed_version.number if report.signed_version_id else None,
        "signed_by": (
            (report.signed_by.get_full_name() or report.signed_by.username)
            if report.signed_by_id
            else None
        ),
        "signed_at": report.signed_at,
        "signed_sha256": report.signed_sha256,
        "delivered_on": report.delivered_on,
        "protocol_number": report.protocol_number,
        "on_time": report.on_time,
    }


def _order(request, uuid):
    order = selectors.order_for(request.user, uuid)
    if order is None:
        raise Http404
    return order


def _report(request, uuid):
    report = selectors.report_for(request.user, uuid)
    if report is None:
        raise Http404
    return report


@router.get(
    "/provvedimenti",
    response={200: list[ProtectionCourtOrderOut], **READ_ERRORS},
    summary="Provvedimenti dell'autorità giudiziaria (la scadenza più vicina per prima)",
)
@paginate(AmbitoPagination)
def list_court_orders(request, filters: Query[ProtectionCourtOrderFilters]):
    require(request.user, VIEW)
    rows = list(selectors.orders_for(request.user, which=filters.stato))
    log_persons_shown(
        user=request.user,
        rows=[o.case for o in rows],
        person_field="person",
        object_type="protection.courtorder",
    )
    return [_order_out(o) for o in rows]


@router.get(
    "/provvedimenti/{uuid}",
    response={200: ProtectionCourtOrderOut, **READ_ERRORS},
    summary="Un provvedimento con la scadenza della relazione",
)
def get_court_order(request, uuid: UUID):
    order = _order(request, uuid)
    log_access(user=request.user, obj=order, person=order.case.person)
    return _order_out(order)


@router.post(
    "/provvedimenti",
    response={201: ProtectionCourtOrderOut, **WRITE_ERRORS},
    summary="Registra un provvedimento su una cartella",
)
def create_court_order(request, payload: ProtectionCourtOrderIn):
    from ambito.registry.models import Person

    case = case_for_new_order(request.user, payload.case)
    if case is None:
        raise Http404
    data = payload.dict(exclude={"case"})
    if payload.minor is not None:
        data["minor"] = Person.objects.filter(uuid=payload.minor, zone_id=case.zone_id).first()
        if data["minor"] is None:
            raise ValidationError({"minor": "Minore non trovato in questo ambito."})
    order = order_services.order_create(actor=request.user, case=case, **data)
    return Status(201, _order_out(selectors.order_for(request.user, order.uuid)))


@router.post(
    "/provvedimenti/{uuid}/chiusura",
    response={200: ProtectionCourtOrderOut, **WRITE_ERRORS},
    summary="Chiude un provvedimento",
)
def close_court_order(request, uuid: UUID):
    order = _order(request, uuid)
    order_services.order_close(actor=request.user, order=order)
    return _order_out(selectors.order_for(request.user, uuid))


@router.post(
    "/provvedimenti/{uuid}/relazione",
    response={201: ProtectionReportOut, **WRITE_ERRORS},
    summary="Redige la relazione sociale da un modello riempito con i dati della cartella",
)
def draft_social_report(request, uuid: UUID, payload: ProtectionReportDraftIn):
    order = _order(request, uuid)
    template = None
    if payload.template is not None:
        template = (
            ReportTemplate.objects.visible_to(request.user).filter(uuid=payload.template).first()
        )
        if template is None:
            raise ValidationError({"template": "Modello non trovato in questo ambito."})
    report = report_services.report_draft(actor=request.user, order=order, template=template)
    return Status(201, _report_out(report))


@router.get(
    "/relazioni/{uuid}",
    response={200: ProtectionReportOut, **READ_ERRORS},
    summary="Una relazione sociale con le sue versioni",
)
def get_social_report(request, uuid: UUID):
    require(request.user, VIEW_REPORT, hide=True)
    report = _report(request, uuid)
    log_access(user=request.user, obj=report, person=report.order.case.person)
    return _report_out(report)


@router.post(
    "/relazioni/{uuid}/versioni",
    response={201: ProtectionReportOut, **WRITE_ERRORS},
    summary="Salva una nuova versione del testo (rifiutata se la relazione è firmata)",
)
def create_report_version(request, uuid: UUID, payload: ProtectionReportVersionIn):
    report = _report(request, uuid)
    report_services.report_save(actor=request.user, report=report, body=payload.body)
    return Status(201, _report_out(report))


@router.post(
    "/relazioni/{uuid}/firma",
    response={200: ProtectionReportOut, **WRITE_ERRORS},
    summary="Firma l'ultima versione: il testo firmato non si modifica più",
)
def sign_social_report(request, uuid: UUID):
    report = _report(request, uuid)
    report = report_services.report_sign(actor=request.user, report=report)
    return _report_out(report)


@router.post(
    "/relazioni/{uuid}/consegna",
    response={200: ProtectionReportOut, **WRITE_ERRORS},
    summary="Registra la consegna all'autorità giudiziaria (data e protocollo)",
)
def deliver_social_report(request, uuid: UUID, payload: ProtectionReportDeliveryIn):
    report = _report(request, uuid)
    report = report_services.report_deliver(
        actor=request.user,
        report=report,
        delivered_on=payload.delivered_on,
        protocol_number=payload.protocol_number,
    )
    return _report_out(report)


@router.get(
    "/scadenze",
    response={200: ProtectionDeadlineFiguresOut, **READ_ERRORS},
    summary="Scadenze rispettate per anno e autorità (solo numeri, nessuna persona)",
)
def get_deadline_figures(request, anno: Year | None = None):
    require(request.user, FIGURES)
    data = selectors.deadline_figures(request.user, year=anno)
    if data is None:
        raise NotAllowed()
    return {
        "year": anno,
        "rows": [_figures_row(row) for row in data.rows],
        "total": _figures_row(data.total),
    }
