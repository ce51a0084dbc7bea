"""The permissions each seeded role starts with in this app (merged by core/roles.py).

The child-protection service (the district foster-care centre) manages the register, the
placements and the groups of the whole zone; a social worker records the placements of the
cases whose team they belong to (scoping.py); the plan office, the zone administrator and the
assembly read the figures only."""

MODELS = ("fosterfamily", "placement", "originmeeting", "supportgroup")
REPORTS = ["fostering.view_fostering_reports"]

DEFAULTS: dict[str, list[str]] = {
    "child_protection": [
        f"fostering.{action}_{model}" for model in MODELS for action in ("view", "add", "change")
    ]
    + ["fostering.view_zone_fostering", "fostering.manage_fostering"]
    + REPORTS,
    "social_worker": [
        "fostering.view_fosterfamily",
        "fostering.view_placement",
        "fostering.add_placement",
        "fostering.change_placement",
        "fostering.view_originmeeting",
        "fostering.add_originmeeting",
    ],
    "planner": REPORTS,
    "zone_admin": REPORTS,
    "assembly": REPORTS,
}
