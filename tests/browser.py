"""Browser-test helpers: Debian's Chromium for Playwright, axe-core for accessibility.

The pytest-playwright fixtures (`page`, `context`, `browser`) are configured in
tests/conftest.py; tests that use them are marked `e2e`. Without /usr/bin/chromium the tests
are skipped with a message, except under CI=true, where a missing browser is a failure (the
suite must not pass by silently skipping them)."""

import json
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("AMBITO_CHROMIUM", "/usr/bin/chromium")
AXE_JS = Path(__file__).parent / "e2e" / "vendor" / "axe-core-4.14.1" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_chromium() -> str:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    found = shutil.which("chromium")
    if found:
        return found
    message = (
        f"Chromium non trovato in {CHROMIUM}: installa il pacchetto Debian 'chromium' "
        "(make test lo fa quando può) per eseguire i test nel browser."
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def axe_violations(page, *, impacts=("serious", "critical")) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations of the given impacts on the current page."""
    page.add_script_tag(content=AXE_JS.read_text())
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    assert result["passes"], "axe-core did not run"
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:5]]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def assert_accessible(page) -> None:
    """Fail on any serious or critical axe-core violation."""
    bad = axe_violations(page)
    assert not bad, f"axe-core su {page.url}: " + json.dumps(bad, ensure_ascii=False)


def login(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/account/login/")
    page.get_by_label("Nome utente").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Accedi").click()
    page.wait_for_url(f"{live_server.url}/")
