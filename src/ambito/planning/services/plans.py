"""Plans, their objectives and actions, the quarterly schedule, quantitative targets, pact
commitments and the spending on actions."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ambito.core.audit import changed_fields, log_event
from ambito.core.choices import EventAction
from ambito.core.permissions import require, require_same_zone

from .. import ledger
from ..choices import (
    ActionKind,
    CommitmentSide,
    ImplementationMode,
    LedgerOrigin,
    PlanKind,
    PlanStatus,
    Progress,
    SpendingKind,
)
from ..models import (
    FundSource,
    PactCommitment,
    Plan,
    PlanAction,
    PlanObjective,
    QuantitativeTarget,
    ScheduleQuarter,
    Spending,
)
from .common import NOT_ALLOWED, money
from .funds import check_residual

STATUS_FLOW = {
    PlanStatus.DRAFT: {PlanStatus.APPROVED},
    PlanStatus.APPROVED: {PlanStatus.IN_EXECUTION, PlanStatus.DRAFT},
    PlanStatus.IN_EXECUTION: {PlanStatus.CLOSED},
    PlanStatus.CLOSED: set(),
}
CONFLICT = (
    "L'azione è stata modificata da un altro utente mentre la modificavi: ricarica la pagina "
    "per vedere la versione attuale, poi ripeti la modifica."
)


@transaction.atomic
def plan_create(
    *,
    actor,
    kind: str,
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    approval_act: str = "",
    approved_on: dt.date | None = None,
    notes: str = "",
) -> Plan:
    require(actor, "planning.add_plan", message=NOT_ALLOWED)
    errors: dict[str, str] = {}
    if kind not in PlanKind.values:
        errors["kind"] = "Tipo di piano non valido."
    if not (title or "").strip():
        errors["title"] = "Indica il titolo del piano."
    if period_start and period_end and period_end < period_start:
        errors["period_end"] = "La fine del periodo non può precedere l'inizio."
    if errors:
        raise ValidationError(errors)
    plan = Plan(
        zone_id=actor.zone_id,
        kind=kind,
        title=title.strip(),
        period_start=period_start,
        period_end=period_end,
        approval_act=approval_act,
        approved_on=approved_on,
        notes=notes,
    )
    plan.full_clean()
    plan.save()
    log_event(user=actor, obj=plan, action=EventAction.CREATE, fields=["*"])
    return plan


@transaction.atomic
def plan_set_status(
    *, actor, plan: Plan, status: str, approval_act: str = "", approved_on=None
) -> Plan:
    require(actor, "planning.change_plan", message=NOT_ALLOWED)
    require_same_zone(actor, plan.zone_id)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if status not in STATUS_FLOW.get(plan.status, set()):
        raise ValidationError(
            {"status": f"Un piano «{plan.get_status_display()}» non può passare a questo stato."}
        )
    changed = ["status"]
    if status == PlanStatus.APPROVED:
        if not (approval_act or plan.approval_act).strip():
            raise ValidationError({"approval_act": "Indica l'atto (delibera) di approvazione."})
        plan.approval_act = approval_act or plan.approval_act
        plan.approved_on = approved_on or plan.approved_on or timezone.localdate()
        changed += ["approval_act", "approved_on"]
    plan.status = status
    plan.save(update_fields=changed)
    log_event(user=actor, obj=plan, fields=changed)
    return plan


def _clone(instance):
    """The same row as a new, unsaved one (new primary key and UUID)."""
    instance.pk = instance.id = None
    instance._state.adding = True
    if hasattr(instance, "uuid"):
        instance.uuid = uuid.uuid4()
    return instance


@transaction.atomic
def plan_new_version(*, actor, plan: Plan) -> Plan:
    """A new draft version of the plan with a copy of its objectives, actions, schedule,
    targets and commitments; the old version stays as it was (spending stays with it)."""
    require(actor, "planning.add_plan", message=NOT_ALLOWED)
    require_same_zone(actor, plan.zone_id)
    copy = _clone(Plan.objects.get(pk=plan.pk))
    copy.version = plan.version + 1
    copy.previous = plan
    copy.status = PlanStatus.DRAFT
    copy.approval_act, copy.approved_on = "", None
    copy.save()
    actions_by_objective: dict[int, list[PlanAction]] = {}
    for action in PlanAction.objects.filter(plan=plan).prefetch_related("quarters"):
        actions_by_objective.setdefault(action.objective_id, []).append(action)
    for objective in plan.objectives.prefetch_related("targets", "commitments"):
        old_id = objective.pk
        targets, commitments = list(objective.targets.all()), list(objective.commitments.all())
        objective = _clone(objective)
        objective.plan = copy
        objective.save()
        for target in targets:
            target.pk = target.id = None
            target.objective = objective
        QuantitativeTarget.objects.bulk_create(targets)
        for commitment in commitments:
            commitment.pk = commitment.id = None
            commitment.objective = objective
        PactCommitment.objects.bulk_create(commitments)
        for action in actions_by_objective.get(old_id, []):
            quarters = list(action.quarters.all())
            action = _clone(action)
            action.plan, action.objective, action.revision = copy, objective, 1
            action.save()
            for quarter in quarters:
                quarter.pk = quarter.id = None
                quarter.action = action
            ScheduleQuarter.objects.bulk_create(quarters)
    # Only the latest version draws on the funds: the old version's actions and their spending
    # leave the ledger, the new version's actions enter it.
    ledger.rebuild(zone_ids=[plan.zone_id], origins=[LedgerOrigin.ACTION, LedgerOrigin.SPENDING])
    log_event(user=actor, obj=copy, action=EventAction.CREATE, fields=["*"], note="versione")
    return copy


def _editable(plan: Plan) -> None:
    if plan.status == PlanStatus.CLOSED:
        raise ValidationError({"plan": "Il piano è chiuso: non si modifica più."})


@transaction.atomic
def objective_add(*, actor, plan: Plan, code: str, title: str, **fields) -> PlanObjective:
    require(actor, "planning.add_planobjective", message=NOT_ALLOWED)
    require_same_zone(actor, plan.zone_id)
    plan = Plan.objects.get(pk=plan.pk)
    _editable(plan)
    errors: dict[str, str] = {}
    if not (code or "").strip():
        errors["code"] = "Indica il codice dell'obiettivo."
    elif PlanObjective.objects.filter(plan=plan, code=code.strip()).exists():
        errors["code"] = f"Il codice {code.strip()} è già usato in questo piano."
    if not (title or "").strip():
        errors["title"] = "Indica il titolo."
    if errors:
        raise ValidationError(errors)
    objective = PlanObjective(
        plan=plan,
        code=code.strip(),
        title=title.strip(),
        position=fields.pop("position", plan.objectives.count() + 1),
        **fields,
    )
    objective.full_clean()
    objective.save()
    log_event(
        user=actor, obj=objective, action=EventAction.CREATE, fields=["*"], zone_id=plan.zone_id
    )
    return objective


ACTION_FIELDS = (
    "code",
    "title",
    "description",
    "classification",
    "kind",
    "staff_units",
    "staff_profile",
    "implementation_mode",
    "implementation_note",
    "amount",
    "fund",
    "funding_year",
    "responsible_office",
    "starts_on",
    "ends_on",
    "position",
)


def _action_errors(plan: Plan, data: dict, action: PlanAction | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    code = (data.get("code") or "").strip()
    if not code:
        errors["code"] = "Indica il codice dell'azione (per esempio «a1»)."
    elif (
        PlanAction.objects.filter(plan=plan, code=code)
        .exclude(pk=getattr(action, "pk", None))
        .exists()
    ):
        errors["code"] = f"Il codice {code} è già usato in questo piano."
    if not (data.get("title") or "").strip():
        errors["title"] = "Indica il titolo dell'azione."
    if data.get("kind") and data["kind"] not in ActionKind.values:
        errors["kind"] = "Tipo di azione non valido."
    if (
        data.get("implementation_mode")
        and data["implementation_mode"] not in ImplementationMode.values
    ):
        errors["implementation_mode"] = "Modalità di attuazione non valida."
    if "amount" in data:
        value = money(data["amount"], "amount", errors, label="Importo previsto")
        if value is not None:
            data["amount"] = value
    if data.get("staff_units") is not None and data["staff_units"] < 0:
        errors["staff_units"] = "Le unità di personale non possono essere negative."
    for name, label in (("starts_on", "L'inizio"), ("ends_on", "La fine")):
        day = data.get(name)
        if day and not plan.period_start <= day <= plan.period_end:
            errors[name] = (
                f"{label} dell'azione ({day:%d/%m/%Y}) è fuori dal periodo del piano "
                f"({plan.period_start:%d/%m/%Y} - {plan.period_end:%d/%m/%Y})."
            )
    if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
        errors["ends_on"] = "La fine dell'azione non può precedere l'inizio."
    year = data.get("funding_year")
    if year and not plan.period_start.year <= year <= plan.period_end.year:
        errors["funding_year"] = "L'annualità del fondo è fuori dal periodo del piano."
    if data.get("fund") is not None and not data.get("funding_year"):
        errors["funding_year"] = "Indica l'annualità del fondo."
    return errors


@transaction.atomic
def action_save(
    *,
    actor,
    data: dict,
    objective: PlanObjective | None = None,
    action: PlanAction | None = None,
    revision: int | None = None,
    override_reason: str = "",
) -> PlanAction:
    """Create an action under `objective`, or change `action`. A change must say which
    revision it was made on: if someone saved the action since, it is refused (CONFLICT).
    The amount drawn on a fund for a year may not exceed the fund's residual (funds.py)."""
    data = {k: v for k, v in data.items() if k in ACTION_FIELDS}
    if action is None:
        require(actor, "planning.add_planaction", message=NOT_ALLOWED)
        if objective is None:
            raise ValidationError({"objective": "Indica l'obiettivo dell'azione."})
        plan = Plan.objects.get(pk=objective.plan_id)  # fresh: its status may have changed
    else:
        require(actor, "planning.change_planaction", message=NOT_ALLOWED)
        action = PlanAction.objects.select_for_update().select_related("plan").get(pk=action.pk)
        plan = action.plan
        if revision is None or int(revision) != action.revision:
            raise ValidationError({"revision": CONFLICT})
    require_same_zone(actor, plan.zone_id)
    _editable(plan)
    merged = {name: getattr(action, name) for name in ACTION_FIELDS} if action else {}
    merged.update(data)
    errors = _action_errors(plan, merged, action)
    if errors:
        raise ValidationError(errors)
    note = ""
    fund: FundSource | None = merged.get("fund")
    if fund is not None and merged.get("amount"):
        note = check_residual(
            actor=actor,
            zone_id=plan.zone_id,
            fund=fund,
            year=merged["funding_year"],
            amount=merged["amount"],
            source_id=getattr(action, "pk", None),
            override_reason=override_reason,
        )
    if action is None:
        action = PlanAction(plan=plan, objective=objective, **merged)
        if "position" not in merged:
            action.position = PlanAction.objects.filter(objective=objective).count() + 1
        action.full_clean()
        action.save()
        ledger.refresh(LedgerOrigin.ACTION, [action.pk])
        log_event(
            user=actor,
            obj=action,
            action=EventAction.CREATE,
            fields=["*"],
            note=note,
            zone_id=plan.zone_id,
        )
        return action
    changed = changed_fields(action, merged)
    for name in changed:
        setattr(action, name, merged[name])
    action.revision += 1
    action.full_clean()
    action.save()
    ledger.refresh(LedgerOrigin.ACTION, [action.pk])
    # Its commitments and payments sit on the action's fund and year: they move with it.
    ledger.refresh(LedgerOrigin.SPENDING, action.spending.values_list("pk", flat=True))
    log_event(user=actor, obj=action, fields=changed, note=note, zone_id=plan.zone_id)
    return action


@transaction.atomic
def schedule_set(
    *,
    actor,
    action: PlanAction,
    year: int,
    quarter: int,
    planned: bool | None = None,
    progress: str | None = None,
    note: str | None = None,
) -> ScheduleQuarter:
    require(actor, "planning.change_planaction", message=NOT_ALLOWED)
    action = PlanAction.objects.select_related("plan").get(pk=action.pk)
    require_same_zone(actor, action.plan.zone_id)
    _editable(action.plan)
    errors: dict[str, str] = {}
    if (year, quarter) not in action.plan.quarters():
        errors["quarter"] = f"Il trimestre {quarter}/{year} è fuori dal periodo del piano."
    if progress is not None and progress not in Progress.values:
        errors["progress"] = "Avanzamento non valido."
    if errors:
        raise ValidationError(errors)
    row, _ = ScheduleQuarter.objects.get_or_create(action=action, year=year, quarter=quarter)
    if planned is not None:
        row.planned = planned
    if progress is not None:
        row.progress = progress
    if note is not None:
        row.note = note.strip()
    row.save()
    PlanAction.objects.filter(pk=action.pk).update(revision=action.revision + 1)
    action.revision += 1
    log_event(
        user=actor,
        obj=action,
        fields=["schedule"],
        note=f"{year} T{quarter}",
        zone_id=action.plan.zone_id,
    )
    return row


@transaction.atomic
def target_add(
    *,
    actor,
    objective: PlanObjective,
    indicator: str,
    baseline,
    target,
    unit: str = "",
    current_value=None,
    current_on=None,
) -> QuantitativeTarget:
    require(actor, "planning.add_quantitativetarget", message=NOT_ALLOWED)
    require_same_zone(actor, objective.plan.zone_id)
    if not (indicator or "").strip():
        raise ValidationError({"indicator": "Indica l'indicatore."})
    row = QuantitativeTarget(
        objective=objective,
        indicator=indicator.strip(),
        unit=unit,
        baseline=baseline,
        target=target,
        current_value=current_value,
        current_on=current_on,
    )
    row.full_clean()
    row.save()
    log_event(
        user=actor, obj=row, action=EventAction.CREATE, fields=["*"], zone_id=objective.plan.zone_id
    )
    return row


@transaction.atomic
def target_update(*, actor, target: QuantitativeTarget, current_value, current_on: dt.date):
    require(actor, "planning.change_quantitativetarget", message=NOT_ALLOWED)
    require_same_zone(actor, target.objective.plan.zone_id)
    if current_on and current_on > timezone.localdate():
        raise ValidationError({"current_on": "La data della rilevazione non può essere futura."})
    target.current_value, target.current_on = current_value, current_on
    target.full_clean()
    target.save(update_fields=["current_value", "current_on"])
    log_event(
        user=actor,
        obj=target,
        fields=["current_value", "current_on"],
        zone_id=target.objective.plan.zone_id,
    )
    return target


@transaction.atomic
def commitment_add(*, actor, objective: PlanObjective, side: str, text: str) -> PactCommitment:
    require(actor, "planning.add_pactcommitment", message=NOT_ALLOWED)
    require_same_zone(actor, objective.plan.zone_id)
    if side not in CommitmentSide.values:
        raise ValidationError({"side": "Parte non valida."})
    if not (text or "").strip():
        raise ValidationError({"text": "Scrivi l'impegno."})
    row = PactCommitment(
        objective=objective,
        side=side,
        text=text.strip(),
        position=objective.commitments.filter(side=side).count() + 1,
    )
    row.save()
    log_event(
        user=actor, obj=row, action=EventAction.CREATE, fields=["*"], zone_id=objective.plan.zone_id
    )
    return row


@transaction.atomic
def spending_add(
    *,
    actor,
    action: PlanAction,
    kind: str,
    amount,
    date: dt.date,
    act_number: str,
    payee: str = "",
) -> Spending:
    require(actor, "planning.add_spending", message=NOT_ALLOWED)
    require_same_zone(actor, action.plan.zone_id)
    errors: dict[str, str] = {}
    if kind not in SpendingKind.values:
        errors["kind"] = "Indica se è un impegno o un pagamento."
    value = money(amount, "amount", errors, label="Importo", positive=True)
    if date is None:
        errors["date"] = "Indica la data."
    elif date > timezone.localdate():
        errors["date"] = "La data non può essere futura."
    if not (act_number or "").strip():
        errors["act_number"] = "Indica il numero dell'atto."
    if errors:
        raise ValidationError(errors)
    row = Spending(
        action=action,
        kind=kind,
        amount=value,
        date=date,
        act_number=act_number.strip(),
        payee=(payee or "").strip(),
    )
    row.full_clean()
    row.save()
    ledger.refresh(LedgerOrigin.SPENDING, [row.pk])
    log_event(
        user=actor, obj=row, action=EventAction.CREATE, fields=["*"], zone_id=action.plan.zone_id
    )
    return row
