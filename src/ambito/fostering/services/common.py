"""What every fostering service needs: the refusals and who may act on what."""

from __future__ import annotations

from ambito.core.permissions import NotAllowed, allowed, require, require_same_zone

from ..scoping import MANAGE, ZONE, case_team

NOT_ALLOWED = "Non hai il permesso per questa operazione sull'affido familiare."


def is_manager(actor) -> bool:
    return allowed(actor, MANAGE)


def require_manager(actor, zone_id: int) -> None:
    """The foster-care centre of the row's zone; another zone's rows are hidden."""
    require_same_zone(actor, zone_id)
    require(actor, MANAGE, message=NOT_ALLOWED)


def in_case_team(actor, case) -> bool:
    from ambito.cases.models import Case

    rows = case_team("pk")(actor, Case)
    return Case.objects.filter(rows, pk=case.pk).exists()


def may_work_case(actor, case) -> bool:
    """The foster-care centre of the case's zone, or the case's team."""
    if not allowed(actor, "fostering.view_placement") or actor.zone_id != case.zone_id:
        return False
    return allowed(actor, ZONE) or in_case_team(actor, case)


def require_case_worker(actor, case, perm: str) -> None:
    """The case's team or the foster-care centre, holding `perm`; anyone else: 404."""
    if not may_work_case(actor, case):
        raise NotAllowed(hide=True)
    require(actor, perm, message=NOT_ALLOWED)
