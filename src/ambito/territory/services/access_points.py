"""Writes of the zone's access points (DOMAIN §2) and of their weekly opening hours."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import time

from django.core.exceptions import ValidationError
from django.db import transaction

from ambito.core.audit import changed_fields, log_event
from ambito.core.choices import EventAction
from ambito.core.permissions import require, require_same_zone

from ..choices import Weekday
from ..models import AccessPoint, OpeningHours, Zone
from ..selectors import format_time
from ._common import _check_in_zone, _only

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
    require(
        actor,
        "territory.add_accesspoint",
        message="Non hai il permesso di aggiungere punti di accesso.",
    )
    require_same_zone(actor, zone.pk)
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
    require(
        actor,
        "territory.change_accesspoint",
        message="Non hai il permesso di modificare i punti di accesso.",
    )
    require_same_zone(actor, access_point.zone_id)
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
