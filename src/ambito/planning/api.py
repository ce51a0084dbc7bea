"""§9 API: plans with objectives, actions, schedule and pact commitments; action create and
update (a stale revision is a 409); schedule quarters; funds (allocations, residuals), the
portfolio, spending; meetings with attendance and quorum; deliberations. Figures only."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from ambito.core.api_schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    ErrorOut,
    require_zone_permission,
)

from . import selectors, services
from .models import FundSource, PlanAction, PlanObjective

router = Router(tags=["Programmazione, fondi e assemblea"])
_require = require_zone_permission


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
    amount: Decimal
    fund: str | None
    funding_year: int | None
    starts_on: date | None
    ends_on: date | None
    revision: int
    schedule_status: str
    committed: Decimal
    paid: Decimal
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
    total: Decimal
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
def plans_endpoint(request):
    _require(request, "planning.view_plan")
    return list(selectors.plans_for(request.user))


@router.get(
    "/planning/plans/{uuid}", response={200: PlanDetailOut, **READ_ERRORS}, summary="Un piano"
)
def plan_endpoint(request, uuid: UUID):
    _require(request, "planning.view_plan")
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
    amount: Decimal | None = None
    fund: str | None = Field(None, description="Codice del fondo, es. FP-QS")
    funding_year: int | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    revision: int | None = Field(None, description="Revisione letta (obbligatoria per modificare)")
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
def action_create_endpoint(request, uuid: UUID, payload: ActionIn):
    _require(request, "planning.add_planaction")
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
def action_update_endpoint(request, uuid: UUID, payload: ActionIn):
    _require(request, "planning.change_planaction")
    action = PlanAction.objects.filter(uuid=uuid, plan__zone_id=request.user.zone_id).first()
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
def schedule_endpoint(request, uuid: UUID, year: int, quarter: int, payload: QuarterIn):
    _require(request, "planning.change_planaction")
    action = PlanAction.objects.filter(uuid=uuid, plan__zone_id=request.user.zone_id).first()
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
    amount: Decimal
    date: date
    act_number: str
    payee: str = ""


@router.post(
    "/planning/actions/{uuid}/spending",
    response={201: dict, **WRITE_ERRORS},
    summary="Impegno o pagamento",
)
def spending_endpoint(request, uuid: UUID, payload: SpendingIn):
    _require(request, "planning.add_spending")
    action = PlanAction.objects.filter(uuid=uuid, plan__zone_id=request.user.zone_id).first()
    if action is None:
        raise Http404
    row = services.spending_add(actor=request.user, action=action, **payload.dict())
    return Status(201, {"uuid": str(row.uuid), "amount": str(row.amount)})


class FundOut(Schema):
    fund: str
    name: str
    year: int
    allocated: Decimal
    planned: Decimal
    committed: Decimal
    paid: Decimal
    residual: Decimal


@router.get("/planning/funds", response={200: list[FundOut], **READ_ERRORS}, summary="Fondi")
def funds_endpoint(request, year: int | None = None):
    _require(request, "planning.view_allocation")
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
        }
        for r in selectors.fund_table(zone_id=request.user.zone_id, year=year)
    ]


class AllocationIn(Schema):
    fund: str
    year: int
    amount: Decimal
    act: str
    act_date: date | None = None


@router.post("/planning/allocations", response={201: dict, **WRITE_ERRORS}, summary="Assegnazione")
def allocation_endpoint(request, payload: AllocationIn):
    _require(request, "planning.add_allocation")
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
    return Status(201, {"uuid": str(row.uuid), "amount": str(row.amount)})


class PortfolioOut(Schema):
    year: int
    funds: list[str]
    rows: list[dict]
    column_totals: dict[str, Decimal]
    total: Decimal


@router.get(
    "/planning/portfolio", response={200: PortfolioOut, **READ_ERRORS}, summary="Portafoglio"
)
def portfolio_endpoint(request, year: int):
    _require(request, "planning.view_budgetline")
    matrix = selectors.portfolio(zone_id=request.user.zone_id, year=year)
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


class MeetingOut(Schema):
    uuid: UUID
    body: str
    held_on: date
    place: str
    quorum_rule: str
    quorum_reached: bool
    present_members: int
    present_shares: Decimal
    deliberations: list[dict]


@router.get("/planning/meetings", response={200: list[MeetingOut], **READ_ERRORS}, summary="Sedute")
def meetings_endpoint(request):
    _require(request, "planning.view_meeting")
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


class DeliberationOut(Schema):
    uuid: UUID
    year: int
    number: int
    date: date
    subject: str
    outcome: str
    immediately_executable: bool
    votes: list[dict]


@router.get(
    "/planning/deliberations",
    response={200: list[DeliberationOut], **READ_ERRORS},
    summary="Deliberazioni",
)
def deliberations_endpoint(request, year: int | None = None):
    _require(request, "planning.view_deliberation")
    from .models import Deliberation

    qs = Deliberation.objects.filter(zone_id=request.user.zone_id).prefetch_related(
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
                {"member": v.member.organisation.name, "share": str(v.share), "vote": v.choice}
                for v in d.votes.all()
            ],
        }
        for d in qs
    ]
