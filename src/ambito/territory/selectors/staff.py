"""Reads of the zone's staff (DOMAIN §10): the operators, and their heads and full-time
equivalents by area, profile and municipality.

A person's FTE is apportioned among the municipalities they serve (`fte_shares`), so that the
municipal FTEs add up to the zone's: by the weekly hours recorded for each municipality
(StaffMunicipality.weekly_hours) when every one of the person's municipalities has them, else
by the population of the municipalities served; a person serving the whole zone (no
municipality) by the population of every municipality of the zone. A person counts as a head
in each municipality where they have a share."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, QuerySet

from ambito.core.permissions import zone_id_for

from ..choices import StaffArea, StaffProfile
from ..models import Municipality, Staff, StaffMunicipality
from ._common import format_number
from .zone import populations_by_municipality

FULL_TIME_HOURS = Staff.FULL_TIME_HOURS
LEP_INHABITANTS_PER_SOCIAL_WORKER = 5000


# --- staff -----------------------------------------------------------------------------------


def _staff_queryset(user) -> QuerySet[Staff]:
    return (
        Staff.objects.visible_to(user)
        .select_related("employer")
        .prefetch_related(
            Prefetch("municipalities", queryset=Municipality.objects.order_by("name")),
            Prefetch(
                "staffmunicipality_set",
                queryset=StaffMunicipality.objects.select_related("municipality").order_by(
                    "municipality__name"
                ),
                to_attr="served_with_hours",
            ),
        )
    )


def staff_list(
    *,
    user,
    municipality: Municipality | None = None,
    area: str | None = None,
    profile: str | None = None,
) -> QuerySet[Staff]:
    qs = _staff_queryset(user)
    if municipality is not None:
        qs = qs.filter(municipalities=municipality)
    if area:
        qs = qs.filter(area=area)
    if profile:
        qs = qs.filter(profile=profile)
    return qs.order_by("last_name", "first_name", "pk")


def staff_get(*, user, uuid) -> Staff:
    """One operator of the user's zone; another zone's raises Staff.DoesNotExist."""
    return _staff_queryset(user).get(uuid=uuid)


def fte_shares(
    staff_ids: Iterable[int], *, municipality_ids: Iterable[int], populations: dict[int, int]
) -> dict[int, dict[int, Decimal]]:
    """{staff id: {municipality id: share of the person's hours}}, the shares of each person
    adding up to 1 (see the module's docstring). `municipality_ids` are the zone's (for staff
    serving the whole zone), `populations` {municipality id: inhabitants}. One query."""
    staff_ids = list(staff_ids)
    every = [(m, None) for m in municipality_ids]
    served: dict[int, list] = defaultdict(list)
    for staff_id, municipality_id, hours in StaffMunicipality.objects.filter(
        staff_id__in=staff_ids
    ).values_list("staff_id", "municipality_id", "weekly_hours"):
        served[staff_id].append((municipality_id, hours))
    result = {}
    for staff_id in staff_ids:
        rows = served.get(staff_id) or every
        split = [hours for _, hours in rows]
        if staff_id in served and None not in split and sum(split) > 0:
            weights = {m: Decimal(hours) for m, hours in rows}
        else:
            weights = {m: Decimal(populations.get(m) or 0) for m, _ in rows}
            if not sum(weights.values()):
                weights = dict.fromkeys(weights, Decimal(1))
        total = sum(weights.values())
        result[staff_id] = {m: w / total for m, w in weights.items() if w} if total else {}
    return result


def fte_of(weekly_hours: Decimal) -> Decimal:
    """Full-time equivalent on a 36-hour week, two decimals."""
    return (Decimal(weekly_hours) / FULL_TIME_HOURS).quantize(Decimal("0.01"), ROUND_HALF_UP)


def inhabitants_ratio(population: int | None, workers) -> str:
    """ "1:3.066" (one worker every 3,066 inhabitants), or "" when it cannot be computed."""
    if not population or not workers:
        return ""
    return f"1:{format_number(Decimal(population) / Decimal(workers), 0)}"


@dataclass
class StaffFigure:
    """Heads and full-time equivalents of a group of operators."""

    label: str
    heads: int = 0
    hours: Decimal = Decimal("0")

    @property
    def fte(self) -> Decimal:
        return fte_of(self.hours)


@dataclass
class MunicipalityStaffRow:
    """Operators serving a municipality: a head for each person with a share of their hours
    here, and the hours apportioned (`fte_shares`)."""

    municipality: Municipality
    population: int | None
    heads: int = 0
    social_worker_heads: int = 0
    social_worker_hours: Decimal = Decimal("0")

    @property
    def social_worker_fte(self) -> Decimal:
        return fte_of(self.social_worker_hours)

    @property
    def ratio(self) -> str:
        return inhabitants_ratio(self.population, self.social_worker_fte)


@dataclass
class StaffSummary:
    social_workers_social: StaffFigure
    social_workers_health: StaffFigure
    by_area: list[StaffFigure]
    by_profile: list[StaffFigure]
    by_municipality: list[MunicipalityStaffRow]
    zone_wide: StaffFigure
    total: StaffFigure
    population: int

    @property
    def social_worker_heads(self) -> int:
        return self.social_workers_social.heads + self.social_workers_health.heads

    @property
    def social_worker_fte(self) -> Decimal:
        return fte_of(self.social_workers_social.hours + self.social_workers_health.hours)

    @property
    def ratio(self) -> str:
        """Inhabitants per social worker (heads, as seed 002 table 5.1: 56 AS, 1:3.066)."""
        return inhabitants_ratio(self.population, self.social_worker_heads)

    @property
    def ratio_fte(self) -> str:
        return inhabitants_ratio(self.population, self.social_worker_fte)

    @property
    def lep_met(self) -> bool | None:
        """LEP: at least one social worker every 5,000 inhabitants."""
        if not self.population:
            return None
        return self.social_worker_heads * LEP_INHABITANTS_PER_SOCIAL_WORKER >= self.population


def staff_summary(*, user, year: int | None = None) -> StaffSummary | None:
    """Heads and FTE of the active staff by area, profile and municipality (DOMAIN §10)."""
    zone_id = zone_id_for(user, "territory.view_staff")
    if zone_id is None:
        return None
    staff = list(_staff_queryset(user).filter(active=True))
    municipalities = list(Municipality.objects.filter(zone_id=zone_id).order_by("name"))
    populations = populations_by_municipality(municipalities, year=year)

    areas = {area.value: StaffFigure(area.label) for area in StaffArea}
    profiles = {profile.value: StaffFigure(profile.label) for profile in StaffProfile}
    social_workers = {area.value: StaffFigure(area.label) for area in StaffArea}
    rows = {
        m.pk: MunicipalityStaffRow(
            municipality=m,
            population=populations[m.pk].population if m.pk in populations else None,
        )
        for m in municipalities
    }
    zone_wide = StaffFigure("Tutto l'ambito (nessun comune indicato)")
    total = StaffFigure("Totale")
    shares = fte_shares(
        [p.pk for p in staff],
        municipality_ids=list(rows),
        populations={pk: row.population for pk, row in populations.items()},
    )
    for person in staff:
        hours = Decimal(person.weekly_hours)
        for figure in (areas[person.area], profiles[person.profile], total):
            figure.heads += 1
            figure.hours += hours
        is_social_worker = person.profile == StaffProfile.SOCIAL_WORKER
        if is_social_worker:
            social_workers[person.area].heads += 1
            social_workers[person.area].hours += hours
        if not any(m.pk in rows for m in person.municipalities.all()):
            zone_wide.heads += 1
            zone_wide.hours += hours
        for municipality_id, share in shares[person.pk].items():
            row = rows.get(municipality_id)
            if row is None:
                continue
            row.heads += 1
            if is_social_worker:
                row.social_worker_heads += 1
                row.social_worker_hours += hours * share

    return StaffSummary(
        social_workers_social=social_workers[StaffArea.SOCIAL],
        social_workers_health=social_workers[StaffArea.HEALTH],
        by_area=list(areas.values()),
        by_profile=[figure for figure in profiles.values() if figure.heads],
        by_municipality=list(rows.values()),
        zone_wide=zone_wide,
        total=total,
        population=sum(row.population for row in populations.values()),
    )
