"""What every service of the register needs: the refusals and the checks of who acts."""

from __future__ import annotations

from ambito.core.permissions import NotAllowed, allowed, require, require_same_zone

from ..scoping import MANAGE, SEARCH

NOT_ALLOWED = "Non hai il permesso per questa operazione sul registro degli assistenti familiari."


def require_manager(actor, zone_id: int) -> None:
    """The register's manager of the row's zone; another zone's rows are hidden (404)."""
    require_same_zone(actor, zone_id)
    require(actor, MANAGE, message=NOT_ALLOWED)


def require_searcher(actor, zone_id: int, perm: str = SEARCH) -> None:
    require_same_zone(actor, zone_id)
    require(actor, perm, message=NOT_ALLOWED)


def is_manager(actor) -> bool:
    return allowed(actor, MANAGE)


def is_searcher(actor) -> bool:
    return allowed(actor, SEARCH)


def require_visible_worker(actor, worker) -> None:
    """A worker the actor may not read (not listable for a search user) does not exist."""
    from ..models import Worker

    require_same_zone(actor, worker.zone_id)
    if not Worker.objects.visible_to(actor).filter(pk=worker.pk).exists():
        raise NotAllowed(hide=True)
