"""This app's section on a case's page and on "Il mio lavoro" (cases/panels.py)."""

from __future__ import annotations

from django.utils import timezone

from ambito.core.audit import log_persons_shown
from ambito.core.permissions import works_in_zone

from ..models import CourtOrder
from ..scoping import sees_case_orders
from .orders import days_left, deadline_state, meetings_for, orders_for

MY_WORK_LIMIT = 15


def _annotate(orders, today):
    for order in orders:
        order.deadline = deadline_state(order, today)
        order.days_left = days_left(order, today)
    return orders


def case_panel(user, case, writable: bool) -> dict | None:
    """The case's court orders and UVM meetings, or None for those who may not see them
    (only the child-protection service and the case's team)."""
    if not sees_case_orders(user, case):
        return None
    today = timezone.localdate()
    orders = _annotate(list(orders_for(user, which="tutti", case=case)), today)
    return {
        "orders": orders,
        "meetings": list(meetings_for(user, case=case)[:10]),
        "can_add": writable and user.has_perm("protection.add_courtorder"),
    }


def my_work_panel(user) -> dict | None:
    """The court deadlines of the user's cases (the whole zone's for the child-protection
    service), soonest first, with a warning within 10 days and when overdue."""
    if not works_in_zone(user) or not user.has_perm("protection.view_courtorder"):
        return None
    today = timezone.localdate()
    rows = orders_for(user, which="aperti").filter(due_date__isnull=False)
    count = rows.count()
    if not count:
        return None
    orders = _annotate(list(rows[:MY_WORK_LIMIT]), today)
    log_persons_shown(
        user=user, rows=[o.case for o in orders], person_field="person",
        object_type="protection.courtorder",
    )  # fmt: skip
    return {
        "orders": orders,
        "count": count,
        "overdue": sum(1 for o in orders if o.deadline == "scaduta"),
        "due_soon": sum(1 for o in orders if o.deadline == "in_scadenza"),
        "more": count > MY_WORK_LIMIT,
    }


__all__ = ["CourtOrder", "case_panel", "my_work_panel"]
