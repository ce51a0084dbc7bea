"""The figures of the foster-care service: families available by kind, minors in placement by
kind, placement durations (average and median days, open and closed). Figures only: no names,
so the plan office, the zone administrator and the assembly read them too."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from ambito.core.permissions import NotAllowed, allowed

from ..choices import FamilyStatus, FosterKind
from ..models import FamilyAvailability, FamilySuspension, FosterFamily, Placement
from ..scoping import REPORTS


@dataclass
class KindFigures:
    kind: str
    label: str
    families_available: int
    placements_open: int
    minors_open: int
    placements_closed: int
    mean_days_open: float | None
    median_days_open: float | None
    mean_days_closed: float | None
    median_days_closed: float | None


@dataclass
class FosterReport:
    on: date
    families_by_status: list[tuple[str, int]]
    kinds: list[KindFigures]
    families_suspended: int
    minors_in_placement: int
    placements_open: int
    placements_closed: int


def report_zone(user) -> int:
    if not allowed(user, REPORTS):
        raise NotAllowed(hide=True)
    return user.zone_id


def _mean(values):
    return round(statistics.fmean(values), 1) if values else None


def _median(values):
    return round(float(statistics.median(values)), 1) if values else None


def foster_report(zone_id: int, on: date) -> FosterReport:
    families = FosterFamily.objects.filter(zone_id=zone_id)
    by_status = dict(families.values_list("status").annotate(n=Count("pk")).order_by())
    suspended_ids = set(
        FamilySuspension.objects.filter(
            Q(family__zone_id=zone_id, starts_on__lte=on)
            & (Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        ).values_list("family_id", flat=True)
    )
    available = {}
    for kind, family_id in FamilyAvailability.objects.filter(
        family__zone_id=zone_id, family__status=FamilyStatus.REGISTERED
    ).values_list("kind", "family_id"):
        if family_id not in suspended_ids:
            available[kind] = available.get(kind, 0) + 1
    placements = Placement.objects.filter(zone_id=zone_id, starts_on__lte=on).annotate(
        minors=Count("children")
    )
    rows = list(placements.values_list("kind", "starts_on", "ended_on", "minors"))
    kinds = []
    for kind in FosterKind:
        mine = [r for r in rows if r[0] == kind.value]
        open_rows = [r for r in mine if r[2] is None or r[2] > on]
        closed = [r for r in mine if r[2] is not None and r[2] <= on]
        open_days = [(on - r[1]).days for r in open_rows]
        closed_days = [(r[2] - r[1]).days for r in closed]
        kinds.append(
            KindFigures(
                kind=kind.value,
                label=kind.label,
                families_available=available.get(kind.value, 0),
                placements_open=len(open_rows),
                minors_open=sum(r[3] for r in open_rows),
                placements_closed=len(closed),
                mean_days_open=_mean(open_days),
                median_days_open=_median(open_days),
                mean_days_closed=_mean(closed_days),
                median_days_closed=_median(closed_days),
            )
        )
    return FosterReport(
        on=on,
        families_by_status=[(s.label, by_status.get(s.value, 0)) for s in FamilyStatus],
        kinds=kinds,
        families_suspended=len(
            set(families.filter(status=FamilyStatus.REGISTERED).values_list("pk", flat=True))
            & suspended_ids
        ),
        minors_in_placement=sum(k.minors_open for k in kinds),
        placements_open=sum(k.placements_open for k in kinds),
        placements_closed=sum(k.placements_closed for k in kinds),
    )


KIND_HEADER = [
    "Tipo di affido",
    "Famiglie disponibili",
    "Affidi in corso",
    "Minori in affido",
    "Affidi conclusi",
    "Durata media in corso (giorni)",
    "Durata mediana in corso (giorni)",
    "Durata media conclusi (giorni)",
    "Durata mediana conclusi (giorni)",
]


def kind_rows(report: FosterReport):
    for k in report.kinds:
        yield [
            k.label,
            k.families_available,
            k.placements_open,
            k.minors_open,
            k.placements_closed,
            k.mean_days_open,
            k.median_days_open,
            k.mean_days_closed,
            k.median_days_closed,
        ]


def sheets(report: FosterReport):
    return [
        ("Affidi per tipo", KIND_HEADER, list(kind_rows(report))),
        ("Famiglie per stato", ["Stato", "Famiglie"], [list(r) for r in report.families_by_status]),
    ]
