"""Which jobs and notices a user sees: their own, in the zone they work in (the models'
`scoping`). A job of someone else is a 404, as any record a user may not see."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from .models import Job, JobStatus, Notice


def jobs_of(user) -> QuerySet[Job]:
    return Job.objects.visible_to(user)


def job_get(*, user, uuid) -> Job:
    """Raises Job.DoesNotExist for a job the user did not start."""
    return jobs_of(user).get(uuid=uuid)


def queue_stats(*, now=None) -> dict:
    """Jobs waiting and running, and the age of the oldest waiting one (for /readyz and the
    metrics): figures only."""
    now = now or timezone.now()
    queued = Job.objects.filter(status=JobStatus.QUEUED)
    oldest = queued.order_by("created_at").values_list("created_at", flat=True).first()
    return {
        "queued": queued.count(),
        "running": Job.objects.filter(status=JobStatus.RUNNING).count(),
        "oldest_queued_seconds": (now - oldest).total_seconds() if oldest else 0.0,
    }


def notices_of(user, *, unread_only: bool = False) -> QuerySet[Notice]:
    notices = Notice.objects.visible_to(user)
    return notices.filter(read_at__isnull=True) if unread_only else notices
