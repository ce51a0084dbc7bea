"""Background jobs in the API: a client that queued an import follows it here, as the page
does (`GET /jobs/{uuid}` until `status` is done, failed or cancelled) and may cancel it. Only
one's own jobs: another's is a 404."""

from datetime import datetime
from uuid import UUID

from django.http import Http404
from ninja import Router, Schema

from ambito.core.api_schemas import READ_ERRORS, WRITE_ERRORS

from . import selectors, services
from .models import Job

router = Router(tags=["Lavori in background"])


class JobOut(Schema):
    uuid: UUID
    kind: str
    title: str
    status: str
    status_label: str
    phase: str
    done: int
    total: int | None
    cancellable: bool
    error: str
    summary: list[str]
    result: dict
    created_at: datetime
    finished_at: datetime | None


def job_out(job: Job) -> dict:
    result = job.result if isinstance(job.result, dict) else {}
    return {
        "uuid": job.uuid,
        "kind": job.kind,
        "title": job.title,
        "status": job.status,
        "status_label": job.get_status_display(),
        "phase": job.phase,
        "done": job.done,
        "total": job.total,
        "cancellable": job.cancellable and not job.is_finished,
        "error": job.error,
        "summary": result.get("summary", []),
        # Counts and identifiers only; the storage name of a file stays inside.
        "result": {k: v for k, v in result.items() if k not in ("summary", "file")},
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }


def _job(request, uuid: UUID) -> Job:
    try:
        return selectors.job_get(user=request.user, uuid=uuid)
    except Job.DoesNotExist:
        raise Http404 from None


@router.get("/jobs/{uuid}", response={200: JobOut, **READ_ERRORS}, summary="Un lavoro")
def get_job(request, uuid: UUID):
    return job_out(_job(request, uuid))


@router.post(
    "/jobs/{uuid}/cancel", response={200: JobOut, **WRITE_ERRORS}, summary="Annulla un lavoro"
)
def cancel_job(request, uuid: UUID):
    return job_out(services.job_cancel(actor=request.user, job=_job(request, uuid)))
