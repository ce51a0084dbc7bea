"""The register's cast: workers in zone A built directly (the services are tested on their own),
an access point of municipality A, a coordinator and an assembly member."""

from datetime import date

import pytest

from ambito.assistants.choices import WorkerState
from ambito.assistants.models import RegisterPublication, Worker, WorkerLanguage
from tests.factories import AccessPointFactory, UserFactory


def make_worker(
    zone,
    *,
    first_name="Ana",
    last_name="Popescu",
    kind="care",
    state=WorkerState.ENROLLED,
    consent=True,
    municipalities=(),
    languages=("it",),
    **fields,
):
    worker = Worker.objects.create(
        zone=zone,
        first_name=first_name,
        last_name=last_name,
        kind=kind,
        state=state,
        applied_on=date(2024, 1, 10),
        enrolled_on=date(2024, 2, 1)
        if state in (WorkerState.ENROLLED, WorkerState.SUSPENDED)
        else None,
        consent_given_on=date(2024, 2, 1) if consent else None,
        **fields,
    )
    worker.municipalities.set(municipalities)
    WorkerLanguage.objects.bulk_create(
        [WorkerLanguage(worker=worker, language=c) for c in languages]
    )
    return worker


@pytest.fixture
def access_point_a(zone_a, municipality_a):
    return AccessPointFactory(zone=zone_a, municipality=municipality_a, name="Sportello di Pistoia")


@pytest.fixture
def listed(zone_a, municipality_a):
    """Enrolled, consented, available in municipality A, speaks Italian and Romanian."""
    return make_worker(
        zone_a,
        municipalities=[municipality_a],
        languages=("it", "ro"),
        weekly_hours=30,
        phone="333 1234567",
    )


@pytest.fixture
def coordinator(zone_a):
    return UserFactory(username="coord", zone=zone_a, roles=["coordinator"])


@pytest.fixture
def assembly(zone_a):
    return UserFactory(username="assemblea", zone=zone_a, roles=["assembly"])


@pytest.fixture
def published(zone_a):
    return RegisterPublication.objects.create(zone=zone_a, published=True)
