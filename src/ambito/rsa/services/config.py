"""The plan office's configuration: structures (beds, managing body), score sheets from a date,
fee rules from a date. Every error at once, nothing written on bad input."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.territory.choices import OrganisationKind

from ..choices import RefusalEffect
from ..models import FeeRule, ScoreSheet, Structure
from . import ranking
from .common import require_manager
from .scoring import check_bands


def _decimal(value, *, low=None, high=None):
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None
    if (
        not number.is_finite()
        or (low is not None and number < low)
        or (high is not None and number > high)
    ):
        return None
    return number


@transaction.atomic
def structure_create(*, actor, name: str, municipality, beds: int, body) -> Structure:
    require_manager(actor, actor.zone_id)
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = "Indica il nome della struttura."
    elif Structure.objects.filter(zone_id=actor.zone_id, name=name).exists():
        errors["name"] = "Esiste già una struttura con questo nome."
    if municipality is None or municipality.zone_id != actor.zone_id:
        errors["municipality"] = "Il comune non è di questo ambito."
    if body is None or body.zone_id != actor.zone_id or body.kind != OrganisationKind.STRUCTURE:
        errors["body"] = "L'ente gestore deve essere un ente gestore di strutture dell'ambito."
    if beds is None or int(beds) < 1 or int(beds) > 2000:
        errors["beds"] = "I posti letto sono un numero da 1 a 2000."
    if errors:
        raise ValidationError(errors)
    structure = Structure.objects.create(
        zone_id=actor.zone_id, name=name, municipality=municipality, beds=int(beds), body=body
    )
    log_event(user=actor, obj=structure, action=EventAction.CREATE, fields=["*"])
    return structure


@transaction.atomic
def structure_update(*, actor, structure: Structure, beds: int, active: bool) -> Structure:
    require_manager(actor, structure.zone_id)
    structure = Structure.objects.select_for_update().get(pk=structure.pk)
    occupied = structure.admissions.filter(ended_on__isnull=True).count()
    if beds is None or int(beds) < 1 or int(beds) > 2000:
        raise ValidationError({"beds": "I posti letto sono un numero da 1 a 2000."})
    if int(beds) < occupied:
        raise ValidationError(
            {"beds": f"I posti non possono essere meno degli ospiti presenti ({occupied})."}
        )
    changed = [
        n for n, v in (("beds", int(beds)), ("active", bool(active))) if getattr(structure, n) != v
    ]
    structure.beds, structure.active = int(beds), bool(active)
    structure.save()
    if changed:
        log_event(user=actor, obj=structure, fields=changed)
    ranking.recompute([structure.pk])
    return structure


SHEET_NUMBERS = {
    "health_weight": ("il peso", Decimal(0), Decimal(10)),
    "lives_alone_points": ("i punti", Decimal(0), Decimal(1000)),
    "caregiver_absent_points": ("i punti", Decimal(0), Decimal(1000)),
    "caregiver_present_points": ("i punti", Decimal(0), Decimal(1000)),
    "isee_missing_points": ("i punti", Decimal(0), Decimal(1000)),
    "refusal_penalty": ("i punti", Decimal(0), Decimal(1000)),
}


@transaction.atomic
def sheet_create(
    *,
    actor,
    title: str,
    valid_from,
    isee_bands,
    refusal_effect: str,
    max_refusals: int,
    discharge_priority=True,
    urgent_social_priority=True,
    **numbers,
) -> ScoreSheet:
    require_manager(actor, actor.zone_id)
    errors, values = {}, {}
    if not (title or "").strip():
        errors["title"] = "Indica un titolo."
    if valid_from is None:
        errors["valid_from"] = "Indica da quando vale la scheda."
    elif ScoreSheet.objects.filter(zone_id=actor.zone_id, valid_from=valid_from).exists():
        errors["valid_from"] = "Esiste già una scheda valida da questa data."
    for name, (what, low, high) in SHEET_NUMBERS.items():
        number = _decimal(numbers.get(name, 0), low=low, high=high)
        if number is None:
            errors[name] = f"Indica {what}: un numero da {low} a {high}."
        values[name] = number
    message = check_bands(isee_bands, "punti")
    if message:
        errors["isee_bands"] = message
    if refusal_effect not in RefusalEffect.values:
        errors["refusal_effect"] = "Scegli l'effetto di un rifiuto non giustificato."
    if max_refusals is None or not 1 <= int(max_refusals) <= 20:
        errors["max_refusals"] = "Il numero di rifiuti va da 1 a 20."
    if errors:
        raise ValidationError(errors)
    sheet = ScoreSheet.objects.create(
        zone_id=actor.zone_id,
        title=title.strip(),
        valid_from=valid_from,
        isee_bands=[[None if u is None else float(u), float(p)] for u, p in isee_bands],
        refusal_effect=refusal_effect,
        max_refusals=int(max_refusals),
        discharge_priority=bool(discharge_priority),
        urgent_social_priority=bool(urgent_social_priority),
        **values,
    )
    log_event(user=actor, obj=sheet, action=EventAction.CREATE, fields=["*"])
    return sheet


@transaction.atomic
def fee_rule_create(*, actor, title: str, valid_from, social_part_percent, bands) -> FeeRule:
    require_manager(actor, actor.zone_id)
    errors = {}
    if not (title or "").strip():
        errors["title"] = "Indica un titolo."
    if valid_from is None:
        errors["valid_from"] = "Indica da quando vale la regola."
    elif FeeRule.objects.filter(zone_id=actor.zone_id, valid_from=valid_from).exists():
        errors["valid_from"] = "Esiste già una regola valida da questa data."
    social = _decimal(social_part_percent, low=Decimal(0), high=Decimal(100))
    if social is None:
        errors["social_part_percent"] = "La quota sociale è una percentuale da 0 a 100."
    message = check_bands(bands, "% a carico del comune")
    if message is None and any(not 0 <= Decimal(str(p)) <= 100 for _, p in bands):
        message = "Le percentuali a carico del comune vanno da 0 a 100."
    if message:
        errors["bands"] = message
    if errors:
        raise ValidationError(errors)
    rule = FeeRule.objects.create(
        zone_id=actor.zone_id,
        title=title.strip(),
        valid_from=valid_from,
        social_part_percent=social,
        bands=[[None if u is None else float(u), float(p)] for u, p in bands],
    )
    log_event(user=actor, obj=rule, action=EventAction.CREATE, fields=["*"])
    return rule
