"""Court orders: registration with the report's deadline, closure.

The deadline (decided, see docs/decisions.md): the court writes "relazione entro N giorni" —
calendar days, counted from the order's date or from its receipt as the order says
(`days_from`); the day the term starts from is not counted (art. 155 c.p.c., c. 1), so 30 days
from 2 March is 1 April. When the last day is not a working day (Saturday, Sunday or a
national holiday or the province's patron saint, `ambito.core.workdays.is_working_day`) the
deadline moves to the next working day (art. 155 c.p.c., cc. 4–5). An order may instead give
a fixed date ("entro il 15/06/2026"): it is kept as written."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ambito.core import workdays
from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.core.permissions import NotAllowed

from ..choices import Authority, DaysFrom, OrderKind, OrderStatus
from ..models import CourtOrder
from .common import NOT_ALLOWED, require_case_access

MAX_REPORT_DAYS = 730


def due_date_for(*, start: dt.date, days: int, province: str | None = None) -> dt.date:
    """`days` calendar days after `start`, moved to the next working day when the last day is
    a Saturday, Sunday or holiday."""
    due = start + dt.timedelta(days=days)
    if not workdays.is_working_day(due, province):
        due = workdays.next_working_day(due, province)
    return due


def _province(case) -> str | None:
    return workdays.zone_province(case.zone)


def _validate(data: dict, case) -> dict:
    errors: dict[str, str] = {}
    today = timezone.localdate()
    order_date, received = data.get("order_date"), data.get("received_date")
    days, fixed = data.get("report_days"), data.get("due_date")
    if data.get("authority") not in Authority.values:
        errors["authority"] = "Indica l'autorità giudiziaria."
    if data.get("kind") not in OrderKind.values:
        errors["kind"] = "Indica il tipo di provvedimento."
    if not (data.get("reference") or "").strip():
        errors["reference"] = "Indica il riferimento del provvedimento (numero di RG)."
    if not (data.get("subject") or "").strip():
        errors["subject"] = "Indica l'oggetto del provvedimento."
    if data.get("days_from", DaysFrom.ORDER) not in DaysFrom.values:
        errors["days_from"] = "Indica da quando decorrono i giorni."
    if order_date is None:
        errors["order_date"] = "Indica la data del provvedimento."
    elif order_date > today:
        errors["order_date"] = "La data del provvedimento non può essere nel futuro."
    if received is None:
        errors["received_date"] = "Indica la data di ricezione."
    elif order_date and received < order_date:
        errors["received_date"] = (
            "La data di ricezione non può precedere la data del provvedimento "
            f"({order_date:%d/%m/%Y})."
        )
    elif received > today:
        errors["received_date"] = "La data di ricezione non può essere nel futuro."
    if days is not None and fixed is not None:
        errors["due_date"] = (
            "Indica i giorni per la relazione oppure una data di scadenza, non entrambi."
        )
    elif days is not None and not 1 <= days <= MAX_REPORT_DAYS:
        errors["report_days"] = f"I giorni per la relazione vanno da 1 a {MAX_REPORT_DAYS}."
    elif fixed is not None and order_date and fixed < order_date:
        errors["due_date"] = (
            "La scadenza della relazione non può precedere la data del provvedimento "
            f"({order_date:%d/%m/%Y})."
        )
    minor = data.get("minor")
    if minor is not None and minor.zone_id != case.zone_id:
        errors["minor"] = "Il minore non appartiene a questo ambito."
    if errors:
        raise ValidationError(errors)
    if days is not None:
        start = order_date if data.get("days_from", DaysFrom.ORDER) == DaysFrom.ORDER else received
        data["due_date"] = due_date_for(start=start, days=days, province=_province(case))
    return data


FIELDS = (
    "minor", "authority", "kind", "reference", "order_date", "received_date", "subject",
    "report_days", "days_from", "due_date",
)  # fmt: skip


def order_create(*, actor, case, **data) -> CourtOrder:
    """Register a court order on the case. Refused, nothing written, when a date is wrong."""
    require_case_access(actor, case, "protection.add_courtorder")
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise TypeError(f"campi sconosciuti: {sorted(unknown)}")
    data.setdefault("days_from", DaysFrom.ORDER)
    data.setdefault("report_days", None)
    data.setdefault("due_date", None)
    data.setdefault("minor", None)
    data = _validate(dict(data), case)
    data["reference"] = data["reference"].strip()
    data["subject"] = data["subject"].strip()
    with transaction.atomic():
        order = CourtOrder.objects.create(zone_id=case.zone_id, case=case, created_by=actor, **data)
        log_event(
            user=actor, obj=order, action=EventAction.CREATE, fields=["*"], person=case.person
        )
    return order


def order_close(*, actor, order) -> CourtOrder:
    require_case_access(actor, order.case, "protection.change_courtorder")
    if order.status == OrderStatus.CLOSED:
        raise ValidationError({"status": "Il provvedimento è già chiuso."})
    with transaction.atomic():
        order = CourtOrder.objects.select_for_update().get(pk=order.pk)
        order.status = OrderStatus.CLOSED
        order.closed_at = timezone.now()
        order.save(update_fields=["status", "closed_at"])
        log_event(user=actor, obj=order, fields=["status", "closed_at"], person=order.case.person)
    return order


__all__ = ["NOT_ALLOWED", "NotAllowed", "due_date_for", "order_close", "order_create"]
