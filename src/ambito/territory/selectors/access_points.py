"""Reads of the zone's access points (DOMAIN §2): opening hours, whether a point is active, and
the count per municipality against the LEP minimum."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from ..models import AccessPoint, Municipality, OpeningHours
from ._common import format_time
from .zone import municipality_list, populations_by_municipality

WEEKDAY_ABBREVIATIONS = {0: "lun", 1: "mar", 2: "mer", 3: "gio", 4: "ven", 5: "sab", 6: "dom"}


# --- access points ---------------------------------------------------------------------------


def opening_hours_summary(hours: list[OpeningHours]) -> str:
    """ "lun 9:00-12:30; mer 15:00-17:00"; slots of the same day are joined by commas."""
    by_day: dict[int, list[str]] = defaultdict(list)
    for slot in sorted(hours, key=lambda h: (h.weekday, h.opens)):
        by_day[slot.weekday].append(f"{format_time(slot.opens)}-{format_time(slot.closes)}")
    return "; ".join(
        f"{WEEKDAY_ABBREVIATIONS[day]} {', '.join(slots)}" for day, slots in sorted(by_day.items())
    )


def weekly_opening_hours(hours: list[OpeningHours]) -> Decimal:
    minutes = sum(
        (h.closes.hour * 60 + h.closes.minute) - (h.opens.hour * 60 + h.opens.minute) for h in hours
    )
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"))


def is_active_on(access_point: AccessPoint, day: date) -> bool:
    started = access_point.active_from is None or access_point.active_from <= day
    not_ended = access_point.active_until is None or access_point.active_until >= day
    return started and not_ended


def _access_point_queryset(user) -> QuerySet[AccessPoint]:
    return (
        AccessPoint.objects.visible_to(user)
        .select_related("municipality", "organisation")
        .prefetch_related(
            Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens"))
        )
    )


def _with_hours(access_point: AccessPoint, today: date) -> AccessPoint:
    hours = list(access_point.opening_hours.all())
    access_point.hours_summary = opening_hours_summary(hours)
    access_point.weekly_hours = weekly_opening_hours(hours)
    access_point.is_active = is_active_on(access_point, today)
    return access_point


def access_point_list(
    *, user, municipality: Municipality | None = None, kind: str | None = None
) -> list[AccessPoint]:
    """The zone's access points, each with `hours_summary`, `weekly_hours` and `is_active`."""
    qs = _access_point_queryset(user)
    if municipality is not None:
        qs = qs.filter(municipality=municipality)
    if kind:
        qs = qs.filter(kind=kind)
    today = timezone.localdate()
    return [_with_hours(ap, today) for ap in qs.order_by("municipality__name", "kind", "name")]


def access_point_get(*, user, uuid) -> AccessPoint:
    """One access point of the user's zone; another zone's raises AccessPoint.DoesNotExist."""
    return _with_hours(_access_point_queryset(user).get(uuid=uuid), timezone.localdate())


@dataclass
class AccessPointCount:
    municipality: Municipality
    count: int
    population: int | None
    lep_minimum: int | None

    @property
    def inhabitants_per_point(self) -> int | None:
        if not self.count or self.population is None:
            return None
        return round(self.population / self.count)

    @property
    def lep_met(self) -> bool | None:
        if self.lep_minimum is None:
            return None
        return self.count >= self.lep_minimum


def lep_access_points_minimum(population: int, *, metropolitan: bool) -> int:
    """DOMAIN §2: one point per 20,000 inhabitants, per 40,000 over 40,000, per 70,000 in
    metropolitan cities; at least one."""
    if metropolitan:
        per = 70000
    elif population > 40000:
        per = 40000
    else:
        per = 20000
    return max(1, math.ceil(population / per))


def access_point_counts(*, user) -> list[AccessPointCount]:
    """Access points active today in each municipality of the zone (zero included)."""
    municipalities = list(municipality_list(user=user).order_by("name"))
    if not municipalities:
        return []
    today = timezone.localdate()
    counts: dict[int, int] = defaultdict(int)
    for access_point in AccessPoint.objects.filter(municipality__in=municipalities).only(
        "municipality_id", "active_from", "active_until"
    ):
        if is_active_on(access_point, today):
            counts[access_point.municipality_id] += 1
    populations = populations_by_municipality(municipalities)
    rows = []
    for m in municipalities:
        population = populations[m.pk].population if m.pk in populations else None
        rows.append(
            AccessPointCount(
                municipality=m,
                count=counts[m.pk],
                population=population,
                lep_minimum=lep_access_points_minimum(
                    population, metropolitan=m.is_metropolitan_city
                )
                if population is not None
                else None,
            )
        )
    return rows
