"""The permissions each seeded role starts with in this app (merged by core/roles.py).

- the child-protection service: everything, the whole zone (`view_zone_orders`);
- social workers and coordinators: orders, reports and meetings of the cases whose team they
  are in (scoping.py restricts the rows), signing their reports;
- the plan office, the zone administrator and the assembly: the figures only (deadlines met
  on time), never an order or a report."""

from ambito.core.choices import Role

_MODELS = ("courtorder", "socialreport", "uvmmeeting", "uvmteam", "reporttemplate")
FIGURES = ["protection.view_protection_figures"]
TEAM_WORK = [
    f"protection.{action}_{model}"
    for model in ("courtorder", "socialreport", "uvmmeeting")
    for action in ("view", "add", "change")
] + ["protection.view_uvmteam", "protection.view_reporttemplate", "protection.sign_report"]
SERVICE = (
    [f"protection.{action}_{model}" for model in _MODELS for action in ("view", "add", "change")]
    + ["protection.view_zone_orders", "protection.sign_report"]
    + FIGURES
)

DEFAULTS: dict[str, list[str]] = {
    Role.CHILD_PROTECTION: SERVICE,
    Role.SOCIAL_WORKER: TEAM_WORK,
    Role.COORDINATOR: TEAM_WORK,
    Role.PLANNER: FIGURES,
    Role.ZONE_ADMIN: FIGURES,
    Role.ASSEMBLY: FIGURES,
}
