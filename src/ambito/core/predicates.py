"""Building blocks of the apps' object rules (their `rules.py`, asked through
core.permissions.require): holding a permission, and an object being visible under its
model's declared scoping (core/scoping.py)."""

from __future__ import annotations

import rules


def holds(perm: str):
    """The user holds `perm` (through the roles of the membership in use)."""

    @rules.predicate(name=f"holds {perm}")
    def predicate(user) -> bool:
        return user.has_perm(perm)

    return predicate


def visible(model, *, through: str | None = None):
    """The object (or, with `through`, the object at that attribute id: "emergency_id") is one
    `model.objects.visible_to(user)` gives."""

    @rules.predicate(name=f"visible {model._meta.label}" + (f" via {through}" if through else ""))
    def predicate(user, obj) -> bool:
        if obj is None:
            return False
        pk = getattr(obj, through) if through else obj.pk
        return model.objects.visible_to(user).filter(pk=pk).exists()

    return predicate


@rules.predicate
def same_zone(user, obj) -> bool:
    """The object belongs to the zone the user works in."""
    return obj is not None and obj.zone_id == user.zone_id
