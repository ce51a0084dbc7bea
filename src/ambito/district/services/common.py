"""What every district service needs: the refusals and the parsing of numbers and dates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from ambito.core.permissions import NotAllowed, allowed, require, require_same_zone

from ..scoping import MANAGE, RECORD_HOURS

NOT_ALLOWED = "Non hai il permesso per questa operazione sui servizi distrettuali."


def is_manager(actor) -> bool:
    return allowed(actor, MANAGE)


def require_manager(actor, zone_id: int) -> None:
    """The plan office of the row's zone; another zone's rows are hidden."""
    require_same_zone(actor, zone_id)
    require(actor, MANAGE, message=NOT_ALLOWED)


def require_hours_recorder(actor, line) -> None:
    """The plan office, or an operator of the line's provider organisation holding the
    permission to record hours; another provider's lines do not exist for an operator."""
    require_same_zone(actor, line.zone_id)
    if is_manager(actor):
        return
    if line.provider_id is None or getattr(actor, "organisation_id", None) != line.provider_id:
        raise NotAllowed(hide=True)
    require(actor, RECORD_HOURS, message=NOT_ALLOWED)


def decimal_or_none(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def date_or_none(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None
