"""Helpers shared by the territory's writes: the fields a write may touch, and related objects
of the same zone. Permission and zone checks are core.permissions' `require`."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def _only(data: dict, allowed: tuple[str, ...]) -> dict:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"Campi non previsti: {', '.join(sorted(unknown))}")
    return dict(data)


def _check_in_zone(instance, field: str, text: str) -> None:
    """The related object named `field` of `instance`, when set, must be of the same zone."""
    if getattr(instance, f"{field}_id") is None:
        return
    if getattr(instance, field).zone_id != instance.zone_id:
        raise ValidationError({field: text}, code="zone")
