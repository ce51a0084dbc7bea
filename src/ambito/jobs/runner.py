"""Running one job inside a worker: status, progress, cancellation, heartbeat, Italian errors.

    queued ──worker takes it──▶ running ──▶ done
       │                          │  └────▶ failed     (its error in Italian; retry)
       └──cancel──▶ cancelled ◀───┘ (at a checkpoint, before the all-or-nothing write)
    running with no heartbeat for STALE_AFTER ──recover──▶ failed ──retry──▶ queued

The worker process is django-tasks' `db_worker`; `execute` is what its task calls. A kind
reports progress and reaches checkpoints through the `JobContext` it is given: a checkpoint
raises `JobCancelled` once someone asked to cancel. A thread beats the heartbeat every
HEARTBEAT_SECONDS, so a job that is slow is not mistaken for one whose worker died.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from ambito.core.permissions import NotAllowed

from . import kinds
from .models import Job, JobStatus

logger = logging.getLogger("ambito.jobs")

HEARTBEAT_SECONDS = 15
STALE_AFTER = timedelta(minutes=5)
PROGRESS_EVERY_SECONDS = 0.5
UNEXPECTED = (
    "Errore imprevisto: il lavoro si è interrotto e non ha scritto nulla a metà. "
    "Puoi riprovarlo; se si ripete, segnala il codice del lavoro all'amministratore."
)


class JobCancelled(Exception):
    pass


class JobContext:
    """What a running job's code sees of its job."""

    def __init__(self, job: Job):
        self.job = job
        self.completed = False
        self._last_write = 0.0

    def progress(self, done: int, total: int | None = None, phase: str | None = None) -> None:
        """Record how far the job is (at most every PROGRESS_EVERY_SECONDS, and always at
        the end of a phase), then pass a checkpoint."""
        now = time.monotonic()
        final = total is not None and done >= total
        if final or phase is not None or now - self._last_write >= PROGRESS_EVERY_SECONDS:
            self._last_write = now
            fields = {"done": done, "heartbeat_at": timezone.now()}
            if total is not None:
                fields["total"] = total
            if phase is not None:
                fields["phase"] = phase[:120]
            Job.objects.filter(pk=self.job.pk).update(**fields)
            for name, value in fields.items():
                setattr(self.job, name, value)
        self.checkpoint()

    def checkpoint(self, name: str = "") -> None:
        """Stop here if cancelling was asked. Inside the job's all-or-nothing write there is
        nothing left to stop: only the test hook (`AMBITO_JOB_PAUSE_AT`) acts there."""
        _test_pause(name)
        if not self.job.cancellable:
            return
        if Job.objects.filter(pk=self.job.pk, cancel_requested=True).exists():
            raise JobCancelled

    def write_all_or_nothing(self, phase: str, write: Callable[[], dict]) -> dict:
        """Run `write` in one transaction that also marks the job done with its result: a
        worker that dies inside leaves neither the rows nor a "done", and a retry of a job that
        did commit finds it done and does nothing. No cancelling from here on."""
        self.checkpoint()
        Job.objects.filter(pk=self.job.pk).update(
            cancellable=False, phase=phase[:120], heartbeat_at=timezone.now()
        )
        self.job.cancellable = False
        self.job.phase = phase
        with transaction.atomic():
            result = write()
            _finish(self.job, JobStatus.DONE, result=result or {}, phase="Completato")
        self.completed = True
        return result


def _test_pause(name: str) -> None:
    """Fault injection for the test that kills a worker mid-way: with AMBITO_JOB_PAUSE_AT set
    to a checkpoint's name, the job touches AMBITO_JOB_PAUSE_FILE there and waits, so the test
    knows the worker is inside the write when it kills it. Unset in production."""
    if name and name == os.environ.get("AMBITO_JOB_PAUSE_AT"):
        Path(os.environ["AMBITO_JOB_PAUSE_FILE"]).touch()
        time.sleep(float(os.environ.get("AMBITO_JOB_PAUSE_SECONDS", 120)))


class _Heartbeat(threading.Thread):
    def __init__(self, job_pk: int):
        super().__init__(daemon=True, name=f"heartbeat-{job_pk}")
        self.job_pk = job_pk
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(HEARTBEAT_SECONDS):
                # SQLite while the job itself holds the write lock: the next beat will do.
                with contextlib.suppress(OperationalError):
                    Job.objects.filter(pk=self.job_pk).update(heartbeat_at=timezone.now())
        finally:
            connection.close()


def _actor(job: Job):
    """The user who started the job, working in the zone they started it in."""
    if job.created_by_id is None:
        return None
    from ambito.core import memberships
    from ambito.core.models import User

    actor = User.objects.get(pk=job.created_by_id)
    memberships.choose(actor, job.zone_id)
    return actor


def _claim(job_uuid: str) -> Job | None:
    """Take the job if it is still to do; None when it is finished (a retried task of a job
    that did complete, or one cancelled while queued)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(uuid=job_uuid).first()
        if job is None or job.is_finished:
            return None
        if job.cancel_requested:
            _finish(job, JobStatus.CANCELLED, phase="Annullato prima di iniziare")
            return None
        now = timezone.now()
        job.status = JobStatus.RUNNING
        job.started_at = now
        job.heartbeat_at = now
        job.attempts += 1
        job.error = ""
        job.cancellable = True
        job.save(
            update_fields=[
                "status",
                "started_at",
                "heartbeat_at",
                "attempts",
                "error",
                "cancellable",
            ]
        )
        return job


def _finish(job: Job, status: str, *, result: dict | None = None, error: str = "", phase=None):
    job.status = status
    job.finished_at = timezone.now()
    job.error = error
    fields = ["status", "finished_at", "error"]
    if result is not None:
        job.result = result
        fields.append("result")
    if phase is not None:
        job.phase = phase
        fields.append("phase")
    if status == JobStatus.DONE and job.total:
        job.done = job.total
        fields.append("done")
    job.save(update_fields=fields)


def execute(job_uuid: str) -> str:
    """Run the job `job_uuid` to its end; returns its final status."""
    job = _claim(job_uuid)
    if job is None:
        return "skipped"
    kind = kinds.get(job.kind)
    context = JobContext(job)
    heartbeat = _Heartbeat(job.pk)
    heartbeat.start()
    from ambito.core.audit import audit_channel

    token = audit_channel.set("job")
    try:
        result = kind.run(context, actor=_actor(job), **job.params)
        if not context.completed:
            _finish(job, JobStatus.DONE, result=result or {}, phase="Completato")
    except JobCancelled:
        _finish(job, JobStatus.CANCELLED, phase="Annullato: non è stato scritto nulla")
    except (ValidationError, NotAllowed) as exc:
        message = exc.message if isinstance(exc, NotAllowed) else " ".join(exc.messages)
        _finish(job, JobStatus.FAILED, error=message, phase="Non riuscito")
    except Exception as exc:
        # The class only: an exception's text may quote the data it choked on.
        logger.error("job %s (%s) failed: %s", job.uuid, job.kind, type(exc).__name__)
        _finish(job, JobStatus.FAILED, error=UNEXPECTED, phase="Non riuscito")
    finally:
        audit_channel.reset(token)
        heartbeat.stopped.set()
    return job.status
