"""The refusals every protection service shares."""

from __future__ import annotations

from ambito.core.permissions import NotAllowed, require

from ..scoping import sees_case_orders

NOT_ALLOWED = "Non hai il permesso per questa operazione sulla tutela minori."


def require_case_access(actor, case, perm: str) -> None:
    """The child-protection service of the case's zone or the case's team, holding `perm`;
    anybody else does not learn that the case has court orders (hidden refusal, 404)."""
    if not sees_case_orders(actor, case):
        raise NotAllowed(hide=True)
    require(actor, perm, message=NOT_ALLOWED)
