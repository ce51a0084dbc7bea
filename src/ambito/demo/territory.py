"""Builds a zone's territory and organisation (§1) from a `data.ZoneSpec`.

These are a few hundred rows at most, so each is validated with `full_clean()` before saving.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, time

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from ambito.territory import gazetteer
from ambito.territory.models import (
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

from . import names
from .data import SCHEDULES, StaffSpec, ZoneSpec


@dataclass
class ZoneContext:
    """What the later steps (persons, users) need to know about a built zone."""

    spec: ZoneSpec
    zone: Zone
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    staff: list[tuple[StaffSpec, Staff]] = field(default_factory=list)
    access_points: int = 0

    def staff_matching(self, profile: str, employer: str, area: str | None = None) -> list[Staff]:
        return [
            staff
            for spec, staff in self.staff
            if spec.profile == profile
            and spec.employer == employer
            and (area is None or spec.area == area)
        ]


def _save(obj):
    obj.full_clean()
    obj.save()
    return obj


def _municipality(
    zone: Zone, name: str, province_code: str, subarea: SubArea | None
) -> Municipality:
    entry = gazetteer.by_name(name, province_code)
    if entry is None:
        raise ValidationError(f"Comune «{name}» ({province_code}) non trovato nell'elenco ISTAT.")
    taken = Municipality.objects.filter(istat_code=entry.istat_code).select_related("zone").first()
    if taken is not None:
        raise ValidationError(
            f"Il comune di {entry.name} appartiene già all'ambito «{taken.zone}»: "
            "il demo non può crearlo di nuovo."
        )
    return _save(
        Municipality(
            zone=zone,
            subarea=subarea,
            istat_code=entry.istat_code,
            belfiore_code=entry.belfiore_code,
            name=entry.name,
            province_code=entry.province_code,
            is_metropolitan_city=entry.is_metropolitan_city,
        )
    )


def _person_name(rng: random.Random, region: str, female: bool) -> tuple[str, str]:
    first = rng.choice(names.ITALIAN_FEMALE[1] if female else names.ITALIAN_MALE[1])
    pool = names.REGIONAL_SURNAMES[region] if rng.random() < 0.6 else names.ITALIAN_SURNAMES_COMMON
    return first, rng.choice(pool)


def _street_address(rng: random.Random, municipality: str) -> str:
    return f"{rng.choice(names.STREETS)}, {rng.randint(1, 60)} - {municipality}"


def build_territory(spec: ZoneSpec, rng: random.Random) -> ZoneContext:
    zone = _save(
        Zone(
            code=spec.code,
            name=spec.name,
            kind=spec.kind,
            region=spec.region,
            province_code=spec.province_code,
            tax_code=spec.tax_code,
            address=spec.address,
        )
    )
    context = ZoneContext(spec=spec, zone=zone)

    subareas = {
        code: _save(SubArea(zone=zone, code=code, name=name)) for code, name in spec.subareas
    }
    for item in spec.municipalities:
        municipality = _municipality(
            zone, item.name, spec.province_code, subareas.get(item.subarea)
        )
        context.municipalities[item.name] = municipality
        for year, population, source in item.populations:
            _save(
                MunicipalityPopulation(
                    municipality=municipality, year=year, population=population, source=source
                )
            )

    # Every municipality is an organisation (kind "municipality"): members, employers, URPs.
    for name, municipality in context.municipalities.items():
        context.organisations[f"Comune di {name}"] = _save(
            Organisation(
                zone=zone,
                kind="municipality",
                name=f"Comune di {municipality.name}",
                municipality=municipality,
                address=_street_address(rng, municipality.name),
            )
        )
    for org in spec.organisations:
        context.organisations[org.name] = _save(
            Organisation(
                zone=zone,
                kind=org.kind,
                name=org.name,
                municipality=context.municipalities.get(org.municipality),
                legal_form=org.legal_form,
                runts_number=org.runts_number,
                tax_code=org.tax_code,
                address=org.address or _street_address(rng, org.municipality),
            )
        )
    zone.lead_body = context.organisations[spec.lead_body]
    zone.save(update_fields=["lead_body"])

    for member in spec.members:
        _save(
            ConsortiumMember(
                zone=zone,
                organisation=context.organisations[member.organisation],
                share=member.share,
                representative=member.representative,
                representative_role=member.representative_role,
            )
        )

    hours = []
    for point in spec.access_points:
        access_point = _save(
            AccessPoint(
                zone=zone,
                municipality=context.municipalities[point.municipality],
                organisation=context.organisations[point.organisation],
                kind=point.kind,
                name=point.name,
                address=point.address or _street_address(rng, point.municipality),
                email=f"{slugify(point.name)[:40]}@demo.example.org",
                # Seed 002 Tabella 2: the same points before SIA/REI (2016) and after.
                active_from=date(2015, 1, 1)
                if point.SOURCE.startswith("seed")
                else date(2020, 1, 1),
            )
        )
        hours += [
            OpeningHours(
                access_point=access_point,
                weekday=weekday,
                opens=time.fromisoformat(opens),
                closes=time.fromisoformat(closes),
            )
            for weekday, opens, closes in SCHEDULES[point.schedule]
        ]
    OpeningHours.objects.bulk_create(hours)
    context.access_points = len(spec.access_points)

    all_municipalities = list(context.municipalities.values())
    for staff_spec in spec.staff:
        served = [context.municipalities[name] for name in staff_spec.municipalities]
        female_share = 0.9 if staff_spec.profile == "social_worker" else 0.6
        for _ in range(staff_spec.count):
            first_name, last_name = _person_name(rng, spec.region, rng.random() < female_share)
            staff = _save(
                Staff(
                    zone=zone,
                    first_name=first_name,
                    last_name=last_name,
                    profile=staff_spec.profile,
                    employer=context.organisations[staff_spec.employer],
                    weekly_hours=staff_spec.weekly_hours,
                    area=staff_spec.area,
                    funded_by=staff_spec.funded_by,
                    annual_cost=staff_spec.annual_cost,
                )
            )
            staff.municipalities.set(served or all_municipalities)
            context.staff.append((staff_spec, staff))
    return context
