"""Writes of the zone's staff (DOMAIN §10): operators, their hours and the municipalities they
serve, with the split of the weekly hours among them when one is recorded (`hours`: {municipality
pk: hours}, for every municipality served, adding up to the weekly hours; None: no split, the
FTE is then apportioned by population)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from ambito.core.audit import changed_fields, log_event
from ambito.core.choices import EventAction
from ambito.core.permissions import require, require_same_zone

from ..models import Municipality, Staff, StaffMunicipality, Zone
from ._common import _check_in_zone, _only

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
    "annual_cost",
)
MAX_WEEKLY_HOURS = Decimal("60")


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
    if staff.annual_cost is not None and staff.annual_cost < 0:
        raise ValidationError({"annual_cost": "Il valore economico annuo non può essere negativo."})
    staff.full_clean()


def _check_split(staff: Staff, served: list[Municipality], hours: dict | None) -> None:
    if not hours:
        return
    served_ids = {m.pk for m in served}
    if set(hours) != served_ids:
        raise ValidationError(
            {
                "municipalities": "La ripartizione delle ore va indicata per tutti e soli i comuni "
                "serviti."
            }
        )
    values = [Decimal(str(v)) for v in hours.values()]
    if any(v < 0 for v in values) or sum(values) != Decimal(str(staff.weekly_hours)):
        raise ValidationError(
            {
                "weekly_hours": "La ripartizione delle ore per comune deve sommare alle ore "
                "settimanali."
            }
        )


def _save_split(staff: Staff, hours: dict | None) -> bool:
    """Write the split (None clears it); True when it changed."""
    changed = False
    for row in StaffMunicipality.objects.filter(staff=staff):
        value = Decimal(str(hours[row.municipality_id])) if hours else None
        if row.weekly_hours != value:
            row.weekly_hours = value
            row.save(update_fields=["weekly_hours"])
            changed = True
    return changed


@transaction.atomic
def staff_create(
    *,
    actor,
    zone: Zone,
    data: dict,
    municipalities: Iterable[Municipality] = (),
    hours: dict[int, Decimal] | None = None,
) -> Staff:
    require(actor, "territory.add_staff", message="Non hai il permesso di aggiungere operatori.")
    require_same_zone(actor, zone.pk)
    municipalities = list(municipalities)
    staff = Staff(zone=zone, **_only(data, STAFF_FIELDS))
    _validate_staff(staff, municipalities)
    _check_split(staff, municipalities, hours)
    staff.save()
    staff.municipalities.set(municipalities)
    _save_split(staff, hours)
    log_event(user=actor, obj=staff, action=EventAction.CREATE, fields=["*"])
    return staff


@transaction.atomic
def staff_update(
    *,
    actor,
    staff: Staff,
    data: dict,
    municipalities: Iterable[Municipality] | None = None,
    hours: dict[int, Decimal] | None = None,
) -> Staff:
    """Change an operator; `municipalities`, when given, replaces the municipalities served
    and `hours` their split (None: no split recorded)."""
    require(
        actor, "territory.change_staff", message="Non hai il permesso di modificare gli operatori."
    )
    require_same_zone(actor, staff.zone_id)
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
    if served is not None:
        _check_split(staff, served, hours)
    staff.save()
    if served is not None and {m.pk for m in served} != set(
        staff.municipalities.values_list("pk", flat=True)
    ):
        staff.municipalities.set(served)
        fields.append("municipalities")
    if served is not None and _save_split(staff, hours) and "municipalities" not in fields:
        fields.append("municipalities")
    if fields:
        log_event(user=actor, obj=staff, action=EventAction.UPDATE, fields=fields)
    return staff
