"""Reads of the emergency service (§6): who is on call, shelters' availability, the reports
visible to a user (reads logged, minors' identity masked for whoever does not need it) and
the hand-overs waiting for a municipality's social service."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, Sum
from django.utils import timezone

from ambito.core.audit import log_access
from ambito.core.permissions import allowed
from ambito.core.workdays import is_working_day

from .choices import PlaceType
from .models import Emergency, EmergencyPerson, Handover, OnCallShift, Placement, Shelter

MASK = "Minore (dati riservati)"


# --- the rota ---------------------------------------------------------------------------------


def _shifts(user, zone_id):
    """The shifts the user may see (scoping.py); `zone_id` alone is the older form, kept for
    the callers that have not moved to `user` yet."""
    if user is not None:
        return OnCallShift.objects.visible_to(user)
    return OnCallShift.objects.filter(zone_id=zone_id)


def on_call_now(
    *, user=None, zone_id: int | None = None, at: dt.datetime | None = None
) -> list[OnCallShift]:
    at = at or timezone.now()
    return list(
        _shifts(user, zone_id)
        .filter(starts_at__lte=at, ends_at__gt=at)
        .select_related("user")
        .order_by("role", "starts_at")
    )


def rota(
    *, user=None, zone_id: int | None = None, start: dt.date, days: int = 7
) -> list[OnCallShift]:
    begin = timezone.make_aware(dt.datetime.combine(start, dt.time()))
    end = begin + dt.timedelta(days=days)
    return list(
        _shifts(user, zone_id)
        .filter(starts_at__lt=end, ends_at__gt=begin)
        .select_related("user")
        .order_by("starts_at", "role")
    )


OFFICE_OPENS, OFFICE_CLOSES = dt.time(8), dt.time(18)


def out_of_office_periods(
    *, start: dt.date, days: int, province: str | None = None
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The hours the service is on call in `days` days from `start`: 18-8 after a working day,
    and the whole of every non-working day (week-ends, national holidays such as 8 December,
    the province's patron saint), contiguous stretches merged. Local time."""
    tz = timezone.get_current_timezone()
    periods: list[tuple[dt.datetime, dt.datetime]] = []

    def add(begin: dt.datetime, end: dt.datetime) -> None:
        if periods and periods[-1][1] >= begin:
            periods[-1] = (periods[-1][0], max(periods[-1][1], end))
        else:
            periods.append((begin, end))

    for offset in range(days):
        day = start + dt.timedelta(days=offset)
        midnight = dt.datetime.combine(day, dt.time(), tz)
        following = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tz)
        if is_working_day(day, province):
            add(midnight, dt.datetime.combine(day, OFFICE_OPENS, tz))
            add(dt.datetime.combine(day, OFFICE_CLOSES, tz), following)
        else:
            add(midnight, following)
    return periods


def rota_gaps(
    *, user=None, zone_id: int | None = None, start: dt.date, days: int = 7, province=None
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The out-of-office stretches in the period that no shift covers (nobody on call)."""
    shifts = rota(user=user, zone_id=zone_id, start=start, days=days)
    covered = sorted((shift.starts_at, shift.ends_at) for shift in shifts)
    gaps = []
    for begin, end in out_of_office_periods(start=start, days=days, province=province):
        cursor = begin
        for shift_start, shift_end in covered:
            if shift_end <= cursor or shift_start >= end:
                continue
            if shift_start > cursor:
                gaps.append((cursor, shift_start))
            cursor = max(cursor, shift_end)
            if cursor >= end:
                break
        if cursor < end:
            gaps.append((cursor, end))
    return gaps


# --- shelters ---------------------------------------------------------------------------------


@dataclass
class Places:
    place_type: str
    label: str
    capacity: int
    occupied: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.occupied, 0)


@dataclass
class Availability:
    shelter: Shelter
    places: list[Places] = field(default_factory=list)

    @property
    def free(self) -> int:
        return sum(p.free for p in self.places) if self.shelter.is_open else 0

    def free_for(self, place_type: str) -> int:
        if not self.shelter.is_open:
            return 0
        return next((p.free for p in self.places if p.place_type == place_type), 0)


def availability(
    *, user=None, zone_ids: list[int] | None = None, include_closed: bool = True
) -> list[Availability]:
    """Every shelter the user may see (or, in the older form, of the zones) with capacity,
    occupied and free places by type. Two queries whatever the number of shelters and of past
    placements: open placements are read through the (shelter, left_at) index. Figures only."""
    shelters = (
        Shelter.objects.visible_to(user)
        if user is not None
        else Shelter.objects.filter(zone_id__in=zone_ids or [])
    ).select_related("municipality")
    if not include_closed:
        shelters = shelters.filter(is_open=True)
    shelters = list(shelters.order_by("zone_id", "name"))
    occupied: dict[tuple[int, str], int] = {
        (row["shelter_id"], row["place_type"]): row["total"]
        for row in Placement.objects.filter(
            shelter_id__in=[s.pk for s in shelters], left_at__isnull=True
        )
        .values("shelter_id", "place_type")
        .annotate(total=Sum("places"))
    }
    result = []
    for shelter in shelters:
        row = Availability(shelter=shelter)
        for place_type, label in PlaceType.choices:
            capacity = shelter.capacity(place_type)
            taken = occupied.get((shelter.pk, place_type), 0)
            if capacity or taken:
                row.places.append(Places(place_type, label, capacity, taken))
        result.append(row)
    return result


def free_by_type(rows: list[Availability]) -> dict[str, int]:
    return {value: sum(r.free_for(value) for r in rows) for value in PlaceType.values}


# --- reports of the service -------------------------------------------------------------------


def can_see_minor_identity(user) -> bool:
    return allowed(user, "emergency.view_minor_identity")


def emergency_list(*, user, open_only: bool = False, minors: bool = False, limit: int = 100):
    qs = (
        Emergency.objects.visible_to(user)
        .select_related("municipality", "handover", "handover__municipality")
        .prefetch_related("criteria")
    )
    if open_only:
        qs = qs.filter(Q(outcome="pending") | Q(handover__acknowledged_at__isnull=True))
    if minors:
        qs = qs.filter(involves_minor=True)
    return list(qs.order_by("-reported_at", "-pk")[:limit])


def emergency_get(*, user, uuid) -> Emergency:
    """One report the user may see, its read logged once per registry person involved.
    Raises Emergency.DoesNotExist."""
    emergency = (
        Emergency.objects.visible_to(user)
        .select_related("municipality", "received_by", "zone")
        .get(uuid=uuid)
    )
    linked = [p.person for p in emergency.persons.select_related("person") if p.person_id]
    log_access(user=user, obj=emergency, persons=linked)
    return emergency


def persons_for(*, user, emergency: Emergency) -> list[EmergencyPerson]:
    """The persons involved; for users who may not see minors' identity, the identifying
    fields of minors are blanked here, before any template sees them."""
    persons = list(emergency.persons.select_related("person"))
    if can_see_minor_identity(user):
        for p in persons:
            p.masked = False
        return persons
    for p in persons:
        p.masked = p.is_minor
        if p.is_minor:
            for name in EmergencyPerson.IDENTIFYING_FIELDS:
                setattr(p, name, None if name == "person" else "")
            p.person_id = None
    return persons


def emergency_page(*, user, emergency: Emergency) -> dict:
    handover = Handover.objects.filter(emergency=emergency).select_related(
        "municipality", "assignee", "acknowledged_by", "case"
    )
    return {
        "persons": persons_for(user=user, emergency=emergency),
        "criteria": list(emergency.criteria.select_related("parent")),
        "placements": list(
            emergency.placements.select_related("shelter", "placed_by").order_by("placed_at")
        ),
        "handover": handover.first(),
    }


# --- hand-overs -------------------------------------------------------------------------------


def handovers_waiting(*, user, limit: int = 50) -> list[Handover]:
    """Hand-overs not yet taken over, for the municipalities the user serves, earliest due
    first. Empty for users who do not take hand-overs."""
    return list(
        Handover.objects.visible_to(user)
        .filter(acknowledged_at__isnull=True)
        .select_related("emergency", "municipality", "assignee")
        .order_by("due_on", "pk")[:limit]
    )
