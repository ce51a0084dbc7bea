"""Liveness, readiness and metrics (ambito.ops), and `check --deploy` with the production
environment of deploy/ambito.env.example."""

import datetime
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[2]
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


def ready_job(queue="default", *, age_seconds=0, status="READY"):
    from django_tasks_db.models import DBTaskResult, get_date_max

    job = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="ambito.jobs.tasks.nothing",
        queue_name=queue,
        backend_name="default",
        run_after=get_date_max(),
        status=status,
    )
    enqueued = timezone.now() - datetime.timedelta(seconds=age_seconds)
    DBTaskResult.objects.filter(pk=job.pk).update(enqueued_at=enqueued)
    return job


def test_healthz_answers_without_the_database(client):
    # No `db` fixture: any query would raise.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_readyz_checks_database_cache_and_queue(client):
    ready_job("imports", age_seconds=120)
    ready_job("default", age_seconds=5)
    ready_job("reports", status="RUNNING")
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"status": "ok"}
    assert body["checks"]["cache"] == {"status": "ok"}
    jobs = body["checks"]["jobs"]
    assert jobs["status"] == "ok" and jobs["ready"] == 2 and jobs["running"] == 1
    assert 120 <= jobs["oldest_ready_age_seconds"] < 180


@pytest.mark.django_db
def test_readyz_is_503_naming_the_cache_when_the_cache_is_down(client):
    with override_settings(CACHES=UNREACHABLE_REDIS):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["cache"]["status"] == "error"
    assert body["checks"]["database"]["status"] == "ok"
    assert "127.0.0.1" not in response.content.decode()  # no exception text


def test_readyz_is_503_naming_the_database_and_skips_the_queue_when_it_is_down(client, monkeypatch):
    from django.db.utils import OperationalError

    from ambito.ops import health

    def down():
        raise OperationalError('connection to server at "db.example.it" failed: password ...')

    monkeypatch.setitem(health.CHECKS, "database", down)
    response = client.get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"] == {"status": "error", "error": "OperationalError"}
    assert checks["jobs"] == {"status": "skipped"}
    assert checks["cache"] == {"status": "ok"}  # still checked: LocMem here, no database
    assert "db.example.it" not in response.content.decode()


@pytest.mark.django_db
def test_probes_are_not_redirected_to_https_nor_to_the_login(client):
    # The lead's settings exempt the probes from SECURE_SSL_REDIRECT (docs/operations.md).
    exempt = [r"^healthz$", r"^readyz$", r"^metrics$"]
    with override_settings(SECURE_SSL_REDIRECT=True, SECURE_REDIRECT_EXEMPT=exempt):
        for path in ("/healthz", "/readyz", "/metrics"):
            assert client.get(path).status_code == 200, path
        assert client.get("/").status_code == 301  # the rest still goes to https


def test_metrics_from_loopback_have_route_names_and_queue_gauges(client, db):
    ready_job("imports", age_seconds=60)
    client.get("/healthz")
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200
    text = response.content.decode()
    assert re.search(
        r'django_http_requests_latency_seconds_by_view_method_count\{[^}]*view="ops:healthz"',
        text,
    )
    assert 'ambito_jobs_ready{queue="imports"} 1.0' in text
    assert 'ambito_jobs_ready{queue="reports"} 0.0' in text
    assert re.search(r'ambito_jobs_oldest_ready_age_seconds\{queue="imports"\} (6\d|7\d)\.0', text)
    assert 'ambito_jobs_running{queue="default"} 0.0' in text
    assert "ambito_jobs_queue_up 1.0" in text
    assert "django_http_responses_total_by_status" in text


@pytest.mark.django_db
def test_metrics_are_404_elsewhere_and_through_the_proxy(client):
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 404
    through_proxy = client.get(
        "/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    assert through_proxy.status_code == 404
    with override_settings(AMBITO_METRICS_ALLOWED_IPS=["10.1.0.0/16"]):
        assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
        assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404


def test_queue_gauges_survive_a_database_failure(monkeypatch):
    from ambito.ops import health, metrics

    def broken():
        raise RuntimeError("down")

    monkeypatch.setattr(health, "queue_stats", broken)
    families = {family.name: family for family in metrics.job_queue_collector.collect()}
    assert families["ambito_jobs_queue_up"].samples[0].value == 0


def production_env(tmp_path) -> dict:
    """deploy/ambito.env.example's variables, with a real secret and a scratch database."""
    # A clean environment: the test run's own (AMBITO_TESTING, DJANGO_ALLOW_ASYNC_UNSAFE...)
    # would not be production's.
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR") if k in os.environ}
    for line in (ROOT / "deploy" / "ambito.env.example").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            name, value = line.split("=", 1)
            env[name] = value
    env.pop("REDIS_URL", None)
    env.pop("AMBITO_S3_BUCKET", None)
    env.update(
        SECRET_KEY=secrets.token_urlsafe(64),
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        AMBITO_VAR_DIR=str(tmp_path),
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    return env


def test_check_deploy_is_clean_with_the_production_environment(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "ambito", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(tmp_path),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_readyz_json_keys_are_stable(client, db):
    # Monitoring parses these names: changing them is an interface change.
    body = json.loads(client.get("/readyz").content)
    assert set(body) == {"status", "checks"}
    assert set(body["checks"]) == {"database", "cache", "jobs"}


def test_logged_requests_lose_their_query_string(rf):
    import logging

    from ambito.ops.logs import RequestWithoutQueryString

    record = logging.LogRecord("django.request", logging.WARNING, "", 0, "Not Found: %s", (), None)
    record.request = rf.get("/anagrafe/cerca/", {"q": "Rossi Mario"})
    assert RequestWithoutQueryString().filter(record)
    assert record.request == "GET /anagrafe/cerca/"


@pytest.mark.skipif(
    shutil.which("nginx") is None or shutil.which("openssl") is None, reason="needs nginx"
)
def test_the_nginx_site_passes_nginx_t(tmp_path):
    """deploy/nginx/ambito.conf with its certificate and log paths moved to tmp_path."""
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-keyout", str(tmp_path / "privkey.pem"), "-out", str(tmp_path / "fullchain.pem")]
        + ["-subj", "/CN=ambito.example.it"],
        check=True,
        capture_output=True,
    )
    site = (ROOT / "deploy" / "nginx" / "ambito.conf").read_text()
    site = site.replace("/etc/ssl/ambito", str(tmp_path)).replace("/var/log/nginx", str(tmp_path))
    (tmp_path / "site.conf").write_text(site)
    temp = " ".join(
        f"{kind}_temp_path {tmp_path / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path / 'nginx.pid'}; error_log {tmp_path / 'error.log'};\n"
        "events {}\n"
        f"http {{ {temp}\n"
        f"include {ROOT / 'deploy' / 'nginx' / 'log-format.conf'};\n"
        f"include {tmp_path / 'site.conf'}; }}\n"
    )
    result = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
