"""§2 The needs observatory: what the contacts at the access points say about the zone's needs.

Figures only, never personal data: every number is a COUNT computed by the database.

Periods are months, quarters or the year in Europe/Rome time. Their bounds are computed here
as aware datetimes and the database groups the contacts with one CASE over `started_at`
(`started_at < bound_1 THEN 0 ...`), not with Extract/Trunc functions: on SQLite those run as a
Python function per row (seconds on a million contacts), while a CASE over the indexed
timestamp is evaluated natively on both SQLite and PostgreSQL and is exact across the daylight
saving changes. The previous year is counted in the same queries (its periods are the buckets
after this year's), so the whole report is three aggregate queries.

A contact with several need areas counts once in each of its areas; the distinct contacts are
counted apart. "Identified" means linked to a person of the registry.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, Max, Min, Q, Value, When

from ambito.catalog.models import NeedArea
from ambito.territory.models import AccessPoint, Municipality, Zone

from .choices import Channel, Outcome, ReferralKind
from .models import Contact

ROME = ZoneInfo("Europe/Rome")
PERMISSION = "access.view_observatory"
PERIODS = {"month": "mese", "quarter": "trimestre", "year": "anno"}
MONTHS = ["gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"]
NO_AREA = "Area non indicata"
NO_MUNICIPALITY = "Comune non indicato"


# --- the report --------------------------------------------------------------------------------


def change_pct(current: int, previous: int) -> float | None:
    """Change in percent from the previous figure; None when there is nothing to compare."""
    if not previous:
        return None
    return round((current - previous) * 100 / previous, 1)


def share_pct(part: int, whole: int) -> float:
    return round(part * 100 / whole, 1) if whole else 0.0


@dataclass(frozen=True)
class AreaRow:
    """One need area: contacts by period this year, the year's total and the previous year's."""

    name: str
    by_period: list[int]
    total: int
    previous_total: int
    share: float  # % of the distinct contacts that raised this need
    change: float | None


@dataclass(frozen=True)
class TrendRow:
    label: str
    contacts: int
    previous: int
    change: float | None


@dataclass(frozen=True)
class Slice:
    label: str
    count: int
    share: float


@dataclass(frozen=True)
class ReferralRow:
    kind: str
    destination: str
    count: int
    share: float


@dataclass(frozen=True)
class Cell:
    """One cell of the cube need area × municipality × period (for the exports)."""

    period: str
    municipality: str
    area: str
    contacts: int


@dataclass(frozen=True)
class ObservatoryReport:
    zone: Zone
    year: int
    period: str
    municipality: Municipality | None
    access_point: AccessPoint | None
    period_labels: list[str]
    areas: list[AreaRow]  # in the need areas' configured order, unused ones left out
    area_municipality: list[tuple[str, list[int], int]]  # municipality, by area, distinct
    municipality_area_names: list[str]
    trend: list[TrendRow]
    total: int
    previous_total: int
    anonymous: Slice
    identified: Slice
    channels: list[Slice]
    outcomes: list[Slice]
    referrals: list[ReferralRow]
    cells: list[Cell] = field(repr=False)

    @property
    def period_name(self) -> str:
        return PERIODS[self.period]

    @property
    def change(self) -> float | None:
        return change_pct(self.total, self.previous_total)

    @property
    def recurring(self) -> list[AreaRow]:
        """Need areas ranked by volume (ties by name)."""
        return sorted(
            (row for row in self.areas if row.total or row.previous_total),
            key=lambda row: (-row.total, row.name),
        )

    @property
    def referral_total(self) -> int:
        return sum(row.count for row in self.referrals)

    def chart(self) -> dict:
        """Chart.js data: stacked bars of contacts by need area per period."""
        return {
            "type": "bar",
            "stacked": True,
            "labels": self.period_labels,
            "datasets": [
                {"label": row.name, "data": row.by_period} for row in self.areas if row.total
            ],
            "xTitle": self.period_name.capitalize(),
            "yTitle": "Accessi per area di bisogno",
        }

    def chart_summary(self) -> str:
        """What the chart shows, in one sentence (the canvas's aria-label)."""
        scope = f"{self.period_name} del {self.year}"
        if not self.total:
            return f"Grafico a barre: nessun accesso registrato per {scope}."
        top = self.recurring[0]
        return (
            f"Grafico a barre impilate degli accessi per area di bisogno e per {scope}: "
            f"{self.total} accessi in tutto, l'area più frequente è «{top.name}» con "
            f"{top.total}. Gli stessi dati sono nella tabella che segue."
        )


# --- the selector ------------------------------------------------------------------------------


def period_bounds(year: int, period: str) -> list[tuple[str, dt.datetime, dt.datetime]]:
    """(label, start, end) of each period of the year, aware in Europe/Rome."""
    if period not in PERIODS:
        raise ValueError(f"Periodo sconosciuto: {period}")

    def at(y: int, m: int) -> dt.datetime:
        return dt.datetime(y, m, 1, tzinfo=ROME)

    if period == "year":
        return [(str(year), at(year, 1), at(year + 1, 1))]
    step = 1 if period == "month" else 3
    bounds = []
    for index, month in enumerate(range(1, 13, step)):
        end = at(year + 1, 1) if month + step > 12 else at(year, month + step)
        label = MONTHS[month - 1] if step == 1 else f"{index + 1}° trim."
        bounds.append((label, at(year, month), end))
    return bounds


def _bucket(bounds: list[tuple[str, dt.datetime, dt.datetime]], prefix: str = "") -> Case:
    """The index of the period a contact falls in (bounds are contiguous and ordered)."""
    return Case(
        *[
            When(**{f"{prefix}started_at__lt": end}, then=Value(index))
            for index, (_, _, end) in enumerate(bounds)
        ],
        output_field=IntegerField(),
    )


def observatory_contacts(
    *, zone: Zone, start: dt.datetime, end: dt.datetime, municipality=None, access_point=None
):
    """The contacts an observatory figure counts (the filters are non-personal)."""
    contacts = Contact.objects.filter(zone=zone, started_at__gte=start, started_at__lt=end)
    if municipality is not None:
        contacts = contacts.filter(municipality=municipality)
    if access_point is not None:
        contacts = contacts.filter(access_point=access_point)
    return contacts.order_by()


def observatory_zone(user) -> Zone:
    """The zone whose figures the user may see; PermissionDenied otherwise."""
    if not user.is_authenticated or not user.has_perm(PERMISSION):
        raise PermissionDenied("Non hai accesso all'osservatorio dei bisogni.")
    if user.zone_id is None:
        raise PermissionDenied("Nessun ambito associato all'utente.")
    return user.zone


def observatory_years(*, user) -> list[int]:
    """The years with contacts in the user's zone, and the current one (newest first)."""
    zone = observatory_zone(user)
    now = dt.datetime.now(ROME).year
    span = Contact.objects.filter(zone=zone).aggregate(
        first=Min("started_at"), last=Max("started_at")
    )
    first = span["first"].astimezone(ROME).year if span["first"] else now
    last = max(now, span["last"].astimezone(ROME).year if span["last"] else now)
    return list(range(last, first - 1, -1))


def observatory_report(
    *,
    user,
    year: int,
    period: str = "month",
    municipality: Municipality | None = None,
    access_point: AccessPoint | None = None,
) -> ObservatoryReport:
    zone = observatory_zone(user)
    if municipality is not None and municipality.zone_id != zone.pk:
        raise PermissionDenied("Il comune non appartiene al tuo ambito.")
    if access_point is not None and access_point.zone_id != zone.pk:
        raise PermissionDenied("Il punto di accesso non appartiene al tuo ambito.")

    current = period_bounds(year, period)
    previous = period_bounds(year - 1, period)
    both = previous + current  # buckets 0..n-1 the previous year, n..2n-1 this year
    n = len(current)
    contacts = observatory_contacts(
        zone=zone,
        start=previous[0][1],
        end=current[-1][2],
        municipality=municipality,
        access_point=access_point,
    )

    # 1. need area × municipality × period, both years (LEFT JOIN: contacts without an area too)
    by_area = (
        contacts.annotate(bucket=_bucket(both))
        .values_list("bucket", "municipality_id", "need_areas")
        .annotate(n=Count("id"))
    )
    # 2. distinct contacts, identified, channels and outcomes per municipality × period
    aggregates = {
        "n": Count("id"),
        "identified": Count("id", filter=Q(person__isnull=False)),
        **{f"channel_{c}": Count("id", filter=Q(channel=c)) for c in Channel.values},
        **{f"outcome_{o}": Count("id", filter=Q(outcome=o)) for o in Outcome.values},
    }
    by_contact = (
        contacts.annotate(bucket=_bucket(both))
        .values("bucket", "municipality_id")
        .annotate(**aggregates)
    )
    # 3. referral destinations this year
    referral_rows = (
        observatory_contacts(
            zone=zone,
            start=current[0][1],
            end=current[-1][2],
            municipality=municipality,
            access_point=access_point,
        )
        .exclude(referral_kind="")
        .values_list(
            "referral_kind",
            "referral_service__name",
            "referral_organisation__name",
            "referral_office",
        )
        .annotate(n=Count("id"))
    )

    areas = {area.pk: area.name for area in NeedArea.objects.all()}
    area_order = list(areas)
    municipalities = dict(Municipality.objects.filter(zone=zone).values_list("pk", "name"))

    # area -> [count per bucket]; (area, municipality) -> this year's count; cells
    area_buckets: dict[int | None, list[int]] = defaultdict(lambda: [0] * (2 * n))
    area_muni: dict[tuple[int | None, int | None], int] = defaultdict(int)
    cells = []
    labels = [label for label, _, _ in current]
    for bucket, muni_id, area_id, count in by_area:
        area_buckets[area_id][bucket] += count
        if bucket >= n:
            area_muni[(area_id, muni_id)] += count
            cells.append(
                (
                    bucket - n,
                    municipalities.get(muni_id, NO_MUNICIPALITY),
                    areas.get(area_id, NO_AREA),
                    count,
                )
            )

    totals = [0] * (2 * n)
    muni_totals: dict[int | None, int] = defaultdict(int)
    identified = 0
    channels = dict.fromkeys(Channel.values, 0)
    outcomes = dict.fromkeys(Outcome.values, 0)
    for row in by_contact:
        bucket = row["bucket"]
        totals[bucket] += row["n"]
        if bucket < n:
            continue
        muni_totals[row["municipality_id"]] += row["n"]
        identified += row["identified"]
        for c in channels:
            channels[c] += row[f"channel_{c}"]
        for o in outcomes:
            outcomes[o] += row[f"outcome_{o}"]

    total, previous_total = sum(totals[n:]), sum(totals[:n])
    used_areas = [a for a in area_order if a in area_buckets] + (
        [None] if None in area_buckets else []
    )
    area_rows = []
    for area_id in used_areas:
        counts = area_buckets[area_id]
        this, before = sum(counts[n:]), sum(counts[:n])
        area_rows.append(
            AreaRow(
                name=areas.get(area_id, NO_AREA),
                by_period=counts[n:],
                total=this,
                previous_total=before,
                share=share_pct(this, total),
                change=change_pct(this, before),
            )
        )

    muni_ids = sorted(muni_totals, key=lambda m: (m is None, municipalities.get(m, "")))
    area_municipality = [
        (
            municipalities.get(m, NO_MUNICIPALITY),
            [area_muni.get((a, m), 0) for a in used_areas],
            muni_totals[m],
        )
        for m in muni_ids
    ]

    kinds = dict(ReferralKind.choices)
    referrals = sorted(
        (
            ReferralRow(
                kind=kinds.get(kind, kind),
                destination=service or organisation or office or "(non indicato)",
                count=count,
                share=0.0,
            )
            for kind, service, organisation, office, count in referral_rows
        ),
        key=lambda r: (r.kind, -r.count, r.destination),
    )
    referral_total = sum(r.count for r in referrals)
    referrals = [
        ReferralRow(r.kind, r.destination, r.count, share_pct(r.count, referral_total))
        for r in _merge_referrals(referrals)
    ]

    cells.sort(key=lambda c: (c[0], c[1], c[2]))
    return ObservatoryReport(
        zone=zone,
        year=year,
        period=period,
        municipality=municipality,
        access_point=access_point,
        period_labels=labels,
        areas=area_rows,
        area_municipality=area_municipality,
        municipality_area_names=[row.name for row in area_rows],
        trend=[
            TrendRow(labels[i], totals[n + i], totals[i], change_pct(totals[n + i], totals[i]))
            for i in range(n)
        ],
        total=total,
        previous_total=previous_total,
        anonymous=Slice("Anonimi", total - identified, share_pct(total - identified, total)),
        identified=Slice("Identificati", identified, share_pct(identified, total)),
        channels=[
            Slice(label, channels[value], share_pct(channels[value], total))
            for value, label in Channel.choices
        ],
        outcomes=[
            Slice(label, outcomes[value], share_pct(outcomes[value], total))
            for value, label in Outcome.choices
        ]
        + [
            Slice(
                "Esito non indicato",
                total - sum(outcomes.values()),
                share_pct(total - sum(outcomes.values()), total),
            )
        ],
        referrals=referrals,
        cells=[Cell(labels[p], m, a, count) for p, m, a, count in cells],
    )


def _merge_referrals(rows: list[ReferralRow]) -> list[ReferralRow]:
    """Two services (or offices) with the same name are one destination for the reader."""
    merged: dict[tuple[str, str], int] = defaultdict(int)
    for row in rows:
        merged[(row.kind, row.destination)] += row.count
    return sorted(
        (ReferralRow(kind, dest, count, 0.0) for (kind, dest), count in merged.items()),
        key=lambda r: (r.kind, -r.count, r.destination),
    )
