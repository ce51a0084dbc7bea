"""Reads of applications (§5): the table by municipality and status (seed 002 "DOMANDE REI"),
with totals computed, never typed; the follow-up list. Every read goes through
`Application.objects.visible_to(user)` (scoping.py); lists that name applicants are logged,
one AccessLog row per applicant shown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from ambito.core.audit import log_persons_shown
from ambito.core.permissions import require
from ambito.territory.models import Municipality

from .models import (
    FOLLOW_UP_STATUSES,
    Application,
    ApplicationStatus,
    ApplicationStatusChange,
    Measure,
)

NO_ACCESS = "Non hai accesso alle domande."


def _visible(user):
    """The applications the user may see; refused (403) without the permission to read any."""
    require(user, "measures.view_application", message=NO_ACCESS)
    return Application.objects.visible_to(user)


def with_status_on(queryset, on: dt.date):
    """The applications of `queryset` annotated with `status_then`: their status in force on
    `on` (the history, models.ApplicationStatusChange), "in progress" between submission and the
    first outcome, None when not yet submitted on that date. Filter on it, never on `status`,
    for figures "as of" a date.

    The history is read only where the current status is later than the date: an application
    whose latest outcome is dated on or before it had that status then, which is every row of
    today's figures."""
    earlier = (
        ApplicationStatusChange.objects.filter(application=OuterRef("uuid"), since__lte=on)
        .order_by("-since", "-pk")
        .values("status")[:1]
    )
    return queryset.annotate(
        status_then=Case(
            When(status_on__lte=on, then=F("status")),
            When(Q(status_on__isnull=True, submitted_on__isnull=True), then=F("status")),
            When(
                submitted_on__lte=on,
                then=Coalesce(Subquery(earlier), Value(ApplicationStatus.IN_PROGRESS)),
            ),
            When(submitted_on__isnull=True, then=Subquery(earlier)),
            default=Value(None),
            output_field=CharField(),
        )
    )


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
