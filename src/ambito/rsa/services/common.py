"""What the RSA services share: who may manage, the application's snapshot and events, and the
ranking's refresh after every change."""

from __future__ import annotations

from ambito.core.permissions import NotAllowed, allowed, works_in_zone

from ..models import Event
from . import ranking

MANAGE = "rsa.manage_rsa"
RECORD = "rsa.record_admission"
NOT_ALLOWED = "Solo l'Ufficio di Piano gestisce le liste d'attesa RSA."


def is_manager(user) -> bool:
    return allowed(user, MANAGE)


def require_manager(user, zone_id: int) -> None:
    if not works_in_zone(user) or user.zone_id != zone_id:
        raise NotAllowed(hide=True)
    if not is_manager(user):
        raise NotAllowed(NOT_ALLOWED)


def is_body_of(user, structure) -> bool:
    return (
        allowed(user, RECORD)
        and user.zone_id == structure.zone_id
        and getattr(user, "organisation_id", None) == structure.body_id
    )


def require_manager_or_body(user, structure) -> None:
    if works_in_zone(user) and user.zone_id == structure.zone_id and is_manager(user):
        return
    if is_body_of(user, structure):
        return
    raise NotAllowed(
        "Solo l'Ufficio di Piano o l'ente gestore della struttura registra questo dato."
    )


def structure_ids(application) -> list[int]:
    return sorted(application.preferences.values_list("structure_id", flat=True))


def snapshot(application, structures=None) -> dict:
    return {
        "status": application.status,
        "class": application.priority_class,
        "score": str(application.score),
        "bumps": application.bumps,
        "structures": structures if structures is not None else structure_ids(application),
    }


def record(application, kind: str, on, *, structure=None, note: str = "", before=()) -> Event:
    """The event and the rankings it touches (the structures of the application before and
    after the change) recomputed."""
    structures = structure_ids(application)
    event = Event.objects.create(
        zone_id=application.zone_id,
        application=application,
        on=on,
        kind=kind,
        structure=structure,
        note=note[:300],
        snapshot=snapshot(application, structures),
    )
    ranking.recompute(set(structures) | set(before))
    return event
