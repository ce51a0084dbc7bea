"""Reads of the district services: the lines with their figures, a line's intake list in
order, an intake with its hours, and the report (per line, per month, per fund)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import median

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from ambito.core.permissions import allowed

from ..choices import IntakeState
from ..models import DistrictHours, DistrictIntake, DistrictLine
from ..scoping import FIGURES, MANAGE
from ..services.intakes import WAITING_ORDER

ZERO = Decimal("0")
MONTHS = (
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
)


def sees_costs(user) -> bool:
    return allowed(user, MANAGE) or allowed(user, FIGURES)


def lines_for(user, *, year: int | None = None):
    """The lines the user sees, each with `waiting`, `in_charge`, `hours_total` and
    `cost_total` (of all the line's intakes: counts, nothing personal)."""
    rows = DistrictLine.objects.visible_to(user).select_related("fund", "provider")
    if year:
        rows = rows.filter(year=year)
    lines = list(rows)
    counts = {
        row["line_id"]: row
        for row in DistrictIntake.objects.filter(line__in=[line.pk for line in lines])
        .values("line_id")
        .annotate(
            waiting=Count("pk", filter=Q(state=IntakeState.WAITING)),
            in_charge=Count("pk", filter=Q(state=IntakeState.ACTIVE)),
            hours_total=Sum("hours"),
            cost_total=Sum("cost"),
        )
    }
    for line in lines:
        row = counts.get(line.pk, {})
        line.waiting = row.get("waiting", 0)
        line.in_charge = row.get("in_charge", 0)
        line.hours_total = row.get("hours_total") or ZERO
        line.cost_total = row.get("cost_total") or ZERO
    return lines


def line_for(user, uuid):
    return (
        DistrictLine.objects.visible_to(user).select_related("fund", "provider").filter(uuid=uuid)
    ).first()


def intakes_for(user, *, line=None, state: str = "", case=None):
    rows = DistrictIntake.objects.visible_to(user).select_related(
        "line", "person", "case", "referred_by"
    )
    if line is not None:
        rows = rows.filter(line=line)
    if state:
        rows = rows.filter(state=state)
    if case is not None:
        rows = rows.filter(case=case)
    return rows.order_by("line_id", *WAITING_ORDER)


def intake_for(user, uuid):
    return (
        DistrictIntake.objects.visible_to(user)
        .select_related("line__fund", "line__provider", "person", "case", "referred_by")
        .filter(uuid=uuid)
        .first()
    )


def waiting_days(intake, today: dt.date | None = None) -> int:
    """Days in the list: until the admission, or until today while waiting (or until it was
    refused)."""
    today = today or timezone.localdate()
    end = intake.admitted_on or intake.ended_on or today
    return max(0, (end - intake.referred_on).days)


def with_waiting(intakes, today=None) -> list:
    """The intakes with `position` (in their line's whole waiting list, 1-based, whoever
    reads it) and `waiting_days`: one query per line shown."""
    rows = list(intakes)
    lines = {i.line_id for i in rows if i.state == IntakeState.WAITING}
    order: dict[int, int] = {}
    for line_id in lines:
        waiting = DistrictIntake.objects.filter(line_id=line_id, state=IntakeState.WAITING)
        for index, pk in enumerate(
            waiting.order_by(*WAITING_ORDER).values_list("pk", flat=True), start=1
        ):
            order[pk] = index
    for intake in rows:
        intake.waiting_days = waiting_days(intake, today)
        intake.position = order.get(intake.pk) if intake.state == IntakeState.WAITING else None
    return rows


def waiting_position(intake) -> int | None:
    if intake.state != IntakeState.WAITING:
        return None
    ahead = DistrictIntake.objects.filter(line_id=intake.line_id, state=IntakeState.WAITING)
    ahead = ahead.filter(
        Q(priority__lt=intake.priority)
        | Q(priority=intake.priority, referred_on__lt=intake.referred_on)
        | Q(priority=intake.priority, referred_on=intake.referred_on, pk__lt=intake.pk)
    )
    return ahead.count() + 1


def hours_of(user, intake):
    return DistrictHours.objects.visible_to(user).filter(intake=intake).order_by("date", "pk")


# --- the report ------------------------------------------------------------------------------


@dataclass
class LineFigures:
    line: DistrictLine
    referred: int = 0
    waiting: int = 0
    active: int = 0
    suspended: int = 0
    closed: int = 0
    refused: int = 0
    admitted: int = 0
    median_wait: float | None = None
    mean_wait: float | None = None
    longest_waiting: int | None = None
    hours: Decimal = ZERO
    cost: Decimal = ZERO
    months: dict = field(default_factory=dict)  # month -> (hours, cost)


@dataclass
class Report:
    year: int
    lines: list
    months: list  # [(month number, label)]
    by_fund: list  # [(fund, year, hours, cost, lines)]
    totals: dict


def report(zone_id: int, year: int, today: dt.date | None = None) -> Report:
    """Figures of the zone's lines of a year, nothing personal: intakes by state, waiting
    times (days from referral to admission; the longest wait of those still waiting), hours
    and costs by month and by fund."""
    today = today or timezone.localdate()
    lines = list(
        DistrictLine.objects.filter(zone_id=zone_id, year=year)
        .select_related("fund", "provider")
        .order_by("kind", "name", "pk")
    )
    figures = {line.pk: LineFigures(line) for line in lines}
    intakes = DistrictIntake.objects.filter(line__in=figures).values(
        "line_id", "state", "referred_on", "admitted_on", "ended_on"
    )
    waits: dict[int, list[int]] = defaultdict(list)
    for row in intakes:
        f = figures[row["line_id"]]
        f.referred += 1
        setattr(f, row["state"], getattr(f, row["state"]) + 1)
        if row["admitted_on"]:
            f.admitted += 1
            waits[f.line.pk].append((row["admitted_on"] - row["referred_on"]).days)
        elif row["state"] == IntakeState.WAITING:
            days = (today - row["referred_on"]).days
            f.longest_waiting = max(f.longest_waiting or 0, days)
    for pk, days in waits.items():
        figures[pk].median_wait = float(median(days))
        figures[pk].mean_wait = round(sum(days) / len(days), 1)
    monthly = (
        DistrictHours.objects.filter(intake__line__in=figures)
        .annotate(month=TruncMonth("date"))
        .values("intake__line_id", "month")
        .annotate(hours=Sum("hours"), cost=Sum("cost"))
    )
    for row in monthly:
        f = figures[row["intake__line_id"]]
        f.months[row["month"].month] = (row["hours"], row["cost"])
        f.hours += row["hours"]
        f.cost += row["cost"]
    funds: dict = {}
    for f in figures.values():
        key = (f.line.fund_id, f.line.year)
        entry = funds.setdefault(key, [f.line.fund, f.line.year, ZERO, ZERO, 0])
        entry[2] += f.hours
        entry[3] += f.cost
        entry[4] += 1
    totals = {
        "referred": sum(f.referred for f in figures.values()),
        "waiting": sum(f.waiting for f in figures.values()),
        "active": sum(f.active for f in figures.values()),
        "hours": sum((f.hours for f in figures.values()), ZERO),
        "cost": sum((f.cost for f in figures.values()), ZERO),
    }
    return Report(
        year=year,
        lines=list(figures.values()),
        months=list(enumerate(MONTHS, start=1)),
        by_fund=[tuple(v) for v in funds.values()],
        totals=totals,
    )


def report_years(zone_id: int) -> list[int]:
    return sorted(
        set(DistrictLine.objects.filter(zone_id=zone_id).values_list("year", flat=True)),
        reverse=True,
    )
