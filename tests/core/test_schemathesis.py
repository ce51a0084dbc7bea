"""Property-based tests of the whole API from its own OpenAPI document (schemathesis).

Every operation is called with a few generated requests (derandomized, so the run is the same
each time), authenticated with a personal token of a demo-like user who holds most roles of
zone A. Two properties must hold for every answer:

- no 5xx (`not_a_server_error`): bad input is a 4xx in Italian, never a crash;
- the answer matches the schema the document declares for its status code
  (`response_schema_conformance`): lists, amounts, times, errors.

Objects named in paths are mostly the fixture's own (a case, a person, a service...), so the
generated requests reach past the 404 into the operations' logic."""

import zlib

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from ambito.api import api
from ambito.core.services import api_token_create
from tests.factories import (
    AccessPointFactory,
    HouseholdMemberFactory,
    PersonFactory,
    StaffFactory,
    UserFactory,
)

MAX_EXAMPLES = 5

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()


@pytest.fixture
def test_connection_kept():
    """Schemathesis calls the WSGI application itself, whose request signals close the
    database connection at the end of each request; inside the test's transaction that
    closes it for good on PostgreSQL. Django's test client disconnects the same handler."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(
    db, test_connection_kept, settings, zone_a, municipality_a, municipality_b, organisation_a
):
    """A zone with two municipalities, an access point, an operator, a person in a household
    with a case, a service of the charter; a demo-like user with a token."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    from ambito.cases import services as case_services
    from tests.catalog.conftest import make_service

    user = UserFactory(
        username="demo",
        zone=zone_a,
        organisation=organisation_a,
        roles=["zone_admin", "coordinator", "planner", "emergency"],
        municipalities=[municipality_a, municipality_b],
    )
    person = PersonFactory(residence_municipality=municipality_a, last_name="Rossi")
    household = HouseholdMemberFactory(
        household__municipality=municipality_a, person=person
    ).household
    case = case_services.case_open(actor=user, person=person)
    access_point = AccessPointFactory(zone=zone_a, municipality=municipality_a)
    staff = StaffFactory(zone=zone_a, employer=organisation_a)
    service = make_service(zone_a, name="Assistenza domiciliare", isee_max="12000.00")
    _, key = api_token_create(user=user, name="schemathesis")
    return {
        "headers": {"Authorization": f"Bearer {key}"},
        "uuids": {
            "/zones/": zone_a.uuid,
            "/persons/": person.uuid,
            "/households/": household.uuid,
            "/cases/": case.uuid,
            "/charter/services/": service.uuid,
            "/access-points/": access_point.uuid,
            "/staff/": staff.uuid,
        },
        "person": person.uuid,
    }


def _use_fixture_objects(case, world) -> None:
    """Half of the examples name the fixture's objects instead of random UUIDs."""
    # crc32, not hash(): str hashes change from one process to the next.
    if not case.path_parameters or zlib.crc32(repr(case.path_parameters).encode()) % 2:
        return
    for prefix, uuid in world["uuids"].items():
        if case.path.startswith(f"/api/v1{prefix}"):
            for name in ("uuid", "household_uuid"):
                if name in case.path_parameters:
                    case.path_parameters[name] = str(uuid)
    if "person_uuid" in case.path_parameters:
        case.path_parameters["person_uuid"] = str(world["person"])


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_without_5xx_and_as_documented(case, world):
    _use_fixture_objects(case, world)
    case.call_and_validate(
        headers=world["headers"], checks=[not_a_server_error, response_schema_conformance]
    )
