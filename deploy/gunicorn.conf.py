"""gunicorn configuration of an Ambito app server: `gunicorn -c deploy/gunicorn.conf.py
ambito.wsgi:application`, one instance per port (systemd ambito-web@PORT, or
scripts/serve-region.sh). Everything can be changed from the environment.

- Synchronous workers, 2 x cores + 1 by default (GUNICORN_WORKERS): requests are short;
  imports and PDFs run as jobs in the workers (python -m ambito db_worker), so 30 s
  (GUNICORN_TIMEOUT) is a generous bound for any page. nginx buffers requests and
  responses, so slow clients do not hold a worker.
- No preload: each worker imports the application itself, so `systemctl reload` (HUP)
  picks up new code with no downtime, and no database connection or file handle opened at
  import can be shared by mistake between forked workers. It costs a second of start-up.
- max_requests with jitter: workers are replaced now and then, never all at once.
- Access log to stdout without query strings (%(U)s, the path: our paths carry opaque ids,
  a query string can carry a name typed in a search box), in JSON when LOG_FORMAT=json.
- Prometheus multiprocess mode when PROMETHEUS_MULTIPROC_DIR is set: its files are wiped when
  the app server starts and a dead worker's gauges are marked dead (child_exit).
"""

import multiprocessing
import os
from pathlib import Path


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "ambito.wsgi:application"
bind = [
    os.environ.get("GUNICORN_BIND")
    or f"{os.environ.get('AMBITO_BIND_ADDRESS', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
]
workers = _int("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1)
worker_class = "sync"
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# (No keepalive: sync workers close each connection; nginx opens a new one.)
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", max(1, max_requests // 10))
preload_app = False
# Only our proxy may tell the scheme and the client's address (X-Forwarded-*).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Request line and header limits: gunicorn's defaults; uploads are bounded by nginx and
# Django (DATA_UPLOAD_MAX_MEMORY_SIZE, the forms' 10 MB).
proc_name = f"ambito-web-{bind[0].rsplit(':', 1)[-1]}"
# Worker heartbeat files in memory, not on a possibly slow disk.
# gunicorn's own recommendation; the files are gunicorn's, created with mkstemp.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Method, path only (never %(r)s or %(q)s: no query strings in the logs), status, bytes,
# microseconds, and nginx's X-Request-ID to find the same request in nginx's log (which has
# the client's address; here it would be the proxy's).
access_log_format = "%(m)s %(U)s %(s)s %(B)s %(D)sus request=%({x-request-id}i)s"


def _on(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


# As in the settings: JSON lines unless DEBUG or the test suite asks for plain ones.
_log_format = os.environ.get("LOG_FORMAT") or (
    "plain" if _on("DEBUG") or _on("AMBITO_TESTING") else "json"
)
if _log_format == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
                # With its offset: the master logs in the machine's zone, the workers in
                # Europe/Rome (Django sets TZ).
                "datefmt": "%Y-%m-%dT%H:%M:%S%z",
            }
        },
        "handlers": {
            "access": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            },
            "error": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            },
        },
        "loggers": {
            "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
            "gunicorn.error": {"handlers": ["error"], "level": "INFO", "propagate": False},
        },
        "root": {"handlers": ["error"], "level": "INFO"},
    }


def _multiproc_dir() -> Path | None:
    value = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    return Path(value) if value else None


def on_starting(server):
    """Before the first worker: a fresh, empty metrics folder for this app server (counters of
    a previous run would be added to this one's)."""
    folder = _multiproc_dir()
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.db"):
            stale.unlink()


def child_exit(server, worker):
    """A worker has died or was replaced: its live gauges stop counting."""
    if _multiproc_dir() is not None:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
