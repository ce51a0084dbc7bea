"""An INPS import as a background job: queued by the request, run by a worker, with its
progress, its audit rows, its Italian errors, cancelling and retrying."""

import pytest
from django.core.files.storage import default_storage
from django_tasks_db.models import DBTaskResult

from ambito.core.models import EventLog
from ambito.jobs import kinds, services
from ambito.jobs.models import Job
from ambito.measures.models import Application
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_request_only_queues_the_import_and_a_worker_writes_it(client, queued_import, run_jobs):
    job = queued_import()
    assert job.status == "queued" and job.kind == "measures.import"
    assert DBTaskResult.objects.get(id=job.task_id).status == "READY"
    assert not Application.objects.exists()
    page = client.get(f"/lavori/{job.uuid}/").content.decode()
    assert "In coda" in page and 'hx-trigger="every 1s"' in page and "Annulla il lavoro" in page

    assert run_jobs() == 1

    job.refresh_from_db()
    assert job.status == "done" and job.attempts == 1
    assert job.total == 1 and job.done == 1 and job.finished_at is not None
    assert job.result["created"] == 1 and job.result["cases_opened"] == 1
    assert Application.objects.count() == 1
    assert not default_storage.exists(job.params["upload"])  # the upload is gone once written
    fragment = client.get(f"/lavori/{job.uuid}/stato/").content.decode()
    assert "Completato" in fragment and "hx-trigger" not in fragment  # polling stops
    assert "Nuove domande: 1" in fragment and "Vai alle domande" in fragment
    audit = EventLog.objects.filter(object_uuid=job.uuid)
    assert audit.filter(action="create", user=job.created_by).exists()
    application = Application.objects.get()
    written = EventLog.objects.get(object_uuid=application.uuid, action="create")
    assert written.channel == "import" and written.user_id == job.created_by_id


def test_a_retried_job_that_did_commit_does_nothing_again(queued_import, run_jobs):
    job = queued_import()
    run_jobs()
    # The queue hands the same job out again (a worker that died after committing).
    from ambito.jobs.tasks import run_job

    assert run_job.call(str(job.uuid)) == "skipped"
    assert Application.objects.count() == 1


def test_a_file_with_errors_fails_in_italian_and_writes_nothing(client, queued_import, run_jobs):
    job = queued_import(bad_rows=1)
    run_jobs()
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.error.startswith("Il file ha 1 righe con errori")
    assert not Application.objects.exists()
    page = client.get(f"/lavori/{job.uuid}/").content.decode()
    assert "Non riuscito" in page and "Riprova" in page and "Il file ha 1 righe" in page


def test_a_queued_job_cancelled_never_runs(client, queued_import, run_jobs):
    job = queued_import()
    response = client.post(f"/lavori/{job.uuid}/annulla/", follow=True)
    assert "Annullamento chiesto" in response.content.decode()
    run_jobs()
    job.refresh_from_db()
    assert job.status == "cancelled" and job.attempts == 0
    assert not Application.objects.exists()
    # Retried, it runs from the start and writes everything once.
    client.post(f"/lavori/{job.uuid}/riprova/")
    run_jobs()
    job.refresh_from_db()
    assert job.status == "done" and Application.objects.count() == 1


def test_a_running_job_stops_at_its_next_checkpoint_when_cancelled(coordinator, run_jobs):
    seen = []

    def run(context, *, actor):
        context.progress(1, 3, "Prima fase")
        services.job_cancel(actor=actor, job=context.job)
        seen.append("asked")
        context.progress(2, 3)  # the checkpoint that stops it
        seen.append("went on")
        return {}

    kinds.register(kinds.JobKind(code="tests.cancel", label="prova", run=run))
    job = services.job_start(actor=coordinator, kind="tests.cancel", title="Prova", params={})
    run_jobs()
    job.refresh_from_db()
    assert seen == ["asked"] and job.status == "cancelled" and job.done == 1


def test_the_write_phase_cannot_be_cancelled(coordinator):
    job = services.job_start(actor=coordinator, kind="measures.import", title="x", params={})
    Job.objects.filter(pk=job.pk).update(status="running", cancellable=False)
    job.refresh_from_db()
    with pytest.raises(Exception, match="non può più essere annullato"):
        services.job_cancel(actor=coordinator, job=job)


def test_an_unexpected_error_is_reported_in_italian_without_its_text(coordinator, run_jobs):
    def run(context, *, actor):
        raise RuntimeError("RSSMRA80A01G713X")  # what an exception might quote

    kinds.register(kinds.JobKind(code="tests.boom", label="prova", run=run))
    job = services.job_start(actor=coordinator, kind="tests.boom", title="Prova", params={})
    run_jobs()
    job.refresh_from_db()
    assert job.status == "failed" and job.error.startswith("Errore imprevisto")
    assert "RSSMRA" not in job.error


def test_someone_elses_job_does_not_exist(client, queued_import, zone_a):
    job = queued_import()
    other = UserFactory(zone=zone_a, roles=["coordinator"])
    client.force_login(other)
    for url in ("", "stato/", "file/"):
        assert client.get(f"/lavori/{job.uuid}/{url}").status_code == 404
    assert client.post(f"/lavori/{job.uuid}/annulla/").status_code == 404
    assert str(job.uuid) not in client.get("/lavori/").content.decode()


def test_a_job_waiting_for_long_says_no_worker_seems_to_run(client, queued_import):
    from datetime import timedelta

    from django.utils import timezone

    job = queued_import()
    assert (
        'data-testid="job-no-worker"'
        not in client.get(f"/lavori/{job.uuid}/stato/").content.decode()
    )
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    fragment = client.get(f"/lavori/{job.uuid}/stato/").content.decode()
    assert "nessun esecutore lo ha ancora preso" in fragment
