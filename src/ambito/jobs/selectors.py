"""Which jobs and notices a user sees: their own, in the zone they work in (the models'
`scoping`). A job of someone else is a 404, as any record a user may not see."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Job, Notice


def jobs_of(user) -> QuerySet[Job]:
    return Job.objects.visible_to(user)


def job_get(*, user, uuid) -> Job:
    """Raises Job.DoesNotExist for a job the user did not start."""
    return jobs_of(user).get(uuid=uuid)


def notices_of(user, *, unread_only: bool = False) -> QuerySet[Notice]:
    notices = Notice.objects.visible_to(user)
    return notices.filter(read_at__isnull=True) if unread_only else notices
