"""Writes of §9, by concept: plans (plans, objectives, actions, schedule, targets, pact
commitments, spending), funds (allocations, the residual check) and the assembly (meetings,
attendance, deliberations and votes). Every service checks permission and zone, validates
everything before writing, runs in one transaction and logs the change."""

from .assembly import (
    attendance_record,
    deliberation_record,
    meeting_create,
    next_deliberation_number,
)
from .funds import allocation_add, budget_line_add, check_residual
from .plans import (
    action_save,
    commitment_add,
    objective_add,
    plan_create,
    plan_new_version,
    plan_set_status,
    schedule_set,
    spending_add,
    target_add,
    target_update,
)

__all__ = [
    "action_save",
    "allocation_add",
    "attendance_record",
    "budget_line_add",
    "check_residual",
    "commitment_add",
    "deliberation_record",
    "meeting_create",
    "next_deliberation_number",
    "objective_add",
    "plan_create",
    "plan_new_version",
    "plan_set_status",
    "schedule_set",
    "spending_add",
    "target_add",
    "target_update",
]
