"""Guards shared by the territory's writes: the actor's permission and zone, and the fields a
write may touch."""

from __future__ import annotations

from django.core.exceptions import ValidationError

# --- guards ----------------------------------------------------------------------------------


def _require(actor, permission: str, text: str) -> None:
    if actor is None or not actor.is_active or not actor.has_perm(permission):
        raise ValidationError(text, code="permission")


def _require_zone(actor, zone_id: int | None) -> None:
    """Only a superuser may write in a zone other than their own."""
    if actor.is_superuser:
        return
    if actor.zone_id is None or actor.zone_id != zone_id:
        raise ValidationError("Non puoi modificare i dati di un altro ambito.", code="zone")


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
