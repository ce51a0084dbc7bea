"""The one task the queue knows: run a job. Everything a job is lives in `Job`; the queue's
row carries only its UUID, so no personal data sits in the queue."""

from django_tasks import task

from . import runner


@task(queue_name="default")
def run_job(job_uuid: str) -> str:
    return runner.execute(job_uuid)
