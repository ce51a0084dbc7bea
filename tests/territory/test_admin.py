import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from ambito.territory.models import AccessPoint, Municipality, Staff, Zone

pytestmark = pytest.mark.django_db


def admin_queryset(model, user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return site._registry[model].get_queryset(request)


def test_every_territory_model_is_in_the_admin():
    from ambito.territory import models

    for model in (
        models.Zone,
        models.SubArea,
        models.Municipality,
        models.Organisation,
        models.ConsortiumMember,
        models.AccessPoint,
        models.Staff,
    ):
        assert model in site._registry


def test_zone_administrator_sees_only_their_own_zone_in_the_admin(
    zone_admin,
    zone_a,
    zone_b,
    municipality_a,
    municipality_other_zone,
    urp_pistoia,
    access_point_other_zone,
    staff_a,
    staff_other_zone,
):
    assert list(admin_queryset(Zone, zone_admin)) == [zone_a]
    assert list(admin_queryset(Municipality, zone_admin)) == [municipality_a]
    assert list(admin_queryset(AccessPoint, zone_admin)) == [urp_pistoia]
    assert list(admin_queryset(Staff, zone_admin)) == [staff_a]


def test_superuser_sees_every_zone_in_the_admin(zone_a, zone_b):
    from tests.factories import UserFactory

    root = UserFactory(username="root", zone=None, is_superuser=True, is_staff=True)
    assert set(admin_queryset(Zone, root)) == {zone_a, zone_b}
