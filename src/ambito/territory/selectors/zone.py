"""Reads of the zone itself: its municipalities, sub-areas, organisations and populations, and
the zone page (with the consortium's share totals)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from ..choices import OrganisationKind
from ..models import (
    ConsortiumMember,
    Municipality,
    MunicipalityPopulation,
    Organisation,
    SubArea,
    Zone,
)
from ._common import format_number

FULL_SHARE = Decimal("100.00")


# --- scoping ---------------------------------------------------------------------------------


def zone_list(*, user) -> QuerySet[Zone]:
    return Zone.objects.visible_to(user).select_related("lead_body")


def municipality_list(*, user) -> QuerySet[Municipality]:
    return Municipality.objects.visible_to(user).select_related("subarea")


def organisation_list(*, user, kind: str | None = None) -> QuerySet[Organisation]:
    qs = Organisation.objects.visible_to(user).select_related("municipality")
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def subarea_list(*, user) -> QuerySet[SubArea]:
    return SubArea.objects.visible_to(user)


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
