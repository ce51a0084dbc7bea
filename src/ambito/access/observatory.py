"""§2 The needs observatory: what the contacts at the access points say about the zone's needs.

Figures only, never personal data: every number is a sum of the monthly tallies that the
contact services keep (access/tally.py), never a read of the contacts themselves. Counting a
zone-year of contacts live took seconds on a million contacts (docs/benchmarks.md); the tallies
hold a few thousand rows per zone-year and give the same figures (a test compares them with a
count over the contacts).

Periods are months, quarters or the year; a contact's month is its month in Europe/Rome time.
The previous year is read in the same queries, for the trend, and compared like with like: for
the year in progress, only the same months of the previous year (January to the current month;
the tallies are monthly, so the current month, still running, is compared with the whole of
the same month last year), and a period not begun yet has no change; `comparison` says which
periods are compared.

A contact with several need areas counts once in each of its areas; the distinct contacts are
counted apart. "Identified" means linked to a person of the registry.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import Max, Min, Sum

from ambito.catalog.models import NeedArea, Service
from ambito.core.permissions import NotAllowed, require
from ambito.territory.models import AccessPoint, Municipality, Organisation, Zone

from .choices import Channel, Outcome, ReferralKind
from .models import Contact, ContactTally, TallyDimension

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
    comparison: str = ""  # which periods the previous-year figures cover, in words

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


def observatory_zone(user) -> Zone:
    """The zone whose figures the user may see; NotAllowed otherwise."""
    require(user, PERMISSION, message="Non hai accesso all'osservatorio dei bisogni.")
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
    as_of: dt.date | None = None,
) -> ObservatoryReport:
    """`as_of` (today by default) decides how much of the year has elapsed: the previous
    year is read for the same months only."""
    zone = observatory_zone(user)
    as_of = as_of or dt.datetime.now(ROME).date()
    # The last month of the year compared: all 12 for a past year, up to today's for the
    # year in progress.
    last_month = 12 if year < as_of.year else (as_of.month if year == as_of.year else 0)
    if municipality is not None and municipality.zone_id != zone.pk:
        raise NotAllowed("Il comune non appartiene al tuo ambito.")
    if access_point is not None and access_point.zone_id != zone.pk:
        raise NotAllowed("Il punto di accesso non appartiene al tuo ambito.")

    n = len(period_bounds(year, period))
    step = 12 // n
    tallies = {
        "zone": zone,
        "month__gte": dt.date(year - 1, 1, 1),
        "month__lt": dt.date(year + 1, 1, 1),
    }
    if municipality is not None:
        tallies["municipality_key"] = municipality.pk
    if access_point is not None:
        tallies["access_point_key"] = access_point.pk

    def bucket(month: dt.date) -> int:  # 0..n-1 the previous year, n..2n-1 this year
        return (n if month.year == year else 0) + (month.month - 1) // step

    # 1. every dimension but the referrals, by municipality × month, both years
    by_area = []  # (bucket, municipality, area, count); area None: contacts without an area
    by_contact: dict[tuple[int, int | None], dict] = defaultdict(lambda: defaultdict(int))
    rows = (
        ContactTally.objects.filter(**tallies)
        .exclude(dimension=TallyDimension.REFERRAL)
        .values_list("month", "municipality_key", "dimension", "value")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for month, muni_key, dimension, value, count in rows:
        if not count or (month.year < year and month.month > last_month):
            continue
        key = (bucket(month), muni_key or None)
        if dimension == TallyDimension.NEED_AREA:
            by_area.append((*key, int(value) or None, count))
        else:
            by_contact[key][f"{dimension}:{value}"] += count
    # 2. referral destinations this year
    referral_counts = (
        ContactTally.objects.filter(
            **{**tallies, "month__gte": dt.date(year, 1, 1)}, dimension=TallyDimension.REFERRAL
        )
        .values_list("value")
        .annotate(n=Sum("count"))
        .order_by()
    )
    service_names = dict(Service.objects.filter(zone=zone).values_list("pk", "name"))
    organisation_names = dict(Organisation.objects.filter(zone=zone).values_list("pk", "name"))
    referral_rows = []
    for value, count in referral_counts:
        kind, _, target = value.partition(":")
        if not count:
            continue
        if kind == ReferralKind.SERVICE:
            referral_rows.append((kind, service_names.get(int(target)), None, "", count))
        elif kind == ReferralKind.ORGANISATION:
            referral_rows.append((kind, None, organisation_names.get(int(target)), "", count))
        else:
            referral_rows.append((kind, None, None, target, count))
    labels = [label for label, _, _ in period_bounds(year, period)]

    areas = {area.pk: area.name for area in NeedArea.objects.all()}
    area_order = list(areas)
    municipalities = dict(Municipality.objects.filter(zone=zone).values_list("pk", "name"))

    # area -> [count per bucket]; (area, municipality) -> this year's count; cells
    area_buckets: dict[int | None, list[int]] = defaultdict(lambda: [0] * (2 * n))
    area_muni: dict[tuple[int | None, int | None], int] = defaultdict(int)
    cell_counts: dict[tuple[int, str, str], int] = defaultdict(int)
    for index, muni_id, area_id, count in by_area:
        if not count:
            continue
        area_buckets[area_id][index] += count
        if index >= n:
            area_muni[(area_id, muni_id)] += count
            key = (
                index - n,
                municipalities.get(muni_id, NO_MUNICIPALITY),
                areas.get(area_id, NO_AREA),
            )
            cell_counts[key] += count

    totals = [0] * (2 * n)
    muni_totals: dict[int | None, int] = defaultdict(int)
    identified = 0
    channels = dict.fromkeys(Channel.values, 0)
    outcomes = dict.fromkeys(Outcome.values, 0)
    for (index, muni_id), counts in by_contact.items():
        total_here = counts[f"{TallyDimension.TOTAL}:"]
        totals[index] += total_here
        if index < n or not total_here:
            continue
        muni_totals[muni_id] += total_here
        identified += counts[f"{TallyDimension.IDENTIFIED}:1"]
        for c in channels:
            channels[c] += counts[f"{TallyDimension.CHANNEL}:{c}"]
        for o in outcomes:
            outcomes[o] += counts[f"{TallyDimension.OUTCOME}:{o}"]

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

    cells = sorted((*key, count) for key, count in cell_counts.items())
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
            TrendRow(
                labels[i],
                totals[n + i],
                totals[i],
                change_pct(totals[n + i], totals[i]) if i * step < last_month else None,
            )
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
        comparison=comparison_text(year, last_month, as_of),
    )


def comparison_text(year: int, last_month: int, as_of: dt.date) -> str:
    """Which periods the figures compare, e.g. "Confronto tra gen–mar 2026 (dati al
    15/03/2026) e gen–mar 2025, gli stessi mesi"."""
    if last_month >= 12:
        return f"Confronto tra l'intero {year} e l'intero {year - 1}."
    if last_month <= 0:
        return f"Il {year} non è ancora iniziato: nessun confronto con il {year - 1}."
    months = "gen" if last_month == 1 else f"gen–{MONTHS[last_month - 1]}"
    return (
        f"Confronto tra {months} {year} (dati al {as_of:%d/%m/%Y}) e {months} {year - 1}, "
        f"gli stessi mesi dell'anno precedente; il mese in corso è confrontato con lo stesso "
        f"mese intero del {year - 1}."
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
