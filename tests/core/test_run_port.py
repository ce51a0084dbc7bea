"""`make run` and the demo's closing line name the same address (issue 15: the line named a
port the server did not serve)."""

import shutil
import subprocess
from pathlib import Path

import pytest

from ambito.demo.management.commands.demo import served_url

ROOT = Path(__file__).resolve().parents[2]


def test_the_closing_line_follows_host_and_port():
    assert served_url({}) == "http://127.0.0.1:8000"
    assert served_url({"PORT": "8123"}) == "http://127.0.0.1:8123"
    everywhere = {"HOST": "0.0.0.0", "PORT": "9000"}  # noqa: S104 (no socket here)
    assert served_url(everywhere) == "http://127.0.0.1:9000"
    assert served_url({"HOST": "192.168.1.5", "PORT": ""}) == "http://192.168.1.5:8000"


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_passes_the_port_it_serves_to_the_demo_command():
    dry_run = subprocess.run(
        ["make", "-n", "run", "PORT=8123"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    demo = next(line for line in dry_run if "-m ambito demo" in line)
    server = next(line for line in dry_run if "scripts/run-dev.sh" in line)
    assert "PORT=8123" in demo and "HOST=127.0.0.1" in demo
    assert server.endswith("scripts/run-dev.sh 127.0.0.1 8123")
    # The script serves what it is given, beside the job worker and the scheduler.
    script = (ROOT / "scripts" / "run-dev.sh").read_text()
    assert 'runserver "$host:$port"' in script
    assert "db_worker" in script and "scheduler" in script
