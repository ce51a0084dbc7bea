"""The crawl's world: the demo, built once for the module (committed, deleted at the end),
and what each crawl test adds inside its own transaction (rolled back)."""

import time

import pytest

from ambito.demo.builder import build_demo, demo_delete

HOUSEHOLDS = 10
SEED = 20260114


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    started = time.monotonic()
    with django_db_blocker.unblock():
        summary = build_demo(households_per_zone=HOUSEHOLDS, seed=SEED)
    summary["build_seconds"] = round(time.monotonic() - started, 1)
    yield summary
    with django_db_blocker.unblock():
        demo_delete()


class FakeHTML:
    """WeasyPrint stand-in: the "PDF" is the HTML it was given, so the crawl can read it (and
    a PDF costs milliseconds instead of seconds). Authorization happens before rendering."""

    def __init__(self, string=None, *args, **kwargs):
        self.string = string or ""

    def write_pdf(self, *args, **kwargs):
        return ("%PDF-crawl\n" + self.string).encode()


@pytest.fixture
def quiet_request_log():
    """Thousands of refusals would each log a warning; errors still show."""
    import logging

    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.fixture
def fast_pdf(monkeypatch):
    import weasyprint

    monkeypatch.setattr(weasyprint, "HTML", FakeHTML)
