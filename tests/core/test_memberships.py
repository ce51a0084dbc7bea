"""A user who works in two zones keeps one account, works in one zone at a time, switches in
the header (pages) or names the zone in X-Ambito-Zone (API), and sees each zone's data only
while in it (issue 14, DOMAIN §11)."""

import pytest
from django.contrib.auth.models import Group

from ambito.core import memberships
from ambito.core.choices import Role
from ambito.core.models import AccessLog, User
from ambito.core.services import api_token_create
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def role(code: str) -> Group:
    return Group.objects.get(name=Role(code).label)


@pytest.fixture
def regional_worker(zone_a, zone_b, municipality_a, municipality_other_zone):
    """A social worker of municipality A (zone A) who also serves Crema (zone B)."""
    user = UserFactory(
        username="regionale", zone=zone_a, roles=["social_worker"], municipalities=[municipality_a]
    )
    memberships.membership_add(
        actor=None,
        user=user,
        zone=zone_b,
        roles=[role("social_worker")],
        municipalities=[municipality_other_zone],
    )
    return user


@pytest.fixture
def resident_a(municipality_a):
    return PersonFactory(residence_municipality=municipality_a, last_name="Pistoiese")


@pytest.fixture
def resident_b(municipality_other_zone):
    return PersonFactory(residence_municipality=municipality_other_zone, last_name="Cremasco")


def person_page(client, person):
    return client.get(f"/anagrafe/persone/{person.uuid}/")


def test_a_member_of_two_zones_sees_only_the_zone_in_use(
    client, regional_worker, zone_b, resident_a, resident_b
):
    client.force_login(regional_worker)
    assert person_page(client, resident_a).status_code == 200
    assert person_page(client, resident_b).status_code == 404

    response = client.post("/account/ambito/", {"zone": zone_b.pk})
    assert response.status_code == 302

    assert person_page(client, resident_a).status_code == 404
    page = person_page(client, resident_b)
    assert page.status_code == 200 and "Cremasco" in page.content.decode()
    read = AccessLog.objects.filter(user=regional_worker, person=resident_b).get()
    assert read.zone_id == zone_b.pk


def test_the_header_offers_the_switch_only_to_members_of_several_zones(
    client, regional_worker, social_worker_a, zone_a, zone_b
):
    client.force_login(regional_worker)
    page = client.get("/").content.decode()
    assert 'data-testid="zone-switch"' in page
    assert zone_a.name in page and zone_b.name in page

    client.force_login(social_worker_a)
    assert 'data-testid="zone-switch"' not in client.get("/").content.decode()


def test_switching_to_a_zone_without_membership_is_refused(
    client, regional_worker, resident_a, zone_a
):
    from tests.factories import ZoneFactory

    elsewhere = ZoneFactory(code="zona-c", name="Zona C")
    client.force_login(regional_worker)
    client.post("/account/ambito/", {"zone": elsewhere.pk})
    assert person_page(client, resident_a).status_code == 200  # still in zone A


def test_roles_are_per_membership(client, zone_a, zone_b, municipality_a, resident_a):
    """Planner in zone B, social worker in zone A: no registry while in zone B."""
    user = UserFactory(
        username="doppio", zone=zone_a, roles=["social_worker"], municipalities=[municipality_a]
    )
    memberships.membership_add(actor=None, user=user, zone=zone_b, roles=[role("planner")])
    client.force_login(user)
    assert client.get("/anagrafe/").status_code == 200
    client.post("/account/ambito/", {"zone": zone_b.pk})
    assert client.get("/anagrafe/").status_code == 403
    assert client.get("/programmazione/").status_code == 200


def test_working_in_another_zone_never_moves_the_account(regional_worker, zone_a, zone_b):
    user = User.objects.get(pk=regional_worker.pk)
    memberships.choose(user, zone_b.pk)
    assert user.zone_id == zone_b.pk
    user.first_name = "Nuovo"
    user.save()
    stored = User.objects.get(pk=user.pk)
    assert (stored.zone_id, stored.first_name) == (zone_a.pk, "Nuovo")


def test_the_api_works_in_the_zone_named_by_the_header(
    client, regional_worker, resident_a, resident_b
):
    _, key = api_token_create(user=regional_worker, name="integrazione")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    def get(person, **headers):
        return client.get(f"/api/v1/persons/{person.uuid}", **auth, **headers)

    assert get(resident_a).status_code == 200
    assert get(resident_b).status_code == 404
    assert get(resident_b, HTTP_X_AMBITO_ZONE="zona-b").status_code == 200
    assert get(resident_a, HTTP_X_AMBITO_ZONE="zona-b").status_code == 404
    refused = get(resident_a, HTTP_X_AMBITO_ZONE="zona-sconosciuta")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Non lavori in questo ambito."


def test_a_membership_takes_only_the_zones_own_municipalities(
    regional_worker, zone_b, municipality_a
):
    from django.core.exceptions import ValidationError

    from tests.factories import ZoneFactory

    other = ZoneFactory(code="zona-d", name="Zona D")
    with pytest.raises(ValidationError):
        memberships.membership_add(
            actor=None, user=regional_worker, zone=other, municipalities=[municipality_a]
        )
