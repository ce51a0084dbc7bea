"""Starting, cancelling, retrying and recovering jobs. Each write is audited (the job's UUID,
never its parameters' values)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.core.permissions import NotAllowed

from . import kinds
from .models import Job, JobStatus
from .runner import STALE_AFTER
from .tasks import run_job

MAX_AUTOMATIC_ATTEMPTS = 3
STALE_MESSAGE = (
    "Il lavoro si è interrotto (il processo che lo eseguiva è terminato) e non ha scritto "
    "nulla a metà."
)


def _enqueue(job: Job) -> None:
    # The queue row is written in the caller's transaction: a job exists in the queue exactly
    # when its Job row does.
    kind = kinds.get(job.kind)
    result = run_job.using(queue_name=kind.queue).enqueue(str(job.uuid))
    job.task_id = str(result.id)
    job.save(update_fields=["task_id"])


@transaction.atomic
def job_start(*, actor, kind: str, title: str, params: dict, zone_id: int | None = None) -> Job:
    """Queue a job of `kind` with `params` (identifiers and storage names only)."""
    kinds.get(kind)
    job = Job.objects.create(
        kind=kind,
        title=title[:200],
        params=params,
        zone_id=zone_id if zone_id is not None else getattr(actor, "zone_id", None),
        created_by=actor if getattr(actor, "pk", None) else None,
        phase="In attesa di un esecutore",
    )
    _enqueue(job)
    if job.created_by_id:
        log_event(user=actor, obj=job, action=EventAction.CREATE, note=kind, zone_id=job.zone_id)
    return job


def _require_owner(actor, job: Job) -> None:
    if job.created_by_id != getattr(actor, "pk", None) and not actor.has_perm("jobs.change_job"):
        raise NotAllowed(hide=True)


@transaction.atomic
def job_cancel(*, actor, job: Job) -> Job:
    """Ask to stop the job: at once if it is still queued, at its next checkpoint if running."""
    _require_owner(actor, job)
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.is_finished:
        raise NotAllowed("Il lavoro è già terminato.")
    if not job.cancellable:
        raise NotAllowed(
            "Il lavoro sta scrivendo i dati tutti insieme e non può più essere annullato: "
            "attendi la fine."
        )
    job.cancel_requested = True
    fields = ["cancel_requested"]
    if job.status == JobStatus.QUEUED:
        job.status = JobStatus.CANCELLED
        job.finished_at = timezone.now()
        job.phase = "Annullato prima di iniziare"
        fields += ["status", "finished_at", "phase"]
    job.save(update_fields=fields)
    log_event(user=actor, obj=job, fields=["cancel_requested"], zone_id=job.zone_id)
    return job


def _requeue(job: Job) -> None:
    job.status = JobStatus.QUEUED
    job.cancel_requested = False
    job.cancellable = True
    job.finished_at = None
    job.done = 0
    job.phase = "In attesa di un esecutore"
    job.save(
        update_fields=["status", "cancel_requested", "cancellable", "finished_at", "done", "phase"]
    )
    _enqueue(job)


@transaction.atomic
def job_retry(*, actor, job: Job) -> Job:
    """Run a failed or cancelled job again, from the start. Safe because every kind either
    writes all or nothing (imports) or only produces a new file (reports)."""
    _require_owner(actor, job)
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status not in (JobStatus.FAILED, JobStatus.CANCELLED):
        raise NotAllowed("Si può riprovare solo un lavoro non riuscito o annullato.")
    _requeue(job)
    log_event(user=actor, obj=job, fields=["status"], note="riprova", zone_id=job.zone_id)
    return job


def recover_stale(*, now=None) -> tuple[int, int]:
    """Jobs left "running" by a worker that died (no heartbeat for STALE_AFTER): failed with
    an explanation, and queued again up to MAX_AUTOMATIC_ATTEMPTS. Returns (failed, requeued).
    """
    now = now or timezone.now()
    failed = requeued = 0
    stale = Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=now - STALE_AFTER)
    for pk in stale.values_list("pk", flat=True):
        with transaction.atomic():
            job = Job.objects.select_for_update().get(pk=pk)
            if job.status != JobStatus.RUNNING or job.heartbeat_at >= now - STALE_AFTER:
                continue
            # The engine's row of the dead run stays "running" otherwise.
            DBTaskResult.objects.filter(id=job.task_id, status="RUNNING").update(
                status="FAILED", finished_at=now
            )
            if job.attempts < MAX_AUTOMATIC_ATTEMPTS and not job.cancel_requested:
                _requeue(job)
                requeued += 1
            else:
                job.status = JobStatus.FAILED
                job.finished_at = now
                job.error = STALE_MESSAGE
                job.phase = "Non riuscito"
                job.save(update_fields=["status", "finished_at", "error", "phase"])
                failed += 1
            log_event(user=None, obj=job, fields=["status"], note="ripresa", zone_id=job.zone_id)
    return failed, requeued
