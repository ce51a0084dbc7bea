"""District service lines: the plan office configures them (kind, provider, hourly cost, fund
and year). The hourly cost of recorded hours is frozen on each record: changing the line's
cost applies to the hours recorded from then on."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.core.permissions import require_same_zone

from ..choices import LineKind
from ..models import DistrictLine
from .common import decimal_or_none, require_manager

FIELDS = ("kind", "name", "provider", "hourly_cost", "fund", "year", "description", "active")
MAX_HOURLY_COST = 1000


def _check(actor, data: dict, line: DistrictLine | None = None) -> dict:
    errors: dict[str, str] = {}
    clean = dict(data)
    if clean.get("kind") not in LineKind.values:
        errors["kind"] = "Scegli il tipo di servizio."
    clean["name"] = (clean.get("name") or "").strip()
    if not clean["name"]:
        errors["name"] = "Indica il nome del servizio."
    cost = decimal_or_none(clean.get("hourly_cost"))
    if cost is None or cost <= 0 or cost > MAX_HOURLY_COST:
        errors["hourly_cost"] = (
            f"Il costo orario è un importo maggiore di zero e fino a € {MAX_HOURLY_COST}."
        )
    else:
        clean["hourly_cost"] = cost.quantize(cost.__class__("0.01"))
    if clean.get("fund") is None:
        errors["fund"] = "Indica il fondo che paga il servizio."
    try:
        year = int(clean.get("year") or 0)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= 2100:
        errors["year"] = "Annualità non valida."
    clean["year"] = year
    provider = clean.get("provider")
    if provider is not None and provider.zone_id != actor.zone_id:
        errors["provider"] = "L'ente gestore non è di questo ambito."
    clean["description"] = (clean.get("description") or "").strip()
    clean["active"] = bool(clean.get("active", True))
    moved = clean.get("fund") is not None and (clean["fund"].pk, year) != (
        getattr(line, "fund_id", None),
        getattr(line, "year", None),
    )
    if line is not None and moved and line.intakes.filter(hours__gt=0).exists():
        errors["fund"] = "Il servizio ha già ore registrate: fondo e annualità non cambiano."
    if not errors:
        duplicate = DistrictLine.objects.filter(
            zone_id=actor.zone_id, kind=clean["kind"], name=clean["name"], year=year
        )
        if line is not None:
            duplicate = duplicate.exclude(pk=line.pk)
        if duplicate.exists():
            errors["name"] = "Esiste già un servizio con questo nome per l'annualità."
    if errors:
        raise ValidationError(errors)
    return {key: clean.get(key) for key in FIELDS}


@transaction.atomic
def line_create(*, actor, **data) -> DistrictLine:
    require_manager(actor, actor.zone_id)
    clean = _check(actor, data)
    line = DistrictLine.objects.create(zone_id=actor.zone_id, **clean)
    log_event(user=actor, obj=line, action=EventAction.CREATE, fields=FIELDS)
    return line


@transaction.atomic
def line_update(*, actor, line: DistrictLine, **data) -> DistrictLine:
    require_same_zone(actor, line.zone_id)
    require_manager(actor, line.zone_id)
    line = DistrictLine.objects.select_for_update().get(pk=line.pk)
    clean = _check(actor, data, line)
    changed = [f for f in FIELDS if getattr(line, f) != clean[f]]
    for field, value in clean.items():
        setattr(line, field, value)
    line.save()
    log_event(user=actor, obj=line, fields=changed)
    return line
