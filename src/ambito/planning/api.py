"""§9 API: plans with objectives, actions, schedule and pact commitments; action create and
update (a stale revision is a 409); schedule quarters; funds (allocations, residuals), the
portfolio, spending; meetings with attendance and quorum; deliberations. Figures only."""

from datetime import date
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from ambito.core.api_pagination import AmbitoPagination
from ambito.core.api_schemas import READ_ERRORS, WRITE_ERRORS, ErrorOut, Money, Percent, Year
from ambito.core.permissions import require, working_zone

from . import selectors, services
from .choices import LedgerOrigin, LedgerStage
from .models import FundSource, PlanAction, PlanObjective

router = Router(tags=["Programmazione, fondi e assemblea"])


class QuarterOut(Schema):
    year: int
    quarter: int
    planned: bool
    progress: str


class ActionOut(Schema):
    uuid: UUID
    objective: str
    code: str
    title: str
    kind: str
    implementation_mode: str
    amount: Money
    fund: str | None
    funding_year: int | None
    starts_on: date | None
    ends_on: date | None
    revision: int
    schedule_status: str
    committed: Money
    paid: Money
    quarters: list[QuarterOut]


class CommitmentOut(Schema):
    side: str
    text: str


class TargetOut(Schema):
    indicator: str
    baseline: Decimal
    current_value: Decimal | None
    current_on: date | None
    target: Decimal


class ObjectiveOut(Schema):
    code: str
    title: str
    priority: str
    targets: list[TargetOut]
    commitments: list[CommitmentOut]


class PlanOut(Schema):
    uuid: UUID
    kind: str
    title: str
    period_start: date
    period_end: date
    status: str
    approval_act: str
    version: int


class PlanDetailOut(PlanOut):
    total: Money
    objectives: list[ObjectiveOut]
    actions: list[ActionOut]


def _plan(request, uuid):
    plan = selectors.plans_for(request.user).filter(uuid=uuid).first()
    if plan is None:
        raise Http404
    return plan


def _action_out(row) -> dict:
    a = row.action
    return {
        "uuid": a.uuid,
        "objective": a.objective.code,
        "code": a.code,
        "title": a.title,
        "kind": a.kind,
        "implementation_mode": a.implementation_mode,
        "amount": a.amount,
        "fund": a.fund.code if a.fund else None,
        "funding_year": a.funding_year,
        "starts_on": a.starts_on,
        "ends_on": a.ends_on,
        "revision": a.revision,
        "schedule_status": row.status,
        "committed": row.committed,
        "paid": row.paid,
        "quarters": [
            {"year": q.year, "quarter": q.quarter, "planned": q.planned, "progress": q.progress}
            for q in row.cells
            if q is not None
        ],
    }


@router.get("/planning/plans", response={200: list[PlanOut], **READ_ERRORS}, summary="Piani")
@paginate(AmbitoPagination)
def list_plans(request):
    require(request.user, "planning.view_plan")
    return selectors.plans_for(request.user)


@router.get(
    "/planning/plans/{uuid}", response={200: PlanDetailOut, **READ_ERRORS}, summary="Un piano"
)
def get_plan(request, uuid: UUID):
    require(request.user, "planning.view_plan")
    plan = _plan(request, uuid)
    page = selectors.plan_page(plan=plan)
    return {
        **{name: getattr(plan, name) for name in PlanOut.model_fields},
        "total": page["total"],
        "objectives": [
            {
                "code": o.code,
                "title": o.title,
                "priority": o.priority,
                "targets": list(o.targets.all()),
                "commitments": list(o.commitments.all()),
            }
            for o, _ in page["objectives"]
        ],
        "actions": [_action_out(r) for _, rows in page["objectives"] for r in rows],
    }


class ActionIn(Schema):
    objective: str | None = Field(None, description="Codice dell'obiettivo (solo per creare)")
    code: str | None = None
    title: str | None = None
    description: str | None = None
    kind: str | None = None
    implementation_mode: str | None = None
    amount: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    fund: str | None = Field(None, description="Codice del fondo, es. FP-QS")
    funding_year: Year | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    revision: int | None = Field(
        None, ge=0, le=2**31 - 1, description="Revisione letta (obbligatoria per modificare)"
    )
    override_reason: str = ""


def _action_data(payload: ActionIn) -> dict:
    data = payload.dict(exclude_unset=True)
    for name in ("objective", "revision", "override_reason"):
        data.pop(name, None)
    if "fund" in data:
        code = data["fund"]
        data["fund"] = FundSource.objects.filter(code=code).first() if code else None
        if code and data["fund"] is None:
            raise ValidationError({"fund": [f"Fondo sconosciuto: {code}."]})
    return data


def _row_of(action: PlanAction) -> dict:
    page = selectors.plan_page(plan=action.plan)
    return _action_out(
        next(r for _, rows in page["objectives"] for r in rows if r.action.pk == action.pk)
    )


@router.post(
    "/planning/plans/{uuid}/actions",
    response={201: ActionOut, **WRITE_ERRORS},
    summary="Aggiungi un'azione",
)
def create_action(request, uuid: UUID, payload: ActionIn):
    require(request.user, "planning.add_planaction")
    plan = _plan(request, uuid)
    objective = PlanObjective.objects.filter(plan=plan, code=payload.objective or "").first()
    if objective is None:
        raise ValidationError({"objective": ["Obiettivo non trovato in questo piano."]})
    action = services.action_save(
        actor=request.user,
        objective=objective,
        data=_action_data(payload),
        override_reason=payload.override_reason,
    )
    return Status(201, _row_of(action))


@router.patch(
    "/planning/actions/{uuid}",
    response={200: ActionOut, 409: ErrorOut, **WRITE_ERRORS},
    summary="Modifica un'azione (con la revisione letta)",
)
def update_action(request, uuid: UUID, payload: ActionIn):
    require(request.user, "planning.change_planaction")
    action = PlanAction.objects.visible_to(request.user).filter(uuid=uuid).first()
    if action is None:
        raise Http404
    try:
        action = services.action_save(
            actor=request.user,
            action=action,
            revision=payload.revision,
            data=_action_data(payload),
            override_reason=payload.override_reason,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and "revision" in error.error_dict:
            raise HttpError(409, error.message_dict["revision"][0]) from None
        raise
    return _row_of(action)


class QuarterIn(Schema):
    planned: bool | None = None
    progress: str | None = None
    note: str | None = None


@router.put(
    "/planning/actions/{uuid}/schedule/{year}/{quarter}",
    response={200: QuarterOut, **WRITE_ERRORS},
    summary="Un trimestre del cronoprogramma",
)
def set_schedule_quarter(
    request,
    uuid: UUID,
    payload: QuarterIn,
    year: int = Path(..., ge=1900, le=2100),
    quarter: int = Path(..., ge=1, le=4),
):
    require(request.user, "planning.change_planaction")
    action = PlanAction.objects.visible_to(request.user).filter(uuid=uuid).first()
    if action is None:
        raise Http404
    row = services.schedule_set(
        actor=request.user, action=action, year=year, quarter=quarter, **payload.dict()
    )
    return {
        "year": row.year,
        "quarter": row.quarter,
        "planned": row.planned,
        "progress": row.progress,
    }


class SpendingIn(Schema):
    kind: str
    amount: Decimal = Field(..., max_digits=12, decimal_places=2)
    date: date
    act_number: str
    payee: str = ""


class AmountOut(Schema):
    uuid: UUID
    amount: Money


@router.post(
    "/planning/actions/{uuid}/spending",
    response={201: AmountOut, **WRITE_ERRORS},
    summary="Impegno o pagamento",
)
def create_spending(request, uuid: UUID, payload: SpendingIn):
    require(request.user, "planning.add_spending")
    action = PlanAction.objects.visible_to(request.user).filter(uuid=uuid).first()
    if action is None:
        raise Http404
    row = services.spending_add(actor=request.user, action=action, **payload.dict())
    return Status(201, {"uuid": row.uuid, "amount": row.amount})


ORIGINS = ", ".join(LedgerOrigin.values)
STAGES = ", ".join(LedgerStage.values)


class FundOut(Schema):
    fund: str
    name: str
    year: int
    allocated: Money
    planned: Money = Field(..., description="Programmato su ogni origine del registro")
    committed: Money
    paid: Money
    residual: Money = Field(..., description="Assegnato − programmato")
    interventions: Money  # cost of the case interventions charged to the fund
    planned_by_actions: Money = Field(..., description="Programmato dalle azioni dei piani")
    planned_by_origin: dict[str, Money] = Field(
        ..., description=f"Programmato per origine del registro ({ORIGINS}); solo le presenti"
    )
    committed_by_origin: dict[str, Money] = Field(
        ..., description="Impegnato per origine (spending = impegni delle azioni)"
    )
    paid_by_origin: dict[str, Money] = Field(
        ..., description="Pagato per origine (spending = pagamenti delle azioni)"
    )


@router.get("/planning/funds", response={200: list[FundOut], **READ_ERRORS}, summary="Fondi")
@paginate(AmbitoPagination)
def list_funds(request, year: Query[Year | None] = None):
    require(request.user, "planning.view_allocation")
    return [
        {
            "fund": r.fund.code,
            "name": r.fund.name,
            "year": r.year,
            "allocated": r.allocated,
            "planned": r.planned,
            "committed": r.committed,
            "paid": r.paid,
            "residual": r.residual,
            "interventions": r.interventions,
            "planned_by_actions": r.planned_by_actions,
            "planned_by_origin": r.by_stage(LedgerStage.PLANNED),
            "committed_by_origin": r.by_stage(LedgerStage.COMMITTED),
            "paid_by_origin": r.by_stage(LedgerStage.PAID),
        }
        for r in selectors.fund_table(zone_id=working_zone(request.user).pk, year=year)
    ]


class MovementOut(Schema):
    fund: str
    year: int
    stage: str = Field(..., description=f"Fase: {STAGES}")
    origin: str = Field(..., description=f"Origine: {ORIGINS}")
    origin_id: int = Field(..., description="Identificativo della riga di origine")
    amount: Money
    label: str
    service_area: str
    date: date | None
    url: str | None = Field(None, description="La pagina dell'origine, dove ne ha una")


class MovementFilters(Schema):
    fund: str | None = Field(None, description="Codice del fondo")
    year: Year | None = None
    stage: str | None = Field(None, description=f"Una tra: {STAGES}")
    origin: str | None = Field(None, description=f"Una tra: {ORIGINS}")


@router.get(
    "/planning/funds/movements",
    response={200: list[MovementOut], **READ_ERRORS},
    summary="Movimenti del registro dei fondi",
)
@paginate(AmbitoPagination)
def list_movements(request, filters: Query[MovementFilters]):
    require(request.user, "planning.view_fundmovement")
    errors = {}
    fund = None
    if filters.fund:
        fund = FundSource.objects.filter(code=filters.fund).first()
        if fund is None:
            errors["fund"] = [f"Fondo sconosciuto: {filters.fund}."]
    if filters.stage and filters.stage not in LedgerStage.values:
        errors["stage"] = [f"Fase non valida: usa una tra {STAGES}."]
    if filters.origin and filters.origin not in LedgerOrigin.values:
        errors["origin"] = [f"Origine non valida: usa una tra {ORIGINS}."]
    if errors:
        raise ValidationError(errors)
    return _Movements(
        selectors.ledger_movements(
            user=request.user,
            fund=fund,
            year=filters.year,
            stage=filters.stage or "",
            origin=filters.origin or "",
        )
    )


class _Movements:
    """The movements' queryset as the paginator sees it: counted and sliced in the database,
    the page's links resolved once per page (selectors.movement_links)."""

    def __init__(self, rows):
        self.rows = rows

    def count(self) -> int:
        return self.rows.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        page = list(self.rows[item])
        links = selectors.movement_links(page)
        return [
            {
                "fund": m.fund.code,
                "year": m.year,
                "stage": m.stage,
                "origin": m.origin,
                "origin_id": m.origin_id,
                "amount": m.amount,
                "label": m.label,
                "service_area": m.service_area,
                "date": m.date,
                "url": links.get(m.pk),
            }
            for m in page
        ]


class AllocationIn(Schema):
    fund: str
    year: Year
    amount: Decimal = Field(..., max_digits=12, decimal_places=2)
    act: str
    act_date: date | None = None


@router.post(
    "/planning/allocations", response={201: AmountOut, **WRITE_ERRORS}, summary="Assegnazione"
)
def create_allocation(request, payload: AllocationIn):
    require(request.user, "planning.add_allocation")
    fund = FundSource.objects.filter(code=payload.fund).first()
    if fund is None:
        raise ValidationError({"fund": [f"Fondo sconosciuto: {payload.fund}."]})
    row = services.allocation_add(
        actor=request.user,
        fund=fund,
        year=payload.year,
        amount=payload.amount,
        act=payload.act,
        act_date=payload.act_date,
    )
    return Status(201, {"uuid": row.uuid, "amount": row.amount})


class PortfolioRowOut(Schema):
    area: str
    cells: dict[str, Money] = Field(..., description="Importo per codice del fondo.")
    total: Money


class PortfolioOut(Schema):
    year: int
    funds: list[str]
    rows: list[PortfolioRowOut]
    column_totals: dict[str, Money]
    total: Money


@router.get(
    "/planning/portfolio", response={200: PortfolioOut, **READ_ERRORS}, summary="Portafoglio"
)
def get_portfolio(request, year: Query[Year]):
    require(request.user, "planning.view_budgetline")
    matrix = selectors.portfolio(zone_id=working_zone(request.user).pk, year=year)
    codes = [f.code for f in matrix.funds]
    return {
        "year": year,
        "funds": codes,
        "rows": [
            {"area": area, "cells": dict(zip(codes, cells, strict=True)), "total": total}
            for area, cells, total in matrix.rows()
        ],
        "column_totals": {f.code: matrix.column_totals[f.pk] for f in matrix.funds},
        "total": matrix.total,
    }


class MeetingDeliberationOut(Schema):
    year: int
    number: int
    subject: str
    outcome: str


class MeetingOut(Schema):
    uuid: UUID
    body: str
    held_on: date
    place: str
    quorum_rule: str
    quorum_reached: bool
    present_members: int
    present_shares: Percent
    deliberations: list[MeetingDeliberationOut]


@router.get("/planning/meetings", response={200: list[MeetingOut], **READ_ERRORS}, summary="Sedute")
@paginate(AmbitoPagination)
def list_meetings(request):
    require(request.user, "planning.view_meeting")
    result = []
    for meeting in selectors.meetings_for(request.user).prefetch_related("deliberations"):
        state = selectors.quorum(meeting)
        result.append(
            {
                "uuid": meeting.uuid,
                "body": meeting.body,
                "held_on": meeting.held_on,
                "place": meeting.place,
                "quorum_rule": meeting.quorum_rule,
                "quorum_reached": state.reached,
                "present_members": state.present_members,
                "present_shares": state.present_shares,
                "deliberations": [
                    {"year": d.year, "number": d.number, "subject": d.subject, "outcome": d.outcome}
                    for d in meeting.deliberations.all()
                ],
            }
        )
    return result


class VoteOut(Schema):
    member: str
    share: Percent
    vote: str


class DeliberationOut(Schema):
    uuid: UUID
    year: int
    number: int
    date: date
    subject: str
    outcome: str
    immediately_executable: bool
    votes: list[VoteOut]


@router.get(
    "/planning/deliberations",
    response={200: list[DeliberationOut], **READ_ERRORS},
    summary="Deliberazioni",
)
@paginate(AmbitoPagination)
def list_deliberations(request, year: Query[Year | None] = None):
    require(request.user, "planning.view_deliberation")
    from .models import Deliberation

    qs = Deliberation.objects.visible_to(request.user).prefetch_related(
        "votes__member__organisation"
    )
    if year:
        qs = qs.filter(year=year)
    return [
        {
            "uuid": d.uuid,
            "year": d.year,
            "number": d.number,
            "date": d.date,
            "subject": d.subject,
            "outcome": d.outcome,
            "immediately_executable": d.immediately_executable,
            "votes": [
                {"member": v.member.organisation.name, "share": v.share, "vote": v.choice}
                for v in d.votes.all()
            ],
        }
        for d in qs
    ]
