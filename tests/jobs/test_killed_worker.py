"""A worker killed in the middle of an import's write leaves nothing half-written, and the
job, recovered, runs again to the end. A real `db_worker` process, a real SIGKILL, on the
database the suite runs on (SQLite: a file copy of the test database; PostgreSQL: the test
database itself)."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]

COUNT_AFTER_RECOVERY = """
import json
from datetime import timedelta
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from ambito.jobs.models import Job
from ambito.jobs.services import recover_stale
from ambito.measures.models import Application, ImportBatch
job = Job.objects.get()
before = {"applications": Application.objects.count(), "batches": ImportBatch.objects.count(),
          "status": job.status}
failed, requeued = recover_stale(now=timezone.now() + timedelta(minutes=10))
Worker(queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
       max_tasks=None, worker_id="retry", excluded_queue_names=[]).run()
job.refresh_from_db()
print("RESULT " + json.dumps({"before": before, "requeued": requeued, "status": job.status,
      "attempts": job.attempts, "applications": Application.objects.count(),
      "batches": ImportBatch.objects.count()}))
"""


def _database_url(tmp_path) -> str:
    """A URL a second process can open that holds what this test has committed."""
    if connection.vendor == "sqlite":
        target = tmp_path / "copy.sqlite3"
        with sqlite3.connect(target) as copy:
            connection.ensure_connection()
            connection.connection.backup(copy)
        return f"sqlite:///{target}"
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _env(url: str, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AMBITO_JOB")}
    env.update(
        AMBITO_TESTING="1",
        DATABASE_URL=url,
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        PYTHONPATH=str(ROOT / "src"),
        LOG_LEVEL="WARNING",
        **extra,
    )
    return env


def test_a_worker_killed_inside_the_write_leaves_nothing_and_the_retry_completes(
    queued_import, tmp_path
):
    job = queued_import()
    url = _database_url(tmp_path)
    paused = tmp_path / "paused"
    worker = subprocess.Popen(
        [sys.executable, "-m", "ambito", "db_worker", "--queue-name", "*", "--interval", "0.2"]
        + ["--no-startup-delay", "--no-reload"],
        env=_env(url, AMBITO_JOB_PAUSE_AT="import.applications", AMBITO_JOB_PAUSE_FILE=str(paused)),
        cwd=ROOT,
    )
    try:
        deadline = time.monotonic() + 90
        while not paused.exists():
            assert worker.poll() is None, "the worker stopped before reaching the write"
            assert time.monotonic() < deadline, "the worker never reached the write"
            time.sleep(0.2)
        # Inside the transaction: the applications are inserted, nothing is committed.
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()

    out = subprocess.run(
        [sys.executable, "-m", "ambito", "shell", "-c", COUNT_AFTER_RECOVERY],
        env=_env(url),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    line = next(x for x in out.stdout.splitlines() if x.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    assert result["before"] == {"applications": 0, "batches": 0, "status": "running"}
    assert result["requeued"] == 1
    assert result["status"] == "done" and result["attempts"] == 2
    assert result["applications"] == 1 and result["batches"] == 1
    assert job.uuid  # the same job, run twice, written once
