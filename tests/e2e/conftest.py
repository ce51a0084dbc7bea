"""Browser tests: Playwright for Python driving Debian's Chromium, axe-core for accessibility.

Without /usr/bin/chromium the tests are skipped with a message, except under CI=true where
a missing browser is a failure (the suite must not pass by silently skipping them)."""

import json
import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django must still allow ORM calls
# from the test body (fixtures create data while the browser is open).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("AMBITO_CHROMIUM", "/usr/bin/chromium")
AXE_JS = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
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


def _chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which("chromium") is not None


@pytest.fixture(scope="session", autouse=True)
def _require_browser():
    if _chromium_available():
        return
    message = (
        f"Chromium non trovato in {CHROMIUM}: installa il pacchetto Debian 'chromium' "
        "(make test lo fa quando può) per eseguire i test nel browser."
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # bypass_csp: the page forbids inline scripts, and axe-core is injected as one.
    return {
        **browser_context_args,
        "locale": "it-IT",
        "timezone_id": "Europe/Rome",
        "bypass_csp": True,
    }


def assert_accessible(page, *, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core (WCAG 2.1 A/AA rules) on the page; fail on serious or critical issues."""
    page.add_script_tag(content=AXE_JS.read_text())
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    bad = [v for v in result["violations"] if v["impact"] in impacts]
    summary = [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:5]]}
        for v in bad
    ]
    assert not bad, f"axe-core su {page.url}: " + json.dumps(summary, ensure_ascii=False)
    return result["violations"]
