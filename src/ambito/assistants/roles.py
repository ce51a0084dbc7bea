"""The permissions each seeded role starts with in this app (merged by core/roles.py).

- PLANNER and ZONE_ADMIN manage the register (enrol, training, checks, suspend, consent,
  publication on the charter) and read the matches and the figures.
- FRONT_OFFICE, SOCIAL_WORKER, COORDINATOR search the listable workers and record matches;
  the COORDINATOR also reads the zone's matches and the figures.
- ASSEMBLY reads the figures only (no name).
"""

from ambito.core.choices import Role

_MATCHES = ["assistants.view_match", "assistants.add_match", "assistants.change_match"]
_SEARCH = ["assistants.view_worker", "assistants.search_register", *_MATCHES]
_MANAGE = [
    "assistants.view_worker",
    "assistants.add_worker",
    "assistants.change_worker",
    "assistants.manage_register",
    "assistants.view_match",
    "assistants.view_zone_matches",
    "assistants.view_register_figures",
    "assistants.view_registerpublication",
    "assistants.change_registerpublication",
]

DEFAULTS: dict[str, list[str]] = {
    Role.PLANNER: _MANAGE,
    Role.ZONE_ADMIN: _MANAGE,
    Role.FRONT_OFFICE: _SEARCH,
    Role.SOCIAL_WORKER: _SEARCH,
    Role.COORDINATOR: [
        *_SEARCH,
        "assistants.view_zone_matches",
        "assistants.view_register_figures",
    ],
    Role.ASSEMBLY: ["assistants.view_register_figures"],
}
