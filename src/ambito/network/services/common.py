"""What every network service needs: the refusals, the plan office's check, the
organisation check of a third-sector operator, and attaching an uploaded document."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from ambito.core.permissions import NotAllowed, allowed, require, require_same_zone
from ambito.core.uploads import checked_upload, stored_name

NOT_ALLOWED = "Non hai il permesso per questa operazione sulla rete del Terzo settore."
MANAGE = "network.manage_network"


def require_manager(actor, zone_id: int) -> None:
    """The plan office of the row's zone; anyone else is refused (another zone: hidden)."""
    require_same_zone(actor, zone_id)
    require(actor, MANAGE, message=NOT_ALLOWED)


def is_manager(actor) -> bool:
    return allowed(actor, MANAGE)


def require_party(actor, organisation, perm: str) -> None:
    """The plan office, or an operator of `organisation` holding `perm`. Another
    organisation's rows do not exist for an operator (hidden refusal, 404)."""
    require_same_zone(actor, organisation.zone_id)
    if is_manager(actor):
        return
    if getattr(actor, "organisation_id", None) != organisation.pk:
        raise NotAllowed(hide=True)
    require(actor, perm, message=NOT_ALLOWED)


def require_line_of_zone(line, zone_id: int, field: str = "line") -> None:
    """A line of intervention is a line of a pact of the same zone."""
    if line is None or line.plan.zone_id != zone_id or line.plan.kind != "pact":
        raise ValidationError({field: "La linea di intervento non è del patto di questo ambito."})


def month_start(value: dt.date, field: str = "month") -> dt.date:
    """The first day of the month of `value`; a month after the current one is refused."""
    if value is None:
        raise ValidationError({field: "Indica il mese."})
    first = value.replace(day=1)
    if first > timezone.localdate().replace(day=1):
        raise ValidationError({field: "Il mese non può essere futuro."})
    return first


def attach_upload(instance, upload, field: str = "file") -> None:
    """Put an uploaded PDF/JPEG/PNG on a row with the `StoredFile` fields; the stored name is
    random, the original name is kept only as a label."""
    content_type = checked_upload(upload, field)
    instance.file.save(stored_name(content_type), upload, save=False)
    instance.file_name = (upload.name or "")[-200:]
    instance.content_type = content_type
    instance.size = upload.size
