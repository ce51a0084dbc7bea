"""What the benchmarks share: each backend runs in its own process (a fresh SQLite file in a
temporary folder, or a scratch PostgreSQL database created and dropped on the server given by
--postgres), the child prints one `RESULT <json>` line that the parent collects."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[2]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


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
