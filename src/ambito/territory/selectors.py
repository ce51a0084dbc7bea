"""Reads of the territory (DOMAIN §1), always scoped to the asking user's zone.

A user with no zone, or without the matching `territory.view_*` permission, gets nothing:
an empty queryset or None, which the views turn into a 404.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, time
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, QuerySet

from .choices import OrganisationKind, StaffArea, StaffProfile
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

FULL_SHARE = Decimal("100.00")
FULL_TIME_HOURS = Staff.FULL_TIME_HOURS
LEP_INHABITANTS_PER_SOCIAL_WORKER = 5000
WEEKDAY_ABBREVIATIONS = {0: "lun", 1: "mar", 2: "mer", 3: "gio", 4: "ven", 5: "sab", 6: "dom"}


# --- formatting the Italian way (independent of the active locale) ---------------------------


def format_number(value, places: int = 0) -> str:
    """171723 -> "171.723"; Decimal("99") with 2 places -> "99,00"."""
    quantum = Decimal(1).scaleb(-places)
    number = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{number:,.{places}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_time(value: time) -> str:
    """9:00, 12:30 (no leading zero, as on the office door)."""
    return f"{value.hour}:{value.minute:02d}"


# --- scoping ---------------------------------------------------------------------------------


def user_zone_id(user, permission: str) -> int | None:
    """The zone the user may read with this permission, or None."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.zone_id is None or not user.has_perm(permission):
        return None
    return user.zone_id


def zone_list(*, user) -> QuerySet[Zone]:
    zone_id = user_zone_id(user, "territory.view_zone")
    if zone_id is None:
        return Zone.objects.none()
    return Zone.objects.filter(pk=zone_id).select_related("lead_body")


def municipality_list(*, user) -> QuerySet[Municipality]:
    zone_id = user_zone_id(user, "territory.view_municipality")
    if zone_id is None:
        return Municipality.objects.none()
    return Municipality.objects.filter(zone_id=zone_id).select_related("subarea")


def organisation_list(*, user, kind: str | None = None) -> QuerySet[Organisation]:
    zone_id = user_zone_id(user, "territory.view_organisation")
    if zone_id is None:
        return Organisation.objects.none()
    qs = Organisation.objects.filter(zone_id=zone_id).select_related("municipality")
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def subarea_list(*, user) -> QuerySet[SubArea]:
    zone_id = user_zone_id(user, "territory.view_zone")
    if zone_id is None:
        return SubArea.objects.none()
    return SubArea.objects.filter(zone_id=zone_id)


# --- populations -----------------------------------------------------------------------------


def populations_by_municipality(
    municipalities, *, year: int | None = None
) -> dict[int, MunicipalityPopulation]:
    """Municipality pk -> its population of `year`, or its latest one when no year is given."""
    rows = MunicipalityPopulation.objects.filter(municipality__in=municipalities)
    if year is not None:
        rows = rows.filter(year=year)
    result: dict[int, MunicipalityPopulation] = {}
    for row in rows.order_by("municipality_id", "-year"):
        result.setdefault(row.municipality_id, row)
    return result


def population_years(*, user) -> list[int]:
    """The years with a recorded population in the user's zone, newest first."""
    return list(
        MunicipalityPopulation.objects.filter(municipality__in=municipality_list(user=user))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


# --- the zone page ---------------------------------------------------------------------------


@dataclass
class MunicipalityRow:
    municipality: Municipality
    population: int | None
    population_year: int | None

    @property
    def subarea(self) -> SubArea | None:
        return self.municipality.subarea


@dataclass
class SubAreaRow:
    subarea: SubArea
    municipalities: list[Municipality]
    population: int


@dataclass
class OrganisationGroup:
    kind: str
    label: str
    organisations: list[Organisation]


@dataclass
class ZoneOverview:
    zone: Zone
    year: int | None
    municipalities: list[MunicipalityRow]
    total_population: int
    missing_population: list[Municipality]
    subareas: list[SubAreaRow]
    unassigned_municipalities: list[Municipality]
    members: list[ConsortiumMember]
    share_total: Decimal
    organisation_groups: list[OrganisationGroup] = field(default_factory=list)

    @property
    def lead_body(self) -> Organisation | None:
        return self.zone.lead_body

    @property
    def shares_balanced(self) -> bool:
        return not self.members or self.share_total == FULL_SHARE

    @property
    def share_warning(self) -> str:
        """Shares that do not add up to 100% are accepted (seed 002 totals 99%), but shown."""
        if self.shares_balanced:
            return ""
        return f"Le quote dei soci sommano a {format_number(self.share_total, 2)}%, non a 100%"


def zone_overview(*, user, year: int | None = None) -> ZoneOverview | None:
    zone = zone_list(user=user).first()
    if zone is None:
        return None
    municipalities = list(
        Municipality.objects.filter(zone=zone).select_related("subarea").order_by("name")
    )
    populations = populations_by_municipality(municipalities, year=year)
    rows = [
        MunicipalityRow(
            municipality=m,
            population=populations[m.pk].population if m.pk in populations else None,
            population_year=populations[m.pk].year if m.pk in populations else None,
        )
        for m in municipalities
    ]
    subareas = []
    for subarea in SubArea.objects.filter(zone=zone).order_by("code"):
        members_of = [row for row in rows if row.municipality.subarea_id == subarea.pk]
        subareas.append(
            SubAreaRow(
                subarea=subarea,
                municipalities=[row.municipality for row in members_of],
                population=sum(row.population or 0 for row in members_of),
            )
        )
    members = []
    if user.has_perm("territory.view_consortiummember"):
        members = list(
            ConsortiumMember.objects.filter(zone=zone)
            .select_related("organisation")
            .order_by("-share", "organisation__name")
        )
    groups = []
    if user.has_perm("territory.view_organisation"):
        by_kind = defaultdict(list)
        for organisation in Organisation.objects.filter(zone=zone).select_related("municipality"):
            by_kind[organisation.kind].append(organisation)
        groups = [
            OrganisationGroup(kind=kind.value, label=kind.label, organisations=by_kind[kind.value])
            for kind in OrganisationKind
            if by_kind.get(kind.value)
        ]
    return ZoneOverview(
        zone=zone,
        year=year,
        municipalities=rows,
        total_population=sum(row.population or 0 for row in rows),
        missing_population=[row.municipality for row in rows if row.population is None],
        subareas=subareas,
        unassigned_municipalities=[m for m in municipalities if m.subarea_id is None]
        if subareas
        else [],
        members=members,
        share_total=sum((m.share for m in members), Decimal("0.00")),
        organisation_groups=groups,
    )


def zone_get(*, user, uuid) -> Zone:
    """The user's zone by its UUID; another zone raises Zone.DoesNotExist."""
    return zone_list(user=user).get(uuid=uuid)


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
    zone_id = user_zone_id(user, "territory.view_accesspoint")
    if zone_id is None:
        return AccessPoint.objects.none()
    return (
        AccessPoint.objects.filter(zone_id=zone_id)
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
    today = date.today()
    return [_with_hours(ap, today) for ap in qs.order_by("municipality__name", "kind", "name")]


def access_point_get(*, user, uuid) -> AccessPoint:
    """One access point of the user's zone; another zone's raises AccessPoint.DoesNotExist."""
    return _with_hours(_access_point_queryset(user).get(uuid=uuid), date.today())


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
    today = date.today()
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


# --- staff -----------------------------------------------------------------------------------


def _staff_queryset(user) -> QuerySet[Staff]:
    zone_id = user_zone_id(user, "territory.view_staff")
    if zone_id is None:
        return Staff.objects.none()
    return (
        Staff.objects.filter(zone_id=zone_id)
        .select_related("employer")
        .prefetch_related(
            Prefetch("municipalities", queryset=Municipality.objects.order_by("name"))
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
    """Operators serving a municipality. One who serves several municipalities counts as a
    head in each, and their hours are shared equally among them."""

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
    zone_id = user_zone_id(user, "territory.view_staff")
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
    for person in staff:
        hours = Decimal(person.weekly_hours)
        for figure in (areas[person.area], profiles[person.profile], total):
            figure.heads += 1
            figure.hours += hours
        is_social_worker = person.profile == StaffProfile.SOCIAL_WORKER
        if is_social_worker:
            social_workers[person.area].heads += 1
            social_workers[person.area].hours += hours
        served = [m for m in person.municipalities.all() if m.pk in rows]
        if not served:
            zone_wide.heads += 1
            zone_wide.hours += hours
        for m in served:
            row = rows[m.pk]
            row.heads += 1
            if is_social_worker:
                row.social_worker_heads += 1
                row.social_worker_hours += hours / len(served)

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
