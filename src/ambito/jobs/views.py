"""The pages of background jobs: one job with its progress (polled by htmx while it runs),
cancel and retry, the file it produced; the list of one's jobs; one's notices."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ambito.core.audit import log_access
from ambito.core.choices import AccessAction
from ambito.core.files import stream_stored_file
from ambito.core.permissions import NotAllowed

from . import kinds, selectors, services
from .models import Job

PAGE = 25


def _job(request, uuid) -> Job:
    try:
        return selectors.job_get(user=request.user, uuid=uuid)
    except Job.DoesNotExist:
        raise Http404 from None


# Past this wait in the queue the page says that no worker seems to be running.
NO_WORKER_AFTER_SECONDS = 60


def _context(job: Job) -> dict:
    kind = kinds.KINDS.get(job.kind)
    next_url = kind.next_url(job.result) if kind and kind.next_url and job.status == "done" else ""
    waiting = (timezone.now() - job.created_at).total_seconds()
    return {
        "job": job,
        "no_worker": job.status == "queued" and waiting > NO_WORKER_AFTER_SECONDS,
        "summary": job.result.get("summary", []) if isinstance(job.result, dict) else [],
        "next_url": next_url,
        "next_label": kind.next_label if kind else "",
    }


@login_required
def job_detail(request, uuid):
    job = _job(request, uuid)
    return render(
        request,
        "jobs/job.html",
        {
            **_context(job),
            "breadcrumbs": [("I miei lavori", reverse("jobs:list")), (job.title, None)],
        },
    )


@login_required
def job_status(request, uuid):
    """The fragment the job page polls: it stops polling once the job has ended."""
    return render(request, "jobs/_status.html", _context(_job(request, uuid)))


def _act(request, uuid, service, done: str):
    """A button of the job's page: the service's refusal as a message, or its success."""
    job = _job(request, uuid)
    try:
        service(actor=request.user, job=job)
    except NotAllowed as exc:
        if exc.hide:
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("jobs:detail", uuid=job.uuid)


@login_required
@require_POST
def job_cancel(request, uuid):
    return _act(
        request,
        uuid,
        services.job_cancel,
        "Annullamento chiesto: il lavoro si ferma senza scrivere nulla.",
    )


@login_required
@require_POST
def job_retry(request, uuid):
    return _act(request, uuid, services.job_retry, "Il lavoro è di nuovo in coda.")


@login_required
def job_file(request, uuid):
    """The file a job produced (a report), to whoever started it; the download is logged as
    the export it is."""
    job = _job(request, uuid)
    if job.status != "done" or not job.file_name:
        raise Http404
    log_access(
        user=request.user,
        action=AccessAction.EXPORT,
        object_type=job.result.get("object_type", "jobs.job")[:64],
    )
    return stream_stored_file(job.file_name, filename=job.result.get("download_name", "file"))


@login_required
def job_list(request):
    page = Paginator(selectors.jobs_of(request.user), PAGE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "jobs/list.html",
        {"page": page, "jobs": page.object_list, "breadcrumbs": [("I miei lavori", None)]},
    )


@login_required
def notice_list(request):
    notices = selectors.notices_of(request.user)
    page = Paginator(notices, PAGE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "jobs/notices.html",
        {"page": page, "notices": page.object_list, "breadcrumbs": [("Avvisi", None)]},
    )


@login_required
@require_POST
def notice_read(request, uuid):
    updated = (
        selectors.notices_of(request.user, unread_only=True)
        .filter(uuid=uuid)
        .update(read_at=timezone.now())
    )
    if not updated and not selectors.notices_of(request.user).filter(uuid=uuid).exists():
        raise Http404
    return redirect("jobs:notices")
