"""The emergency service's report (§6, §10): emergencies by criterion, municipality, hour of
day and outcome; response times (median and 90th percentile); shelter occupancy by month.
Figures only, no personal data. Response times are read as stored minutes, grouped in the
database, so a year of 100,000 reports costs a few grouped queries, not 100,000 rows.

Percentiles use the nearest-rank method on whole minutes (the value below which at least p% of
the reports fall), which is what a service manager can check by hand on a list."""

from __future__ import annotations

import calendar
import datetime as dt
import math
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from ambito.core.tables import xlsx_bytes
from ambito.territory.models import Municipality

from .choices import Outcome
from .models import Emergency, Placement, Shelter, UrgencyCriterion

MONTHS = ["gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"]


@dataclass(frozen=True)
class Timing:
    count: int
    median: int | None
    p90: int | None

    @property
    def sentence(self) -> str:
        """The timing in words, for notes under a table: never "None" when nothing was
        timed in the period."""
        if self.median is None:
            return "nessun tempo registrato nel periodo"
        reports = "1 segnalazione" if self.count == 1 else f"{self.count} segnalazioni"
        return f"mediana {self.median} min, 90° percentile {self.p90} min ({reports})"


@dataclass
class OccupancyRow:
    shelter: str
    capacity: int
    by_month: list[float | None]  # % of place-days occupied, None for months not covered


@dataclass
class EmergencyReport:
    start: dt.date
    end: dt.date
    municipality: str | None
    total: int = 0
    minors: int = 0
    by_situation: list[tuple[str, int]] = field(default_factory=list)
    by_criterion: list[tuple[str, str, int]] = field(default_factory=list)
    by_municipality: list[tuple[str, int]] = field(default_factory=list)
    by_hour: list[int] = field(default_factory=lambda: [0] * 24)
    by_outcome: list[tuple[str, int]] = field(default_factory=list)
    response: Timing = Timing(0, None, None)
    placement: Timing = Timing(0, None, None)
    month_labels: list[str] = field(default_factory=list)
    occupancy: list[OccupancyRow] = field(default_factory=list)

    @property
    def out_of_hours(self) -> int:
        return sum(n for hour, n in enumerate(self.by_hour) if hour < 8 or hour >= 18)


def percentile(histogram: list[tuple[int, int]], p: float) -> int | None:
    """Nearest-rank percentile of values given as sorted (value, count) pairs."""
    total = sum(n for _, n in histogram)
    if not total:
        return None
    rank = max(math.ceil(p / 100 * total), 1)
    seen = 0
    for value, n in histogram:
        seen += n
        if seen >= rank:
            return value
    return histogram[-1][0]


def _timings(qs) -> tuple[Timing, Timing]:
    """Response and placement times in one grouped pass: (response, placement) minute pairs
    are few (hundreds to thousands), their counts give both histograms."""
    response: dict[int, int] = {}
    placement: dict[int, int] = {}
    pairs = (
        qs.filter(response_minutes__isnull=False)
        .values_list("response_minutes", "placement_minutes")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for first, placed, n in pairs:
        response[first] = response.get(first, 0) + n
        if placed is not None:
            placement[placed] = placement.get(placed, 0) + n
    return _timing(sorted(response.items())), _timing(sorted(placement.items()))


def _timing(histogram: list[tuple[int, int]]) -> Timing:
    return Timing(
        sum(n for _, n in histogram), percentile(histogram, 50), percentile(histogram, 90)
    )


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    begin = timezone.make_aware(dt.datetime.combine(start, dt.time()))
    finish = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time()))
    return begin, finish


def _months(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _occupancy(zone_ids, start: dt.date, end: dt.date) -> tuple[list[str], list[OccupancyRow]]:
    """Per shelter and month: occupied place-days over available place-days. A placement
    occupies its places on every night from its day of entry to the day before its exit."""
    months = _months(start, end)
    labels = [f"{MONTHS[m - 1]} {y}" for y, m in months]
    begin, finish = _bounds(start, end)
    shelters = list(Shelter.objects.filter(zone_id__in=zone_ids).order_by("name"))
    used: dict[int, list[int]] = {s.pk: [0] * len(months) for s in shelters}
    index = {ym: i for i, ym in enumerate(months)}
    today = timezone.localdate()
    placements = Placement.objects.filter(
        shelter__zone_id__in=zone_ids, placed_at__lt=finish
    ).filter(Q(left_at__isnull=True) | Q(left_at__gte=begin))
    local = timezone.get_current_timezone()
    one_day = dt.timedelta(days=1)
    for shelter_id, places, placed_at, left_at in placements.values_list(
        "shelter_id", "places", "placed_at", "left_at"
    ):
        first = max(placed_at.astimezone(local).date(), start)
        last = min((left_at.astimezone(local).date() if left_at else today) - one_day, end)
        if first > last:
            continue
        if (first.year, first.month) == (last.year, last.month):  # most stays: days, not months
            used[shelter_id][index[(first.year, first.month)]] += places * ((last - first).days + 1)
            continue
        day = first
        while day <= last:
            month_end = dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
            upto = min(month_end, last)
            used[shelter_id][index[(day.year, day.month)]] += places * ((upto - day).days + 1)
            day = upto + one_day
    rows = []
    for shelter in shelters:
        capacity = shelter.capacity_adult + shelter.capacity_woman_child + shelter.capacity_minor
        by_month: list[float | None] = []
        for (year, month), taken in zip(months, used[shelter.pk], strict=True):
            first = max(dt.date(year, month, 1), start)
            last = min(dt.date(year, month, calendar.monthrange(year, month)[1]), end, today)
            days = (last - first).days + 1
            by_month.append(
                round(100 * taken / (capacity * days), 1) if capacity and days > 0 else None
            )
        rows.append(OccupancyRow(shelter.name, capacity, by_month))
    return labels, rows


def emergency_report(
    *, zone_ids: list[int], start: dt.date, end: dt.date, municipality=None
) -> EmergencyReport:
    begin, finish = _bounds(start, end)
    qs = Emergency.objects.filter(
        zone_id__in=zone_ids, reported_at__gte=begin, reported_at__lt=finish
    )
    if municipality is not None:
        qs = qs.filter(municipality=municipality)
    report = EmergencyReport(start=start, end=end, municipality=getattr(municipality, "name", None))
    # One pass for the totals, the hours and the outcomes (conditional counts).
    counts = qs.aggregate(
        total=Count("pk"),
        minors=Count("pk", filter=Q(involves_minor=True)),
        **{f"hour_{h}": Count("pk", filter=Q(reported_hour=h)) for h in range(24)},
        **{f"outcome_{v}": Count("pk", filter=Q(outcome=v)) for v in Outcome.values},
    )
    report.total, report.minors = counts["total"], counts["minors"]
    report.by_hour = [counts[f"hour_{h}"] for h in range(24)]
    report.by_outcome = [(label, counts[f"outcome_{v}"]) for v, label in Outcome.choices]

    through = Emergency.criteria.through.objects.filter(emergency__in=qs.values("pk"))
    criteria = {c.pk: c for c in UrgencyCriterion.objects.all()}
    per_criterion = dict(
        through.values_list("urgencycriterion_id").annotate(n=Count("emergency_id")).order_by()
    )
    per_situation = dict(
        through.annotate(top=Coalesce("urgencycriterion__parent_id", "urgencycriterion_id"))
        .values_list("top")
        .annotate(n=Count("emergency_id", distinct=True))
        .order_by()
    )
    tops = [c for c in criteria.values() if c.parent_id is None]
    report.by_situation = [(c.label, per_situation.get(c.pk, 0)) for c in tops]
    without = qs.filter(criteria__isnull=True).count()
    report.by_situation.append(("Nessun criterio soddisfatto", without))
    report.by_criterion = [
        (criteria[c.parent_id].label if c.parent_id else c.label, c.label, per_criterion[c.pk])
        for c in criteria.values()
        if per_criterion.get(c.pk)
    ]
    per_municipality = dict(qs.values_list("municipality_id").annotate(n=Count("pk")).order_by())
    names = dict(Municipality.objects.filter(pk__in=per_municipality).values_list("pk", "name"))
    report.by_municipality = sorted(
        ((names[pk], n) for pk, n in per_municipality.items()), key=lambda row: (-row[1], row[0])
    )
    report.response, report.placement = _timings(qs)
    report.month_labels, report.occupancy = _occupancy(zone_ids, start, end)
    return report


def _duration(minutes: int | None) -> str:
    if minutes is None:
        return "—"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"


def report_xlsx(report: EmergencyReport) -> bytes:
    return xlsx_bytes(
        [
            (
                "Informazioni",
                ["Report del pronto intervento sociale", ""],
                [
                    ["Periodo", f"{report.start:%d/%m/%Y} - {report.end:%d/%m/%Y}"],
                    ["Comune", report.municipality or "Tutti"],
                    ["Segnalazioni", report.total],
                    ["Con minori", report.minors],
                    ["Metodo dei percentili", "rango più vicino, minuti interi"],
                ],
            ),
            ("Situazioni", ["Situazione", "Segnalazioni"], report.by_situation),
            ("Criteri", ["Situazione", "Criterio", "Segnalazioni"], report.by_criterion),
            ("Comuni", ["Comune", "Segnalazioni"], report.by_municipality),
            (
                "Ore",
                ["Ora", "Segnalazioni"],
                [(f"{h:02d}:00-{h:02d}:59", n) for h, n in enumerate(report.by_hour)],
            ),
            ("Esiti", ["Esito", "Segnalazioni"], report.by_outcome),
            (
                "Tempi di risposta",
                ["Tempo", "Segnalazioni", "Mediana (min)", "90° percentile (min)"],
                [
                    ("Dalla segnalazione alla prima risposta", *_timing_row(report.response)),
                    ("Dalla segnalazione al collocamento", *_timing_row(report.placement)),
                ],
            ),
            (
                "Occupazione strutture",
                ["Struttura", "Posti", *[f"{m} (%)" for m in report.month_labels]],
                [(r.shelter, r.capacity, *r.by_month) for r in report.occupancy],
            ),
        ]
    )


def _timing_row(timing: Timing) -> tuple:
    return (timing.count, timing.median, timing.p90)
