"""Reads of the commitment records: the rows a user may see (CommitmentRecord.objects
.visible_to: the plan office and the assembly the zone's, an operator their organisation's),
the totals per line, organisation and month, and the transparency figures of a line.

The totals are aggregates that the database computes on the indexes (zone, line, month) and
(organisation, month): a region of 200,000 monthly rows is never loaded row by row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet, Sum

from ambito.planning.models import PlanObjective

from ..models import CommitmentRecord

ZERO = Decimal(0)


def records_for(
    *, user, line=None, month: dt.date | None = None, organisation=None
) -> QuerySet[CommitmentRecord]:
    rows = CommitmentRecord.objects.visible_to(user).select_related("line", "organisation")
    if line is not None:
        rows = rows.filter(line=line)
    if month is not None:
        rows = rows.filter(month=month.replace(day=1))
    if organisation is not None:
        rows = rows.filter(organisation=organisation)
    return rows.order_by("-month", "organisation__name", "line__position", "pk")


def record_get(*, user, uuid) -> CommitmentRecord | None:
    return (
        CommitmentRecord.objects.visible_to(user)
        .filter(uuid=uuid)
        .select_related("line", "organisation", "line__plan")
        .first()
    )


def _figures():
    return {
        "months": Count("month", distinct=True),
        "hours": Sum("hours"),
        "people": Max("people"),
        "expenses": Sum("expenses"),
        "training_hours": Sum("training_hours"),
    }


def totals_by_line_and_organisation(rows: QuerySet[CommitmentRecord]) -> list[dict]:
    """One row per (line, organisation) of `rows`: months documented, hours, the most people
    in a month, expenses, training hours."""
    return list(
        rows.order_by()
        .values("line_id", "line__code", "line__title", "organisation_id", "organisation__name")
        .annotate(**_figures())
        .order_by("line__code", "organisation__name")
    )


def totals_by_month(rows: QuerySet[CommitmentRecord]) -> list[dict]:
    return list(
        rows.order_by()
        .values("month")
        .annotate(
            hours=Sum("hours"),
            people=Sum("people"),
            expenses=Sum("expenses"),
            training_hours=Sum("training_hours"),
            organisations=Count("organisation_id", distinct=True),
        )
        .order_by("month")
    )


# --- transparency of a line ------------------------------------------------------------------


def pact_line(*, zone, uuid) -> PlanObjective | None:
    """A line of a pact (a Plan of kind "pact") of `zone`, or None."""
    return (
        PlanObjective.objects.filter(plan__zone=zone, plan__kind="pact", uuid=uuid)
        .select_related("plan")
        .first()
    )


@dataclass
class OrganisationFigures:
    name: str
    side: str
    months: int
    hours: Decimal
    people: int
    expenses: Decimal
    training_hours: Decimal
    results: list[tuple[dt.date, str]] = field(default_factory=list)
    results_count: int = 0


@dataclass
class LineTransparency:
    line: PlanObjective
    organisations: list[OrganisationFigures]
    months: list[dict]
    totals: dict

    def chart(self) -> dict:
        return {
            "type": "bar",
            "labels": [f"{m['month']:%m/%Y}" for m in self.months],
            "datasets": [
                {"label": "Ore dedicate", "data": [float(m["hours"]) for m in self.months]},
                {
                    "label": "Ore di formazione",
                    "data": [float(m["training_hours"]) for m in self.months],
                },
            ],
            "xTitle": "Mese",
            "yTitle": "Ore",
        }


RESULTS_SHOWN = 3


def line_transparency(
    *, line: PlanObjective, results_per_organisation: int | None = RESULTS_SHOWN
) -> LineTransparency:
    """What the network spent and returned on a line: per organisation (names and figures,
    never persons), per month, and in total. Of the results returned, the latest
    `results_per_organisation` months of each organisation (None: every month);
    `results_count` says how many months have results, so the page says what it left out."""
    rows = CommitmentRecord.objects.filter(zone_id=line.plan.zone_id, line=line)
    per_org = list(
        rows.order_by()
        .values("organisation_id", "organisation__name", "side")
        .annotate(**_figures())
        .order_by("organisation__name", "side")
    )
    results: dict[tuple, list] = {}
    texts = rows.exclude(results="").order_by("-month")
    for org_id, side, month, text in texts.values_list(
        "organisation_id", "side", "month", "results"
    ):
        results.setdefault((org_id, side), []).append((month, text))
    shown = results_per_organisation
    organisations = [
        OrganisationFigures(
            name=row["organisation__name"],
            side=row["side"],
            months=row["months"],
            hours=row["hours"] or ZERO,
            people=row["people"] or 0,
            expenses=row["expenses"] or ZERO,
            training_hours=row["training_hours"] or ZERO,
            results=results.get((row["organisation_id"], row["side"]), [])[:shown],
            results_count=len(results.get((row["organisation_id"], row["side"]), [])),
        )
        for row in per_org
    ]
    months = totals_by_month(rows)
    totals = rows.aggregate(
        hours=Sum("hours"),
        expenses=Sum("expenses"),
        training_hours=Sum("training_hours"),
        months=Count("month", distinct=True),
        organisations=Count("organisation_id", distinct=True),
        with_results=Count("pk", filter=~Q(results="")),
    )
    for name in ("hours", "expenses", "training_hours"):
        totals[name] = totals[name] or ZERO
    return LineTransparency(line=line, organisations=organisations, months=months, totals=totals)
