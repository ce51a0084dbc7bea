"""Writes of the zone's municipalities and of their resident populations."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.core.permissions import require, require_same_zone

from .. import gazetteer
from ..models import Municipality, MunicipalityPopulation, SubArea, Zone

# --- municipalities and populations ----------------------------------------------------------


@transaction.atomic
def municipality_add(
    *,
    actor,
    zone: Zone,
    istat_code: str,
    population: int | None = None,
    year: int | None = None,
    subarea: SubArea | None = None,
) -> Municipality:
    """Add a municipality to the zone; its codes, name and province come from the ISTAT list."""
    require(
        actor, "territory.add_municipality", message="Non hai il permesso di aggiungere comuni."
    )
    require_same_zone(actor, zone.pk)
    code = (istat_code or "").strip()
    if not code.isdigit() or len(code) != 6:
        raise ValidationError({"istat_code": "Il codice ISTAT è di 6 cifre (es. 047014)."})
    entry = gazetteer.by_istat_code(code)
    if entry is None:
        raise ValidationError(
            {"istat_code": f"Codice ISTAT sconosciuto: {code} non è nell'elenco dei comuni ISTAT."}
        )
    existing = Municipality.objects.filter(istat_code=code).first()
    if existing is not None:
        text = (
            f"{entry.name} è già tra i comuni dell'ambito."
            if existing.zone_id == zone.pk
            else f"{entry.name} appartiene già a un altro ambito."
        )
        raise ValidationError({"istat_code": text})
    if subarea is not None and subarea.zone_id != zone.pk:
        raise ValidationError({"subarea": "Il sub-ambito appartiene a un altro ambito."})
    if (population is None) != (year is None):
        raise ValidationError(
            {"population": "Indica insieme la popolazione residente e il suo anno."}
        )
    municipality = Municipality(
        zone=zone,
        subarea=subarea,
        istat_code=entry.istat_code,
        belfiore_code=entry.belfiore_code,
        name=entry.name,
        province_code=entry.province_code,
        is_metropolitan_city=entry.is_metropolitan_city,
    )
    municipality.full_clean()
    municipality.save()
    log_event(user=actor, obj=municipality, action=EventAction.CREATE, fields=["*"])
    if population is not None:
        _population_write(actor=actor, municipality=municipality, year=year, population=population)
    return municipality


@transaction.atomic
def population_set(
    *, actor, municipality: Municipality, year: int, population: int, source: str = ""
) -> MunicipalityPopulation:
    """Record (or correct) a municipality's resident population at 1 January of a year."""
    require(
        actor,
        "territory.change_municipality",
        message="Non hai il permesso di modificare la popolazione dei comuni.",
    )
    require_same_zone(actor, municipality.zone_id)
    return _population_write(
        actor=actor, municipality=municipality, year=year, population=population, source=source
    )


def _population_write(
    *, actor, municipality: Municipality, year, population, source: str = ""
) -> MunicipalityPopulation:
    try:
        year = int(year)
        population = int(population)
    except (TypeError, ValueError):
        raise ValidationError(
            {"population": "Anno e popolazione devono essere numeri interi."}
        ) from None
    if population < 0:
        raise ValidationError({"population": "La popolazione non può essere negativa."})
    row = MunicipalityPopulation.objects.filter(municipality=municipality, year=year).first()
    action = EventAction.UPDATE if row else EventAction.CREATE
    row = row or MunicipalityPopulation(municipality=municipality, year=year)
    row.population = population
    row.source = source or row.source
    row.full_clean()
    row.save()
    log_event(
        user=actor,
        obj=municipality,
        action=action,
        fields=["population"],
        note=f"popolazione residente {year}",
    )
    return row
