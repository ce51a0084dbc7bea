"""The home page and the menu offer only what the user may open (issue 15)."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_system_administrator_with_no_zone_gets_no_zone_pages_but_the_configuration(client):
    admin = UserFactory(username="sistema", zone=None, is_staff=True, roles=["system_admin"])
    client.force_login(admin)
    body = client.get(reverse("core:home")).content.decode()
    assert reverse("territory:zone") not in body
    assert reverse("territory:staff") not in body
    assert reverse("admin:index") in body
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_zone_role_sees_its_pages_in_the_menu(client, planner):
    client.force_login(planner)
    body = client.get(reverse("core:home")).content.decode()
    assert f'href="{reverse("territory:zone")}"' in body
    assert reverse("admin:index") not in body
