"""The fixed cast for permission tests (ARCHITECTURE rule 10).

Zone A has municipalities A (Pistoia) and B (Quarrata); zone B (another zone) has Crema.
- social_worker_a serves municipality A, social_worker_b municipality B;
- social_worker_other_zone works in zone B;
- front_office sees the whole of zone A's registry; planner sees no personal data;
- zone_admin reads the audit trails of zone A; outsider has an account and no role.
"""

import os

import pytest

os.environ.setdefault("AMBITO_TESTING", "1")

# Build the URLconf (and the API's pydantic schemas) now: imported for the first time inside a
# freezegun block, the schemas would bind freezegun's fake `date` class and fail.
import ambito.urls  # noqa: E402, F401
from tests.factories import (  # noqa: E402
    MunicipalityFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    ZoneFactory,
)

PASSWORD = "password-di-prova-1"


@pytest.fixture
def zone_a(db):
    return ZoneFactory(code="zona-a", name="Zona A")


@pytest.fixture
def zone_b(db):
    return ZoneFactory(code="zona-b", name="Zona B", region="Lombardia", province_code="CR")


@pytest.fixture
def municipality_a(zone_a):
    return MunicipalityFactory(zone=zone_a, istat_code="047014")


@pytest.fixture
def municipality_b(zone_a):
    return MunicipalityFactory(zone=zone_a, istat_code="047017")


@pytest.fixture
def municipality_other_zone(zone_b):
    return MunicipalityFactory(zone=zone_b, istat_code="019035")


@pytest.fixture
def organisation_a(zone_a, municipality_a):
    return OrganisationFactory(
        zone=zone_a, kind="municipality", municipality=municipality_a, name="Comune di Pistoia"
    )


@pytest.fixture
def social_worker_a(zone_a, municipality_a, organisation_a):
    return UserFactory(
        username="as_a",
        zone=zone_a,
        organisation=organisation_a,
        roles=["social_worker"],
        municipalities=[municipality_a],
    )


@pytest.fixture
def social_worker_b(zone_a, municipality_b):
    return UserFactory(
        username="as_b", zone=zone_a, roles=["social_worker"], municipalities=[municipality_b]
    )


@pytest.fixture
def social_worker_other_zone(zone_b, municipality_other_zone):
    return UserFactory(
        username="as_zona_b",
        zone=zone_b,
        roles=["social_worker"],
        municipalities=[municipality_other_zone],
    )


@pytest.fixture
def front_office(zone_a, municipality_a, municipality_b):
    return UserFactory(
        username="front", zone=zone_a, roles=["front_office"], municipalities=[municipality_a]
    )


@pytest.fixture
def planner(zone_a):
    return UserFactory(username="piano", zone=zone_a, roles=["planner"])


@pytest.fixture
def zone_admin(zone_a):
    return UserFactory(username="admin_zona", zone=zone_a, roles=["zone_admin"])


@pytest.fixture
def outsider(zone_a):
    return UserFactory(username="esterno", zone=zone_a)


@pytest.fixture
def person_a(municipality_a):
    """A resident of municipality A (zone A)."""
    return PersonFactory(
        residence_municipality=municipality_a, last_name="Rossi", first_name="Mario", sex="M"
    )


@pytest.fixture
def person_b(municipality_b):
    return PersonFactory(
        residence_municipality=municipality_b, last_name="Bianchi", first_name="Giulia", sex="F"
    )


@pytest.fixture
def person_other_zone(municipality_other_zone):
    return PersonFactory(
        residence_municipality=municipality_other_zone,
        last_name="Rossi",
        first_name="Luca",
        sex="M",
    )


def login(client, user):
    client.force_login(user)
    return client


# --- browser tests (pytest-playwright) -------------------------------------------------------
# Playwright's sync API runs an event loop in this thread; Django must still allow ORM calls
# from test bodies and fixtures while the browser is open.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    from tests.browser import CHROMIUM_ARGS, require_chromium

    return {
        **browser_type_launch_args,
        "executable_path": require_chromium(),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # bypass_csp: our pages forbid inline scripts, and axe-core is injected as one.
    return {
        **browser_context_args,
        "locale": "it-IT",
        "timezone_id": "Europe/Rome",
        "bypass_csp": True,
    }


@pytest.fixture
def importer(zone_a, municipality_a, municipality_b):
    """The coordinator of municipalities A and B, who imports the INPS lists."""
    return UserFactory(
        username="coord",
        zone=zone_a,
        roles=["coordinator"],
        municipalities=[municipality_a, municipality_b],
    )


@pytest.fixture(scope="session", autouse=True)
def _media_root(tmp_path_factory):
    """Stored files (uploads waiting for an import, generated reports) in a temporary folder,
    never in the project's var/media."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    """Run every queued background job in this process, as a `db_worker --batch` would, and
    return how many ran (what the jobs leave for after their commit runs too)."""
    from django.db import transaction
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )

    def run() -> int:
        # The worker's own loop, without its connection housekeeping (close_old_connections
        # would close the test's transaction on PostgreSQL).
        ran = 0
        with django_capture_on_commit_callbacks(execute=True):
            while True:
                with transaction.atomic():
                    task = DBTaskResult.objects.ready().get_locked()
                    if task is None:
                        break
                    task.claim(worker.worker_id)
                worker.run_task(task)
                ran += 1
        return ran

    return run
