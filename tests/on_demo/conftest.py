"""Tests that read the demo as `make run` loads it: the reports of every zone in every format,
the seed tables as of their date, every link of every role's navigation, the daily walks.

The demo costs tens of seconds to build: it is built once for this whole package (committed,
deleted at the end), and each test runs in its own transaction, rolled back. Tests here must
not change what they do not roll back. Log in as a demo role with `as_role(client, username)`.
"""

import time

import pytest

from ambito.core.models import User
from ambito.demo.builder import build_demo, demo_delete
from ambito.demo.data import DEFAULT_SEED

HOUSEHOLDS = 10  # synthetic residents per zone beyond the seeds' own records


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    started = time.monotonic()
    with django_db_blocker.unblock():
        summary = build_demo(households_per_zone=HOUSEHOLDS, seed=DEFAULT_SEED)
    summary["build_seconds"] = round(time.monotonic() - started, 1)
    yield summary
    with django_db_blocker.unblock():
        demo_delete()


@pytest.fixture
def as_role(demo, db):
    """Log a test client in as the demo user `username` (e.g. "assistente.pistoia")."""

    def log_in(client, username: str):
        client.force_login(User.objects.get(username=username))
        return client

    return log_in
