"""The system administrator manages the configuration of every zone and never personal data
(issue 14): no superuser flag, no personal-data model in its admin, no widening of its own
account."""

import pytest

from ambito.core.models import EventLog
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def system_admin(db):
    return UserFactory(username="sistema", zone=None, is_staff=True, roles=["system_admin"])


def test_the_system_administrator_configures_every_zone(client, system_admin, zone_a, zone_b):
    client.force_login(system_admin)
    page = client.get("/admin/territory/zone/")
    assert page.status_code == 200
    assert zone_a.name in page.content.decode() and zone_b.name in page.content.decode()
    assert client.get("/admin/catalog/needarea/").status_code == 200
    assert client.get("/admin/planning/fundsource/").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/admin/core/eventlog/",
        "/admin/core/accesslog/",
        "/admin/access/contact/",
        "/admin/registry/person/",
    ],
)
def test_the_system_administrator_sees_no_personal_data_in_the_admin(
    client, system_admin, zone_a, path
):
    PersonFactory(zone=zone_a, last_name="Riservatissimo")
    client.force_login(system_admin)
    response = client.get(path)
    assert response.status_code in (403, 404)
    assert b"Riservatissimo" not in response.content


def test_setting_its_own_zone_opens_no_registry(client, system_admin, zone_a):
    PersonFactory(zone=zone_a, last_name="Riservatissimo")
    client.force_login(system_admin)
    client.post(
        f"/admin/core/user/{system_admin.pk}/change/",
        {"username": "sistema", "zone": zone_a.pk, "is_superuser": "on"},
    )
    system_admin.refresh_from_db()
    assert system_admin.zone is None and not system_admin.is_superuser
    assert b"Riservatissimo" not in client.get("/anagrafe/").content
    assert not EventLog.objects.filter(object_type="core.user", user=system_admin).exists()
