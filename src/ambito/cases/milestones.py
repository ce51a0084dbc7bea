"""The case milestones read model (`CaseMilestones`, one row per case): the dates the monitoring
counts, with the working days between them already counted.

Kept by the services that write those dates — opening a case, the pre-assessment, the in-depth
analysis, an intervention or its status, a project or its signature, an EEMM meeting, an
imported application — each calling `refresh(case ids)` inside its own transaction, so a
record and its milestones are saved together or not at all. After a bulk load (the demo, a
migration of old data) `rebuild()` recomputes them from the records:
`python -m ambito rebuild_milestones [--zone <code>]`.

Both read the records the same way (`_compute`), so an incremental refresh and a rebuild cannot
disagree."""

from __future__ import annotations

import contextvars
from collections.abc import Iterable
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import DateField, Min
from django.utils import timezone

from ambito.core.workdays import working_days_between, zone_province
from ambito.measures.models import Application
from ambito.territory.models import Zone

from .lep import ACTIVATED, PARENTING_SUPPORT_CODES
from .models import (
    Case,
    CaseMilestones,
    EemmMeeting,
    InDepthAnalysis,
    Intervention,
    PreAssessment,
    Project,
)

CHUNK = 2000


def _days(start, end, province) -> int | None:
    if start is None or end is None or end < start:
        return None
    return working_days_between(start, end, province)


def _first(queryset, field: str) -> dict:
    """{case id: the earliest `field`} of the rows of a queryset of one model."""
    return dict(
        queryset.values("case_id").annotate(first=Min(field)).values_list("case_id", "first")
    )


def _compute(cases, of: dict) -> list[dict]:
    """The milestones of the cases of a queryset, read from the records (a query per kind of
    record, whatever the number of cases); `of` selects the same cases' records: a list of ids
    for a refresh, the zone for a rebuild (a subquery on the cases made PostgreSQL scan whole
    tables for each chunk of an import)."""
    pre = {
        case_id: (held_on, outcome)
        for case_id, held_on, outcome in PreAssessment.objects.filter(**of).values_list(
            "case_id", "held_on", "outcome"
        )
    }
    in_depth = dict(InDepthAnalysis.objects.filter(**of).values_list("case_id", "done_on"))
    activated = Intervention.objects.filter(**of, status__in=ACTIVATED)
    first_intervention = _first(activated, "start_on")
    first_parenting = _first(
        activated.filter(intervention_type__code__in=PARENTING_SUPPORT_CODES), "start_on"
    )
    first_meeting = dict(
        EemmMeeting.cases.through.objects.filter(**of)
        .values("case_id")
        .annotate(first=Min("eemmmeeting__held_on"))
        .values_list("case_id", "first")
    )
    projects = {
        case_id: (created, signed)
        for case_id, created, signed in Project.objects.filter(**of)
        .values("case_id")
        .annotate(created=Min("created_at"), signed=Min("signed_on"))
        .values_list("case_id", "created", "signed")
    }
    first_positive = _first(Application.objects.filter(**of, status="positive"), "status_on")
    provinces: dict[int, str | None] = {}
    rows = []
    for case_id, zone_id, municipality_id, household_id, person_id, opened_at in cases.values_list(
        "pk", "zone_id", "municipality_id", "household_id", "person_id", "opened_at"
    ):
        if zone_id not in provinces:
            provinces[zone_id] = zone_province(Zone.objects.get(pk=zone_id))
        province = provinces[zone_id]
        held_on, outcome = pre.get(case_id, (None, ""))
        created, signed = projects.get(case_id, (None, None))
        meeting = first_meeting.get(case_id)
        started = first_intervention.get(case_id)
        positive = first_positive.get(case_id)
        rows.append(
            {
                "case_id": case_id,
                "zone_id": zone_id,
                "municipality_id": municipality_id,
                "household_id": household_id,
                "household_key": household_id if household_id is not None else -person_id,
                "opened_on": timezone.localdate(opened_at),  # Europe/Rome
                "pre_assessment_on": held_on,
                "pre_assessment_outcome": outcome,
                "in_depth_on": in_depth.get(case_id),
                "first_intervention_on": started,
                "first_parenting_support_on": first_parenting.get(case_id),
                "first_meeting_on": meeting,
                "first_project_on": timezone.localdate(created) if created else None,
                "first_signed_on": signed,
                "first_positive_on": positive,
                "days_outcome_to_pre_assessment": _days(positive, held_on, province),
                "days_pre_assessment_to_meeting": _days(held_on, meeting, province),
                "days_signed_to_start": _days(signed, started, province),
            }
        )
    return rows


def _upsert(rows: list[dict]) -> None:
    """INSERT … ON CONFLICT (case_id) DO UPDATE, one statement run for every row (both SQLite
    and PostgreSQL have it): `bulk_create(update_conflicts=True)` spent more time preparing its
    values in Python than the database spent writing them, a third of an import's refresh."""
    if not rows:
        return
    meta, quote = CaseMilestones._meta, connection.ops.quote_name
    fields = meta.concrete_fields
    columns = [quote(f.column) for f in fields]
    # Names from the model's metadata, values as parameters.
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({quote(meta.pk.column)}) DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in columns if c != quote(meta.pk.column))
    )
    adapt_date = connection.ops.adapt_datefield_value
    dates = {f.attname for f in fields if isinstance(f, DateField)}
    params = [
        [adapt_date(row[f.attname]) if f.attname in dates else row[f.attname] for f in fields]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _replace(cases, of: dict) -> int:
    """Write the milestones of the cases, locking their case rows first: two writes on one
    case at the same moment (an import and a social worker, say) then compute one after the
    other, and the second sees what the first saved. An upsert, so a row is never missing."""
    list(cases.select_for_update(no_key=True).order_by("pk").values_list("pk", flat=True))
    rows = _compute(cases, of)
    _upsert(rows)
    return len(rows)


# Inside `batched()`, the case ids to refresh once at its end instead of after every write.
_pending: contextvars.ContextVar[set | None] = contextvars.ContextVar("milestones", default=None)


@contextmanager
def batched():
    """For a loader that calls many services in a row (the demo's 2018 pathway): the refreshes
    they ask for are collected and done once, for all their cases, when the block ends; an
    error inside the block leaves the pending refreshes undone with the rest of its
    transaction. Outside a loader, never: a page's write refreshes at once."""
    if _pending.get() is not None:  # already batching: the outer block refreshes
        yield
        return
    token = _pending.set(set())
    try:
        yield
        ids = _pending.get()
    finally:
        _pending.reset(token)
    refresh(ids)


@transaction.atomic
def refresh(case_ids: Iterable[int | None]) -> None:
    """Recompute the milestones of these cases (called by the services after a write)."""
    pending = _pending.get()
    if pending is not None:
        pending.update(pk for pk in case_ids if pk is not None)
        return
    ids = sorted({pk for pk in case_ids if pk is not None})
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        _replace(Case.objects.filter(pk__in=chunk), {"case_id__in": chunk})


def rebuild(zone: Zone | None = None) -> int:
    """Recompute every case's milestones (of one zone, or of all), zone by zone, each zone in
    its own transaction; returns the number of cases."""
    zones = [zone] if zone is not None else list(Zone.objects.order_by("pk"))
    total = 0
    for each in zones:
        with transaction.atomic():
            total += _replace(Case.objects.filter(zone=each), {"case__zone": each})
    return total


def differences(zone: Zone) -> int:
    """How many cases of a zone have stored milestones that differ from a recomputation from
    their records (or none stored): the nightly consistency check. Writes nothing."""
    fields = [f.attname for f in CaseMilestones._meta.concrete_fields]
    stored = {
        row["case_id"]: row
        for row in CaseMilestones.objects.filter(case__zone=zone).values(*fields)
    }
    different = 0
    ids = list(Case.objects.filter(zone=zone).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for row in _compute(Case.objects.filter(pk__in=chunk), {"case_id__in": chunk}):
            if {name: row[name] for name in fields} != stored.pop(row["case_id"], None):
                different += 1
    return different + len(stored)
