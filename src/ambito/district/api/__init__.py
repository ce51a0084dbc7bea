"""Servizi distrettuali: API under /api/v1/servizi-distrettuali/, scoped as the pages.

Lines (the plan office creates them), intakes (list, a referral from a case, admission and
closure), hours (recorded on an active intake) and the figures of a year. An object out of
scope is a 404; every read of a person is logged."""

from datetime import date
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from ambito.core.api_pagination import AmbitoPagination
from ambito.core.api_schemas import READ_ERRORS, WRITE_ERRORS, Money, Ref, Year
from ambito.core.audit import log_access, log_persons_shown
from ambito.core.permissions import NotAllowed, require
from ambito.planning.models import FundSource
from ambito.territory.models import Organisation

from ..choices import HoursPeriod, IntakeState, LineKind, Priority
from ..models import DistrictLine
from ..scoping import MANAGE, REFER
from ..selectors import district as selectors
from ..services import intakes as services
from ..services import lines as line_services
from ..services.common import NOT_ALLOWED

router = Router(tags=["Servizi distrettuali"])

VIEW_LINE = "district.view_districtline"
VIEW_INTAKE = "district.view_districtintake"
STATES = ", ".join(IntakeState.values)
KINDS = ", ".join(LineKind.values)


class DistrictLineOut(Schema):
    uuid: UUID
    kind: str = Field(..., description=f"Uno tra: {KINDS}")
    name: str
    provider: Ref | None
    hourly_cost: Money | None = Field(None, description="Solo per chi vede i costi")
    fund: str = Field(..., description="Codice del fondo")
    year: int
    active: bool
    waiting: int
    in_charge: int
    hours: float
    cost: Money | None = Field(None, description="Solo per chi vede i costi")


class DistrictLineIn(Schema):
    kind: str = Field(..., description=f"Uno tra: {KINDS}")
    name: str
    provider: UUID | None = None
    hourly_cost: Decimal
    fund: str = Field(..., description="Codice del fondo (es. FNPS)")
    year: Year
    description: str = ""
    active: bool = True


class DistrictIntakeOut(Schema):
    uuid: UUID
    number: int
    line: UUID
    line_name: str
    person: str = Field(..., description="Nome e cognome")
    case: UUID | None = Field(None, description="Solo per chi vede la cartella")
    state: str = Field(..., description=f"Uno tra: {STATES}")
    position: int | None = Field(None, description="Posizione in lista d'attesa")
    priority: int = Field(..., description="1 urgente, 2 alta, 3 ordinaria")
    referred_on: date
    reason: str
    hours_per_week: float
    admitted_on: date | None
    ended_on: date | None
    waiting_days: int
    hours: float
    cost: Money | None = Field(None, description="Solo per chi vede i costi")


class DistrictIntakeFilters(Schema):
    line: UUID | None = None
    state: str | None = Field(None, description=f"Uno tra: {STATES}")


class DistrictIntakeIn(Schema):
    case: UUID
    line: UUID
    reason: str
    hours_per_week: Decimal
    priority: int = Field(Priority.ORDINARY, ge=1, le=3, description="1 urgente … 3 ordinaria")
    referred_on: date | None = None


class DistrictTransitionIn(Schema):
    on: date | None = None
    reason: str = ""


class DistrictHoursIn(Schema):
    on: date
    hours: Decimal
    operator: str
    period: str = Field(HoursPeriod.DAY, description="day o month")
    note: str = ""
    override_reason: str = ""


class DistrictHoursOut(Schema):
    uuid: UUID
    intake: UUID
    period: str
    date: date
    operator: str
    hours: float
    cost: Money


class DistrictLineFiguresOut(Schema):
    line: UUID
    name: str
    kind: str
    fund: str
    year: int
    referred: int
    waiting: int
    active: int
    suspended: int
    closed: int
    refused: int
    median_wait_days: float | None
    longest_current_wait_days: int | None
    hours: float
    cost: Money
    months: dict[str, float] = Field(..., description="Ore per mese (1–12)")


class DistrictFiguresOut(Schema):
    year: int
    lines: list[DistrictLineFiguresOut]
    hours: float
    cost: Money


def _line_out(line, sees_costs: bool) -> dict:
    return {
        "uuid": line.uuid,
        "kind": line.kind,
        "name": line.name,
        "provider": (
            {"uuid": line.provider.uuid, "name": line.provider.name} if line.provider_id else None
        ),
        "hourly_cost": line.hourly_cost if sees_costs else None,
        "fund": line.fund.code,
        "year": line.year,
        "active": line.active,
        "waiting": getattr(line, "waiting", 0),
        "in_charge": getattr(line, "in_charge", 0),
        "hours": float(getattr(line, "hours_total", 0)),
        "cost": getattr(line, "cost_total", Decimal(0)) if sees_costs else None,
    }


def _seen_cases(user, intakes) -> set[int]:
    from ambito.cases.models import Case

    ids = {i.case_id for i in intakes}
    return set(Case.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def _intake_out(intake, seen: set[int], sees_costs: bool) -> dict:
    return {
        "uuid": intake.uuid,
        "number": intake.pk,
        "line": intake.line.uuid,
        "line_name": intake.line.name,
        "person": intake.person.full_name,
        "case": intake.case.uuid if intake.case_id in seen else None,
        "state": intake.state,
        "position": getattr(intake, "position", None),
        "priority": intake.priority,
        "referred_on": intake.referred_on,
        "reason": intake.reason,
        "hours_per_week": float(intake.hours_per_week),
        "admitted_on": intake.admitted_on,
        "ended_on": intake.ended_on,
        "waiting_days": selectors.waiting_days(intake),
        "hours": float(intake.hours),
        "cost": intake.cost if sees_costs else None,
    }


def _intake(request, uuid):
    intake = selectors.intake_for(request.user, uuid)
    if intake is None:
        raise Http404
    return intake


def _detail(request, intake) -> dict:
    intake = selectors.intake_for(request.user, intake.uuid)
    intake.position = selectors.waiting_position(intake)
    log_access(user=request.user, obj=intake, person=intake.person)
    seen = _seen_cases(request.user, [intake])
    return _intake_out(intake, seen, selectors.sees_costs(request.user))


@router.get(
    "/linee",
    response={200: list[DistrictLineOut], **READ_ERRORS},
    summary="Servizi distrettuali con attese, prese in carico, ore e costi",
)
@paginate(AmbitoPagination)
def list_lines(request, year: Year | None = None):
    require(request.user, VIEW_LINE)
    costs = selectors.sees_costs(request.user)
    return [_line_out(line, costs) for line in selectors.lines_for(request.user, year=year)]


@router.get("/linee/{uuid}", response={200: DistrictLineOut, **READ_ERRORS}, summary="Un servizio")
def get_line(request, uuid: UUID):
    require(request.user, VIEW_LINE)
    line = next((x for x in selectors.lines_for(request.user) if x.uuid == uuid), None)
    if line is None:
        raise Http404
    return _line_out(line, selectors.sees_costs(request.user))


@router.post(
    "/linee",
    response={201: DistrictLineOut, **WRITE_ERRORS},
    summary="Crea un servizio distrettuale (Ufficio di Piano)",
)
def create_line(request, payload: DistrictLineIn):
    require(request.user, MANAGE, message=NOT_ALLOWED)
    fund = FundSource.objects.filter(code=payload.fund).first()
    provider = None
    if payload.provider:
        provider = Organisation.objects.filter(
            uuid=payload.provider, zone_id=request.user.zone_id
        ).first()
        if provider is None:
            raise ValidationError({"provider": ["Ente gestore non trovato in questo ambito."]})
    if fund is None:
        raise ValidationError({"fund": ["Fondo non trovato."]})
    line = line_services.line_create(
        actor=request.user, kind=payload.kind, name=payload.name, provider=provider,
        hourly_cost=payload.hourly_cost, fund=fund, year=payload.year,
        description=payload.description, active=payload.active,
    )  # fmt: skip
    line = next(x for x in selectors.lines_for(request.user) if x.pk == line.pk)
    return Status(201, _line_out(line, True))


@router.get(
    "/prese-in-carico",
    response={200: list[DistrictIntakeOut], **READ_ERRORS},
    summary="Prese in carico e liste d'attesa (in ordine)",
)
@paginate(AmbitoPagination)
def list_intakes(request, filters: Query[DistrictIntakeFilters]):
    require(request.user, VIEW_INTAKE)
    if filters.state and filters.state not in IntakeState.values:
        raise ValidationError({"state": [f"Stato non valido: usa uno tra {STATES}."]})
    line = None
    if filters.line:
        line = selectors.line_for(request.user, filters.line)
        if line is None:
            return []
    rows = selectors.with_waiting(
        selectors.intakes_for(request.user, line=line, state=filters.state or "")
    )
    log_persons_shown(
        user=request.user, rows=rows, person_field="person", object_type="district.districtintake"
    )
    seen = _seen_cases(request.user, rows)
    costs = selectors.sees_costs(request.user)
    return [_intake_out(i, seen, costs) for i in rows]


@router.get(
    "/prese-in-carico/{uuid}",
    response={200: DistrictIntakeOut, **READ_ERRORS},
    summary="Una presa in carico",
)
def get_intake(request, uuid: UUID):
    require(request.user, VIEW_INTAKE)
    return _detail(request, _intake(request, uuid))


@router.post(
    "/prese-in-carico",
    response={201: DistrictIntakeOut, **WRITE_ERRORS},
    summary="Segnala una cartella a un servizio distrettuale (in lista d'attesa)",
)
def create_intake(request, payload: DistrictIntakeIn):
    from ambito.cases.models import Case

    require(request.user, REFER, message=NOT_ALLOWED)
    case = Case.objects.visible_to(request.user).filter(uuid=payload.case).first()
    if case is None:
        raise Http404
    line = DistrictLine.objects.visible_to(request.user).filter(uuid=payload.line).first()
    if line is None:
        raise ValidationError({"line": ["Servizio non trovato in questo ambito."]})
    intake = services.intake_refer(
        actor=request.user, case=case, line=line, reason=payload.reason,
        hours_per_week=payload.hours_per_week, priority=payload.priority,
        referred_on=payload.referred_on,
    )  # fmt: skip
    return Status(201, _detail(request, intake))


def _transition(request, uuid, name, payload):
    require(request.user, VIEW_INTAKE)
    intake = _intake(request, uuid)
    services.intake_transition(
        actor=request.user, intake=intake, name=name, on=payload.on, reason=payload.reason
    )
    return _detail(request, intake)


@router.post(
    "/prese-in-carico/{uuid}/ammissione",
    response={200: DistrictIntakeOut, **WRITE_ERRORS},
    summary="Prende in carico dalla lista d'attesa",
)
def admit_intake(request, uuid: UUID, payload: DistrictTransitionIn):
    return _transition(request, uuid, "admit", payload)


@router.post(
    "/prese-in-carico/{uuid}/chiusura",
    response={200: DistrictIntakeOut, **WRITE_ERRORS},
    summary="Chiude una presa in carico (motivo obbligatorio)",
)
def close_intake(request, uuid: UUID, payload: DistrictTransitionIn):
    return _transition(request, uuid, "close", payload)


@router.post(
    "/prese-in-carico/{uuid}/ore",
    response={201: DistrictHoursOut, **WRITE_ERRORS},
    summary="Registra ore erogate su una presa in carico attiva",
)
def create_hours(request, uuid: UUID, payload: DistrictHoursIn):
    require(request.user, VIEW_INTAKE)
    intake = _intake(request, uuid)
    record = services.hours_record(
        actor=request.user, intake=intake, on=payload.on, hours=payload.hours,
        operator=payload.operator, period=payload.period, note=payload.note,
        override_reason=payload.override_reason,
    )  # fmt: skip
    return Status(
        201,
        {
            "uuid": record.uuid, "intake": intake.uuid, "period": record.period,
            "date": record.date, "operator": record.operator, "hours": float(record.hours),
            "cost": record.cost,
        },
    )  # fmt: skip


@router.get(
    "/dati",
    response={200: DistrictFiguresOut, **READ_ERRORS},
    summary="Dati aggregati dei servizi di un'annualità (nessun dato personale)",
)
def get_figures(request, year: Year):
    if not selectors.sees_costs(request.user):
        raise NotAllowed(NOT_ALLOWED)
    report = selectors.report(request.user.zone_id, year)
    return {
        "year": year,
        "lines": [
            {
                "line": f.line.uuid,
                "name": f.line.name,
                "kind": f.line.kind,
                "fund": f.line.fund.code,
                "year": f.line.year,
                "referred": f.referred,
                "waiting": f.waiting,
                "active": f.active,
                "suspended": f.suspended,
                "closed": f.closed,
                "refused": f.refused,
                "median_wait_days": f.median_wait,
                "longest_current_wait_days": f.longest_waiting,
                "hours": float(f.hours),
                "cost": f.cost,
                "months": {str(m): float(h) for m, (h, _c) in sorted(f.months.items())},
            }  # fmt: skip
            for f in report.lines
        ],
        "hours": float(report.totals["hours"]),
        "cost": report.totals["cost"],
    }
