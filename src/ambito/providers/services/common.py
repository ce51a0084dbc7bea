"""What every providers service needs: the refusals, the plan office's check and the check
that an operator acts for their own provider."""

from __future__ import annotations

from ambito.core.permissions import NotAllowed, allowed, require, require_same_zone

NOT_ALLOWED = "Non hai il permesso per questa operazione su erogatori e titoli sociali."
MANAGE = "providers.manage_providers"


def require_manager(actor, zone_id: int, perm: str = MANAGE) -> None:
    """The plan office of the row's zone holding `perm`; another zone's rows are hidden."""
    require_same_zone(actor, zone_id)
    require(actor, perm, message=NOT_ALLOWED)


def is_manager(actor) -> bool:
    return allowed(actor, MANAGE)


def require_provider_party(actor, provider, perm: str) -> None:
    """The plan office, or an operator of the provider's organisation holding `perm`. Another
    provider's rows do not exist for an operator (hidden refusal, 404)."""
    require_same_zone(actor, provider.zone_id)
    if is_manager(actor):
        return
    if getattr(actor, "organisation_id", None) != provider.organisation_id:
        raise NotAllowed(hide=True)
    require(actor, perm, message=NOT_ALLOWED)
