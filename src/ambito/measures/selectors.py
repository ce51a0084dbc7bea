"""Reads of applications (§5): the table by municipality and status (seed 002 "DOMANDE REI"),
with totals computed, never typed; the follow-up list. Every read goes through
`Application.objects.visible_to(user)` (scoping.py); lists that name applicants are logged,
one AccessLog row per applicant shown."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from ambito.core.audit import log_persons_shown
from ambito.core.permissions import require
from ambito.territory.models import Municipality

from .models import FOLLOW_UP_STATUSES, Application, ApplicationStatus, Measure

NO_ACCESS = "Non hai accesso alle domande."


def _visible(user):
    """The applications the user may see; refused (403) without the permission to read any."""
    require(user, "measures.view_application", message=NO_ACCESS)
    return Application.objects.visible_to(user)


def application_get(*, user, uuid) -> Application:
    """One application the user may see. Raises Application.DoesNotExist (a 404) otherwise."""
    return _visible(user).select_related("applicant", "measure", "municipality").get(uuid=uuid)


@dataclass(frozen=True)
class StatusTable:
    measure: Measure
    statuses: list[tuple[str, str]]
    rows: list[tuple[str, list[int], int]]  # municipality, count per status, total
    totals: list[int]
    total: int


def status_table(*, user, measure: Measure) -> StatusTable:
    """The applications the user may see by municipality × INPS status: figures only."""
    counts = {
        (muni, status): n
        for muni, status, n in _visible(user)
        .filter(measure=measure)
        .values_list("municipality_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    }
    statuses = list(ApplicationStatus.choices)
    rows = []
    for municipality in Municipality.objects.visible_to(user).order_by("name"):
        cells = [counts.get((municipality.pk, value), 0) for value, _ in statuses]
        if any(cells):
            rows.append((municipality.name, cells, sum(cells)))
    totals = [sum(row[1][i] for row in rows) for i in range(len(statuses))]
    return StatusTable(measure, statuses, rows, totals, sum(totals))


def follow_up_queryset(*, user, measure: Measure | None = None):
    """Lapsed, suspended and rejected applications not yet followed up, oldest outcome first,
    unread: whoever shows them (a page of them) logs them with `follow_up_shown`."""
    qs = (
        _visible(user)
        .filter(status__in=FOLLOW_UP_STATUSES, follow_up_done_at__isnull=True)
        .select_related("applicant", "municipality", "measure")
    )
    if measure is not None:
        qs = qs.filter(measure=measure)
    return qs.order_by("status_on", "pk")


def follow_up_shown(*, user, applications, measure: Measure | None = None) -> None:
    """The applications shown name their applicants: one AccessLog row per applicant."""
    log_persons_shown(
        user=user,
        rows=applications,
        person_field="applicant",
        object_type="measures.application",
        detail={"list": "follow_up", "measure": measure.pk if measure else None},
    )


def measures_with_applications(*, user) -> list[Measure]:
    used = set(_visible(user).values_list("measure_id", flat=True).distinct())
    return [m for m in Measure.objects.all() if m.pk in used] or list(Measure.objects.all())


def import_zone(*, user):
    """The zone an INPS list is imported into: the one the user works in, if they import."""
    require(user, "measures.import_applications", message="Non importi gli elenchi INPS.")
    return user.zone
