"""The permissions each seeded role starts with in this app (merged by core/roles.py)."""

DEFAULTS: dict[str, list[str]] = {}
