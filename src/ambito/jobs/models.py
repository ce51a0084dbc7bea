"""Background jobs as the people who started them see them, and the notices scheduled work
leaves for them.

The queue itself is django-tasks' (`django_tasks_db.DBTaskResult`: what to run, which worker
took it). A `Job` is the part the engine does not have: what the work is in Italian, its
progress, whether someone asked to cancel it, its error in words a social worker can act on,
the file it produced, and a heartbeat that tells a dead worker from a slow one. Parameters and
results hold identifiers, counts and storage names only, never personal data.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from ambito.core.scoping import Grant, ScopedQuerySet, Scoping, own


class JobStatus(models.TextChoices):
    QUEUED = "queued", "In coda"
    RUNNING = "running", "In corso"
    DONE = "done", "Completato"
    FAILED = "failed", "Non riuscito"
    CANCELLED = "cancelled", "Annullato"


FINISHED = (JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED)


class Job(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField("tipo", max_length=64)
    title = models.CharField("lavoro", max_length=200)
    zone = models.ForeignKey(
        "territory.Zone",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ambito",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="avviato da",
    )
    created_at = models.DateTimeField("avviato il", default=timezone.now)
    started_at = models.DateTimeField("iniziato il", null=True, blank=True)
    finished_at = models.DateTimeField("terminato il", null=True, blank=True)
    heartbeat_at = models.DateTimeField("ultimo segnale", null=True, blank=True)
    status = models.CharField(
        "stato", max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    phase = models.CharField("fase", max_length=120, blank=True)
    done = models.PositiveIntegerField("fatto", default=0)
    total = models.PositiveIntegerField("totale", null=True, blank=True)
    # Past its last checkpoint a job writes everything in one transaction: it can no longer
    # be stopped half-way, so the page stops offering to.
    cancellable = models.BooleanField("annullabile", default=True)
    cancel_requested = models.BooleanField("annullamento chiesto", default=False)
    attempts = models.PositiveSmallIntegerField("tentativi", default=0)
    params = models.JSONField("parametri", default=dict, blank=True)
    result = models.JSONField("esito", default=dict, blank=True)
    error = models.TextField("errore", blank=True)
    task_id = models.CharField("lavoro nella coda", max_length=64, blank=True)

    objects = ScopedQuerySet.as_manager()
    # One's own jobs, in the zone they were started in (a job's file may hold a zone's data).
    scoping = Scoping(grants=(Grant(None, own("created_by")),))

    class Meta:
        verbose_name = "lavoro in background"
        verbose_name_plural = "lavori in background"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "heartbeat_at"], name="job_status_heartbeat"),
            models.Index(fields=["created_by", "-created_at"], name="job_owner_time"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, self.done * 100 // self.total)

    @property
    def file_name(self) -> str:
        """The storage name of the file the job produced, if any."""
        return self.result.get("file", "") if isinstance(self.result, dict) else ""


class ScheduledRun(models.Model):
    """One run of a scheduled job for one slot (e.g. "the nightly check of 2026-12-04"). The
    unique pair makes the slot run once however many schedulers are running."""

    name = models.CharField("lavoro pianificato", max_length=64)
    slot = models.CharField("turno", max_length=32)
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "esecuzione pianificata"
        verbose_name_plural = "esecuzioni pianificate"
        constraints = [
            models.UniqueConstraint(fields=["name", "slot"], name="scheduled_run_once_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.slot}"


class NoticeKind(models.TextChoices):
    TASK_DUE = "task_due", "Attività in scadenza"
    TASK_OVERDUE = "task_overdue", "Attività scaduta"
    REVIEW_DUE = "review_due", "Verifica del progetto in scadenza"
    INTERVENTION_ENDING = "intervention_ending", "Intervento in scadenza"
    TOKEN_EXPIRING = "token_expiring", "Token API in scadenza"
    CONSISTENCY = "consistency", "Controllo di coerenza"
    AGREEMENT_EXPIRING = "agreement_expiring", "Convenzione in scadenza"
    ACCREDITATION_EXPIRING = "accreditation_expiring", "Accreditamento in scadenza"


class Notice(models.Model):
    """A line in someone's "avvisi": what is due, with a link to the record. The text names
    the record by its number (a case's C-2026-0012), never by the person."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name="destinatario",
    )
    zone = models.ForeignKey(
        "territory.Zone",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ambito",
    )
    kind = models.CharField("tipo", max_length=32, choices=NoticeKind.choices)
    # What the notice is about and for which day: the same reminder is never written twice.
    subject = models.CharField("oggetto", max_length=80)
    due_on = models.DateField("scadenza", null=True, blank=True)
    text = models.CharField("avviso", max_length=240)
    url = models.CharField("collegamento", max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField("letto il", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(grants=(Grant(None, own("user")),))

    class Meta:
        verbose_name = "avviso"
        verbose_name_plural = "avvisi"
        ordering = ["read_at", "due_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "subject", "due_on"], name="notice_once_per_subject"
            )
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notice_user_unread")]

    def __str__(self) -> str:
        return self.text
