"""Reads of applications (§5): the table by municipality and status (seed 002 "DOMANDE REI"),
with totals computed, never typed; the follow-up list."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count

from ambito.territory.models import Municipality

from .models import FOLLOW_UP_STATUSES, Application, ApplicationStatus, Measure


def _zone_id(user) -> int:
    if not user.has_perm("measures.view_application") or user.zone_id is None:
        raise PermissionDenied("Non hai accesso alle domande.")
    return user.zone_id


@dataclass(frozen=True)
class StatusTable:
    measure: Measure
    statuses: list[tuple[str, str]]
    rows: list[tuple[str, list[int], int]]  # municipality, count per status, total
    totals: list[int]
    total: int


def status_table(*, user, measure: Measure) -> StatusTable:
    """Applications by municipality × INPS status: figures only."""
    zone_id = _zone_id(user)
    counts = {
        (muni, status): n
        for muni, status, n in Application.objects.filter(zone_id=zone_id, measure=measure)
        .values_list("municipality_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    }
    statuses = list(ApplicationStatus.choices)
    rows = []
    for municipality in Municipality.objects.filter(zone_id=zone_id).order_by("name"):
        cells = [counts.get((municipality.pk, value), 0) for value, _ in statuses]
        if any(cells):
            rows.append((municipality.name, cells, sum(cells)))
    totals = [sum(row[1][i] for row in rows) for i in range(len(statuses))]
    return StatusTable(measure, statuses, rows, totals, sum(totals))


def follow_up_list(*, user, measure: Measure | None = None, limit: int = 200):
    """Lapsed, suspended and rejected applications not yet followed up, oldest outcome first."""
    zone_id = _zone_id(user)
    qs = Application.objects.filter(
        zone_id=zone_id, status__in=FOLLOW_UP_STATUSES, follow_up_done_at__isnull=True
    ).select_related("applicant", "municipality", "measure")
    if not user.has_perm("registry.view_zone_persons"):
        qs = qs.filter(municipality__in=user.municipalities.values("pk"))
    if measure is not None:
        qs = qs.filter(measure=measure)
    return list(qs.order_by("status_on", "pk")[:limit])


def measures_with_applications(*, user) -> list[Measure]:
    zone_id = _zone_id(user)
    used = set(
        Application.objects.filter(zone_id=zone_id).values_list("measure_id", flat=True).distinct()
    )
    return [m for m in Measure.objects.all() if m.pk in used] or list(Measure.objects.all())
