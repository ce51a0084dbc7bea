"""Intakes of a district service: a case referred to a line, its list, its hours and costs.

- **Referral**: who may refer (`district.refer_district`) and sees the case refers it to an
  active line of the zone, with a priority, a reason and the hours per week planned; it joins
  the line's waiting list. One open intake (waiting, active, suspended) per case and line.
- **Transitions** (workflow.py): the plan office admits from the list (out of the list's order
  only with a reason), refuses, suspends, resumes and closes.
- **Hours**: the plan office, or an operator of the line's provider, records hours delivered
  on a day or in a month on an active intake; the cost is hours × the line's hourly cost. The
  intake's totals change under its row lock and its cost moves the fund ledger in the same
  transaction, after the fund's residual was checked (`planning.services.funds.check_residual`):
  no residual, nothing written.

Every refusal is an Italian message per field, all at once, and nothing is written."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.core.permissions import NotAllowed, require, require_same_zone
from ambito.planning import ledger
from ambito.planning.choices import LedgerOrigin
from ambito.planning.services.funds import check_residual

from ..choices import HoursPeriod, IntakeState, Priority
from ..models import DistrictHours, DistrictIntake, DistrictLine, IntakeTransition
from ..scoping import REFER
from ..workflow import NEEDS_REASON, TRANSITIONS
from .common import (
    NOT_ALLOWED,
    date_or_none,
    decimal_or_none,
    require_hours_recorder,
    require_manager,
)

CENT = Decimal("0.01")
OPEN = (IntakeState.WAITING, IntakeState.ACTIVE, IntakeState.SUSPENDED)
WAITING_ORDER = ("priority", "referred_on", "pk")
MAX_HOURS_PER_WEEK = Decimal("60")
MAX_HOURS_PER_DAY = Decimal("24")


def _visible_case(actor, case):
    from ambito.cases.models import Case

    found = Case.objects.visible_to(actor).filter(pk=case.pk).select_related("person").first()
    if found is None:
        raise NotAllowed(hide=True)
    return found


def _transition(intake, name, from_state, actor, on, reason=""):
    IntakeTransition.objects.create(
        intake=intake, name=name, from_state=from_state, to_state=intake.state, on=on,
        actor=actor, reason=reason,
    )  # fmt: skip


@transaction.atomic
def intake_refer(
    *,
    actor,
    case,
    line: DistrictLine,
    reason: str,
    hours_per_week,
    priority=Priority.ORDINARY,
    referred_on=None,
) -> DistrictIntake:
    """The case joins the line's waiting list."""
    require_same_zone(actor, case.zone_id)
    require(actor, REFER, message=NOT_ALLOWED)
    case = _visible_case(actor, case)
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if line.zone_id != case.zone_id:
        errors["line"] = "Servizio non trovato in questo ambito."
    elif not line.active:
        errors["line"] = f"Il servizio «{line.name}» non accoglie nuove segnalazioni."
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = "Indica il motivo della segnalazione."
    hours = decimal_or_none(hours_per_week)
    if hours is None or hours <= 0 or hours > MAX_HOURS_PER_WEEK:
        errors["hours_per_week"] = (
            f"Le ore settimanali previste sono un numero maggiore di zero e fino a "
            f"{MAX_HOURS_PER_WEEK}."
        )
    try:
        priority = int(priority)
    except (TypeError, ValueError):
        priority = 0
    if priority not in Priority.values:
        errors["priority"] = "Scegli la priorità (urgente, alta, ordinaria)."
    on = date_or_none(referred_on) if referred_on not in (None, "") else today
    if on is None:
        errors["referred_on"] = "Data della segnalazione non valida."
    elif on > today:
        errors["referred_on"] = "La data della segnalazione non può essere nel futuro."
    elif on < timezone.localtime(case.opened_at).date():
        errors["referred_on"] = "La segnalazione non può precedere l'apertura della cartella."
    if not case.is_open:
        errors["case"] = "La cartella è chiusa: non si segnala a un servizio."
    if (
        "line" not in errors
        and DistrictIntake.objects.filter(line=line, case=case, state__in=OPEN).exists()
    ):
        errors["line"] = f"La cartella è già in lista o in carico al servizio «{line.name}»."
    if errors:
        raise ValidationError(errors)
    intake = DistrictIntake.objects.create(
        zone_id=case.zone_id, line=line, case=case, person=case.person, priority=priority,
        referred_on=on, referred_by=actor, reason=reason, hours_per_week=hours.quantize(CENT),
    )  # fmt: skip
    _transition(intake, "referral", "", actor, on)
    log_event(
        user=actor, obj=intake, action=EventAction.CREATE,
        fields=("line", "case", "priority", "referred_on", "reason", "hours_per_week"),
    )  # fmt: skip
    return intake


def waiting_list(line: DistrictLine):
    """The line's waiting intakes in their deterministic order."""
    return DistrictIntake.objects.filter(line=line, state=IntakeState.WAITING).order_by(
        *WAITING_ORDER
    )


@transaction.atomic
def intake_transition(
    *, actor, intake: DistrictIntake, name: str, on=None, reason: str = ""
) -> DistrictIntake:
    """Admit, refuse, suspend, resume or close (workflow.py), by the plan office."""
    require_manager(actor, intake.zone_id)
    if name not in TRANSITIONS:
        raise ValidationError({"name": "Operazione non valida."})
    intake = DistrictIntake.objects.select_for_update().get(pk=intake.pk)
    sources, target, label = TRANSITIONS[name]
    errors: dict[str, str] = {}
    if intake.state not in sources:
        errors["name"] = (
            f"«{label}» non è possibile: la presa in carico è "
            f"«{intake.get_state_display().lower()}»."
        )
    today = timezone.localdate()
    day = date_or_none(on) if on not in (None, "") else today
    reason = (reason or "").strip()
    if day is None:
        errors["on"] = "Data non valida."
    elif day > today:
        errors["on"] = "La data non può essere nel futuro."
    elif day < intake.referred_on:
        errors["on"] = "La data non può precedere la segnalazione."
    elif name in ("close", "suspend") and intake.admitted_on and day < intake.admitted_on:
        errors["on"] = "La data non può precedere la presa in carico."
    if name in NEEDS_REASON and not reason:
        errors["reason"] = "Indica il motivo."
    if name == "admit" and "name" not in errors and not reason:
        first = waiting_list(intake.line).values_list("pk", flat=True).first()
        if first != intake.pk:
            errors["reason"] = (
                "Non è la prima della lista d'attesa: indica il motivo della presa in carico "
                "fuori ordine."
            )
    if errors:
        raise ValidationError(errors)
    from_state = intake.state
    intake.state = target
    changed = ["state"]
    if name == "admit":
        intake.admitted_on = day
        changed.append("admitted_on")
    if target in (IntakeState.CLOSED, IntakeState.REFUSED):
        intake.ended_on = day
        changed.append("ended_on")
    intake.save(update_fields=changed)
    _transition(intake, name, from_state, actor, day, reason)
    log_event(user=actor, obj=intake, fields=changed, note=name)
    return intake


def _period_bounds(period: str, day: dt.date) -> tuple[dt.date, dt.date]:
    if period == HoursPeriod.MONTH:
        start = day.replace(day=1)
        return start, start.replace(day=calendar.monthrange(day.year, day.month)[1])
    return day, day


@transaction.atomic
def hours_record(
    *,
    actor,
    intake: DistrictIntake,
    on,
    hours,
    operator: str,
    period: str = HoursPeriod.DAY,
    note: str = "",
    override_reason: str = "",
) -> DistrictHours:
    """Hours delivered on an active intake on a day (or in a month: `on` is any day of it)."""
    line = intake.line
    require_hours_recorder(actor, line)
    intake = (
        DistrictIntake.objects.select_for_update().select_related("line__fund").get(pk=intake.pk)
    )
    line = intake.line
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if intake.state != IntakeState.ACTIVE:
        errors["intake"] = (
            f"Le ore si registrano solo su una presa in carico attiva: questa è "
            f"«{intake.get_state_display().lower()}»."
        )
    if period not in HoursPeriod.values:
        errors["period"] = "Scegli se le ore sono di un giorno o di un mese."
        period = HoursPeriod.DAY
    day = date_or_none(on)
    start = end = None
    if day is None:
        errors["on"] = "Data non valida."
    else:
        start, end = _period_bounds(period, day)
        if start > today or day > today:
            errors["on"] = "Le ore non possono essere di una data futura."
        elif intake.admitted_on and end < intake.admitted_on:
            errors["on"] = "Le ore non possono precedere la presa in carico."
        elif start.year != line.year:
            errors["on"] = f"Le ore devono cadere nell'annualità del servizio ({line.year})."
    value = decimal_or_none(hours)
    days = (min(end, today) - start).days + 1 if start and end and start <= today else 1
    limit = MAX_HOURS_PER_DAY * days
    if value is None or value <= 0:
        errors["hours"] = "Le ore sono un numero maggiore di zero."
    elif value > limit:
        errors["hours"] = (
            f"Ore non plausibili: al massimo 24 al giorno ({limit.normalize():f} nel periodo)."
        )
    elif value != value.quantize(CENT):
        errors["hours"] = "Le ore hanno al massimo due decimali."
    operator = (operator or "").strip()
    if not operator:
        errors["operator"] = "Indica l'operatore che ha svolto le ore."
    if errors:
        raise ValidationError(errors)
    cost = (value * line.hourly_cost).quantize(CENT, ROUND_HALF_UP)
    # What these hours add must fit the fund year's residual (the intake's hours so far are
    # already on the ledger, so nothing is left out).
    check_residual(
        actor=actor, zone_id=intake.zone_id, fund=line.fund, year=line.year, amount=cost,
        origin=LedgerOrigin.DISTRICT_HOURS, override_reason=override_reason,
        what="la registrazione delle ore", field="hours",
    )  # fmt: skip
    record = DistrictHours.objects.create(
        zone_id=intake.zone_id, intake=intake, period=period, date=start, operator=operator[:200],
        hours=value, hourly_cost=line.hourly_cost, cost=cost, note=(note or "").strip()[:300],
        recorded_by=actor,
    )  # fmt: skip
    DistrictIntake.objects.filter(pk=intake.pk).update(
        hours=F("hours") + value, cost=F("cost") + cost
    )
    ledger.refresh(LedgerOrigin.DISTRICT_HOURS, [intake.pk])
    log_event(
        user=actor, obj=record, action=EventAction.CREATE, person=intake.person,
        fields=("date", "period", "hours", "operator", "cost"),
    )  # fmt: skip
    return record
