"""What the benchmarks share: each backend runs in its own process (a fresh SQLite file in a
temporary folder, or a scratch PostgreSQL database created and dropped on the server given by
--postgres), the child prints one `RESULT <json>` line that the parent collects."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[2]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def timed(runs: int, fn) -> tuple[float, float]:
    """p50 and p95 in milliseconds of `runs` calls of fn, after one warm-up call."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), percentile(times, 95)


def print_figures(results: list[dict], key: str = "results", label: str = "misura") -> None:
    """The p50/p95 table of every backend's {name: (p50, p95)} figures."""
    print(f"{'backend':<10}{label:<40}{'p50 ms':>10}{'p95 ms':>10}")
    for r in results:
        for name, (p50, p95) in r[key].items():
            print(f"{r['backend']:<10}{name:<40}{p50:>10.1f}{p95:>10.1f}")


def admin_sql(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


def setup_django(*, backend: str, postgres: str | None, scratch_db: str, var_dir: Path) -> None:
    """Settings for a benchmark process, then django.setup() and migrate."""
    os.environ.update(
        AMBITO_VAR_DIR=str(var_dir),
        AMBITO_TESTING="1",
        DEBUG="0",
        DJANGO_SETTINGS_MODULE="ambito.settings",
        LOG_LEVEL="WARNING",
        ALLOWED_HOSTS="testserver",
    )
    if backend == "postgres":
        parts = urlparse(postgres)
        os.environ["DATABASE_URL"] = urlunparse(parts._replace(path=f"/{scratch_db}"))
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT / "src"))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def run_backends(script: str, postgres: str | None) -> list[dict]:
    """Run `script --backend …` with this process's arguments for SQLite (and PostgreSQL when
    a URL is given), echo their output and return their RESULT lines."""
    results = []
    for backend in ["sqlite"] + (["postgres"] if postgres else []):
        cmd = [sys.executable, script, "--backend", backend, *sys.argv[1:]]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        for line in proc.stdout:
            if line.startswith("RESULT "):
                results.append(json.loads(line[7:]))
            else:
                print(line, end="", flush=True)
        proc.wait()
    return results


@contextmanager
def backend_session(*, backend: str, postgres: str | None, scratch_db: str):
    """A benchmark process's database: set up and migrated on entry, removed on exit. Yields
    the temporary folder (VAR_DIR, and the SQLite file). BENCH_KEEP_DB=1 leaves the PostgreSQL
    database in place, to read query plans on it afterwards."""
    tmp = Path(tempfile.mkdtemp(prefix=f"{scratch_db}_"))
    if backend == "postgres":
        admin_sql(postgres, f"DROP DATABASE IF EXISTS {scratch_db}")
        admin_sql(postgres, f"CREATE DATABASE {scratch_db}")
    try:
        setup_django(backend=backend, postgres=postgres, scratch_db=scratch_db, var_dir=tmp)
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if backend == "postgres" and not os.environ.get("BENCH_KEEP_DB"):
            from django.db import connections

            connections.close_all()
            admin_sql(postgres, f"DROP DATABASE IF EXISTS {scratch_db} WITH (FORCE)")
