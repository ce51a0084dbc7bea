"""Writes of the territory (DOMAIN §1). Every function is atomic, checks the actor's permission
and zone, validates everything before writing anything, and leaves an EventLog row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import time
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from ambito.core.audit import changed_fields, log_event
from ambito.core.choices import EventAction

from . import gazetteer
from .choices import Weekday
from .models import (
    AccessPoint,
    ConsortiumMember,
    Municipality,
    MunicipalityPopulation,
    OpeningHours,
    Organisation,
    Staff,
    SubArea,
    Zone,
)
from .selectors import format_number, format_time

ORGANISATION_FIELDS = (
    "kind",
    "name",
    "municipality",
    "tax_code",
    "legal_form",
    "runts_number",
    "address",
    "email",
    "phone",
)
ACCESS_POINT_FIELDS = (
    "municipality",
    "organisation",
    "kind",
    "name",
    "address",
    "phone",
    "email",
    "active_from",
    "active_until",
)
STAFF_FIELDS = (
    "first_name",
    "last_name",
    "profile",
    "employer",
    "weekly_hours",
    "area",
    "user",
    "active",
    "funded_by",
)
MAX_WEEKLY_HOURS = Decimal("60")


# --- guards ----------------------------------------------------------------------------------


def _require(actor, permission: str, text: str) -> None:
    if actor is None or not actor.is_active or not actor.has_perm(permission):
        raise ValidationError(text, code="permission")


def _require_zone(actor, zone_id: int | None) -> None:
    """Only a superuser may write in a zone other than their own."""
    if actor.is_superuser:
        return
    if actor.zone_id is None or actor.zone_id != zone_id:
        raise ValidationError("Non puoi modificare i dati di un altro ambito.", code="zone")


def _only(data: dict, allowed: tuple[str, ...]) -> dict:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"Campi non previsti: {', '.join(sorted(unknown))}")
    return dict(data)


def _check_in_zone(instance, field: str, text: str) -> None:
    """The related object named `field` of `instance`, when set, must be of the same zone."""
    if getattr(instance, f"{field}_id") is None:
        return
    if getattr(instance, field).zone_id != instance.zone_id:
        raise ValidationError({field: text}, code="zone")


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
    _require(actor, "territory.add_municipality", "Non hai il permesso di aggiungere comuni.")
    _require_zone(actor, zone.pk)
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
    _require(
        actor,
        "territory.change_municipality",
        "Non hai il permesso di modificare la popolazione dei comuni.",
    )
    _require_zone(actor, municipality.zone_id)
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


# --- consortium members ----------------------------------------------------------------------


def _parse_share(share) -> Decimal:
    try:
        value = Decimal(str(share).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({"share": "La quota deve essere un numero (es. 34,76)."}) from None
    if not value.is_finite() or value < 0 or value > 100:
        raise ValidationError({"share": "La quota va da 0 a 100%."})
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError({"share": "La quota ha al massimo due decimali (es. 34,76)."})
    return value.quantize(Decimal("0.01"))


@transaction.atomic
def member_set_share(
    *,
    actor,
    zone: Zone,
    organisation: Organisation,
    share,
    representative: str | None = None,
    representative_role: str | None = None,
) -> ConsortiumMember:
    """Make the organisation a member of the zone's consortium with this share, or change it.

    The total of the shares is not forced to 100%: real assemblies record 99% (seed 002)
    and the zone page shows the difference."""
    member = ConsortiumMember.objects.filter(zone=zone, organisation=organisation).first()
    if member is None:
        _require(
            actor,
            "territory.add_consortiummember",
            "Non hai il permesso di aggiungere soci del consorzio.",
        )
    else:
        _require(
            actor,
            "territory.change_consortiummember",
            "Non hai il permesso di modificare le quote dei soci.",
        )
    _require_zone(actor, zone.pk)
    if organisation.zone_id != zone.pk:
        raise ValidationError({"organisation": "L'ente appartiene a un altro ambito."})
    value = _parse_share(share)
    data = {"share": value}
    if representative is not None:
        data["representative"] = representative.strip()
    if representative_role is not None:
        data["representative_role"] = representative_role.strip()
    if member is None:
        member = ConsortiumMember(zone=zone, organisation=organisation, **data)
        fields, action = ["*"], EventAction.CREATE
    else:
        fields, action = changed_fields(member, data), EventAction.UPDATE
        for name, new in data.items():
            setattr(member, name, new)
    member.full_clean()
    member.save()
    if fields:
        log_event(
            user=actor,
            obj=member,
            action=action,
            fields=fields,
            note=f"quota {format_number(value, 2)}% · ente {organisation.uuid}",
        )
    return member


# --- organisations ---------------------------------------------------------------------------


def _validate_organisation(organisation: Organisation) -> None:
    zone_id = organisation.zone_id
    _check_in_zone(organisation, "municipality", "Il comune non è di questo ambito.")
    if organisation.kind == "municipality" and organisation.municipality_id is None:
        raise ValidationError({"municipality": "Per un Comune indica quale comune rappresenta."})
    organisation.name = (organisation.name or "").strip()
    same_name = Organisation.objects.filter(zone_id=zone_id, name__iexact=organisation.name)
    if organisation.pk:
        same_name = same_name.exclude(pk=organisation.pk)
    if organisation.name and same_name.exists():
        raise ValidationError({"name": "Esiste già un ente con questa denominazione nell'ambito."})
    organisation.full_clean()


@transaction.atomic
def organisation_create(*, actor, zone: Zone, data: dict) -> Organisation:
    _require(actor, "territory.add_organisation", "Non hai il permesso di aggiungere enti.")
    _require_zone(actor, zone.pk)
    organisation = Organisation(zone=zone, **_only(data, ORGANISATION_FIELDS))
    _validate_organisation(organisation)
    organisation.save()
    log_event(user=actor, obj=organisation, action=EventAction.CREATE, fields=["*"])
    return organisation


@transaction.atomic
def organisation_update(*, actor, organisation: Organisation, data: dict) -> Organisation:
    _require(actor, "territory.change_organisation", "Non hai il permesso di modificare gli enti.")
    _require_zone(actor, organisation.zone_id)
    data = _only(data, ORGANISATION_FIELDS)
    fields = changed_fields(organisation, data)
    for name, value in data.items():
        setattr(organisation, name, value)
    _validate_organisation(organisation)
    organisation.save()
    if fields:
        log_event(user=actor, obj=organisation, action=EventAction.UPDATE, fields=fields)
    return organisation


# --- access points and opening hours ---------------------------------------------------------


def _as_slot(item) -> tuple[int, time, time]:
    if isinstance(item, dict):
        return item["weekday"], item["opens"], item["closes"]
    weekday, opens, closes = item
    return weekday, opens, closes


def validate_opening_hours(hours: Iterable) -> list[tuple[int, time, time]]:
    """Check a week of opening hours: each slot closes after it opens, and slots of the same
    day do not overlap. Returns the slots sorted; raises one message per problem."""
    slots = []
    errors = []
    for item in hours:
        weekday, opens, closes = _as_slot(item)
        try:
            day = Weekday(int(weekday))
        except (TypeError, ValueError):
            errors.append(f"Giorno della settimana non valido: {weekday}.")
            continue
        if not isinstance(opens, time) or not isinstance(closes, time):
            errors.append(f"{day.label.capitalize()}: indica l'ora di apertura e di chiusura.")
            continue
        if closes <= opens:
            errors.append(
                f"{day.label.capitalize()}: la chiusura ({format_time(closes)}) deve essere "
                f"successiva all'apertura ({format_time(opens)})."
            )
            continue
        slots.append((day.value, opens, closes))
    by_day = defaultdict(list)
    for slot in sorted(slots):
        by_day[slot[0]].append(slot)
    for day, day_slots in by_day.items():
        for previous, current in zip(day_slots, day_slots[1:], strict=False):
            if current[1] < previous[2]:
                errors.append(
                    f"{Weekday(day).label.capitalize()}: le fasce "
                    f"{format_time(previous[1])}-{format_time(previous[2])} e "
                    f"{format_time(current[1])}-{format_time(current[2])} si sovrappongono."
                )
    if errors:
        raise ValidationError({"hours": errors})
    return sorted(slots)


def _validate_access_point(access_point: AccessPoint) -> None:
    _check_in_zone(access_point, "municipality", "Il comune non è di questo ambito.")
    _check_in_zone(access_point, "organisation", "L'ente gestore non è di questo ambito.")
    if (
        access_point.active_from
        and access_point.active_until
        and access_point.active_until < access_point.active_from
    ):
        raise ValidationError(
            {"active_until": "La data di fine attività non può precedere quella di inizio."}
        )
    access_point.full_clean()


def _replace_hours(access_point: AccessPoint, slots: list[tuple[int, time, time]]) -> bool:
    """Replace the opening hours; True when they changed."""
    before = sorted(access_point.opening_hours.values_list("weekday", "opens", "closes"))
    if before == slots:
        return False
    access_point.opening_hours.all().delete()
    rows = [
        OpeningHours(access_point=access_point, weekday=day, opens=opens, closes=closes)
        for day, opens, closes in slots
    ]
    for row in rows:
        row.full_clean()
    OpeningHours.objects.bulk_create(rows)
    return True


@transaction.atomic
def access_point_create(*, actor, zone: Zone, data: dict, hours: Iterable = ()) -> AccessPoint:
    _require(
        actor, "territory.add_accesspoint", "Non hai il permesso di aggiungere punti di accesso."
    )
    _require_zone(actor, zone.pk)
    access_point = AccessPoint(zone=zone, **_only(data, ACCESS_POINT_FIELDS))
    _validate_access_point(access_point)
    slots = validate_opening_hours(hours)
    access_point.save()
    _replace_hours(access_point, slots)
    log_event(user=actor, obj=access_point, action=EventAction.CREATE, fields=["*"])
    return access_point


@transaction.atomic
def access_point_update(
    *, actor, access_point: AccessPoint, data: dict, hours: Iterable | None = None
) -> AccessPoint:
    """Change an access point; `hours`, when given, replaces all its opening hours."""
    _require(
        actor,
        "territory.change_accesspoint",
        "Non hai il permesso di modificare i punti di accesso.",
    )
    _require_zone(actor, access_point.zone_id)
    data = _only(data, ACCESS_POINT_FIELDS)
    fields = changed_fields(access_point, data)
    for name, value in data.items():
        setattr(access_point, name, value)
    _validate_access_point(access_point)
    slots = validate_opening_hours(hours) if hours is not None else None
    access_point.save()
    if slots is not None and _replace_hours(access_point, slots):
        fields.append("opening_hours")
    if fields:
        log_event(user=actor, obj=access_point, action=EventAction.UPDATE, fields=fields)
    return access_point


# --- staff -----------------------------------------------------------------------------------


def _validate_staff(staff: Staff, municipalities: list[Municipality]) -> None:
    zone_id = staff.zone_id
    _check_in_zone(staff, "employer", "Il datore di lavoro non è di questo ambito.")
    _check_in_zone(staff, "user", "L'utente appartiene a un altro ambito.")
    outside = [m.name for m in municipalities if m.zone_id != zone_id]
    if outside:
        raise ValidationError(
            {"municipalities": f"Comuni che non sono di questo ambito: {', '.join(outside)}."}
        )
    try:
        hours = Decimal(str(staff.weekly_hours))
    except (InvalidOperation, ValueError):
        raise ValidationError(
            {"weekly_hours": "Le ore settimanali devono essere un numero."}
        ) from None
    if not hours.is_finite() or hours < 0 or hours > MAX_WEEKLY_HOURS:
        raise ValidationError({"weekly_hours": "Le ore settimanali vanno da 0 a 60."})
    staff.weekly_hours = hours
    staff.full_clean()


@transaction.atomic
def staff_create(
    *, actor, zone: Zone, data: dict, municipalities: Iterable[Municipality] = ()
) -> Staff:
    _require(actor, "territory.add_staff", "Non hai il permesso di aggiungere operatori.")
    _require_zone(actor, zone.pk)
    municipalities = list(municipalities)
    staff = Staff(zone=zone, **_only(data, STAFF_FIELDS))
    _validate_staff(staff, municipalities)
    staff.save()
    staff.municipalities.set(municipalities)
    log_event(user=actor, obj=staff, action=EventAction.CREATE, fields=["*"])
    return staff


@transaction.atomic
def staff_update(
    *,
    actor,
    staff: Staff,
    data: dict,
    municipalities: Iterable[Municipality] | None = None,
) -> Staff:
    """Change an operator; `municipalities`, when given, replaces the municipalities served."""
    _require(actor, "territory.change_staff", "Non hai il permesso di modificare gli operatori.")
    _require_zone(actor, staff.zone_id)
    data = _only(data, STAFF_FIELDS)
    if "weekly_hours" in data and data["weekly_hours"] is not None:
        try:
            data["weekly_hours"] = Decimal(str(data["weekly_hours"]))
        except (InvalidOperation, ValueError):
            raise ValidationError(
                {"weekly_hours": "Le ore settimanali devono essere un numero."}
            ) from None
    fields = changed_fields(staff, data)
    for name, value in data.items():
        setattr(staff, name, value)
    served = list(municipalities) if municipalities is not None else None
    _validate_staff(staff, served if served is not None else list(staff.municipalities.all()))
    staff.save()
    if served is not None and {m.pk for m in served} != set(
        staff.municipalities.values_list("pk", flat=True)
    ):
        staff.municipalities.set(served)
        fields.append("municipalities")
    if fields:
        log_event(user=actor, obj=staff, action=EventAction.UPDATE, fields=fields)
    return staff
