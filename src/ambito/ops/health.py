"""Liveness and readiness, for the proxy, systemd and the region's monitoring.

- `/healthz`: the process answers (no database, no cache): 200 "ok". A failure means
  "restart this app server".
- `/readyz`: this app server can serve requests: the database answers a trivial query, the
  shared cache stores, returns and deletes a random key, and the job queue's table
  (django-tasks-db) is readable; the body also says how many jobs wait and for how long. 200
  with `{"status": "ok", "checks": {...}}`, or 503 with the failed check marked "error". A
  failure means "send no traffic here" (not "restart").

No login, no personal data, no exception text (it could carry a host name or a password of
a connection string: the exception goes to the log, its class name to the body). A backlog
of jobs does not make an app server unready: that is the workers' problem, seen in the
metrics (ambito_jobs_*)."""

from __future__ import annotations

import datetime
import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": "ok"}


def check_cache() -> dict:
    key = f"ops:readyz:{secrets.token_hex(8)}"
    value = secrets.token_hex(8)
    cache.set(key, value, 30)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not return the value just stored")
    finally:
        cache.delete(key)
    return {"status": "ok"}


def queue_stats(now: datetime.datetime | None = None) -> dict:
    """Per queue: jobs ready to run, jobs running, age in seconds of the oldest ready job
    (since it could run: enqueued, or its run_after if later). Counts only, no arguments."""
    from django.db.models import Count, Min
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = now or timezone.now()
    never = get_date_max()
    ready = DBTaskResult.objects.ready()
    queues: dict[str, dict] = {}

    def entry(name):
        return queues.setdefault(name, {"ready": 0, "running": 0, "oldest_ready_age_seconds": 0})

    for row in ready.values("queue_name").annotate(n=Count("id")):
        entry(row["queue_name"])["ready"] = row["n"]
    for row in DBTaskResult.objects.running().values("queue_name").annotate(n=Count("id")):
        entry(row["queue_name"])["running"] = row["n"]
    # Waiting since enqueued (no run_after) or since run_after (a delayed job).
    for row in (
        ready.filter(run_after=never).values("queue_name").annotate(since=Min("enqueued_at"))
    ):
        _older(entry(row["queue_name"]), now, row["since"])
    for row in ready.exclude(run_after=never).values("queue_name").annotate(since=Min("run_after")):
        _older(entry(row["queue_name"]), now, row["since"])
    return queues


def _older(item: dict, now, since) -> None:
    if since is not None:
        age = max(0, int((now - since).total_seconds()))
        item["oldest_ready_age_seconds"] = max(item["oldest_ready_age_seconds"], age)


def check_jobs() -> dict:
    queues = queue_stats()
    return {
        "status": "ok",
        "ready": sum(q["ready"] for q in queues.values()),
        "running": sum(q["running"] for q in queues.values()),
        "oldest_ready_age_seconds": max(
            (q["oldest_ready_age_seconds"] for q in queues.values()), default=0
        ),
    }


CHECKS = {"database": check_database, "cache": check_cache, "jobs": check_jobs}


@never_cache
@require_safe
def readyz(request):
    checks: dict[str, dict] = {}
    healthy = True
    for name, check in CHECKS.items():
        if name == "jobs" and checks["database"]["status"] != "ok":
            # The queue lives in the database too: a second timeout would only slow the
            # answer to the probe.
            checks[name] = {"status": "skipped"}
            continue
        try:
            checks[name] = check()
        except Exception as exc:  # noqa: BLE001 - any failure makes the server unready
            logger.exception("readiness check %s failed", name)
            checks[name] = {"status": "error", "error": type(exc).__name__}
            healthy = False
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks},
        status=200 if healthy else 503,
    )
